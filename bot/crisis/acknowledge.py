"""Acknowledge (issue 13 §3): the first to acknowledge stops the paging for everyone.

Anyone paged for the crisis, a crisis lead or an admin may acknowledge. Under the crisis row lock
(the step renderer takes it too), one conditional update decides: a second press, a press on a
resolved crisis or on a page from before a severity change answers and changes nothing. The open
pages become `acknowledged` (the acknowledger's) or `closed`, the steps still to come are
cancelled, and a `crisis.acked` delivery edits every page DM already sent and tells the channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, has_role
from bot.core.errors import Conflict, Forbidden
from bot.core.schedule import schedule
from bot.crisis import paging, timeline
from bot.crisis.lookup import get_crisis, target
from bot.crisis.views import CrisisView, crisis_view
from storage import audit
from storage.models import Crisis, CrisisPage

KIND_ACKED = "crisis.acked"
USAGE_ACK = "usage.crisis.ack"


def parse_value(value: str) -> tuple[int, int] | None:
    """`<crisis>:<generation>` as the page's button carries it."""
    found = paging.parse_subject(value.strip(), 2)
    return (found[0], found[1]) if found else None


@dataclass(frozen=True)
class Acked:
    crisis: CrisisView
    generation: int
    by: str
    at: datetime
    timezone: str


def _may_acknowledge(session: Session, actor: Actor, crisis: Crisis) -> None:
    paged = session.scalars(select(CrisisPage.id).where(
        CrisisPage.crisis_id == crisis.id, CrisisPage.user_id == actor.user_id).limit(1)).first()
    if paged is None and not has_role(session, actor, Role.CRISIS_LEAD):
        raise Forbidden("crisis.ack.forbidden", action="crisis.acknowledge", subject=f"crisis:{crisis.id}",
                        number=crisis.number)


def _already(session: Session, crisis: Crisis, generation: int) -> tuple[str, datetime] | None:
    """Who acknowledged this generation, and when; None while it still waits for one."""
    acks = paging.acknowledgements(session, crisis)
    if generation in acks:
        return acks[generation]
    if crisis.acknowledged_at is None:
        return None
    info_pages = session.scalars(select(CrisisPage.id).where(
        CrisisPage.crisis_id == crisis.id, CrisisPage.generation == generation).limit(1)).first()
    if info_pages is not None:  # a raise paged level 1 again for information: that wants its own
        return None
    return crisis.acknowledged_by or "", crisis.acknowledged_at


def acknowledge_page(session: Session, actor: Actor, crisis_id: int, generation: int, now: datetime) -> Acked:
    """The page's button."""
    crisis = get_crisis(session, actor.team_id, crisis_id, lock=True)
    return _acknowledge(session, actor, crisis, generation, now, via="button")


def acknowledge_command(session: Session, actor: Actor, channel_id: str | None, ref: str | None,
                        now: datetime) -> Acked:
    """`/crisis ack [id]`: the crisis named, or the channel's; its current generation."""
    crisis = target(session, actor.team_id, channel_id, ref, usage_key=USAGE_ACK, lock=True)
    return _acknowledge(session, actor, crisis, crisis.generation, now, via="command")


def _acknowledge(session: Session, actor: Actor, crisis: Crisis, generation: int, now: datetime, *,
                 via: str) -> Acked:
    _may_acknowledge(session, actor, crisis)
    tz = paging.zone_of(session, crisis.team_id)
    if crisis.status != "open":
        raise Conflict("crisis.ack.resolved", number=crisis.number)
    if generation != crisis.generation:
        raise Conflict("crisis.ack.stale", number=crisis.number, severity=crisis.severity)
    done = _already(session, crisis, generation)
    if done is not None:
        raise Conflict("crisis.ack.already", number=crisis.number, user=done[0], at=paging.local(done[1], tz))
    user = actor.user_id
    # The first acknowledgement is the crisis's (time to acknowledge); a later generation's only the
    # timeline's. The condition repeats what the lock already guarantees, for any writer without it.
    session.execute(update(Crisis).where(Crisis.id == crisis.id, Crisis.acknowledged_at.is_(None),
                                         Crisis.status == "open")
                    .values(acknowledged_at=now, acknowledged_by=user).execution_options(synchronize_session=False))
    session.refresh(crisis)
    pages = list(session.scalars(select(CrisisPage).where(CrisisPage.crisis_id == crisis.id,
                                                          CrisisPage.state == "open").order_by(CrisisPage.id)))
    for page in pages:
        page.state = "acknowledged" if page.user_id == user and page.generation == generation else "closed"
    paging.cancel_steps(session, crisis)
    timeline.record(session, crisis, timeline.ACKNOWLEDGED, actor=user, at=now,
                    detail={"generation": generation, "via": via, "severity": crisis.severity})
    audit.append(session, team_id=crisis.team_id, actor=user, action="crisis.acknowledged",
                 subject=f"crisis:{crisis.id}", at=now, detail={"number": crisis.number, "generation": generation,
                                                              "via": via})
    schedule(session, team_id=crisis.team_id, kind=KIND_ACKED,
             subject_id=paging.generation_subject(crisis.id, generation), at=now,
             recipient=crisis.channel_id or crisis.reporter_id, payload={"pages": [p.id for p in pages], "by": user})
    return Acked(crisis_view(crisis), generation, user, now, tz)


# ---- how a page ended (the in-place edits) --------------------------------------------------


@dataclass(frozen=True)
class PageEdit:
    """A page DM to redraw without its button: why it no longer asks for anything."""

    channel: str
    ts: str
    crisis: CrisisView
    outcome: str  # acknowledged | resolved | severity | closed
    by: str | None
    at: str | None  # local HH:MM
    timezone: str


def _outcome(crisis: Crisis, page: CrisisPage, acks: dict[int, tuple[str, datetime]],
             reason: str | None) -> tuple[str, str | None, datetime | None]:
    if page.generation in acks:
        who, when = acks[page.generation]
        return "acknowledged", who, when
    if crisis.status == "resolved" or reason == "resolved":
        return "resolved", crisis.resolved_by, crisis.resolved_at
    if page.generation < crisis.generation or reason == "severity":
        return "severity", None, None
    return "closed", None, None


def page_edits(session: Session, team_id: str, page_ids: list[int], reason: str | None = None) -> list[PageEdit]:
    """The pages among `page_ids` whose DM is known, each with how it ended."""
    ids = [i for i in page_ids if isinstance(i, int)]
    if not ids:
        return []
    pages = list(session.scalars(select(CrisisPage).where(CrisisPage.id.in_(ids), CrisisPage.team_id == team_id,
                                                          CrisisPage.message_ts.is_not(None)).order_by(CrisisPage.id)))
    out: list[PageEdit] = []
    tz = paging.zone_of(session, team_id)
    crises: dict[int, tuple[Crisis, dict[int, tuple[str, datetime]]]] = {}
    for page in pages:
        if page.state == "open" or not page.channel_id or not page.message_ts:
            continue
        if page.crisis_id not in crises:
            crisis = session.get(Crisis, page.crisis_id)
            if crisis is None:
                continue
            crises[page.crisis_id] = (crisis, paging.acknowledgements(session, crisis))
        crisis, acks = crises[page.crisis_id]
        outcome, by, when = _outcome(crisis, page, acks, reason)
        out.append(PageEdit(page.channel_id, page.message_ts, crisis_view(crisis), outcome, by,
                            paging.local(when, tz) if when else None, tz))
    return out


@dataclass(frozen=True)
class AckNotice:
    crisis: CrisisView
    by: str
    at: str
    to: str  # the crisis channel, or the reporter while there is none
    in_channel: bool
    minutes: int  # since it opened
    edits: tuple[PageEdit, ...]


def ack_notice(session: Session, team_id: str, subject: str, page_ids: list[int]) -> AckNotice | None:
    found = paging.parse_subject(subject, 2)
    crisis = session.scalars(select(Crisis).where(Crisis.id == found[0], Crisis.team_id == team_id)).one_or_none() \
        if found else None
    if found is None or crisis is None:
        return None
    done = paging.acknowledgements(session, crisis).get(found[1])
    if done is None:
        return None
    tz = paging.zone_of(session, team_id)
    minutes = max(int((done[1] - crisis.opened_at).total_seconds() // 60), 0)
    return AckNotice(crisis_view(crisis), done[0], paging.local(done[1], tz), crisis.channel_id or crisis.reporter_id,
                     crisis.channel_id is not None, minutes, tuple(page_edits(session, team_id, page_ids)))
