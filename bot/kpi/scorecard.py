"""The agency scorecard's delivered side (issue 14 §5): what was agreed (bot.kpi.scope) against what
the records show, so the contract's evaluation is measured, not argued.

- **Posts per week** per scoped account: published posts in the period ÷ its weeks (a month of 30
  days is 30/7 weeks); met when at or above the agreed number.
- **Response time**: the mean of the `response_time` metric logged for the scoped accounts in the
  period; met when at or under the agreed minutes. Nothing logged: delivered None, and the digest
  says "not measured: log response_time".
- **Report cadence**: results reports generated (kpi_reports) in the calendar month of the
  period's end, against 2 a month (fortnightly) or 1 (monthly). Met once the count is reached;
  before the month is over a shortfall is not yet a miss (met None).
- **Deliverables**: each one due (its day of the month) in a month the period touches, up to the
  period's last day: on time (marked delivered by the due day, local), late (marked after), or
  missing (not marked and the day passed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.kpi import periods
from bot.kpi.compute import Data, account_subject
from bot.kpi.operational import bounds
from bot.kpi.scope import scope_of
from bot.kpi.views import Operational, Period, Scorecard, ScoreLine
from storage.models import KpiDelivery, KpiReport

REPORTS_PER_MONTH = {"fortnightly": 2, "monthly": 1}


def scorecard(session: Session, team_id: str, period: Period, *, tz: str, ops: Operational, data: Data,
              buckets: Sequence[dt.date]) -> Scorecard | None:
    """None when no scope was agreed (the digest then says how to set one)."""
    scope = scope_of(session, team_id)
    if scope is None:
        return None
    weeks = period.days / 7
    published = {a.account_id: a.published for a in ops.accounts}
    lines: list[ScoreLine] = []
    for account_id, label, per_week in scope.accounts:
        delivered = published.get(account_id, 0) / weeks
        lines.append(ScoreLine("posts", label, float(per_week), round(delivered, 2), delivered >= per_week))
    if scope.response_minutes is not None:
        mean = data.value("response_time", [account_subject(a) for a, _, _ in scope.accounts], buckets)
        lines.append(ScoreLine("response", "", float(scope.response_minutes), mean,
                               None if mean is None else mean <= scope.response_minutes))
    lines.append(_reports(session, team_id, period, tz, scope.report_cadence))
    lines.extend(_deliverables(session, team_id, period, tz, scope.deliverables))
    return Scorecard(provider=scope.provider, report_cadence=scope.report_cadence, lines=tuple(lines))


def _reports(session: Session, team_id: str, period: Period, tz: str, cadence: str) -> ScoreLine:
    month = periods.month(period.end.year, period.end.month)
    start, end = bounds(month, tz)
    count = int(session.scalar(select(func.count(KpiReport.id)).where(
        KpiReport.team_id == team_id, KpiReport.generated_at >= start, KpiReport.generated_at < end)) or 0)
    agreed = REPORTS_PER_MONTH.get(cadence, 1)
    met: bool | None = True if count >= agreed else (False if period.end >= month.end else None)
    return ScoreLine("report", month.label, float(agreed), float(count), met)


def _local_day(at: dt.datetime, tz: str) -> dt.date:
    aware = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    return aware.astimezone(ZoneInfo(tz)).date()


def _deliverables(session: Session, team_id: str, period: Period, tz: str,
                  deliverables: Sequence[tuple[int, str, int]]) -> list[ScoreLine]:
    if not deliverables:
        return []
    months: list[dt.date] = []
    cursor = periods.month_of(period.start)
    while cursor <= period.end:
        months.append(cursor)
        cursor = periods.month(cursor.year, cursor.month).end + dt.timedelta(days=1)
    ids = [d for d, _, _ in deliverables]
    marks = {(d, m): at for d, m, at in session.execute(
        select(KpiDelivery.deliverable_id, KpiDelivery.month_start, KpiDelivery.delivered_at)
        .where(KpiDelivery.team_id == team_id, KpiDelivery.deliverable_id.in_(ids),
               KpiDelivery.month_start.in_(months))).tuples()}
    lines: list[ScoreLine] = []
    for month_start in months:
        for deliverable_id, name, due_day in deliverables:
            due = month_start.replace(day=due_day)
            if due > period.end:
                continue  # not due yet
            at = marks.get((deliverable_id, month_start))
            label = f"{name} ({month_start:%Y-%m}-{due_day:02d})"
            if at is None:
                lines.append(ScoreLine("deliverable", label, 1.0, 0.0, False))
            else:
                lines.append(ScoreLine("deliverable", label, 1.0, 1.0, _local_day(at, tz) <= due))
    return lines
