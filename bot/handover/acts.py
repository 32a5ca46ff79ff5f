"""Handover acts (SPEC §4): compile the act, look it up, and the checklist's buttons.

Signing and closing are in handover_close, ticking from the records in handover_sync.
Every state change is audited and marks the act for a message refresh after commit
(handover_refresh). Items are done when the records say so (handover_items kinds), never
because someone clicked; the buttons only ask for the action or perform it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.authz import SYSTEM, Actor, Role, has_role, require_role
from bot.core.config import Settings
from bot.core.errors import Conflict, NotFound, UsageError
from bot.core.schedule import cancel, schedule
from bot.core.workspace import get_workspace
from bot.handover import items as items_mod
from bot.handover.items import kind_of
from bot.handover.refresh import mark_changed
from bot.handover.seal import items_of
from bot.handover.sync import audit_act, tick
from storage.models import ActCounter, HandoverAct, HandoverItem
from storage.upsert import insert_ignore

REMINDER_KIND = "handover.reminder"
# The outbox deliveries a decision schedules in its own transaction (handlers/handover/notices.py
# renders them): the new act's checklist posted to its channel, the sealed act's document in
# its thread. Subject: the act id (one of each per act).
POST_KIND = "handover.post"
DOCUMENT_KIND = "handover.document"
REMINDER_EVERY = timedelta(days=1)
MANAGERS = (Role.CUSTODIAN,)  # admins always pass require_role
READERS = (Role.CUSTODIAN, Role.AUDITOR)
# The checklist message shows its items a page at a time, to stay within Slack's 50 blocks.
ITEMS_PER_PAGE = 15


def page_count(items: int) -> int:
    return max(1, ceil(items / ITEMS_PER_PAGE))


def _next_number(session: Session, team_id: str, year: int) -> tuple[int, str]:
    """Reserve the next number of the year; the UPDATE holds the counter row's lock."""
    insert_ignore(session, ActCounter, {"team_id": team_id, "year": year, "last": 0})
    seq = session.execute(
        update(ActCounter)
        .where(ActCounter.team_id == team_id, ActCounter.year == year)
        .values(last=ActCounter.last + 1)
        .returning(ActCounter.last)
    ).scalar_one()
    return int(seq), f"ACT-{year}-{int(seq):04d}"


@dataclass(frozen=True)
class ChannelFacts:
    """What Slack says of a channel named in `/handover start … in #channel` (conversations.info)."""

    private: bool  # a private channel of this workspace alone: not public, not a DM, not shared outside
    bot_member: bool


def channel_needs_check(
    session: Session, settings: Settings, actor: Actor, *, leaving: str, channel: str | None
) -> bool:
    """Whether Slack must vouch for `channel` before an act may be drawn up there.

    The starter's role is checked first, so someone who may not start an act is refused at
    once (and audited) rather than after a round trip to Slack.
    """
    require_role(session, actor, *MANAGERS, action="handover.start", subject=leaving)
    ws = get_workspace(session, settings, actor.team_id)
    return channel is not None and channel != ws.approvals_channel


def start_act(
    session: Session,
    settings: Settings,
    actor: Actor,
    *,
    leaving: str,
    receiver: str | None,
    reason: str,
    channel: str | None,
    now: datetime,
    channel_facts: ChannelFacts | None = None,
) -> HandoverAct:
    require_role(session, actor, *MANAGERS, action="handover.start", subject=leaving)
    if receiver == leaving:
        raise UsageError("handover.error.receiver_is_leaving", usage_key="usage.handover.start")
    ws = get_workspace(session, settings, actor.team_id)
    # The act lists every grant and account of the leaver: it may go to the approvals channel,
    # or to a private channel the bot is in (Slack said so), never to any channel the starter names.
    private_with_bot = channel_facts is not None and channel_facts.private and channel_facts.bot_member
    if channel and channel != ws.approvals_channel and not private_with_bot:
        raise UsageError("handover.error.channel_not_allowed", usage_key="usage.handover.start", channel=channel)
    channel = channel or ws.approvals_channel
    if not channel:
        raise UsageError("handover.error.no_channel", usage_key="usage.handover.start")
    existing = session.scalars(
        select(HandoverAct).where(HandoverAct.team_id == actor.team_id, HandoverAct.open_for == leaving)
    ).first()
    if existing is not None:
        raise Conflict("handover.error.open_exists", act=existing.number, user=leaving)
    specs = items_mod.collect_all(session, actor.team_id, leaving)
    year = now.astimezone(ZoneInfo(ws.timezone)).year
    seq, number = _next_number(session, actor.team_id, year)
    act = HandoverAct(
        team_id=actor.team_id,
        number=number,
        year=year,
        seq=seq,
        leaving_id=leaving,
        receiver_id=receiver,
        reason=reason.strip(),
        status="open",
        open_for=leaving,
        started_by=actor.user_id,
        started_at=now,
        channel_id=channel,
        message_page=0,
    )
    try:
        with session.begin_nested():
            session.add(act)
    except IntegrityError:  # a concurrent start for the same person won the race
        raise Conflict("handover.error.open_exists", act="?", user=leaving) from None
    for position, spec in enumerate(specs, start=1):
        session.add(
            HandoverItem(
                team_id=act.team_id,
                act_id=act.id,
                position=position,
                kind=spec.kind,
                subject_id=spec.subject_id,
                label=spec.label[:500],
                detail=dict(spec.detail),
                status="requested" if spec.requested else "open",
                # Already under way: who asked and when, as the records say (not "nobody, now").
                requested_by=spec.requested_by if spec.requested else None,
                requested_at=(spec.requested_at or now) if spec.requested else None,
            )
        )
    session.flush()
    for item in items_of(session, act.id):
        kind = kind_of(session, item.kind)
        if kind is not None and kind.on_start is not None and item.status == "open":
            kind.on_start(session, act, item, actor, now)
            item.status, item.requested_by, item.requested_at = "requested", actor.user_id, now
    schedule(
        session,
        team_id=act.team_id,
        kind=REMINDER_KIND,
        subject_id=act.id,
        at=now + REMINDER_EVERY,
        repeat=REMINDER_EVERY,
    )
    schedule(session, team_id=act.team_id, kind=POST_KIND, subject_id=act.id, at=now)
    audit_act(
        session,
        act,
        actor.user_id,
        "handover.start",
        now=now,
        leaving=leaving,
        receiver=receiver,
        reason=act.reason,
        items=len(specs),
        channel=channel,
    )
    return act


# ---- lookups -------------------------------------------------------------------------------


def find_act(session: Session, team_id: str, ref: str) -> HandoverAct:
    number = ref.strip().upper()
    act = session.scalars(
        select(HandoverAct).where(HandoverAct.team_id == team_id, HandoverAct.number == number)
    ).first()
    if act is None:
        raise NotFound("handover.error.not_found", act=ref.strip() or "—")
    return act


def get_act(session: Session, team_id: str, act_id: int) -> HandoverAct:
    act = session.get(HandoverAct, act_id)
    if act is None or act.team_id != team_id:
        # Another workspace's act is no act at all here: the same answer, nothing about it echoed.
        raise NotFound("handover.error.no_such_act")
    return act


def open_act(session: Session, team_id: str, act_id: int) -> HandoverAct:
    act = get_act(session, team_id, act_id)
    if act.status != "open":
        raise not_open(act)
    return act


def not_open(act: HandoverAct) -> Conflict:
    """Why nothing about a closed or cancelled act may change."""
    return Conflict("handover.error.cancelled" if act.status == "cancelled" else "handover.error.closed",
                    act=act.number)


def require_reader(
    session: Session,
    settings: Settings,
    actor: Actor,
    act: HandoverAct | None,
    action: str = "handover.read",
) -> None:
    """Acts say who had which access: custodians, auditors, admins, and the act's own parties."""
    if act is not None and actor.user_id in (act.leaving_id, act.receiver_id):
        return
    require_role(
        session,
        actor,
        *READERS,
        action=action,
        subject=act.number if act else "",
    )


def list_acts(session: Session, settings: Settings, actor: Actor, status: str | None) -> list[HandoverAct]:
    require_reader(session, settings, actor, None)
    query = select(HandoverAct).where(HandoverAct.team_id == actor.team_id)
    if status:
        query = query.where(HandoverAct.status == status)
    return list(
        session.scalars(query.order_by(HandoverAct.started_at.desc(), HandoverAct.id.desc()).limit(50))
    )


# ---- buttons --------------------------------------------------------------------------------


def require_manager(
    session: Session, settings: Settings, actor: Actor, act: HandoverAct, action: str
) -> None:
    require_role(session, actor, *MANAGERS, action=action, subject=act.number)


def _perform(session: Session, act: HandoverAct, item: HandoverItem, actor: Actor, now: datetime) -> None:
    kind = kind_of(session, item.kind)
    if kind is None or kind.perform is None:
        raise Conflict("handover.error.no_action", act=act.number)
    if item.status != "open":
        raise Conflict("handover.error.item_not_open", act=act.number, item=item.position)
    kind.perform(session, act, item, actor, now)
    if not tick(session, act, item, kind, actor=actor.user_id, now=now) and item.status == "open":
        claimed = session.execute(
            update(HandoverItem)
            .where(HandoverItem.id == item.id, HandoverItem.status == "open")
            .values(status="requested", requested_by=actor.user_id, requested_at=now)
        )
        if not getattr(claimed, "rowcount", 0):
            raise Conflict("handover.error.item_not_open", act=act.number, item=item.position)
        session.refresh(item)
        audit_act(
            session,
            act,
            actor.user_id,
            "handover.item_requested",
            now=now,
            item=item.position,
            kind=item.kind,
            subject_id=item.subject_id,
        )


def perform_item(
    session: Session, settings: Settings, actor: Actor, act_id: int, item_id: int, now: datetime
) -> HandoverItem:
    act = open_act(session, actor.team_id, act_id)
    require_manager(session, settings, actor, act, "handover.item")
    item = session.get(HandoverItem, item_id)
    if item is None or item.act_id != act.id:
        raise NotFound("handover.error.no_such_item", act=act.number)
    _perform(session, act, item, actor, now)
    mark_changed(session, act.team_id, act.id)
    return item


def perform_all(
    session: Session, settings: Settings, actor: Actor, act_id: int, kind: str, now: datetime
) -> int:
    """The same button for every open item of one kind (large acts)."""
    act = open_act(session, actor.team_id, act_id)
    require_manager(session, settings, actor, act, "handover.item")
    done = 0
    for item in items_of(session, act.id):
        if item.kind == kind and item.status == "open":
            _perform(session, act, item, actor, now)
            done += 1
    if not done:
        raise Conflict("handover.error.nothing_to_do", act=act.number)
    mark_changed(session, act.team_id, act.id)
    return done


def set_receiver(
    session: Session, settings: Settings, actor: Actor, act_id: int, receiver: str, now: datetime
) -> HandoverAct:
    act = open_act(session, actor.team_id, act_id)
    require_manager(session, settings, actor, act, "handover.receiver")
    if receiver == act.leaving_id:
        raise UsageError("handover.error.receiver_is_leaving", usage_key="usage.handover.receiver")
    if act.receiver_id == receiver:
        return act
    moved = any(i.kind == items_mod.ACCOUNT_CUSTODY and i.status == "done" for i in items_of(session, act.id))
    if act.received_at is not None or moved:
        raise Conflict("handover.error.receiver_fixed", act=act.number)
    old, act.receiver_id = act.receiver_id, receiver
    audit_act(session, act, actor.user_id, "handover.receiver", now=now, old=old, new=receiver)
    mark_changed(session, act.team_id, act.id)
    return act


@dataclass(frozen=True)
class Person:
    """Someone named in the act, as Slack's users.info gave them at the time."""

    name: str
    email: str = ""


NAME_MAX = 200  # a display name or e-mail longer than this is cut: it is shown, not parsed


def people_ids(act: HandoverAct, items: list[HandoverItem]) -> set[str]:
    """Every person the act names: the parties, who drew it up, signed, closed, asked and did."""
    ids = {act.leaving_id, act.receiver_id, act.started_by, act.delivered_by, act.received_by,
           act.leaver_unavailable_by, act.closed_by, act.cancelled_by}
    for item in items:
        ids |= {item.requested_by, item.done_by}
    return {i for i in ids if i and i != SYSTEM}


def unnamed_people(session: Session, team_id: str, act_id: int, *, also: tuple[str, ...] = ()) -> list[str]:
    """The people of an open act whose names are not recorded yet (plus `also`), for users.info."""
    act = get_act(session, team_id, act_id)
    if act.status != "open":
        return []
    known = act.people or {}
    wanted = people_ids(act, items_of(session, act.id)) | {a for a in also if a and a != SYSTEM}
    return sorted(wanted - set(known))


def merged_people(act: HandoverAct, people: dict[str, Person]) -> dict[str, Any]:
    """The act's names plus those not recorded yet; a name once recorded stays (as they were then)."""
    merged: dict[str, Any] = dict(act.people or {})
    for user_id, person in people.items():
        merged.setdefault(user_id, {"name": person.name[:NAME_MAX], "email": person.email[:NAME_MAX]})
    return merged


def record_people(session: Session, team_id: str, act_id: int, people: dict[str, Person]) -> None:
    """Names looked up after a change (presentation of the record, no rule): open acts only."""
    act = get_act(session, team_id, act_id)
    if act.status != "open" or set(people) <= set(act.people or {}):
        return
    # Conditional on the act being still open: a close (which seals the names it has) that
    # committed meanwhile wins, and this write is dropped rather than breaking the seal.
    session.execute(
        update(HandoverAct)
        .where(HandoverAct.id == act.id, HandoverAct.status == "open")
        .values(people=merged_people(act, people))
    )


def cancel_act(
    session: Session, settings: Settings, actor: Actor, act_id: int, reason: str, now: datetime
) -> HandoverAct:
    """`/handover cancel`: an act drawn up by mistake ends, unsealed, with who, when and why.

    Only its starter or an admin, only while open. Its reminders stop; the checklist message
    shows the cancellation (refresh after commit). What the act already asked of other features
    (a revocation, a rotation) is theirs now and is left as it is: undoing access changes is not
    a side effect of cancelling a document.
    """
    act = get_act(session, actor.team_id, act_id)
    if actor.user_id != act.started_by:
        require_role(session, actor, action="handover.cancel", subject=act.number)  # admins only
    if act.status != "open":
        raise not_open(act)
    reason = reason.strip()
    if not reason:
        raise UsageError("handover.error.cancel_reason", usage_key="usage.handover.cancel", act=act.number)
    result = session.execute(
        update(HandoverAct)
        .where(HandoverAct.id == act.id, HandoverAct.status == "open")
        .values(status="cancelled", open_for=None, cancelled_by=actor.user_id, cancelled_at=now,
                cancel_reason=reason)
    )
    if not getattr(result, "rowcount", 0):
        session.refresh(act)
        raise not_open(act)
    session.refresh(act)
    stopped = cancel(session, team_id=act.team_id, kind=REMINDER_KIND, subject_id=act.id)
    audit_act(session, act, actor.user_id, "handover.cancel", now=now, reason=reason, reminders_cancelled=stopped)
    mark_changed(session, act.team_id, act.id)
    return act


def record_message(session: Session, team_id: str, act_id: int, channel: str, ts: str) -> None:
    """Remember the checklist message (for chat.update and the thread); presentation only."""
    act = get_act(session, team_id, act_id)
    act.channel_id, act.message_ts = channel, ts


def set_page(session: Session, team_id: str, act_id: int, page: int) -> HandoverAct:
    """Show `page` of the checklist (clamped to the pages there are); presentation only, no rule."""
    act = get_act(session, team_id, act_id)
    act.message_page = min(max(0, page), page_count(len(items_of(session, act.id))) - 1)
    mark_changed(session, team_id, act_id)
    return act


def page_act(session: Session, settings: Settings, actor: Actor, act_id: int, page: int) -> HandoverAct:
    """The checklist's page buttons: paging shows the act's items, so only its readers may page."""
    act = get_act(session, actor.team_id, act_id)
    require_reader(session, settings, actor, act, action="handover.page")
    if not 0 <= page < page_count(len(items_of(session, act.id))):
        raise NotFound("handover.error.no_such_page", act=act.number)
    return set_page(session, actor.team_id, act.id, page)


def can_manage(session: Session, settings: Settings, actor: Actor) -> bool:
    return has_role(session, actor, *MANAGERS)
