"""The KPI numbers, aggregated in SQL (issue 14 §1, §6; formulas: networks.md §4).

A period is made of buckets — ISO weeks (`kpi_values.week_start`) or months (`month_start`) —
so each query filters and groups on the indexed (team_id, metric, week_start | month_start)
columns and reads a bounded range: the period shown, the one before, and the twelve looked
back at for the series and "off track for N periods". Per (subject, metric, bucket) SQL returns
the sum, the count, and for levels (followers) the first and last logged day's values (a join on
min/max(day): the unique key makes it exact, and it is the same SQL on SQLite and PostgreSQL).

What is left to Python is combining those cells — a few per account and metric, never a row
per day: a brand-wide or workspace-wide KPI is the sum of its accounts' sums, the sum of each
account's last level, or for a mean (response time) the mean over every logged day of all its
accounts (Σ values ÷ Σ days, both from SQL). A fortnight is two week buckets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from bot.kpi import metrics
from storage.models import KpiValue

Bucketing = Literal["week", "month"]


@dataclass(frozen=True)
class Cell:
    """One subject's metric in one bucket."""

    total: float
    count: int
    first: float | None = None  # the first logged day's value (levels only)
    last: float | None = None  # the last logged day's value (levels only)


Key = tuple[str, str, dt.date]  # (subject, metric, bucket start)


@dataclass(frozen=True)
class Data:
    """The cells of a bounded range; `value` combines them for any subjects and buckets."""

    cells: dict[Key, Cell]

    @cached_property
    def _subjects(self) -> dict[tuple[str, dt.date], set[str]]:
        index: dict[tuple[str, dt.date], set[str]] = {}
        for s, m, b in self.cells:
            index.setdefault((m, b), set()).add(s)
        return index

    def subjects_with(self, metric: str, buckets: Sequence[dt.date]) -> set[str]:
        return set().union(*(self._subjects.get((metric, b), set()) for b in buckets))

    def value(self, metric: str, subjects: Iterable[str], buckets: Sequence[dt.date]) -> float | None:
        """A base (or custom) metric over `subjects` and `buckets`; None when nothing is logged."""
        how = aggregation(metric)
        subjects = list(subjects)
        if how == "last":
            levels = [self._edge(metric, s, buckets, last=True) for s in subjects]
            present = [v for v in levels if v is not None]
            return sum(present) if present else None
        cells = [c for s in subjects for b in buckets if (c := self.cells.get((s, metric, b))) is not None]
        if not cells:
            return None
        total = sum(c.total for c in cells)
        if how == "mean":
            days = sum(c.count for c in cells)
            return total / days if days else None
        return total

    def growth(self, subjects: Iterable[str], buckets: Sequence[dt.date]) -> float | None:
        """Follower growth: (last − first) ÷ first × 100 within the buckets, over the subjects
        logged in them (an account with one logged day grows 0)."""
        firsts: list[float] = []
        lasts: list[float] = []
        for s in subjects:
            first = self._edge("followers", s, buckets, last=False)
            last = self._edge("followers", s, buckets, last=True)
            if first is not None and last is not None:
                firsts.append(first)
                lasts.append(last)
        if not firsts:
            return None
        return metrics.ratio(sum(lasts) - sum(firsts), sum(firsts))

    def _edge(self, metric: str, subject: str, buckets: Sequence[dt.date], *, last: bool) -> float | None:
        ordered = sorted(buckets, reverse=last)
        for b in ordered:
            cell = self.cells.get((subject, metric, b))
            if cell is not None:
                return cell.last if last else cell.first
        return None


def aggregation(metric: str) -> metrics.Aggregation:
    """sum / last / mean as the metric says; a custom metric is a count (sum)."""
    base = metrics.BASE.get(metric)
    return base.aggregation if base is not None else "sum"


def load(session: Session, team_id: str, metric_keys: Iterable[str], first_bucket: dt.date,
         last_bucket: dt.date, bucketing: Bucketing) -> Data:
    """Every cell of `metric_keys` with its bucket in [first_bucket, last_bucket]: one query per
    metric, three for a level, whatever the number of rows."""
    keys = sorted(set(metric_keys))
    if not keys:
        return Data({})
    col = KpiValue.week_start if bucketing == "week" else KpiValue.month_start
    totals: dict[Key, tuple[float, int]] = {}
    firsts: dict[Key, float] = {}
    lasts: dict[Key, float] = {}
    # One metric per query: with `metric IN (…)` SQLite's planner (no ANALYZE statistics) picks the
    # unique key's index on team_id alone and reads every row of the workspace; `metric = ?` uses
    # (team_id, metric, week_start | month_start) and reads only the range.
    for key in keys:
        where = (KpiValue.team_id == team_id, KpiValue.metric == key, col >= first_bucket, col <= last_bucket)
        stats = session.execute(
            select(KpiValue.subject, col, func.sum(KpiValue.value), func.count(KpiValue.id))
            .where(*where).group_by(KpiValue.subject, col)).tuples()
        totals.update({(s, key, b): (float(t or 0.0), int(n)) for s, b, t, n in stats})
        if aggregation(key) != "last":
            continue
        for edge, out in ((func.min(KpiValue.day), firsts), (func.max(KpiValue.day), lasts)):
            bounds = (select(KpiValue.subject.label("s"), col.label("b"), edge.label("d"))
                      .where(*where).group_by(KpiValue.subject, col).subquery())
            rows = session.execute(
                select(KpiValue.subject, col, KpiValue.value)
                .join(bounds, and_(KpiValue.subject == bounds.c.s, KpiValue.day == bounds.c.d))
                # The range again on the outer side: without it PostgreSQL hash-joins every row of the
                # metric for the workspace (two years) against the few hundred edges (60 ms → 10 ms).
                .where(*where)).tuples()
            for s, b, v in rows:
                out[(s, key, b)] = float(v)
    cells = {k: Cell(t, n, firsts.get(k), lasts.get(k)) for k, (t, n) in totals.items()}
    return Data(cells)


def account_subject(account_id: int) -> str:
    return f"a:{account_id}"


def competitor_subject(competitor_id: int) -> str:
    return f"c:{competitor_id}"


@dataclass(frozen=True)
class Measured:
    value: float | None
    missing: tuple[str, ...]  # base metrics (or "competitors") with no data


def measure(data: Data, metric: str, basis: str | None, subjects: Sequence[str], rivals: Sequence[str],
            buckets: Sequence[dt.date]) -> Measured:
    """A KPI's value over `subjects` (our accounts) in `buckets`; `rivals` are the competitors'
    subjects for share of voice. Derived metrics from their parts, never stored."""
    if metric == "follower_growth":
        value = data.growth(subjects, buckets)
        return Measured(value, () if value is not None else ("followers",))
    if metric == "share_of_voice":
        ours = data.value("mentions", subjects, buckets)
        theirs = data.value("mentions", rivals, buckets)
        missing = tuple(k for k, v in (("mentions", ours), ("competitors", theirs)) if v is None)
        if missing:
            return Measured(None, missing)
        return Measured(metrics.ratio(ours, (ours or 0.0) + (theirs or 0.0)), ())
    if metric in metrics.DERIVED:
        num_key, den_key = metrics.parts_of(metric, basis)
        num = data.value(num_key, subjects, buckets)
        den = data.value(den_key, subjects, buckets)
        missing = tuple(k for k, v in ((num_key, num), (den_key, den)) if v is None)
        return Measured(None if missing else metrics.ratio(num, den), missing)
    value = data.value(metric, subjects, buckets)
    return Measured(value, () if value is not None else (metric,))


def data_keys(metric: str, data_key: str, basis: str | None) -> tuple[str, ...]:
    """The kpi_values.metric keys a KPI reads."""
    if metric == metrics.CUSTOM or data_key.startswith(metrics.CUSTOM_PREFIX):
        return (data_key,)
    return metrics.parts_of(metric, basis)
