"""Paging along the escalation chain (issue 13 §3): rows, not memory.

The chain is the snapshot on the crisis (`crisis.chain`, `crisis.repeats`). Step `k` (from 0) is
cycle `k // L`, level `k % L` for L levels, `L * repeats` steps in all. Each step is one
`crisis.page` delivery, subject `<crisis>:<generation>:<step>`; rendering it records one
`crisis_pages` row per person (unique, so a re-render after a crash adds nothing twice) and
schedules the next step at this step's *occurrence* plus the level's deadline — from the schedule,
not from when it went out, so a late scheduler does not stretch the chain. After the last step a
`crisis.unanswered` delivery tells the admins. A severity change bumps `crisis.generation`: steps of
an older generation render to nothing.

The step renderer locks the crisis row, like the acknowledgement does: either the page is recorded
(and its next step scheduled) before an acknowledgement looks, which then closes and cancels them,
or it sees the acknowledgement and pages nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bot.core.authz import SYSTEM, admin_ids
from bot.core.schedule import cancel, schedule
from bot.crisis import status, timeline
from bot.crisis.settings import DEFAULT_ACK_MINUTES
from bot.crisis.views import CrisisView, crisis_view
from storage.models import Crisis, CrisisEvent, CrisisPage, Workspace

KIND_PAGE = "crisis.page"  # one step of the chain: a DM with Acknowledge to each person of a level
KIND_UNANSWERED = "crisis.unanswered"  # after the last step's deadline: the admins hear nobody answered
KIND_PAGES_CLOSED = "crisis.pages_closed"  # the open pages edited in place when paging stops
KIND_PAGE_UPDATE = "crisis.page_update"  # one page whose DM went out after its paging had stopped


# ---- step arithmetic (pure) ----------------------------------------------------------------


def step_count(levels: int, repeats: int) -> int:
    return max(levels, 0) * max(repeats, 0)


def position(step: int, levels: int) -> tuple[int, int]:
    """(cycle, level) of a step, both from 0."""
    return divmod(step, levels)


def page_subject(crisis_id: int, generation: int, step: int) -> str:
    return f"{crisis_id}:{generation}:{step}"


def generation_subject(crisis_id: int, generation: int) -> str:
    return f"{crisis_id}:{generation}"


def parse_subject(text: str, parts: int) -> tuple[int, ...] | None:
    """The integers of a subject we wrote (`1:2:0`); anything else is None."""
    pieces = text.split(":")
    if len(pieces) != parts or not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in pieces):
        return None
    return tuple(int(p) for p in pieces)


def level_minutes(crisis: Crisis, level: int) -> int:
    raw = crisis.chain[level].get("ack_minutes") if 0 <= level < len(crisis.chain) else None
    try:
        minutes = int(raw) if raw is not None else 0
    except (TypeError, ValueError):
        minutes = 0
    return minutes if minutes > 0 else DEFAULT_ACK_MINUTES.get(crisis.severity, 5)


def level_users(crisis: Crisis, level: int) -> tuple[str, ...]:
    if not 0 <= level < len(crisis.chain):
        return ()
    return tuple(dict.fromkeys(str(u) for u in crisis.chain[level].get("users", []) if u))


def schedule_times(opened: datetime, minutes: list[int], repeats: int) -> list[datetime]:
    """When each step falls due when nobody answers (steps, then the unanswered notice last)."""
    out = [opened]
    for k in range(step_count(len(minutes), repeats)):
        out.append(out[-1] + timedelta(minutes=minutes[k % len(minutes)]))
    return out


# ---- shared reads ---------------------------------------------------------------------------


def zone_of(session: Session, team_id: str) -> str:
    ws = session.get(Workspace, team_id)
    return (ws.timezone if ws is not None else None) or "UTC"


def local(when: datetime, tz: str) -> str:
    try:
        return when.astimezone(ZoneInfo(tz)).strftime("%H:%M")
    except (KeyError, ValueError):
        return when.strftime("%H:%M")


def locked_crisis(session: Session, team_id: str, crisis_id: int) -> Crisis | None:
    return session.scalars(select(Crisis).where(Crisis.id == crisis_id, Crisis.team_id == team_id)
                           .with_for_update()).one_or_none()


def acknowledgements(session: Session, crisis: Crisis) -> dict[int, tuple[str, datetime]]:
    """generation → (who, when) of its acknowledgement, from the timeline."""
    out: dict[int, tuple[str, datetime]] = {}
    for ev in session.scalars(select(CrisisEvent).where(
            CrisisEvent.crisis_id == crisis.id, CrisisEvent.kind == timeline.ACKNOWLEDGED).order_by(CrisisEvent.id)):
        gen = (ev.detail or {}).get("generation")
        if isinstance(gen, int) and gen not in out:
            out[gen] = (ev.actor, ev.at)
    return out


def live(session: Session, crisis: Crisis, generation: int, *, info: bool) -> bool:
    """Whether pages of this generation still call for an acknowledgement. A crisis someone has
    acknowledged pages again only for information after a raise (`info`), until that is acknowledged."""
    if crisis.status != "open" or crisis.generation != generation:
        return False
    if generation in acknowledgements(session, crisis):
        return False
    return crisis.acknowledged_at is None or info


# ---- start and stop -------------------------------------------------------------------------


def start_paging(session: Session, crisis: Crisis, now: datetime, *, info: bool = False) -> None:
    """Schedule the first step of the crisis's chain (`crisis.chain`) at `now`, and the status-update
    reminders of its severity. `info`: level 1 only, once, for a crisis already acknowledged."""
    schedule(session, team_id=crisis.team_id, kind=KIND_PAGE, subject_id=page_subject(crisis.id, crisis.generation, 0),
             at=now, payload={"info": True} if info else None)
    status.start_status_reminders(session, crisis, now)


def cancel_steps(session: Session, crisis: Crisis) -> None:
    """Cancel the steps still to come of the current generation and its unanswered notice (older
    generations were cancelled when they ended)."""
    team, gen = crisis.team_id, crisis.generation
    for step in range(max(step_count(len(crisis.chain), crisis.repeats), 1)):
        cancel(session, team_id=team, kind=KIND_PAGE, subject_id=page_subject(crisis.id, gen, step))
    cancel(session, team_id=team, kind=KIND_UNANSWERED, subject_id=generation_subject(crisis.id, gen))


def stop_paging(session: Session, crisis: Crisis, now: datetime, *, reason: str) -> None:
    """Stop every step still to come and the status reminders, close the open pages (resolved, or a
    new severity: `reason`), and schedule the in-place edit of their DMs."""
    cancel_steps(session, crisis)
    status.stop_status_reminders(session, crisis)
    ids = list(session.scalars(select(CrisisPage.id).where(
        CrisisPage.crisis_id == crisis.id, CrisisPage.state == "open").order_by(CrisisPage.id)))
    if not ids:
        return
    session.execute(update(CrisisPage).where(CrisisPage.id.in_(ids)).values(state="closed")
                    .execution_options(synchronize_session=False))
    schedule(session, team_id=crisis.team_id, kind=KIND_PAGES_CLOSED,
             subject_id=generation_subject(crisis.id, crisis.generation), at=now,
             payload={"pages": ids, "reason": reason[:20]})


# ---- the scheduler's side -------------------------------------------------------------------


@dataclass(frozen=True)
class PageStep:
    """One step being paged: what each DM says."""

    crisis: CrisisView
    generation: int
    step: int
    cycle: int
    level: int
    levels: int
    cycles: int
    pages: tuple[tuple[str, int], ...]  # (user, crisis_pages id)
    unanswered: tuple[str, ...]  # who the previous step paged and did not answer
    deadline: datetime
    last: bool  # after this one, the admins are told
    info: bool  # a raise on an acknowledged crisis: level 1, once
    acknowledged_by: str | None
    timezone: str


def page_step(session: Session, team_id: str, subject: str, occurrence: datetime, payload: dict[str, Any],
              now: datetime) -> PageStep | None:
    """Record this step's pages and schedule what follows; None when it no longer applies."""
    found = parse_subject(subject, 3)
    crisis = locked_crisis(session, team_id, found[0]) if found else None
    if found is None or crisis is None or not crisis.chain:
        return None
    _, gen, step = found
    info = bool(payload.get("info"))
    levels = len(crisis.chain)
    total = 1 if info else step_count(levels, crisis.repeats)
    if step >= total or not live(session, crisis, gen, info=info):
        return None
    cycle, level = position(step, levels)
    deadline = occurrence + timedelta(minutes=level_minutes(crisis, level))
    def recorded() -> tuple[tuple[str, int], ...]:
        return tuple((u, pid) for u, pid in session.execute(
            select(CrisisPage.user_id, CrisisPage.id).where(
                CrisisPage.crisis_id == crisis.id, CrisisPage.generation == gen, CrisisPage.step == step)
            .order_by(CrisisPage.id)).tuples())

    # Under the crisis row lock (and SQLite's one writer) nobody else records this step meanwhile,
    # so "what is there" then plain inserts is exact: a re-render after a crash finds its pages and
    # adds nothing. Plain inserts, not insert_ignore: SQLAlchemy caches their compiled form, not
    # that of ON CONFLICT, and this runs for every step of every open crisis (benchmarks/crisis.py).
    pages = recorded()
    users = level_users(crisis, level)
    if not pages and users:
        where = {"generation": gen, "step": step, "cycle": cycle, "level": level}
        pages = tuple((u, pid) for u, pid in session.execute(
            insert(CrisisPage).returning(CrisisPage.user_id, CrisisPage.id, sort_by_parameter_order=True), [
                {"team_id": team_id, "crisis_id": crisis.id, "user_id": u, "paged_at": now, "state": "open",
                 **where} for u in users]).tuples())
        session.execute(insert(CrisisEvent), [
            {"team_id": team_id, "crisis_id": crisis.id, "at": now, "actor": SYSTEM, "kind": timeline.PAGED,
             "text": u, "detail": {"user": u, **where}, "source_ts": None} for u in users])
    if not info and step + 1 < total:
        schedule(session, team_id=team_id, kind=KIND_PAGE, subject_id=page_subject(crisis.id, gen, step + 1),
                 at=deadline)
    elif not info:
        schedule(session, team_id=team_id, kind=KIND_UNANSWERED, subject_id=generation_subject(crisis.id, gen),
                 at=deadline)
    before = level_users(crisis, (step - 1) % levels) if step > 0 else ()
    return PageStep(crisis_view(crisis), gen, step, cycle, level, levels, 1 if info else crisis.repeats, pages,
                    before, deadline, not info and step + 1 >= total, info, crisis.acknowledged_by,
                    zone_of(session, team_id))


def store_page_message(session: Session, team_id: str, page_id: int, channel: str, ts: str, now: datetime) -> None:
    """Remember a page's DM (`on_sent`). If its paging stopped while it was on its way (an
    acknowledgement in the same instant), the edit that stop scheduled could not see it: this one
    gets its own edit."""
    state = session.execute(
        update(CrisisPage).where(CrisisPage.id == page_id, CrisisPage.team_id == team_id)
        .values(channel_id=channel, message_ts=ts).returning(CrisisPage.state)
        .execution_options(synchronize_session=False)).scalar_one_or_none()
    if state is not None and state != "open":
        schedule(session, team_id=team_id, kind=KIND_PAGE_UPDATE, subject_id=page_id, at=now)


@dataclass(frozen=True)
class Unanswered:
    crisis: CrisisView
    admins: tuple[str, ...]
    paged: tuple[str, ...]  # everyone paged in this generation, in order
    cycles: int
    timezone: str


def unanswered(session: Session, team_id: str, subject: str, now: datetime) -> Unanswered | None:
    """The chain ran out with nobody acknowledging: the admins hear it (once per generation)."""
    found = parse_subject(subject, 2)
    crisis = locked_crisis(session, team_id, found[0]) if found else None
    if found is None or crisis is None or not live(session, crisis, found[1], info=False):
        return None
    gen = found[1]
    paged = tuple(dict.fromkeys(session.scalars(select(CrisisPage.user_id).where(
        CrisisPage.crisis_id == crisis.id, CrisisPage.generation == gen).order_by(CrisisPage.id))))
    seen = any((ev.detail or {}).get("generation") == gen for ev in session.scalars(select(CrisisEvent).where(
        CrisisEvent.crisis_id == crisis.id, CrisisEvent.kind == timeline.UNANSWERED)))
    if not seen:  # a re-render after a crash sends again but records once
        timeline.record(session, crisis, timeline.UNANSWERED, actor=SYSTEM, at=now,
                        detail={"generation": gen, "paged": list(paged)})
    return Unanswered(crisis_view(crisis), tuple(admin_ids(session, team_id)), paged, crisis.repeats,
                      zone_of(session, team_id))
