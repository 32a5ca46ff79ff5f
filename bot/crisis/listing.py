"""`/crisis list` and `/crisis show` (issue 13 §4): what any member may read about crises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.crisis.lookup import target
from bot.crisis.views import CrisisView, crisis_view
from storage.models import Crisis, CrisisEvent, CrisisPage, Workspace

RESOLVED_SHOWN = 10  # the latest resolved ones under the open ones
TIMELINE_SHOWN = 8


@dataclass(frozen=True)
class Listing:
    open: tuple[CrisisView, ...]
    resolved: tuple[CrisisView, ...]
    timezone: str


@dataclass(frozen=True)
class PageLine:
    user_id: str
    level: int  # 1-based, as people count them
    cycle: int
    paged_at: datetime
    state: str


@dataclass(frozen=True)
class EventLine:
    at: datetime
    actor: str
    kind: str
    text: str  # as typed: neutralised when rendered


@dataclass(frozen=True)
class Shown:
    crisis: CrisisView
    pages: tuple[PageLine, ...]
    latest: tuple[EventLine, ...]  # newest last
    held: tuple[int, ...]
    timezone: str


def timezone_of(session: Session, team_id: str) -> str:
    ws = session.get(Workspace, team_id)
    return ws.timezone if ws is not None and ws.timezone else "UTC"


def list_crises(session: Session, actor: Actor) -> Listing:
    team = actor.team_id
    open_rows = session.scalars(select(Crisis).where(Crisis.team_id == team, Crisis.status == "open")
                                .order_by(Crisis.opened_at, Crisis.id))
    resolved = session.scalars(select(Crisis).where(Crisis.team_id == team, Crisis.status == "resolved")
                               .order_by(Crisis.resolved_at.desc(), Crisis.id.desc()).limit(RESOLVED_SHOWN))
    return Listing(tuple(crisis_view(c) for c in open_rows), tuple(crisis_view(c) for c in resolved),
                   timezone_of(session, team))


def show(session: Session, actor: Actor, channel_id: str | None, ref: str | None) -> Shown:
    crisis = target(session, actor.team_id, channel_id, ref, usage_key="usage.crisis.show")
    pages = session.scalars(select(CrisisPage).where(CrisisPage.crisis_id == crisis.id)
                            .order_by(CrisisPage.paged_at, CrisisPage.id))
    events = list(session.scalars(select(CrisisEvent).where(CrisisEvent.crisis_id == crisis.id)
                                  .order_by(CrisisEvent.at.desc(), CrisisEvent.id.desc()).limit(TIMELINE_SHOWN)))
    return Shown(
        crisis_view(crisis),
        tuple(PageLine(p.user_id, p.level + 1, p.cycle + 1, p.paged_at, p.state) for p in pages),
        tuple(EventLine(e.at, e.actor, e.kind, e.text) for e in reversed(events)),
        tuple(crisis.held_posts or ()), timezone_of(session, actor.team_id))
