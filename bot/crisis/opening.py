"""Opening a crisis (issue 13 §2): number it, snapshot its chain, open its checklist, hold the brand's
posts, start paging, and schedule the channel — all in the reporter's one unit of work.

The channel itself is made after the ack by the scheduler (`crisis.channel`, handlers/crisis/opening/
notices.py): a crash between this commit and Slack loses nothing, and the crisis pages whether or
not Slack lets the bot make a channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from bot.brands.profiles import brands
from bot.core.authz import SYSTEM, Actor, admin_ids
from bot.core.errors import Conflict, UsageError
from bot.core.events import emit
from bot.core.schedule import schedule
from bot.crisis import paging, timeline
from bot.crisis.parse import USAGE_OPEN, OpenDraft, words_of
from bot.crisis.playbooks import default_playbook
from bot.crisis.settings import DEFAULT_ACK_MINUTES, chain_for
from bot.crisis.views import CrisisView, crisis_view
from bot.posts.holds import hold_brand
from storage import audit
from storage.models import Account, Crisis, CrisisCounter, Delivery, Post, PostVariant, Workspace
from storage.upsert import insert_ignore

KIND_CHANNEL = "crisis.channel"  # create the channel, invite, set the topic (Outgoing.call)
KIND_CHANNEL_POSTS = "crisis.channel_posts"  # the header, checklist, templates and held posts in it
KIND_CHANNEL_REFUSED = "crisis.channel_refused"  # Slack would not make the channel: the reporter and admins hear it
HOLDING_SEVERITIES = ("sev1", "sev2")
HOLD_HOURS = 24


@dataclass(frozen=True)
class HeldPost:
    id: int
    scheduled_at: datetime
    accounts: tuple[str, ...]  # "network:handle"
    copy: str  # as typed: neutralised when rendered


@dataclass(frozen=True)
class Opened:
    crisis: CrisisView
    chain: tuple[tuple[str, ...], ...]  # the users of each level as snapshotted
    admins: tuple[str, ...]  # who to ask for a chain, when none is configured
    held: tuple[HeldPost, ...]
    timezone: str


def _workspace(session: Session, team_id: str) -> tuple[str, str]:
    ws = session.get(Workspace, team_id)
    return (ws.timezone or "UTC", ws.language or "en") if ws is not None else ("UTC", "en")


def local_now(now: datetime, tz: str) -> datetime:
    try:
        return now.astimezone(ZoneInfo(tz))
    except (KeyError, ValueError):
        return now


def _next_number(session: Session, team_id: str, year: int) -> tuple[int, str]:
    """Reserve the next number of the year; the UPDATE holds the counter row's lock until commit."""
    insert_ignore(session, CrisisCounter, {"team_id": team_id, "year": year, "last": 0})
    seq = session.execute(
        update(CrisisCounter).where(CrisisCounter.team_id == team_id, CrisisCounter.year == year)
        .values(last=CrisisCounter.last + 1).returning(CrisisCounter.last)).scalar_one()
    return int(seq), f"CRI-{year}-{int(seq):04d}"


def find_brand(session: Session, team_id: str, summary: str) -> str | None:
    """The inventory's brand named as a word (or words) in the summary, or its only brand."""
    known = brands(session, team_id)
    words = words_of(summary)
    text = f" {' '.join(words)} "
    named = [b for b in known if f" {' '.join(words_of(b))} " in text]
    if len(named) == 1:
        return named[0]
    return known[0] if len(known) == 1 and not named else None


def brand_choices(session: Session, team_id: str) -> list[str]:
    return brands(session, team_id)


# How long the same person opening a crisis with the same words is taken for a repeat of the first
# (what one sends again when Slack showed a timeout although the crisis was opened, or a double send).
REPEAT_WINDOW = timedelta(minutes=15)


def _same_words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _refuse_a_repeat(session: Session, actor: Actor, summary: str, now: datetime) -> None:
    """Paging everyone twice for one incident is worse than a refusal: the same reporter, the same
    summary, a crisis still open from the last REPEAT_WINDOW is the same crisis (as an incident
    tool's dedup key). Told which one, and where; nothing written."""
    recent = session.scalars(select(Crisis).where(
        Crisis.team_id == actor.team_id, Crisis.reporter_id == actor.user_id, Crisis.status == "open",
        Crisis.opened_at >= now - REPEAT_WINDOW).order_by(Crisis.id))
    for crisis in recent:
        if _same_words(crisis.summary) == _same_words(summary):
            raise Conflict("crisis.open.error.repeat", number=crisis.number,
                           channel=f"<#{crisis.channel_id}>" if crisis.channel_id else crisis.number)


def open_crisis(session: Session, actor: Actor, draft: OpenDraft, now: datetime) -> Opened:
    """Anyone may open one (SPEC §1). A brand the form names must be the inventory's."""
    team = actor.team_id
    tz, lang = _workspace(session, team)
    brand: str | None
    if draft.brand is not None:
        known = {brand_key(b): b for b in brands(session, team)}
        brand = known.get(brand_key(draft.brand))
        if brand is None:
            raise UsageError("crisis.open.error.brand", usage_key=USAGE_OPEN, brand=draft.brand[:100])
    else:
        brand = find_brand(session, team, draft.summary)
    _refuse_a_repeat(session, actor, draft.summary, now)
    year = local_now(now, tz).year
    seq, number = _next_number(session, team, year)
    chain = chain_for(session, team, draft.severity)
    admins = admin_ids(session, team)
    if chain.configured:
        levels: list[dict[str, Any]] = [{"users": list(lv.users), "ack_minutes": lv.ack_minutes}
                                        for lv in chain.levels if lv.users]
    else:  # nobody to page but the admins, with the severity's deadline; everyone is told so
        levels = [{"users": list(admins), "ack_minutes": DEFAULT_ACK_MINUTES[draft.severity]}]
    steps = chain.playbook or default_playbook(draft.severity, lang)
    crisis = Crisis(
        team_id=team, number=number, year=year, seq=seq, severity=draft.severity, summary=draft.summary,
        link=draft.link, brand=brand, reporter_id=actor.user_id, status="open", opened_at=now,
        chain=levels, repeats=chain.repeats, chain_configured=chain.configured, generation=1,
        held_posts=[], checklist=[{"text": s, "done_by": None, "done_at": None} for s in steps],
    )
    session.add(crisis)
    session.flush()
    timeline.record(session, crisis, timeline.OPENED, actor=actor.user_id, at=now, text=draft.summary,
                    detail={"severity": draft.severity, "brand": brand, "link": draft.link,
                            "chain_configured": chain.configured})
    held = hold_posts(session, crisis, now)
    audit.append(session, team_id=team, actor=actor.user_id, action="crisis.opened", subject=f"crisis:{crisis.id}",
                 at=now, detail={"number": number, "severity": draft.severity, "brand": brand,
                                 "chain_configured": chain.configured, "held": held})
    # The channel is Slack's work, after the ack; scheduled here so it exists iff the crisis does.
    schedule(session, team_id=team, kind=KIND_CHANNEL, subject_id=crisis.id, at=now, recipient=actor.user_id)
    paging.start_paging(session, crisis, now)
    return Opened(crisis_view(crisis), tuple(tuple(str(u) for u in lv["users"]) for lv in levels), tuple(admins),
                  tuple(held_posts(session, crisis)), tz)


def hold_posts(session: Session, crisis: Crisis, now: datetime) -> list[int]:
    """Hold the crisis brand's posts due in the next 24 h when its severity calls for it (sev1, sev2);
    the ids newly held, also added to `crisis.held_posts`. A crisis without a brand holds nothing
    (the channel says so): holding every brand's posts would silence the ones not in trouble."""
    if crisis.severity not in HOLDING_SEVERITIES or not crisis.brand:
        return []
    ids = hold_brand(session, crisis.team_id, crisis.brand, hours=HOLD_HOURS,
                     reason=f"{crisis.number}: {crisis.summary}", actor=Actor(crisis.team_id, SYSTEM), now=now)
    crisis.held_posts = sorted({*crisis.held_posts, *ids})
    timeline.record(session, crisis, timeline.HELD, actor=SYSTEM, at=now,
                    detail={"brand": crisis.brand, "posts": ids, "hours": HOLD_HOURS})
    if ids:
        emit(session, "crisis.held", now=now, team_id=crisis.team_id, crisis_id=crisis.id, brand=crisis.brand,
             posts=ids)
    return ids


def held_posts(session: Session, crisis: Crisis) -> list[HeldPost]:
    """What the hold stopped, in time order (each post once, all its accounts)."""
    if not crisis.held_posts:
        return []
    rows = session.execute(
        select(Post.id, Post.scheduled_at, Post.copy, Account.network, Account.handle)
        .join(PostVariant, PostVariant.post_id == Post.id).join(Account, Account.id == PostVariant.account_id)
        .where(Post.team_id == crisis.team_id, Post.id.in_(list(crisis.held_posts)))
        .order_by(Post.scheduled_at, Post.id, Account.network))
    by_id: dict[int, HeldPost] = {}
    for pid, when, copy, network, handle in rows:
        found = by_id.get(pid)
        accounts = (*(found.accounts if found else ()), f"{network}:{handle}")
        by_id[pid] = HeldPost(pid, when, accounts, copy)
    return list(by_id.values())


# ---- the channel (scheduler side) -------------------------------------------------------


@dataclass(frozen=True)
class ChannelPlan:
    """What the channel step needs, read in the renderer's transaction."""

    crisis: CrisisView
    day: datetime  # the local day it opened, for the name
    invite: tuple[str, ...]  # the reporter and level 1
    tried: tuple[str, ...]  # names a previous run asked Slack for (the delivery's payload)


def channel_plan(session: Session, team_id: str, crisis_id: int, payload: dict[str, Any], *,
                 resume: bool = False) -> ChannelPlan | None:
    """None when there is nothing left to do: the channel is already stored (a retry, a replica) —
    unless `resume`, for the attempt after one that made it and died before finishing its setup."""
    crisis = session.scalars(select(Crisis).where(Crisis.id == crisis_id, Crisis.team_id == team_id)).one_or_none()
    if crisis is None or (crisis.channel_id is not None and not resume):
        return None
    tz, _ = _workspace(session, team_id)
    level1 = list(crisis.chain[0].get("users", [])) if crisis.chain else []
    invite = tuple(dict.fromkeys([crisis.reporter_id, *level1]))
    tried = tuple(str(n) for n in payload.get("tried", []) if isinstance(n, str))
    return ChannelPlan(crisis_view(crisis), local_now(crisis.opened_at, tz), invite, tried)


def _note(session: Session, delivery_id: int, key: str, value: str) -> None:
    """Add `value` to the list `key` of the channel delivery's payload (once), under a row lock."""
    row = session.get(Delivery, delivery_id, with_for_update=True)
    if row is None:
        return
    noted = [str(n) for n in (row.payload or {}).get(key, [])]
    if value not in noted:
        row.payload = {**(row.payload or {}), key: [*noted, value]}


def note_step(session: Session, delivery_id: int, step: str) -> None:
    """Remember a step of the channel's setup done (invited, topic), so the attempt after a crash
    does only the ones left: a kill repeats at most the step in flight."""
    _note(session, delivery_id, "steps", step)


def note_tried(session: Session, delivery_id: int, name: str) -> None:
    """Remember a name asked of Slack before asking, so a run after a crash can tell the channel it
    made itself (name_taken on a name it tried) from somebody else's."""
    _note(session, delivery_id, "tried", name)


def channel_owner(session: Session, team_id: str, channel_id: str) -> int | None:
    """The crisis already using this channel, if any."""
    return session.scalars(select(Crisis.id).where(Crisis.team_id == team_id, Crisis.channel_id == channel_id)
                           .limit(1)).first()


def store_channel(session: Session, team_id: str, crisis_id: int, channel_id: str, name: str, now: datetime) -> bool:
    """Remember the channel (only if none is stored yet) and schedule its first messages; False when
    another run stored one first (its messages are already scheduled)."""
    done = session.execute(
        update(Crisis).where(Crisis.id == crisis_id, Crisis.team_id == team_id, Crisis.channel_id.is_(None))
        .values(channel_id=channel_id, channel_name=name[:80]).execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        return False
    crisis = session.get(Crisis, crisis_id)
    assert crisis is not None
    session.refresh(crisis)
    timeline.record(session, crisis, "channel", actor=SYSTEM, at=now, text=name, detail={"channel": channel_id})
    schedule(session, team_id=team_id, kind=KIND_CHANNEL_POSTS, subject_id=crisis_id, at=now, recipient=channel_id)
    return True


def channel_refused(session: Session, team_id: str, crisis_id: int, code: str, now: datetime) -> None:
    """Slack would not make the channel (a missing scope, a workspace rule): the reporter and the
    admins are told, once; the paging already started goes on."""
    crisis = session.get(Crisis, crisis_id)
    if crisis is None or crisis.team_id != team_id or crisis.channel_id is not None:
        return
    timeline.record(session, crisis, "channel_refused", actor=SYSTEM, at=now, detail={"error": code[:60]})
    audit.append(session, team_id=team_id, actor=SYSTEM, action="crisis.channel_refused",
                 subject=f"crisis:{crisis_id}", at=now, detail={"error": code[:60]})
    schedule(session, team_id=team_id, kind=KIND_CHANNEL_REFUSED, subject_id=crisis_id, at=now,
             recipient=crisis.reporter_id, payload={"error": code[:60]})


def store_checklist_ts(session: Session, team_id: str, crisis_id: int, channel_id: str, ts: str) -> None:
    session.execute(
        update(Crisis).where(Crisis.id == crisis_id, Crisis.team_id == team_id, Crisis.channel_id == channel_id)
        .values(checklist_ts=ts).execution_options(synchronize_session=False))


def opened_facts(session: Session, team_id: str, crisis_id: int) -> Opened | None:
    """The crisis as the channel's first messages show it."""
    crisis = session.scalars(select(Crisis).where(Crisis.id == crisis_id, Crisis.team_id == team_id)).one_or_none()
    if crisis is None or crisis.channel_id is None:
        return None
    tz, _ = _workspace(session, team_id)
    return Opened(crisis_view(crisis), tuple(tuple(lv.get("users", [])) for lv in crisis.chain),
                  tuple(admin_ids(session, team_id)), tuple(held_posts(session, crisis)), tz)


@dataclass(frozen=True)
class Refusal:
    number: str
    tell: tuple[str, ...]  # the reporter and the admins


def refusal_facts(session: Session, team_id: str, crisis_id: int) -> Refusal | None:
    """Who hears that Slack would not make the channel; None once a channel exists after all."""
    crisis = session.get(Crisis, crisis_id)
    if crisis is None or crisis.team_id != team_id or crisis.channel_id is not None:
        return None
    return Refusal(crisis.number, tuple(dict.fromkeys([crisis.reporter_id, *admin_ids(session, team_id)])))
