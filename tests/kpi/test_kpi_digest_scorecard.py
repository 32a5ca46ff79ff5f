"""The agency scorecard, agreed against delivered, for a seeded month (issue 14 §5): posts per week
per scoped account, the response time, the report cadence and each deliverable by its due day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.kpi import periods
from bot.kpi.digest import period_view
from bot.kpi.views import Scorecard
from storage.models.kpi import KpiScope
from tests.conftest import ADMIN, TEAM
from tests.kpi.seed_quarter import DIGEST_AT, POSTS, seed
from tests.kpi.test_kpi_digest import Plain
from tests.posts.calendar_seed import set_zone

pytestmark = pytest.mark.usefixtures("setup_workspace")
NOVEMBER = periods.month(2026, 11)


def _card(rt: Any, period: Any = NOVEMBER) -> Scorecard:
    with rt.ctx.db.uow(read_only=True) as s:
        card = period_view(s, TEAM, period, now=DIGEST_AT).scorecard
    assert card is not None
    return card


def _published_in_november_madrid(handle: str) -> int:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Madrid")
    return sum(1 for h, when, status, _, _ in POSTS
               if h == handle and status == "published" and when.astimezone(zone).month == 11)


def test_agreed_vs_delivered_for_november(driver: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    q = seed(rt.ctx.db)
    card = _card(rt)
    assert card.report_cadence == "fortnightly"
    lines = {(line.kind, line.label): line for line in card.lines}
    weeks = 30 / 7
    ig = lines[("posts", "instagram @acme_ig")]
    assert (ig.agreed, ig.delivered, ig.met) == (1.0, pytest.approx(_published_in_november_madrid("acme_ig") / weeks,
                                                                     abs=0.01), True)
    li = lines[("posts", "linkedin @beta_li")]
    # Four in November in Madrid (the 29th at 23:30 UTC is the 30th there): 0.93 a week against 2.
    assert _published_in_november_madrid("beta_li") == 4
    assert (li.agreed, li.delivered, li.met) == (2.0, pytest.approx(4 / weeks, abs=0.01), False)
    plain = Plain(q.values)
    subjects = [f"a:{q.accounts['acme_ig']}", f"a:{q.accounts['beta_li']}"]
    response = lines[("response", "")]
    mean = plain.mean(subjects, "response_time", NOVEMBER)
    assert mean is not None
    assert (response.agreed, response.delivered, response.met) == (45.0, pytest.approx(mean), mean <= 45)
    report = lines[("report", "2026-11")]
    assert (report.agreed, report.delivered, report.met) == (2.0, 1.0, False)  # the month is over: one short
    assert [(line.label, line.delivered, line.met) for line in card.lines if line.kind == "deliverable"] == [
        ("Competitor analysis (2026-11-05)", 1.0, True),   # marked on the 4th
        ("Ads review (2026-11-20)", 1.0, False),           # marked on the 22nd: late
        ("Content calendar (2026-11-25)", 0.0, False),     # never marked
    ]


def test_mid_month_a_shortfall_is_not_yet_a_miss(driver: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    seed(rt.ctx.db)
    card = _card(rt, periods.week(dt.date(2026, 11, 9)))
    lines = {line.kind: line for line in card.lines}
    assert (lines["report"].delivered, lines["report"].met) == (1.0, None)
    # Only what was due by Sunday 15 November: the analysis (5th).
    assert [line.label for line in card.lines if line.kind == "deliverable"] == ["Competitor analysis (2026-11-05)"]


def test_no_scope_says_how_to_set_one(driver: Any, rt: Any) -> None:
    seed(rt.ctx.db)
    with rt.ctx.db.uow() as s:
        from sqlalchemy import delete

        from storage.models.kpi import KpiDeliverable, KpiDelivery, KpiScopeAccount

        for model in (KpiDelivery, KpiDeliverable, KpiScopeAccount, KpiScope):
            s.execute(delete(model))
    with rt.ctx.db.uow(read_only=True) as s:
        view = period_view(s, TEAM, NOVEMBER, now=DIGEST_AT)
    assert view.scorecard is None
    assert any(h.key == "kpi.digest.missing.no_scope" for h in view.missing)
