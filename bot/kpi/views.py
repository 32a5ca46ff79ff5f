"""What the KPI rules return: frozen views the Slack side, the charts and the PDF render.

The one computation (`bot.kpi.digest.period_view`) returns a `PeriodView` for any period —
a week for the digest, a month or a fortnight for the report — so the digest and the report
show the same numbers for the same days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str  # week | month | fortnight
    label: str  # "2026-W48", "2026-11", "2026-11-16/2026-11-29"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class DefinitionView:
    id: int
    metric: str  # a metric key (bot/kpi/metrics.py) or "custom"
    name: str  # what to show: the metric key, or the custom metric's name as typed
    data_key: str  # the kpi_values.metric it reads (custom: "custom:<key>"; derived: its own key)
    unit: str
    basis: str | None  # engagement rate's denominator
    account_id: int | None
    account_label: str | None  # "instagram @acme"
    brand: str | None  # a brand-wide KPI's brand, as the inventory spells it
    target: float
    period: str  # week | month
    direction: str  # higher | lower


@dataclass(frozen=True)
class KpiLine:
    """One objective in one period: the value, last period's, the change, on or off track."""

    definition: DefinitionView
    value: float | None  # None: no data for (some of) its parts in the period
    previous: float | None
    change_pct: float | None  # (value - previous) / previous * 100; None without both or previous == 0
    on_track: bool | None  # None without a value
    periods_off_track: int  # consecutive periods off track up to and including this one
    missing: tuple[str, ...] = ()  # base metrics with no data in the period


@dataclass(frozen=True)
class SeriesPoint:
    week_start: dt.date
    value: float | None


@dataclass(frozen=True)
class AccountSeries:
    """12 weeks of one metric for one account: the chart's lines."""

    account_id: int
    label: str
    metric: str
    points: tuple[SeriesPoint, ...]


@dataclass(frozen=True)
class AccountOps:
    account_id: int
    label: str
    planned: int  # posts due in the period (approved, published, or past due)
    published: int
    on_time: int  # published within the on-time window of their scheduled time
    cadence_target: int  # posts per week wanted (posts settings)


@dataclass(frozen=True)
class Operational:
    accounts: tuple[AccountOps, ...]
    on_time_rate: float | None  # %
    approval_lead_hours: float | None  # median, submit → approve, of posts approved in the period
    crises_opened: int
    ack_minutes: float | None  # median time to acknowledge, crises opened in the period
    resolve_hours: float | None  # median time to resolve, crises resolved in the period
    open_grants: int
    expiring_grants: int  # ending in the next 7 days
    overdue_rotations: int
    open_handover_acts: int


@dataclass(frozen=True)
class ScoreLine:
    kind: str  # posts | response | report | deliverable
    label: str  # "instagram @acme", "Competitor analysis (day 5)"
    agreed: float
    delivered: float | None  # None: nothing to measure it by yet (say so)
    met: bool | None


@dataclass(frozen=True)
class Scorecard:
    provider: str
    report_cadence: str
    lines: tuple[ScoreLine, ...]


@dataclass(frozen=True)
class CompetitorLine:
    brand: str
    name: str  # ours: the brand itself, flagged by `ours`
    ours: bool
    followers: float | None
    posts: float | None
    engagements: float | None
    mentions: float | None
    share_of_voice: float | None  # % of the brand's and its competitors' mentions


@dataclass(frozen=True)
class Highlight:
    key: str  # a catalog key (kpi.digest.highlight.*)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PeriodView:
    team_id: str
    period: Period
    previous: Period
    timezone: str
    language: str
    kpis: tuple[KpiLine, ...]
    series: tuple[AccountSeries, ...]
    operational: Operational
    scorecard: Scorecard | None
    competitors: tuple[CompetitorLine, ...]
    highlights: tuple[Highlight, ...]
    # What is missing, as catalog keys with params ("no KPI defined yet: /kpi define …",
    # "no data logged for instagram @acme this week"): said instead of failing.
    missing: tuple[Highlight, ...]

    @property
    def empty(self) -> bool:
        return not self.kpis and not self.series and not self.operational.accounts
