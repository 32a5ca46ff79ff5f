"""Strengths, weaknesses and opportunities of a period, computed from its figures (pure).

The results report's closing section. Every item is a `Highlight(key, params)` with raw
numbers in its params (the PDF formats them in the workspace's language), so the same data
always give the same items in the same order: a regenerated report is byte-identical.

- strengths: KPIs on track, widest margin first; a follower base that grew over the chart's
  weeks; on-time publishing; every line of the agreed scope met;
- weaknesses: KPIs off track (for how many periods in a row), deliverables missed or late and
  other scope lines not met, posts published late or not at all;
- opportunities: a competitor ahead of the brand, the best account's practice to extend to the
  weakest, accounts below their cadence target, KPIs defined but not measured yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.kpi.digest import target_in
from bot.kpi.views import AccountOps, CompetitorLine, Highlight, KpiLine, Period, PeriodView

MAX_ITEMS = 5  # per list: a report is read, not searched
ON_TIME_GOOD = 90.0  # % on time that counts as a strength
LONG_OFF_TRACK = 3  # periods in a row


@dataclass(frozen=True)
class Swot:
    strengths: tuple[Highlight, ...]
    weaknesses: tuple[Highlight, ...]
    opportunities: tuple[Highlight, ...]


def margin_pct(line: KpiLine, target: float) -> float | None:
    """How far better than `target` (positive) or worse (negative), in % of the target."""
    value = line.value
    if value is None or target == 0:
        return None
    better = value - target if line.definition.direction == "higher" else target - value
    return better / abs(target) * 100.0


def _subject(line: KpiLine) -> str | None:
    return line.definition.account_label or line.definition.brand


def _kpi_params(line: KpiLine, period: Period) -> dict[str, object]:
    d = line.definition
    return {"metric": d.metric, "name": d.name, "subject": _subject(line), "value": line.value,
            "target": target_in(d, period), "unit": d.unit, "period": d.period}


def _margins(view: PeriodView, on_track: bool) -> list[tuple[float, KpiLine]]:
    return [(m, line) for line in view.kpis
            if line.on_track is on_track
            and (m := margin_pct(line, target_in(line.definition, view.period))) is not None]


def _strengths(view: PeriodView) -> list[Highlight]:
    out: list[Highlight] = []
    on_track = _margins(view, True)
    on_track.sort(key=lambda pair: (-pair[0], pair[1].definition.id))
    out += [Highlight("kpi.report.swot.on_track", {**_kpi_params(line, view.period), "margin": m})
            for m, line in on_track]
    for series in view.series:
        if series.metric != "followers":
            continue
        values = [p.value for p in series.points if p.value is not None]
        if len(values) >= 2 and values[0] > 0 and values[-1] > values[0]:
            growth = (values[-1] - values[0]) / values[0] * 100.0
            out.append(Highlight("kpi.report.swot.followers_growing",
                                 {"subject": series.label, "growth": growth, "weeks": len(series.points)}))
    rate = view.operational.on_time_rate
    if rate is not None and rate >= ON_TIME_GOOD:
        out.append(Highlight("kpi.report.swot.on_time", {"rate": rate}))
    card = view.scorecard
    if card is not None and card.lines and all(line.met for line in card.lines):
        out.append(Highlight("kpi.report.swot.scope_met", {"provider": card.provider}))
    return out


def _weaknesses(view: PeriodView) -> list[Highlight]:
    out: list[Highlight] = []
    off = _margins(view, False)
    # Longest streak first, then the widest miss: what a reader must fix first.
    off.sort(key=lambda pair: (-pair[1].periods_off_track, pair[0], pair[1].definition.id))
    for m, line in off:
        params = {**_kpi_params(line, view.period), "margin": -m, "periods": line.periods_off_track}
        long = line.periods_off_track >= LONG_OFF_TRACK
        key = "kpi.report.swot.off_track_long" if long else "kpi.report.swot.off_track"
        out.append(Highlight(key, params))
    if view.scorecard is not None:
        for score in view.scorecard.lines:
            if score.met is not False:
                continue
            if score.kind == "deliverable":  # met False: not delivered, or delivered after its day
                was_late = bool(score.delivered)
                key = "kpi.report.swot.late_deliverable" if was_late else "kpi.report.swot.missed_deliverable"
            else:
                key = "kpi.report.swot.scope_missed"
            out.append(Highlight(key, {"kind": score.kind, "item": score.label, "agreed": score.agreed,
                                       "delivered": score.delivered}))
    for ops in view.operational.accounts:
        late = ops.published - ops.on_time
        if late > 0:
            out.append(Highlight("kpi.report.swot.late_posts",
                                 {"subject": ops.label, "late": late, "published": ops.published}))
        if ops.planned > ops.published:
            out.append(Highlight("kpi.report.swot.unpublished",
                                 {"subject": ops.label, "missing": ops.planned - ops.published,
                                  "planned": ops.planned}))
    return out


def _competitor_ahead(lines: Iterable[CompetitorLine]) -> list[Highlight]:
    """Per brand, the competitor with the most engagements above ours (or, without those, mentions)."""
    by_brand: dict[str, list[CompetitorLine]] = {}
    for line in lines:
        by_brand.setdefault(line.brand, []).append(line)
    out: list[Highlight] = []
    for brand in sorted(by_brand):
        group = by_brand[brand]
        ours = next((c for c in group if c.ours), None)
        if ours is None:
            continue
        for field in ("engagements", "followers", "share_of_voice"):
            mine = getattr(ours, field)
            rivals = [(getattr(c, field), c.name) for c in group if not c.ours and getattr(c, field) is not None]
            if mine is None or not rivals:
                continue
            best, name = max(rivals, key=lambda pair: (pair[0], pair[1]))
            if best > mine:
                out.append(Highlight("kpi.report.swot.competitor_ahead",
                                     {"brand": brand, "competitor": name, "measure": field, "theirs": best,
                                      "ours": mine}))
            break
    return out


def _account_scores(view: PeriodView) -> dict[str, tuple[int, int]]:
    """label → (KPIs on track, KPIs measured), accounts' own KPIs only."""
    scores: dict[str, tuple[int, int]] = {}
    for line in view.kpis:
        label = line.definition.account_label
        if label is None or line.on_track is None:
            continue
        good, total = scores.get(label, (0, 0))
        scores[label] = (good + int(line.on_track), total + 1)
    return scores


def _below_cadence(ops: AccountOps, weeks: float) -> Highlight | None:
    wanted = round(ops.cadence_target * weeks)  # whole posts: 4 a week in November is 17
    if ops.cadence_target <= 0 or ops.published >= wanted:
        return None
    return Highlight("kpi.report.swot.below_cadence", {"subject": ops.label, "published": ops.published,
                                                       "wanted": wanted, "per_week": ops.cadence_target})


def _opportunities(view: PeriodView) -> list[Highlight]:
    out = _competitor_ahead(view.competitors)
    scores = _account_scores(view)
    if len(scores) >= 2:
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0] / item[1][1], item[0]))
        (best, (bg, bt)), (worst, (wg, wt)) = ranked[0], ranked[-1]
        if bg / bt > wg / wt:
            out.append(Highlight("kpi.report.swot.extend_practice",
                                 {"best": best, "worst": worst, "best_on": bg, "best_of": bt}))
    weeks = view.period.days / 7
    out += [h for ops in view.operational.accounts if (h := _below_cadence(ops, weeks)) is not None]
    out += [Highlight("kpi.report.swot.not_measured",
                      {**_kpi_params(line, view.period), "parts": ", ".join(line.missing)})
            for line in view.kpis if line.value is None]
    return out


def swot(view: PeriodView) -> Swot:
    return Swot(tuple(_strengths(view)[:MAX_ITEMS]), tuple(_weaknesses(view)[:MAX_ITEMS]),
                tuple(_opportunities(view)[:MAX_ITEMS]))
