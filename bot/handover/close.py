"""Signing and closing a handover act (SPEC §4): I deliver, I receive, the witness, the seal.

Closing re-derives every item from the records, refuses while anything is open or
unsigned, then freezes the act: its content hash goes into the audit chain
(handover_seal), the reminders stop, and nothing about it can change any more.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.config import Settings
from bot.core.errors import Conflict, Forbidden
from bot.core.schedule import cancel, schedule, schedule_press
from bot.handover.acts import (
    DOCUMENT_KIND,
    REMINDER_KIND,
    Person,
    get_act,
    merged_people,
    not_open,
    open_act,
    require_manager,
    unnamed_people,
)
from bot.handover.refresh import mark_changed
from bot.handover.seal import SEAL_ACTION, content_hash, items_of
from bot.handover.sync import audit_act, sync_act
from storage.models import HandoverAct


def _sign(
    session: Session, act: HandoverAct, actor: Actor, now: datetime, who: str, at: str, action: str
) -> None:
    result = session.execute(
        update(HandoverAct)
        .where(HandoverAct.id == act.id, HandoverAct.status == "open", getattr(HandoverAct, at).is_(None))
        .values({who: actor.user_id, at: now})
    )
    if not getattr(result, "rowcount", 0):
        raise Conflict("handover.error.already_signed", act=act.number)
    session.refresh(act)
    audit_act(session, act, actor.user_id, action, now=now)
    mark_changed(session, act.team_id, act.id)


def sign_deliver(session: Session, actor: Actor, act_id: int, now: datetime) -> HandoverAct:
    act = open_act(session, actor.team_id, act_id)
    if actor.user_id != act.leaving_id:
        raise Forbidden(
            "handover.error.not_leaving", action="handover.deliver", subject=act.number, user=act.leaving_id
        )
    _sign(session, act, actor, now, "delivered_by", "delivered_at", "handover.deliver")
    return act


def sign_receive(session: Session, actor: Actor, act_id: int, now: datetime) -> HandoverAct:
    act = open_act(session, actor.team_id, act_id)
    if not act.receiver_id:
        raise Conflict("handover.error.no_receiver", act=act.number)
    if actor.user_id != act.receiver_id:
        raise Forbidden(
            "handover.error.not_receiver", action="handover.receive", subject=act.number, user=act.receiver_id
        )
    _sign(session, act, actor, now, "received_by", "received_at", "handover.receive")
    return act


def _require_witness(
    session: Session, settings: Settings, actor: Actor, act: HandoverAct, action: str
) -> None:
    require_manager(session, settings, actor, act, action)
    if actor.user_id in (act.leaving_id, act.receiver_id):  # four eyes: a party cannot witness
        raise Forbidden("handover.error.witness_party", action=action, subject=act.number)


def record_leaver_unavailable(
    session: Session, settings: Settings, actor: Actor, act_id: int, *, leaver_gone: bool, now: datetime
) -> HandoverAct:
    """The witness signs for a leaver Slack reports as deleted (users.info deleted: true)."""
    act = open_act(session, actor.team_id, act_id)
    _require_witness(session, settings, actor, act, "handover.leaver_unavailable")
    if act.delivered_at is not None:
        raise Conflict("handover.error.already_signed", act=act.number)
    if not leaver_gone:
        raise Conflict("handover.error.leaver_present", act=act.number, user=act.leaving_id)
    _sign(
        session,
        act,
        actor,
        now,
        "leaver_unavailable_by",
        "leaver_unavailable_at",
        "handover.leaver_unavailable",
    )
    return act


class CannotClose(Conflict):
    """Closing is refused: `missing` lists every reason (catalog keys with parameters), said once."""

    def __init__(self, act: str, missing: list[tuple[str, dict[str, object]]]) -> None:
        super().__init__("handover.cannot_close", act=act)
        self.missing = missing


def missing_for_close(session: Session, act: HandoverAct) -> list[tuple[str, dict[str, object]]]:
    """What still stands between the act and its closing, as catalog keys with parameters."""
    missing: list[tuple[str, dict[str, object]]] = []
    open_items = [i for i in items_of(session, act.id) if i.status != "done"]
    if open_items:
        missing.append(("handover.cannot_close.items", {"count": len(open_items)}))
    if act.delivered_at is None and act.leaver_unavailable_at is None:
        missing.append(("handover.cannot_close.deliver", {"user": act.leaving_id}))
    if act.receiver_id and act.received_at is None:
        missing.append(("handover.cannot_close.receive", {"user": act.receiver_id}))
    return missing


def _closable(session: Session, settings: Settings, actor: Actor, act_id: int, now: datetime) -> HandoverAct:
    act = get_act(session, actor.team_id, act_id)
    _require_witness(session, settings, actor, act, "handover.close")
    if act.status != "open":
        raise not_open(act)
    sync_act(session, act, now=now)
    missing = missing_for_close(session, act)
    if missing:
        raise CannotClose(act.number, missing)
    return act


def prepare_close(session: Session, settings: Settings, actor: Actor, act_id: int, now: datetime) -> list[str]:
    """Everything close_act checks, before Slack is asked for names: who still needs one (users.info)."""
    act = _closable(session, settings, actor, act_id, now)
    return unnamed_people(session, actor.team_id, act.id, also=(actor.user_id,))


# A Close press: its work (users.info for the names the seal covers, then the close) is a delivery
# written before the ack, so a process killed after the ack still closes (handlers/handover/notices.py).
CLOSE_KIND = "handover.close"


def close_pressed(session: Session, settings: Settings, actor: Actor, act_id: int, channel: str,
                  now: datetime) -> str:
    """Close pressed: every check now (a refusal is answered at once and writes nothing), then
    the press written as a delivery whose work names the act's people from Slack and closes at
    the press's time (`now`, whenever it runs). The same witness pressing again before it was
    worked presses once. Returns the press's subject (`<act id>:<user>:<n>`)."""
    prepare_close(session, settings, actor, act_id, now)
    return schedule_press(session, team_id=actor.team_id, kind=CLOSE_KIND, prefix=f"{act_id}:{actor.user_id}:",
                          at=now, payload={"by": actor.user_id, "channel": channel})


def close_act(
    session: Session,
    settings: Settings,
    actor: Actor,
    act_id: int,
    now: datetime,
    people: dict[str, Person] | None = None,
) -> HandoverAct:
    """Close and seal. `people`: names from users.info just now, sealed with the act (first seen wins)."""
    act = _closable(session, settings, actor, act_id, now)
    if people:
        act.people = merged_people(act, people)
        session.flush()
    result = session.execute(
        update(HandoverAct)
        .where(HandoverAct.id == act.id, HandoverAct.status == "open")
        .values(status="closed", open_for=None, closed_by=actor.user_id, closed_at=now)
    )
    if not getattr(result, "rowcount", 0):
        raise Conflict("handover.error.closed", act=act.number)
    session.refresh(act)
    act.content_hash = content_hash(act, items_of(session, act.id))
    cancel(session, team_id=act.team_id, kind=REMINDER_KIND, subject_id=act.id)
    audit_act(
        session,
        act,
        actor.user_id,
        SEAL_ACTION,
        now=now,
        content_hash=act.content_hash,
        items=len(items_of(session, act.id)),
    )
    # The document goes out through the outbox: it exists iff the seal committed.
    schedule(session, team_id=act.team_id, kind=DOCUMENT_KIND, subject_id=act.id, at=now)
    mark_changed(session, act.team_id, act.id)
    return act
