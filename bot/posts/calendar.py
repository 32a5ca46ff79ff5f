"""The publication calendar, the post lists and the iCalendar export (issue 12 §7, SPEC §5).

Read-only rules: every workspace member may look at the calendar, as at the inventory. Days are
local days of the workspace zone (a post at 00:30 in Madrid belongs to that Madrid day, whatever
UTC says), and the queries are a constant handful of statements whatever the number of posts:
one count, one page of posts, one of their variants with their accounts.

The week is the calendar week from Monday in the workspace zone, not "the next 7 days": the week
views of Hootsuite's Planner, Buffer and Sprout Social show Monday (or Sunday) to Sunday, and a
community manager planning "this week" means that week, including what already went out on
Monday. Monday, since the workspaces this serves are European (ISO 8601) and Spanish-speaking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from bot.core.errors import NotFound, UsageError
from bot.core.i18n import Translator
from bot.core.parsing import parse_id, words
from storage.models import Account, Post, PostVariant, Workspace

PAGE_POSTS: Final = 20  # a page stays far below Slack's 50 blocks and 3,000 characters a section
ICS_DAYS: Final = 90
PERIODS: Final = ("week", "month")
LISTS: Final = ("mine", "pending", "scheduled")
_PERIOD_WORDS: Final = {"week": "week", "semana": "week", "month": "month", "mes": "month"}
_LIST_WORDS: Final = {"mine": "mine", "mis": "mine", "mios": "mine", "míos": "mine",
                      "pending": "pending", "pendientes": "pending",
                      "scheduled": "scheduled", "programados": "scheduled"}
_ICS_WORDS: Final = frozenset({"ics", "ical", "icalendar"})
# States that still ask something of their author or publisher, whatever their date.
_NEEDS_YOU: Final = ("draft", "changes_requested", "overdue", "held")
# Not on the exported calendar: nothing will go out and nothing is left to do.
_NOT_EXPORTED: Final = ("cancelled", "rejected")
YEARS: Final = (2000, 2200)  # the periods a page button may name: any a calendar is about
FILTER_MAX: Final = 120  # the longest handle an account may have (storage/models/accounts.py)


@dataclass(frozen=True)
class Placement:
    """One account a post goes to."""

    network: str
    handle: str
    tagged_link: str | None
    published_url: str | None


@dataclass(frozen=True)
class CalendarPost:
    id: int
    team_id: str
    status: str
    scheduled_at: datetime  # UTC
    local: datetime  # the same instant in the workspace zone
    brand: str | None
    author_id: str
    publisher_id: str
    copy: str  # as typed: whoever renders it into mrkdwn neutralises it
    link: str | None
    media_url: str | None
    campaign: str | None
    revision: int
    published_url: str | None
    targets: tuple[Placement, ...]


@dataclass(frozen=True)
class Day:
    day: date  # local
    continued: bool  # the previous page ended inside this day
    posts: tuple[CalendarPost, ...]


@dataclass(frozen=True)
class Scope:
    """What a page shows, echoed back by its previous/next buttons (`encode_scope`)."""

    kind: str  # a period ("week", "month") or a list ("mine", "pending", "scheduled")
    start: date | None = None  # a period's first local day; None for a list
    filter: str | None = None  # a handle or a brand, as typed


@dataclass(frozen=True)
class CalendarPage:
    scope: Scope
    tz: str
    last: date | None  # a period's last local day (inclusive)
    filter_kind: str | None  # "handle" | "brand"
    days: tuple[Day, ...]
    number: int
    pages: int
    total: int


@dataclass(frozen=True)
class CalendarRequest:
    kind: str  # "week" | "month" | "ics"
    filter: str | None


# ---- command text and button values ---------------------------------------------------------

def parse_calendar(text: str) -> CalendarRequest:
    """`[week|month|ics] [<handle>|<brand>]`; a brand may have spaces (quoted or not)."""
    parts = words(text)
    kind = "week"
    if parts and (parts[0].casefold() in _PERIOD_WORDS or parts[0].casefold() in _ICS_WORDS):
        first = parts.pop(0).casefold()
        kind = "ics" if first in _ICS_WORDS else _PERIOD_WORDS[first]
    rest = " ".join(parts).strip() or None
    if rest is not None and len(rest) > FILTER_MAX:
        raise UsageError("posts.cal.error.unknown_filter", usage_key="usage.post.calendar", ref=rest[:40] + "…")
    return CalendarRequest(kind, rest)


def parse_list(text: str) -> str:
    """`[mine|pending|scheduled]`, mine when bare."""
    parts = words(text)
    if not parts:
        return "mine"
    which = _LIST_WORDS.get(parts[0].casefold()) if len(parts) == 1 else None
    if which is None:
        raise UsageError("posts.cal.error.bad_list", usage_key="usage.post.list")
    return which


_SCOPE_RE = re.compile(r"(week|month|mine|pending|scheduled)\|([0-9]{4}-[0-9]{2}-[0-9]{2})?\|([0-9]{1,19})\|(.*)",
                       re.ASCII | re.DOTALL)


def encode_scope(scope: Scope, number: int) -> str:
    start = scope.start.isoformat() if scope.start else ""
    return f"{scope.kind}|{start}|{number}|{scope.filter or ''}"


def parse_scope(value: str) -> tuple[Scope, int] | None:
    """A page button's value back, strictly: anything that `encode_scope` would not have written
    (another kind, a date that is no date, Unicode digits, a page no database holds, a filter
    longer than any handle) is None, never an exception."""
    m = _SCOPE_RE.fullmatch(value)
    if m is None:
        return None
    kind, start_text, number_text, filter_text = m.groups()
    number = parse_id(number_text)
    if number is None or len(filter_text) > FILTER_MAX:
        return None
    if (kind in PERIODS) != bool(start_text) or (kind in LISTS and filter_text):
        return None
    start: date | None = None
    if start_text:
        try:
            start = date.fromisoformat(start_text)
        except ValueError:
            return None
        if (kind == "week" and start.weekday() != 0) or (kind == "month" and start.day != 1):
            return None
        if not YEARS[0] <= start.year <= YEARS[1]:  # 9999-12-27 + 7 days is no date at all
            return None
    return Scope(kind, start, filter_text or None), number


# ---- time -----------------------------------------------------------------------------------

def zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")  # a zone name the host does not know: UTC rather than a failure


def workspace_zone(session: Session, team_id: str, default: str) -> str:
    ws = session.get(Workspace, team_id)
    return ws.timezone if ws is not None else default


def period_start(kind: str, now: datetime, tz: str) -> date:
    today = now.astimezone(zone(tz)).date()
    return today - timedelta(days=today.weekday()) if kind == "week" else today.replace(day=1)


def period_before(kind: str, start: date) -> date:
    """The first local day of the week or month before the one starting on `start`."""
    if kind == "week":
        return start - timedelta(days=7)
    return (start - timedelta(days=1)).replace(day=1)


def period_end(kind: str, start: date) -> date:
    """The first local day after the period."""
    if kind == "week":
        return start + timedelta(days=7)
    return date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def local_midnight(day: date, tz: str) -> datetime:
    """The UTC instant a local day begins (the zone's offset of that day, DST included)."""
    return datetime.combine(day, time(0), tzinfo=zone(tz)).astimezone(UTC)


# ---- queries --------------------------------------------------------------------------------

def _resolve_filter(session: Session, team_id: str, text: str) -> tuple[str, ColumnElement[bool]]:
    """A handle (with or without "@") or else a brand of this workspace's inventory; anything else
    is usage text. Archived accounts count: their past posts are still on the calendar.

    The accounts are looked up first and the posts matched on their ids: a condition on the
    account's brand inside the posts' EXISTS made SQLite read the team's accounts once per post
    (230 ms for a month of 50,000 posts). Brands compare casefolded in Python, since SQLite's
    lower() folds ASCII only ("CAFÉ" would not find "Café")."""
    handle = text.strip().lstrip("@").lower()
    kind = "handle"
    ids = list(session.scalars(select(Account.id).where(Account.team_id == team_id, Account.handle == handle)))
    if not ids:
        kind, brand = "brand", text.strip().casefold()
        ids = [i for i, b in session.execute(select(Account.id, Account.brand).where(Account.team_id == team_id))
               if b.casefold() == brand]
    if not ids:
        raise UsageError("posts.cal.error.unknown_filter", usage_key="usage.post.calendar", ref=text)
    on_account = exists(select(PostVariant.id).where(PostVariant.post_id == Post.id, PostVariant.account_id.in_(ids)))
    return kind, on_account


def _load(session: Session, team_id: str, tz: str, posts: Sequence[Post]) -> list[CalendarPost]:
    """The posts with their accounts: one statement for all their variants, not one per post."""
    ids = [p.id for p in posts]
    targets: dict[int, list[Placement]] = {i: [] for i in ids}
    if ids:
        rows = session.execute(
            select(PostVariant.post_id, PostVariant.network, Account.handle, PostVariant.tagged_link,
                   PostVariant.published_url)
            .join(Account, Account.id == PostVariant.account_id)
            # By post id alone: the posts are this workspace's already, and with a team_id condition
            # SQLite reads every variant of the team through its team_id index (170 ms at 50,000 posts).
            .where(PostVariant.post_id.in_(ids))
            .order_by(PostVariant.post_id, PostVariant.id))
        for post_id, network, handle, tagged, url in rows:
            targets[post_id].append(Placement(network, handle, tagged, url))
    where = zone(tz)
    return [CalendarPost(
        id=p.id, team_id=p.team_id, status=p.status, scheduled_at=p.scheduled_at,
        local=p.scheduled_at.astimezone(where), brand=p.brand, author_id=p.author_id,
        publisher_id=p.publisher_id, copy=p.copy, link=p.link, media_url=p.media_url, campaign=p.campaign,
        revision=p.revision, published_url=p.published_url, targets=tuple(targets[p.id])) for p in posts]


def _group(posts: Sequence[CalendarPost], before: date | None) -> tuple[Day, ...]:
    days: list[Day] = []
    for post in posts:
        day = post.local.date()
        if days and days[-1].day == day:
            days[-1] = Day(day, days[-1].continued, (*days[-1].posts, post))
        else:
            days.append(Day(day, not days and before == day, (post,)))
    return tuple(days)


def _page(session: Session, team_id: str, tz: str, scope: Scope, number: int, conds: list[ColumnElement[bool]],
          *, last: date | None, filter_kind: str | None) -> CalendarPage:
    total = int(session.scalar(select(func.count()).select_from(Post).where(*conds)) or 0)
    pages = max(1, -(-total // PAGE_POSTS))
    if number > pages:
        raise NotFound("posts.cal.error.bad_page")
    first = (number - 1) * PAGE_POSTS
    # One post before the page comes along (when there is one), to say whether the page's first
    # day began on the previous page.
    skip = max(0, first - 1)
    rows = list(session.scalars(select(Post).where(*conds).order_by(Post.scheduled_at, Post.id)
                                .offset(skip).limit(PAGE_POSTS + (first - skip))))
    previous = rows.pop(0) if first > skip and rows else None
    posts = _load(session, team_id, tz, rows)
    before = previous.scheduled_at.astimezone(zone(tz)).date() if previous is not None else None
    return CalendarPage(scope=scope, tz=tz, last=last, filter_kind=filter_kind, days=_group(posts, before),
                        number=number, pages=pages, total=total)


def calendar_page(session: Session, team_id: str, scope: Scope, number: int, *, tz: str) -> CalendarPage:
    """One page of a week or a month (`scope.start` its first local day), maybe of one handle or brand."""
    assert scope.kind in PERIODS and scope.start is not None
    end = period_end(scope.kind, scope.start)
    conds: list[ColumnElement[bool]] = [
        Post.team_id == team_id,
        Post.scheduled_at >= local_midnight(scope.start, tz), Post.scheduled_at < local_midnight(end, tz)]
    filter_kind = None
    if scope.filter:
        filter_kind, on_account = _resolve_filter(session, team_id, scope.filter)
        conds.append(on_account)
    return _page(session, team_id, tz, scope, number, conds, last=end - timedelta(days=1), filter_kind=filter_kind)


def list_page(session: Session, team_id: str, user_id: str, scope: Scope, number: int, *, now: datetime,
              tz: str) -> CalendarPage:
    """mine: what the person writes or publishes, from today on, and whatever still needs them;
    pending: awaiting approval; scheduled: approved and still to come."""
    conds: list[ColumnElement[bool]] = [Post.team_id == team_id]
    if scope.kind == "mine":
        today = local_midnight(now.astimezone(zone(tz)).date(), tz)
        conds += [or_(Post.author_id == user_id, Post.publisher_id == user_id),
                  or_(Post.scheduled_at >= today, Post.status.in_(_NEEDS_YOU))]
    elif scope.kind == "pending":
        conds.append(Post.status == "pending")
    else:
        conds += [Post.status == "approved", Post.scheduled_at >= now]
    return _page(session, team_id, tz, scope, number, conds, last=None, filter_kind=None)


def upcoming(session: Session, team_id: str, *, now: datetime, tz: str, filter_text: str | None = None,
             days: int = ICS_DAYS) -> list[CalendarPost]:
    """The posts of the coming `days` (from the start of today, local), for the .ics file."""
    start = local_midnight(now.astimezone(zone(tz)).date(), tz)
    conds: list[ColumnElement[bool]] = [
        Post.team_id == team_id, Post.scheduled_at >= start, Post.scheduled_at < now + timedelta(days=days),
        Post.status.not_in(_NOT_EXPORTED)]
    if filter_text:
        conds.append(_resolve_filter(session, team_id, filter_text)[1])
    rows = list(session.scalars(select(Post).where(*conds).order_by(Post.scheduled_at, Post.id)))
    return _load(session, team_id, tz, rows)


# ---- iCalendar ------------------------------------------------------------------------------

# RFC 5545 STATUS of a VEVENT: what calendar apps grey out or strike through.
_ICS_STATUS: Final = {"approved": "CONFIRMED", "published": "CONFIRMED", "overdue": "CONFIRMED",
                      "expired": "CANCELLED", "cancelled": "CANCELLED", "rejected": "CANCELLED"}
EVENT_MINUTES: Final = 15  # a post is an instant; calendars need a length to draw it


def accounts_text(post: CalendarPost) -> str:
    return ", ".join(f"{t.network} @{t.handle}" for t in post.targets)


def ics_filename(team_id: str, now: datetime) -> str:
    return f"socialops-calendar-{team_id}-{now.strftime('%Y%m%d')}.ics"


def to_ics(tr: Translator, posts: Sequence[CalendarPost], *, tz: str, now: datetime, name: str) -> bytes:
    """One VEVENT per post: its UID stable across exports (post id and workspace), so importing a
    newer file updates the events instead of doubling them; SEQUENCE is the post's revision.
    DTSTART carries the workspace zone with its VTIMEZONE, so the event lands at the right instant
    in any calendar app, on either side of a DST change. Plain text only: no mrkdwn here."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//SocialOps//Publication calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz)
    where = zone(tz)
    for post in posts:
        event = Event()
        event.add("uid", f"post-{post.id}-{post.team_id}@socialops")
        event.add("dtstamp", now.astimezone(UTC))
        start = post.scheduled_at.astimezone(where)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
        status = tr(f"post.status.{post.status}")
        event.add("summary", tr("posts.cal.ics.summary", status=status, accounts=accounts_text(post)))
        event.add("description", _description(tr, post, status))
        event.add("sequence", max(0, post.revision - 1))
        event.add("status", _ICS_STATUS.get(post.status, "TENTATIVE"))
        if post.published_url:
            event.add("url", post.published_url)
        if post.campaign:
            event.add("categories", [post.campaign])
        cal.add_component(event)
    if posts:
        first = min(p.scheduled_at for p in posts).date()
        last = max(p.scheduled_at for p in posts).date()
        # Only the years the file needs: the zone's whole history would be most of the file.
        cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    data: bytes = cal.to_ical()
    return data


def _description(tr: Translator, post: CalendarPost, status: str) -> str:
    lines = [post.copy, "", tr("posts.cal.ics.status", status=status, id=post.id)]
    if post.brand:
        lines.append(tr("posts.cal.ics.brand", brand=post.brand))
    if post.link:
        lines.append(tr("posts.cal.ics.link", link=post.link))
    for t in post.targets:
        if t.tagged_link:
            lines.append(tr("posts.cal.ics.tagged", network=t.network, handle=t.handle, link=t.tagged_link))
        if t.published_url:
            lines.append(tr("posts.cal.ics.live", network=t.network, handle=t.handle, link=t.published_url))
    if post.media_url:
        lines.append(tr("posts.cal.ics.media", link=post.media_url))
    if post.published_url:
        lines.append(tr("posts.cal.ics.published", link=post.published_url))
    return "\n".join(lines)


def ics_for(session: Session, tr: Translator, team_id: str, *, now: datetime, default_tz: str,
            filter_text: str | None = None) -> tuple[bytes, int]:
    """The .ics of the coming 90 days and how many posts it holds (the Slack upload and the CLI)."""
    tz = workspace_zone(session, team_id, default_tz)
    posts = upcoming(session, team_id, now=now, tz=tz, filter_text=filter_text)
    name = tr("posts.cal.ics.name", filter=filter_text) if filter_text else tr("posts.cal.ics.name_all")
    return to_ics(tr, posts, tz=tz, now=now, name=name), len(posts)


def teams_with_posts(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(Post.team_id).distinct())))

