"""Items follow the records: tick (or reopen) them when another feature's records move.

The subscribers run inside the emitting feature's unit of work, so the tick commits (or
rolls back) with the action that caused it, and the act's message refreshes after commit.
Other features call `sync_subject(session, team_id, kind, subject_id, actor=..., now=...)` when a
record behind one of their registered item kinds changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.authz import SYSTEM, Actor
from bot.handover import items as items_mod
from bot.handover.items import Done, ItemKind, kind_of
from bot.handover.refresh import mark_changed
from bot.handover.seal import items_of
from storage import audit
from storage.models import HandoverAct, HandoverItem


def audit_act(
    session: Session, act: HandoverAct, actor: str, action: str, *, now: datetime, **detail: Any
) -> None:
    audit.append(
        session, team_id=act.team_id, actor=actor, action=action, subject=act.number, at=now,
        detail=detail or None,
    )


def tick(
    session: Session,
    act: HandoverAct,
    item: HandoverItem,
    kind: ItemKind,
    *,
    actor: str | None,
    now: datetime,
) -> bool:
    """Set the item's state from the records; True when it changed."""
    fact: Done | None = kind.check(session, act, item)
    if fact is not None and item.status != "done":
        item.status, item.done_by, item.done_at = "done", fact.by or actor, fact.at or now
        audit_act(
            session,
            act,
            fact.by or actor or "system",
            "handover.item_done",
            now=now,
            item=item.position,
            kind=item.kind,
            subject_id=item.subject_id,
        )
        return True
    asked = kind.under_way(session, act, item) if fact is None and kind.under_way else None
    if asked is not None and item.status == "open":  # asked for elsewhere (e.g. the grant expired)
        item.status, item.requested_by, item.requested_at = "requested", asked.by or SYSTEM, asked.at or now
        if asked.why:
            item.detail = {**(item.detail or {}), "requested_why": asked.why}
        audit_act(
            session,
            act,
            asked.by or SYSTEM,
            "handover.item_requested",
            now=now,
            item=item.position,
            kind=item.kind,
            subject_id=item.subject_id,
        )
        return True
    if fact is None and item.status == "done":  # undone elsewhere (e.g. custody moved back)
        item.status = "requested" if item.requested_at else "open"
        item.done_by = item.done_at = None
        audit_act(
            session,
            act,
            actor or "system",
            "handover.item_reopened",
            now=now,
            item=item.position,
            kind=item.kind,
            subject_id=item.subject_id,
        )
        return True
    return False


def sync_act(
    session: Session, act: HandoverAct, *, now: datetime, actor: str | None = None
) -> int:
    if act.status != "open":
        return 0
    changed = 0
    for item in items_of(session, act.id):
        kind = kind_of(session, item.kind)
        if kind is not None and tick(session, act, item, kind, actor=actor, now=now):
            changed += 1
    if changed:
        mark_changed(session, act.team_id, act.id)
    return changed


def sync_subject(
    session: Session,
    team_id: str,
    kind: str,
    subject_id: object,
    *,
    actor: str | None = None,
    now: datetime,
) -> int:
    """Re-derive the open acts' items about one record (for any feature whose records moved)."""
    rows = session.execute(
        select(HandoverItem, HandoverAct)
        .join(HandoverAct, HandoverAct.id == HandoverItem.act_id)
        .where(
            HandoverItem.team_id == team_id,
            HandoverItem.kind == kind,
            HandoverItem.subject_id == str(subject_id),
            HandoverAct.status == "open",
        )
    ).all()
    changed = 0
    item_kind = kind_of(session, kind)
    for item, act in rows:
        if item_kind is not None and tick(session, act, item, item_kind, actor=actor, now=now):
            mark_changed(session, team_id, act.id)
            changed += 1
    return changed


def on_grant_revoked(session: Session, data: dict[str, Any]) -> None:
    sync_subject(
        session, data["team_id"], items_mod.GRANT_REVOKE, data["grant_id"], actor=data.get("actor"), now=data["now"]
    )


def ask_rotation_again(
    session: Session, team_id: str, account_id: object, *, actor: str | None, now: datetime
) -> int:
    """Ask again for the rotations still owed on this account by open acts (its kind's on_start).

    After custody moved away from the leaver (the first request was held back: the task would
    have gone to them), or after the leaver rotated it themselves (that does not count, and the
    accounts feature has just settled its task). Asking is idempotent on the accounts side.
    """
    rows = session.execute(
        select(HandoverItem, HandoverAct)
        .join(HandoverAct, HandoverAct.id == HandoverItem.act_id)
        .where(
            HandoverItem.team_id == team_id,
            HandoverItem.kind == items_mod.ACCOUNT_ROTATE,
            HandoverItem.subject_id == str(account_id),
            HandoverItem.status != "done",
            HandoverAct.status == "open",
        )
    ).all()
    kind = kind_of(session, items_mod.ACCOUNT_ROTATE)
    if kind is None or kind.on_start is None:
        return 0
    for item, act in rows:
        kind.on_start(session, act, item, Actor(team_id, actor or SYSTEM), now)
    return len(rows)


def on_account_rotated(session: Session, data: dict[str, Any]) -> None:
    sync_subject(
        session,
        data["team_id"],
        items_mod.ACCOUNT_ROTATE,
        data["account_id"],
        actor=data.get("actor"),
        now=data["now"],
    )
    # A rotation by the leaver ticks nothing: the password is owed again, by someone else.
    ask_rotation_again(session, data["team_id"], data["account_id"], actor=data.get("actor"), now=data["now"])


def on_custody_changed(session: Session, data: dict[str, Any]) -> None:
    sync_subject(
        session,
        data["team_id"],
        items_mod.ACCOUNT_CUSTODY,
        data["account_id"],
        actor=data.get("actor"),
        now=data["now"],
    )
    # The new custodian may now be asked for a rotation held back while the leaver held custody.
    ask_rotation_again(session, data["team_id"], data["account_id"], actor=data.get("actor"), now=data["now"])
