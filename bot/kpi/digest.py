"""One computation for the weekly digest and the results report: `period_view` (issue 14 §6, §7).

For any period (a week, a fortnight, a month) and each active KPI: its value, last period's, the
change, on or off track, and for how many periods running it has been off track (looking back up
to LOOKBACK periods); twelve weeks of the main metrics per account for the chart; the operational
KPIs; the scorecard; ours against each competitor; three highlights; and what is missing.

**A target in another period's unit.** A KPI's target is per week or per month; the view always
measures its own period. A count (a summed metric: reach, engagements, a custom metric) has its
target scaled to the days shown — a monthly 400 engagements is 400 × 7 / 30 in a weekly digest of a
30-day month, a weekly 100 is 100 × 31 / 7 in a July report — since a week cannot hold a month's
count. A level, a ratio or a mean (followers, engagement rate, response time) is compared with
its target as is. `target_in` is that rule, for whoever shows the target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from bot.core.authz import Actor, require_role
from bot.core.errors import Conflict
from bot.core.periodic import LocalSlot, local_producer
from bot.kpi import compute, metrics, periods
from bot.kpi.competitors import competitors_of
from bot.kpi.compute import Data, account_subject, competitor_subject
from bot.kpi.definitions import active_definitions
from bot.kpi.highlights import highlights, subject_of
from bot.kpi.operational import account_label, operational
from bot.kpi.scorecard import scorecard
from bot.kpi.views import (
    AccountSeries,
    CompetitorLine,
    DefinitionView,
    Highlight,
    KpiLine,
    Operational,
    Period,
    PeriodView,
    SeriesPoint,
)
from storage.models import Account, Workspace
from storage.models.kpi import KpiCompetitor, KpiDigest

LOOKBACK = 12  # periods looked back at for "off track N periods running"
SERIES_WEEKS = 12
SERIES_METRICS = ("followers", "reach", "engagements", "engagement_rate")


@dataclass(frozen=True)
class _Accounts:
    labels: dict[int, str]
    by_brand: dict[str, list[int]]  # brand_key → account ids
    brands: dict[str, str]  # brand_key → the brand as the inventory spells it


def target_in(definition: DefinitionView, period: Period) -> float:
    """The KPI's target for `period` (see the module's docstring): counts pro rata, the rest as is."""
    if compute.aggregation(definition.data_key if definition.metric == metrics.CUSTOM else definition.metric) != "sum" \
            or definition.metric in metrics.DERIVED:
        return definition.target
    if definition.period == "week":
        own_days = 7
    else:
        month = periods.month(period.end.year, period.end.month)
        own_days = month.days
    return definition.target * period.days / own_days if period.days != own_days else definition.target


def _history(period: Period) -> list[Period]:
    """The period and the LOOKBACK ones before it, newest first."""
    out = [period]
    for _ in range(LOOKBACK):
        out.append(periods.previous(out[-1]))
    return out


def _buckets(period: Period) -> list[dt.date]:
    if period.kind == "month":
        return [period.start]
    return [period.start + dt.timedelta(days=7 * i) for i in range(max(1, period.days // 7))]


def _accounts(session: Session, team_id: str) -> _Accounts:
    labels: dict[int, str] = {}
    by_brand: dict[str, list[int]] = {}
    brands: dict[str, str] = {}
    for a in session.scalars(select(Account).where(Account.team_id == team_id, Account.status == "active")
                             .order_by(Account.brand, Account.network, Account.handle)):
        labels[a.id] = account_label(a)
        key = brand_key(a.brand)
        by_brand.setdefault(key, []).append(a.id)
        brands.setdefault(key, a.brand)
    return _Accounts(labels, by_brand, brands)


def _subjects(d: DefinitionView, accts: _Accounts) -> list[int]:
    if d.account_id is not None:
        return [d.account_id]
    if d.brand is not None:
        return accts.by_brand.get(brand_key(d.brand), [])
    return list(accts.labels)


def _brand_keys(d: DefinitionView, accts: _Accounts, account_brand: dict[int, str]) -> list[str]:
    if d.account_id is not None:
        return [account_brand[d.account_id]] if d.account_id in account_brand else []
    if d.brand is not None:
        return [brand_key(d.brand)]
    return list(accts.by_brand)


def _on_track(d: DefinitionView, value: float | None, target: float) -> bool | None:
    if value is None:
        return None
    return value >= target if d.direction == "higher" else value <= target


def period_view(session: Session, team_id: str, period: Period, *, now: dt.datetime) -> PeriodView:
    ws = session.get(Workspace, team_id)
    tz = ws.timezone if ws is not None and ws.timezone else "UTC"
    language = ws.language if ws is not None and ws.language else "en"
    defs = active_definitions(session, team_id)
    accts = _accounts(session, team_id)
    account_brand = {a: k for k, ids in accts.by_brand.items() for a in ids}
    rivals = {k: competitors_of(session, team_id, k) for k in accts.by_brand}
    history = _history(period)
    bucketing: compute.Bucketing = "month" if period.kind == "month" else "week"
    keys = {k for d in defs for k in compute.data_keys(d.metric, d.data_key, d.basis)}
    # The series, the competitors and the scorecard's response time read these with or without a KPI on them.
    keys |= {"followers", "reach", "engagements", "mentions", "posts", "response_time"}
    data = compute.load(session, team_id, keys, history[-1].start, period.end, bucketing)
    series_start = periods.week_of(period.end) - dt.timedelta(weeks=SERIES_WEEKS - 1)
    weekly = data if bucketing == "week" and history[-1].start <= series_start else compute.load(
        session, team_id, {"followers", "reach", "engagements", "response_time"}, series_start, period.end, "week")

    lines: list[KpiLine] = []
    targets: list[float] = []
    missing: list[Highlight] = []
    for d in defs:
        subjects = [account_subject(a) for a in _subjects(d, accts)]
        rival_subjects = [competitor_subject(c.id) for k in _brand_keys(d, accts, account_brand)
                          for c in rivals.get(k, [])]
        key = d.data_key if d.metric == metrics.CUSTOM else d.metric
        measured = [compute.measure(data, key, d.basis, subjects, rival_subjects, _buckets(p)) for p in history]
        target = target_in(d, period)
        value, before = measured[0].value, measured[1].value
        change = (value - before) / abs(before) * 100 if value is not None and before else None
        run = 0
        for p, m in zip(history, measured, strict=True):
            if _on_track(d, m.value, target_in(d, p)) is not False:
                break
            run += 1
        lines.append(KpiLine(d, value, before, change, _on_track(d, value, target), run, measured[0].missing))
        targets.append(target)
        missing.extend(_missing_notes(d, measured[0]))
    if not defs:
        missing.append(Highlight("kpi.digest.missing.no_definitions"))

    ops = operational(session, team_id, period, now=now)
    card = scorecard(session, team_id, period, tz=tz, ops=ops, data=data, buckets=_buckets(period))
    if card is None:
        missing.append(Highlight("kpi.digest.missing.no_scope"))
    elif any(line.kind == "response" and line.delivered is None for line in card.lines):
        missing.append(Highlight("kpi.digest.missing.response"))
    series = _series(weekly, accts, series_start)
    if not series and not data.cells:
        missing.append(Highlight("kpi.digest.missing.no_values"))
    return PeriodView(
        team_id=team_id, period=period, previous=history[1], timezone=tz, language=language,
        kpis=tuple(lines), series=series, operational=ops, scorecard=card,
        competitors=_competitors(data, accts, rivals, ops, _buckets(period)),
        highlights=highlights(lines, targets), missing=tuple(missing),
    )


def _missing_notes(d: DefinitionView, m: compute.Measured) -> list[Highlight]:
    if not m.missing:
        return []
    params = {"metric": d.metric, "kpi": d.name, "subject": subject_of(d)}
    if "competitors" in m.missing and len(m.missing) == 1:
        return [Highlight("kpi.digest.missing.competitors", params)]
    parts = metrics.parts_of(d.metric, d.basis)
    if d.metric in metrics.DERIVED and len(parts) > 1 and len(m.missing) < len(parts):
        return [Highlight("kpi.digest.missing.parts", {**params, "parts": ", ".join(m.missing)})]
    return [Highlight("kpi.digest.missing.no_data", params)]


def _series(weekly: Data, accts: _Accounts, start: dt.date) -> tuple[AccountSeries, ...]:
    """Per main metric, per account with data in the twelve weeks: a point per week."""
    weeks = [start + dt.timedelta(weeks=i) for i in range(SERIES_WEEKS)]
    out: list[AccountSeries] = []
    for metric in SERIES_METRICS:
        for account_id, label in accts.labels.items():
            subject = [account_subject(account_id)]
            points = tuple(SeriesPoint(w, compute.measure(weekly, metric, None, subject, [], [w]).value)
                           for w in weeks)
            if any(p.value is not None for p in points):
                out.append(AccountSeries(account_id, label, metric, points))
    return tuple(out)


def _competitors(data: Data, accts: _Accounts, rivals: dict[str, list[KpiCompetitor]], ops: Operational,
                 buckets: Sequence[dt.date]) -> tuple[CompetitorLine, ...]:
    """Per brand with a competitor's figures in the period: ours, then each competitor."""
    published = {a.account_id: a.published for a in ops.accounts}
    out: list[CompetitorLine] = []
    for key, competitors in rivals.items():
        subs = [competitor_subject(c.id) for c in competitors]
        if not any(data.subjects_with(m, buckets) & set(subs) for m in ("followers", "posts", "engagements",
                                                                          "mentions")):
            continue
        ours = [account_subject(a) for a in accts.by_brand.get(key, [])]
        everyone = ours + subs
        total = data.value("mentions", everyone, buckets)

        def sov(subjects: list[str], total: float | None = total) -> float | None:
            mine = data.value("mentions", subjects, buckets)
            return metrics.ratio(mine, total) if mine is not None else None

        brand = accts.brands.get(key, key)
        out.append(CompetitorLine(
            brand=brand, name=brand, ours=True, followers=data.value("followers", ours, buckets),
            posts=float(sum(published.get(a, 0) for a in accts.by_brand.get(key, []))),
            engagements=data.value("engagements", ours, buckets), mentions=data.value("mentions", ours, buckets),
            share_of_voice=sov(ours)))
        for c, subject in zip(competitors, subs, strict=True):
            one = [subject]
            out.append(CompetitorLine(
                brand=brand, name=c.name, ours=False, followers=data.value("followers", one, buckets),
                posts=data.value("posts", one, buckets), engagements=data.value("engagements", one, buckets),
                mentions=data.value("mentions", one, buckets), share_of_voice=sov(one)))
    return tuple(out)


# The weekly digest and `/kpi digest now` ------------------------------------------------------

KIND_DIGEST = "kpi.digest"


def digest_slot(ws: Workspace) -> LocalSlot | None:
    """The workspace's digest day and hour (§9); no digest channel, no weekly digest."""
    if not ws.digest_channel:
        return None
    return LocalSlot(hour=ws.digest_hour, weekday=ws.digest_weekday, recipient=ws.digest_channel)


DIGEST_PRODUCER = local_producer(KIND_DIGEST, digest_slot)


@dataclass(frozen=True)
class DigestRun:
    view: PeriodView
    channel: str | None  # the digest channel (weekly, or `now channel`); None: to the requester
    trigger: str  # weekly | now


def weekly_digest(session: Session, team_id: str, occurrence_at: dt.datetime, *, now: dt.datetime) -> DigestRun | None:
    """The occurrence's digest: the last complete week before its local date. None when the
    digest channel was unset meanwhile."""
    ws = session.get(Workspace, team_id)
    if ws is None or not ws.digest_channel:
        return None
    occurrence = occurrence_at if occurrence_at.tzinfo else occurrence_at.replace(tzinfo=dt.UTC)
    week = periods.last_complete_week(periods.local_day(ws.timezone, occurrence))
    return DigestRun(period_view(session, team_id, week, now=now), ws.digest_channel, "weekly")


@dataclass(frozen=True)
class DigestAsked:
    """`/kpi digest now` allowed: where it goes and which week (before the ack: no computation)."""

    week: Period
    channel: str | None  # the digest channel for `now channel`; None: to the requester


def ask_digest(session: Session, actor: Actor, now: dt.datetime, *, to_channel: bool) -> DigestAsked:
    """Every member may see the digest; only an admin sends it to the channel."""
    if to_channel:
        require_role(session, actor, action="kpi.digest.channel")
    ws = session.get(Workspace, actor.team_id)
    channel = ws.digest_channel if ws is not None else None
    if to_channel and not channel:
        raise Conflict("kpi.digest.error.no_channel")
    week = periods.last_complete_week(periods.local_day(ws.timezone if ws is not None else None, now))
    return DigestAsked(week, channel if to_channel else None)


def digest_now(session: Session, actor: Actor, asked: DigestAsked, now: dt.datetime) -> DigestRun:
    """The asked digest, computed after the ack (a two-year workspace takes a few hundred ms)."""
    return DigestRun(period_view(session, actor.team_id, asked.week, now=now), asked.channel, "now")


def summary_of(view: PeriodView) -> dict[str, Any]:
    """The figures the digest showed, for the record (kpi_digests.summary)."""
    ops = view.operational
    return {
        "period": view.period.label,
        "kpis": [{"id": k.definition.id, "value": k.value, "previous": k.previous, "change_pct": k.change_pct,
                  "on_track": k.on_track, "periods_off_track": k.periods_off_track} for k in view.kpis],
        "operational": {"planned": sum(a.planned for a in ops.accounts),
                        "published": sum(a.published for a in ops.accounts), "on_time_rate": ops.on_time_rate,
                        "crises_opened": ops.crises_opened, "open_grants": ops.open_grants},
        "highlights": [h.key for h in view.highlights],
    }


def posted_digest(session: Session, team_id: str, week_start: dt.date, channel: str) -> KpiDigest | None:
    """The weekly digest already posted for this week and channel (a retry after a crash)."""
    return session.scalars(select(KpiDigest).where(
        KpiDigest.team_id == team_id, KpiDigest.week_start == week_start, KpiDigest.trigger == "weekly",
        KpiDigest.channel_id == channel).order_by(KpiDigest.id).limit(1)).first()


def record_digest(session: Session, team_id: str, run: DigestRun, channel: str | None, ts: str | None,
                  now: dt.datetime) -> int:
    row = KpiDigest(team_id=team_id, week_start=run.view.period.start, trigger=run.trigger, channel_id=channel,
                    message_ts=ts, summary=summary_of(run.view), posted_at=now)
    session.add(row)
    session.flush()
    return row.id


def note_chart(session: Session, team_id: str, digest_id: int, file_id: str) -> None:
    """The chart went up: a retry does not upload it again."""
    row = session.get(KpiDigest, digest_id)
    if row is not None and row.team_id == team_id:
        row.summary = {**(row.summary or {}), "chart_file": file_id}
