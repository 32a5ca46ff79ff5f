"""Weeks, months and fortnights in the workspace's calendar (pure).

A KPI day is a local date in the workspace's time zone: what the networks' exports show and
what people type. Weeks start on Monday (ISO 8601), as in Europe and in the exports.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.kpi.views import Period


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def week(day: dt.date) -> Period:
    """The ISO week holding `day`."""
    start = week_of(day)
    iso = start.isocalendar()
    return Period(start, start + dt.timedelta(days=6), "week", f"{iso.year}-W{iso.week:02d}")


def month(year: int, month_number: int) -> Period:
    start = dt.date(year, month_number, 1)
    nxt = dt.date(year + (month_number == 12), month_number % 12 + 1, 1)
    return Period(start, nxt - dt.timedelta(days=1), "month", f"{year:04d}-{month_number:02d}")


def fortnight_before(today: dt.date) -> Period:
    """The last two complete weeks before `today`'s week."""
    end = week_of(today) - dt.timedelta(days=1)
    start = end - dt.timedelta(days=13)
    return Period(start, end, "fortnight", f"{start.isoformat()}/{end.isoformat()}")


def previous(period: Period) -> Period:
    """The period just before, of the same kind (the change is measured against it)."""
    if period.kind == "week":
        return week(period.start - dt.timedelta(days=7))
    if period.kind == "month":
        before = period.start - dt.timedelta(days=1)
        return month(before.year, before.month)
    end = period.start - dt.timedelta(days=1)
    start = end - dt.timedelta(days=period.days - 1)
    return Period(start, end, period.kind, f"{start.isoformat()}/{end.isoformat()}")


def last_complete_week(today: dt.date) -> Period:
    """The digest's week: the Monday-to-Sunday that ended before `today`'s week began."""
    return week(week_of(today) - dt.timedelta(days=7))


def local_day(tz: str | None, now: dt.datetime) -> dt.date:
    """`now`'s date in the workspace's zone (UTC when unset or unknown): a KPI day is a local date."""
    try:
        zone = ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date()
