"""Posting cadence (SPEC §0.5, issue 12 §8): no profile should look abandoned.

Each active account has a minimum and a target number of posts per week (the workspace's
defaults, 1 and 4, or the account's own override). Every Friday at 10:00 workspace time the
approvals channel gets the accounts below their minimum for the coming week (Monday to Sunday in
the workspace zone), with their last published post, and those below target. When every account
is on track it still gets one short line, as Hootsuite-like tools do: silence would look like the
notice broke. A workspace that has never planned a post here gets no notice at all.

What counts: posts scheduled in the week that are pending, approved or published (a cancelled,
rejected, expired, held or draft post will not go out as things stand). A post on two accounts
counts once for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.accounts.lookup import split_ref
from bot.core.authz import Actor, require_role
from bot.core.errors import UsageError
from bot.core.periodic import LocalSlot, Producer, local_producer
from storage import audit
from storage.models import Account, Post, PostVariant, Workspace

KIND_CADENCE = "posts.cadence"
NOTICE_WEEKDAY = 4  # Friday
NOTICE_HOUR = 10
COUNTED_STATUSES = ("pending", "approved", "published")
USAGE_CADENCE = "usage.post.cadence"
# A week has room for a few posts a day; more is a typo (400 for 4), not a plan.
CADENCE_MAX = 70


@dataclass(frozen=True)
class AccountCadence:
    account_id: int
    brand: str
    network: str
    handle: str
    minimum: int
    target: int
    planned: int  # posts counted in the week
    last_published: datetime | None  # UTC


@dataclass(frozen=True)
class CadenceReport:
    week_start: date  # a Monday, in the workspace zone
    timezone: str
    below_minimum: list[AccountCadence]
    # At or above the minimum but below target: an account below its minimum is listed once, there.
    below_target: list[AccountCadence]


def coming_week(local_day: date) -> date:
    """The Monday of the week after `local_day`'s (the Friday notice looks at the next Monday to Sunday)."""
    return local_day + timedelta(days=7 - local_day.weekday())


def week_bounds(week_start: date, tz: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 in `tz`, in UTC: a week with a clock change is 167 or 169 h."""
    zone = ZoneInfo(tz)
    start = datetime.combine(week_start, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(week_start + timedelta(days=7), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def cadence_report(session: Session, team_id: str, week_start: date) -> CadenceReport:
    """The workspace's active accounts against their cadence in the week from `week_start`.

    Three queries whatever the number of accounts and posts: the accounts, the counts per account
    in the week, the last published post per account."""
    ws = session.get(Workspace, team_id)
    tz = ws.timezone if ws is not None else "UTC"
    default_min = ws.cadence_min_per_week if ws is not None else 1
    default_target = ws.cadence_target_per_week if ws is not None else 4
    start, end = week_bounds(week_start, tz)
    accounts = list(session.scalars(
        select(Account).where(Account.team_id == team_id, Account.status == "active")
        .order_by(Account.brand, Account.network, Account.handle)))
    counts: dict[int, int] = {
        account_id: n for account_id, n in session.execute(
            select(PostVariant.account_id, func.count(PostVariant.id))
            .join(Post, Post.id == PostVariant.post_id)
            .where(PostVariant.team_id == team_id, Post.team_id == team_id,
                   Post.status.in_(COUNTED_STATUSES), Post.scheduled_at >= start, Post.scheduled_at < end)
            .group_by(PostVariant.account_id)).tuples()
    }
    # A post marked published without its date (older rows) still counts, at its scheduled time.
    published_when = func.coalesce(Post.published_at, Post.scheduled_at)
    last: dict[int, datetime | None] = {
        account_id: when for account_id, when in session.execute(
            select(PostVariant.account_id, func.max(published_when))
            .join(Post, Post.id == PostVariant.post_id)
            .where(PostVariant.team_id == team_id, Post.team_id == team_id, Post.status == "published")
            .group_by(PostVariant.account_id)).tuples()
    }
    below_min: list[AccountCadence] = []
    below_target: list[AccountCadence] = []
    for account in accounts:
        minimum = account.cadence_min_per_week if account.cadence_min_per_week is not None else default_min
        target = account.cadence_target_per_week if account.cadence_target_per_week is not None else default_target
        row = AccountCadence(
            account_id=account.id, brand=account.brand, network=account.network, handle=account.handle,
            minimum=minimum, target=target, planned=counts.get(account.id, 0),
            last_published=_utc(last.get(account.id)),
        )
        if row.planned < minimum:
            below_min.append(row)
        elif row.planned < target:
            below_target.append(row)
    return CadenceReport(week_start=week_start, timezone=tz, below_minimum=below_min, below_target=below_target)


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes from an aggregate (the column type is not applied to max()).
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def cadence_slot(ws: Workspace) -> LocalSlot | None:
    """Friday 10:00 workspace time, to the approvals channel; none without one (nowhere to say it)."""
    if not ws.approvals_channel:
        return None
    return LocalSlot(hour=NOTICE_HOUR, weekday=NOTICE_WEEKDAY, recipient=ws.approvals_channel)


# One delivery per workspace and Friday (the occurrence is part of the delivery's key): a restart,
# or several scheduler replicas, do not send it twice.
_FRIDAYS: Producer = local_producer(KIND_CADENCE, cadence_slot)


def _produce(session: Session, team_id: str, now: datetime) -> None:
    # Only posts planned here count: before a workspace plans its first one, every account would be
    # "below the minimum" every week, which is noise, not a warning.
    if session.scalar(select(Post.id).where(Post.team_id == team_id).limit(1)) is None:
        return
    _FRIDAYS.fn(session, team_id, now)


CADENCE_PRODUCER = Producer(KIND_CADENCE, _produce, _FRIDAYS.every)


# ---- the per-account override: `/post settings cadence <handle> <min> <target> | default` ---------

@dataclass(frozen=True)
class CadenceChange:
    ref: str  # `<handle>` or `<network>:<handle>`
    minimum: int | None  # both None: back to the workspace's defaults
    target: int | None


@dataclass(frozen=True)
class CadenceSet:
    network: str
    handle: str
    minimum: int  # what applies now (the override, or the workspace default)
    target: int
    is_default: bool


def parse_cadence(text: str) -> CadenceChange:
    parts = text.split()
    shown = " ".join(parts)[:60] or "—"
    if len(parts) == 2 and parts[1].lower() in ("default", "defecto"):
        return CadenceChange(parts[0], None, None)
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts[1:]):
        raise UsageError("post.error.cadence_bad", usage_key=USAGE_CADENCE, text=shown)
    minimum, target = int(parts[1]), int(parts[2])
    if target > CADENCE_MAX or minimum > target:
        raise UsageError("post.error.cadence_range", usage_key=USAGE_CADENCE, text=shown, max=CADENCE_MAX)
    return CadenceChange(parts[0], minimum, target)


def set_cadence(session: Session, actor: Actor, change: CadenceChange, now: datetime) -> CadenceSet:
    """The account's custodian or an admin (refused and audited otherwise); archived accounts refused."""
    network, handle = split_ref(change.ref)
    query = select(Account).where(Account.team_id == actor.team_id, Account.handle == handle)
    if network is not None:
        query = query.where(Account.network == network)
    rows = list(session.scalars(query.order_by(Account.network))) if handle else []
    active = [a for a in rows if a.status == "active"]
    text = change.ref.strip()[:60] or "—"
    if not rows:
        raise UsageError("post.error.unknown_account", usage_key=USAGE_CADENCE, text=text)
    if not active:
        raise UsageError("post.error.archived_account", usage_key=USAGE_CADENCE, text=text)
    if len(active) > 1:
        options = ", ".join(f"`{a.network}:{a.handle}`" for a in active)
        raise UsageError("post.error.ambiguous_account", usage_key=USAGE_CADENCE, text=text, options=options)
    account = active[0]
    if account.custodian_id != actor.user_id:
        require_role(session, actor, action="posts.cadence", subject=f"{account.network}:{account.handle}")
    account.cadence_min_per_week, account.cadence_target_per_week = change.minimum, change.target
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.cadence_changed",
                 subject=f"{account.network}:{account.handle}", at=now,
                 detail={"min": change.minimum, "target": change.target})
    session.flush()
    ws = session.get(Workspace, actor.team_id)
    minimum = change.minimum if change.minimum is not None else (ws.cadence_min_per_week if ws else 1)
    target = change.target if change.target is not None else (ws.cadence_target_per_week if ws else 4)
    return CadenceSet(account.network, account.handle, minimum, target, change.minimum is None)
