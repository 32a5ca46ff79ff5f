"""The App Home's *This week* (the next 7 days, open crises) and *Toolkit* (read-only) parts.

Read-only, for any member (SPEC §10b: an auditor or the company's management may open it at any
time), so nothing here checks a role and nothing is written. Each part is read through the rules of
the feature that owns it (the calendar, the crisis listing and settings, the brand profiles, the
inventory) or one aggregate on its tables, so the whole read is a constant number of statements
whatever the number of posts, crises, accounts or brands (tests/home/test_home_toolkit.py counts them).

*This week* is the next 7 local days (today and the six after), not the calendar week
`/post calendar` shows: the Home answers "what is coming", as Sprout Social's and Hootsuite's
dashboards do, while the planner's week keeps Monday to Sunday.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from bot.core.authz import Actor
from bot.crisis.listing import list_crises
from bot.home import toolkit_parts as parts
from bot.home.views_toolkit import OpenCrisis, WeekAndToolkit, WeekDay, WeekPost
from bot.posts import calendar as cal
from storage.models import CrisisPage

WEEK_DAYS = 7


def this_week_and_toolkit(session: Session, actor: Actor, now: datetime) -> WeekAndToolkit:
    team = actor.team_id
    tz = cal.workspace_zone(session, team, "UTC")
    today = now.astimezone(cal.zone(tz)).date()
    brands = parts.brand_lines(session, team)
    return WeekAndToolkit(
        timezone=tz, first_day=today, **_week(session, actor, now, tz), crises=_open_crises(session, actor, now),
        brands=brands, replies=parts.replies_summary(session, team), protocol=parts.crisis_protocol(session, team),
        inventory=parts.inventory_summary(session, team),
        digest=parts.last_digest(session, team, {brand_key(b.brand): b.brand for b in brands}))


def _week(session: Session, actor: Actor, now: datetime, tz: str) -> dict[str, tuple[WeekDay, ...]]:
    """The posts of today and the next 6 local days (cancelled and rejected ones left out, as the
    calendar's export does: nothing will go out), the viewer's (author or publisher) first."""
    last = now.astimezone(cal.zone(tz)).date() + timedelta(days=WEEK_DAYS)
    # `upcoming` reaches `now` + 7 days; the part of the eighth local day it may bring is dropped.
    posts = [p for p in cal.upcoming(session, actor.team_id, now=now, tz=tz, days=WEEK_DAYS) if p.local.date() < last]
    mine: list[WeekPost] = []
    others: list[WeekPost] = []
    for p in posts:
        is_mine = actor.user_id in (p.author_id, p.publisher_id)
        post = WeekPost(id=p.id, local=p.local, status=p.status, brand=p.brand,
                        targets=tuple((t.network, t.handle) for t in p.targets), copy=p.copy, mine=is_mine)
        (mine if is_mine else others).append(post)
    return {"mine": _by_day(mine), "others": _by_day(others)}


def _by_day(posts: Sequence[WeekPost]) -> tuple[WeekDay, ...]:
    days: list[WeekDay] = []
    for post in posts:  # already in time order
        if days and days[-1].day == post.local.date():
            days[-1] = WeekDay(days[-1].day, (*days[-1].posts, post))
        else:
            days.append(WeekDay(post.local.date(), (post,)))
    return tuple(days)


def _open_crises(session: Session, actor: Actor, now: datetime) -> tuple[OpenCrisis, ...]:
    """The open crises, the most severe first (then the oldest), with who is being paged for those
    nobody acknowledged yet (one statement for all their open pages, of their current generation)."""
    listing = list_crises(session, actor)
    waiting = [c.id for c in listing.open if c.acknowledged_by is None]
    paging: dict[int, list[str]] = {}
    if waiting:
        generation = {c.id: c.generation for c in listing.open}
        rows = session.execute(
            select(CrisisPage.crisis_id, CrisisPage.generation, CrisisPage.user_id)
            .where(CrisisPage.team_id == actor.team_id, CrisisPage.crisis_id.in_(waiting), CrisisPage.state == "open")
            .order_by(CrisisPage.crisis_id, CrisisPage.paged_at, CrisisPage.id)).tuples()
        for crisis_id, gen, user in rows:
            people = paging.setdefault(crisis_id, [])
            if gen == generation[crisis_id] and user not in people:
                people.append(user)
    return tuple(OpenCrisis(
        number=c.number, severity=c.severity, brand=c.brand, summary=c.summary, opened_at=c.opened_at,
        age_minutes=max(0, int((now - c.opened_at).total_seconds() // 60)), channel_id=c.channel_id,
        acknowledged_by=c.acknowledged_by, paging=tuple(paging.get(c.id, ())), chain_configured=c.chain_configured,
    ) for c in sorted(listing.open, key=lambda c: (c.severity, c.opened_at, c.id)))
