"""Strengths, weaknesses and opportunities: computed from a period's figures, in a fixed order."""

from __future__ import annotations

import dataclasses

import pytest

from bot.kpi import periods
from bot.kpi.swot import MAX_ITEMS, margin_pct, swot
from bot.kpi.views import CompetitorLine, Scorecard, ScoreLine
from tests.kpi.support_reports import IG_LABEL, LI_LABEL, definition, empty_view, line, ops, sample_view


def keys(items: tuple[object, ...]) -> list[str]:
    return [h.key for h in items]


def test_strengths_widest_margin_first_then_growth_and_punctuality() -> None:
    found = swot(sample_view())
    assert keys(found.strengths) == ["kpi.report.swot.on_track", "kpi.report.swot.on_track",
                                     "kpi.report.swot.followers_growing", "kpi.report.swot.on_time"]
    er, followers, growing, on_time = found.strengths
    assert er.params["metric"] == "engagement_rate" and er.params["margin"] == pytest.approx((5.25 - 4) / 4 * 100)
    assert followers.params["metric"] == "followers" and followers.params["margin"] == pytest.approx(450 / 12000 * 100)
    # 11,000 → 12,100 followers over the chart's 12 weeks
    assert growing.params == {"subject": IG_LABEL, "growth": pytest.approx(10.0), "weeks": 12}
    assert on_time.params == {"rate": 90.0}


def test_weaknesses_longest_streak_first_then_the_scope_and_the_posts() -> None:
    found = swot(sample_view())
    assert keys(found.weaknesses) == ["kpi.report.swot.off_track_long", "kpi.report.swot.scope_missed",
                                      "kpi.report.swot.missed_deliverable", "kpi.report.swot.late_posts",
                                      "kpi.report.swot.unpublished"]
    reach, posts, deliverable, late, unpublished = found.weaknesses
    assert reach.params["subject"] == LI_LABEL and reach.params["periods"] == 3
    assert reach.params["margin"] == pytest.approx((50000 - 31200) / 50000 * 100)
    assert posts.params == {"kind": "posts", "item": IG_LABEL, "agreed": 4, "delivered": 3.75}
    assert deliverable.params["item"] == "Análisis de competencia (day 5)"
    assert late.params == {"subject": IG_LABEL, "late": 2, "published": 15}
    assert unpublished.params == {"subject": IG_LABEL, "missing": 1, "planned": 16}
    assert len(found.weaknesses) == MAX_ITEMS  # LinkedIn's 3 unpublished posts are past the cut


def test_opportunities_competitor_practice_cadence_and_unmeasured() -> None:
    found = swot(sample_view())
    assert keys(found.opportunities) == ["kpi.report.swot.competitor_ahead", "kpi.report.swot.extend_practice",
                                         "kpi.report.swot.below_cadence", "kpi.report.swot.below_cadence",
                                         "kpi.report.swot.not_measured"]
    rival, practice, ig, li, unmeasured = found.opportunities
    assert rival.params == {"brand": "Acme", "competitor": "Rival Ñu", "measure": "engagements", "theirs": 4200,
                            "ours": 3100}
    assert practice.params == {"best": IG_LABEL, "worst": LI_LABEL, "best_on": 2, "best_of": 2}
    assert ig.params["wanted"] == round(4 * 30 / 7) == 17 and ig.params["published"] == 15
    assert li.params["subject"] == LI_LABEL and li.params["wanted"] == round(3 * 30 / 7) == 13
    assert unmeasured.params["name"] == "Ventas atribuidas" and unmeasured.params["parts"] == "custom:ventas_atribuidas"


def test_lower_is_better_counts_below_target_as_margin() -> None:
    d = definition(9, "response_time", 60, unit="min", direction="lower")
    assert margin_pct(line(d, 30), 60) == pytest.approx(50.0)
    assert margin_pct(line(d, 90), 60) == pytest.approx(-50.0)
    assert margin_pct(line(d, None), 60) is None
    assert margin_pct(line(d, 5), 0) is None  # no target to measure against


def test_a_scope_fully_met_is_a_strength_and_no_competitor_lead_without_figures() -> None:
    view = sample_view()
    card = Scorecard("Agencia Norte", "monthly", (ScoreLine("posts", IG_LABEL, 4, 4.5, True),
                                                  ScoreLine("report", "", 1, 1, True)))
    rivals = (CompetitorLine("Acme", "Acme", True, 100, 3, 10, None, None),
              CompetitorLine("Acme", "Rival", False, None, None, 8, None, None))
    found = swot(dataclasses.replace(view, scorecard=card, competitors=rivals))
    assert "kpi.report.swot.scope_met" in keys(found.strengths)
    assert not any(h.key.startswith("kpi.report.swot.scope") or h.key.endswith("deliverable")
                   for h in found.weaknesses)
    assert "kpi.report.swot.competitor_ahead" not in keys(found.opportunities)  # 8 engagements < our 10


def test_an_empty_period_has_nothing_to_say() -> None:
    found = swot(empty_view())
    assert found.strengths == found.weaknesses == found.opportunities == ()


def test_a_weekly_count_target_is_scaled_to_the_month() -> None:
    """A weekly 1,000 reach is 1,000 × 30 / 7 in November: 4,000 reached is off track."""
    d = definition(5, "reach", 1000, period="week")
    view = dataclasses.replace(empty_view(), period=periods.month(2026, 11), kpis=(line(d, 4000, on_track=False),))
    [weak] = swot(view).weaknesses
    assert weak.params["target"] == pytest.approx(1000 * 30 / 7)
    assert weak.params["margin"] == pytest.approx((1000 * 30 / 7 - 4000) / (1000 * 30 / 7) * 100)


def test_the_same_view_gives_the_same_items() -> None:
    assert swot(sample_view()) == swot(sample_view())
    assert ops().accounts == ()


def test_a_deliverable_marked_after_its_day_is_late_not_missing() -> None:
    card = Scorecard("Agencia Norte", "monthly", (ScoreLine("deliverable", "Informe (2026-11-05)", 1, 1, False),
                                                  ScoreLine("deliverable", "Benchmark (2026-11-10)", 1, 0, False)))
    found = swot(dataclasses.replace(empty_view(), scorecard=card))
    assert [(h.key, h.params["item"]) for h in found.weaknesses] == [
        ("kpi.report.swot.late_deliverable", "Informe (2026-11-05)"),
        ("kpi.report.swot.missed_deliverable", "Benchmark (2026-11-10)")]
