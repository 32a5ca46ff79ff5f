"""The App Home's *This week* (the next 7 days, open crises) and *Toolkit* (read-only) parts.

Read-only, for any member (SPEC §10b: an auditor or the company's management may open it at any
time), so nothing here checks a role and nothing is written. Each part is read through the rules of
the feature that owns it (the crisis listing and settings, the brand profiles, the inventory, the
calendar's local days) or a bounded query on its tables, so the whole read is a constant number of
statements whatever the number of posts, crises, accounts or brands (tests/home/test_home_toolkit.py
counts them).

*This week* is the next 7 local days (today and the six after), not the calendar week
`/post calendar` shows: the Home answers "what is coming", as Sprout Social's and Hootsuite's
dashboards do, while the planner's week keeps Monday to Sunday.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from bot.core.authz import Actor
from bot.crisis.listing import list_crises
from bot.home import toolkit_parts as parts
from bot.home.views_toolkit import DAY_POSTS, OpenCrisis, WeekAndToolkit, WeekDay, WeekPost
from bot.posts import calendar as cal
from storage.models import Account, CrisisPage, Post, PostVariant

WEEK_DAYS: Final = 7
LEFT_OUT: Final = ("cancelled", "rejected")  # nothing will go out and nothing is left to do


def this_week_and_toolkit(session: Session, actor: Actor, now: datetime) -> WeekAndToolkit:
    team = actor.team_id
    tz = cal.workspace_zone(session, team, "UTC")
    brands = parts.brand_lines(session, team)
    return WeekAndToolkit(
        timezone=tz, **_week(session, actor, now, tz), crises=_open_crises(session, actor, now),
        brands=brands, replies=parts.replies_summary(session, team), protocol=parts.crisis_protocol(session, team),
        inventory=parts.inventory_summary(session, team),
        digest=parts.last_digest(session, team, {brand_key(b.brand): b.brand for b in brands}))


def _week(session: Session, actor: Actor, now: datetime, tz: str) -> dict[str, tuple[WeekDay, ...]]:
    """The posts of today and the next 6 local days, the viewer's (author or publisher) first;
    cancelled and rejected ones left out, as the calendar's export does (nothing will go out).

    Three statements whatever the week holds: the instants and people of every post of the week
    (plain rows), then the whole rows and accounts of only the first DAY_POSTS of each day and
    group — the Home shows no more, and a busy agency's week has hundreds. The calendar's
    `upcoming` would load every post with its variants."""
    first = now.astimezone(cal.zone(tz)).date()
    start, end = cal.local_midnight(first, tz), cal.local_midnight(first + timedelta(days=WEEK_DAYS), tz)
    where = cal.zone(tz)
    days: dict[tuple[bool, date], list[int]] = {}
    for post_id, at, author, publisher in session.execute(
            select(Post.id, Post.scheduled_at, Post.author_id, Post.publisher_id)
            .where(Post.team_id == actor.team_id, Post.scheduled_at >= start, Post.scheduled_at < end,
                   Post.status.not_in(LEFT_OUT))
            .order_by(Post.scheduled_at, Post.id)).tuples():
        days.setdefault((actor.user_id in (author, publisher), at.astimezone(where).date()), []).append(post_id)
    posts = _posts(session, [i for ids in days.values() for i in ids[:DAY_POSTS]], tz)
    groups: dict[bool, list[WeekDay]] = {True: [], False: []}
    for (mine, day), ids in sorted(days.items(), key=lambda kv: kv[0][1]):
        groups[mine].append(WeekDay(day, tuple(posts[i] for i in ids[:DAY_POSTS]), len(ids)))
    return {"mine": tuple(groups[True]), "others": tuple(groups[False])}


def _posts(session: Session, ids: list[int], tz: str) -> dict[int, WeekPost]:
    if not ids:
        return {}
    targets: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    # By post id alone, as the calendar does: the ids are this workspace's already.
    for post_id, network, handle in session.execute(
            select(PostVariant.post_id, PostVariant.network, Account.handle)
            .join(Account, Account.id == PostVariant.account_id)
            .where(PostVariant.post_id.in_(ids)).order_by(PostVariant.post_id, PostVariant.id)).tuples():
        targets[post_id].append((network, handle))
    where = cal.zone(tz)
    rows = session.execute(select(Post.id, Post.scheduled_at, Post.status, Post.brand, Post.copy)
                           .where(Post.id.in_(ids))).tuples()
    return {i: WeekPost(id=i, local=at.astimezone(where), status=status, brand=brand, targets=tuple(targets[i]),
                        copy=copy) for i, at, status, brand, copy in rows}


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
        number=c.number, severity=c.severity, brand=c.brand, summary=c.summary,
        age_minutes=max(0, int((now - c.opened_at).total_seconds() // 60)), channel_id=c.channel_id,
        acknowledged_by=c.acknowledged_by, paging=tuple(paging.get(c.id, ())), chain_configured=c.chain_configured,
    ) for c in sorted(listing.open, key=lambda c: (c.severity, c.opened_at, c.id)))
