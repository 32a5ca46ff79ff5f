"""The aggregation rules (bot/kpi/compute.py) on small hand-made rows: sum, last and mean over one
bucket and several (a fortnight), accounts combined, derived metrics from their parts, gaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.kpi import compute, periods
from bot.kpi.digest import target_in
from bot.kpi.views import DefinitionView
from storage.models.kpi import KpiValue
from tests.access.support import make_account
from tests.conftest import ANA, TEAM

MON = dt.date(2026, 11, 16)


def _log(db: Any, rows: list[tuple[str, str, dt.date, float]], team: str = TEAM) -> None:
    with db.uow() as s:
        for subject, metric, day, value in rows:
            s.add(KpiValue(team_id=team, subject=subject, account_id=None, competitor_id=None, metric=metric,
                           day=day, week_start=periods.week_of(day), month_start=periods.month_of(day), value=value,
                           source="seed", logged_by=ANA))


def _load(db: Any, keys: set[str], bucketing: compute.Bucketing = "week") -> compute.Data:
    with db.uow(read_only=True) as s:
        return compute.load(s, TEAM, keys, dt.date(2026, 10, 1), dt.date(2026, 12, 31), bucketing)


def d(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def test_sum_last_and_mean_per_week_and_fortnight(db: Any) -> None:
    _log(db, [("a:1", "reach", d(0), 100), ("a:1", "reach", d(3), 50), ("a:1", "reach", d(8), 25),
              ("a:2", "reach", d(1), 10),
              ("a:1", "followers", d(0), 1000), ("a:1", "followers", d(6), 1100), ("a:1", "followers", d(9), 1150),
              ("a:2", "followers", d(2), 500),
              ("a:1", "response_time", d(0), 30), ("a:1", "response_time", d(1), 60),
              ("a:2", "response_time", d(8), 90)])
    data = _load(db, {"reach", "followers", "response_time"})
    week, next_week = [MON], [MON + dt.timedelta(days=7)]
    both = week + next_week
    assert data.value("reach", ["a:1"], week) == 150
    assert data.value("reach", ["a:1", "a:2"], week) == 160
    assert data.value("reach", ["a:1", "a:2"], both) == 185
    assert data.value("followers", ["a:1"], week) == 1100  # the last logged day of the week
    assert data.value("followers", ["a:1", "a:2"], week) == 1600  # each account's last, summed
    assert data.value("followers", ["a:1", "a:2"], both) == 1650  # a:2 not logged in the second week: its last
    assert data.value("response_time", ["a:1", "a:2"], week) == 45
    assert data.value("response_time", ["a:1", "a:2"], both) == 60  # mean over every logged day: (30+60+90)/3
    assert data.value("reach", ["a:3"], week) is None
    assert data.growth(["a:1"], both) == pytest.approx(15.0)  # 1000 → 1150


def test_month_buckets_and_derived_metrics(db: Any) -> None:
    _log(db, [("a:1", "engagements", d(0), 30), ("a:1", "reach", d(0), 600), ("a:1", "engagements", d(20), 10),
              ("a:1", "link_clicks", d(1), 5), ("a:1", "mentions", d(0), 30), ("c:7", "mentions", d(0), 10),
              ("c:8", "mentions", d(1), 20)])
    data = _load(db, {"engagements", "reach", "link_clicks", "impressions", "mentions"}, "month")
    nov, dec = [dt.date(2026, 11, 1)], [dt.date(2026, 12, 1)]
    assert data.value("engagements", ["a:1"], nov) == 30  # the 6th of December is December's
    assert data.value("engagements", ["a:1"], dec) == 10
    er = compute.measure(data, "engagement_rate", "reach", ["a:1"], [], nov)
    assert er.value == pytest.approx(5.0) and er.missing == ()
    ctr = compute.measure(data, "ctr", None, ["a:1"], [], nov)
    assert ctr.value is None and ctr.missing == ("impressions",)
    sov = compute.measure(data, "share_of_voice", None, ["a:1"], ["c:7", "c:8"], nov)
    assert sov.value == pytest.approx(50.0)
    alone = compute.measure(data, "share_of_voice", None, ["a:1"], [], nov)
    assert alone.value is None and alone.missing == ("competitors",)
    by_followers = compute.measure(data, "engagement_rate", "followers", ["a:1"], [], nov)
    assert by_followers.missing == ("followers",)


def test_other_workspaces_rows_are_not_read(db: Any) -> None:
    from tests.access.support import set_workspace

    set_workspace(db, team="T0OTHER")
    _log(db, [("a:1", "reach", d(0), 100)])
    _log(db, [("a:1", "reach", d(0), 999)], team="T0OTHER")
    assert _load(db, {"reach"}).value("reach", ["a:1"], [MON]) == 100


def _definition(metric: str, period: str, target: float = 70.0) -> DefinitionView:
    return DefinitionView(id=1, metric=metric, name=metric, data_key=metric, unit="", basis=None, account_id=None,
                          account_label=None, brand=None, target=target, period=period, direction="higher")


def test_targets_of_counts_are_pro_rata_the_rest_as_is() -> None:
    week, november, july = periods.week(MON), periods.month(2026, 11), periods.month(2026, 7)
    assert target_in(_definition("reach", "week"), week) == 70
    assert target_in(_definition("reach", "month", 300), week) == pytest.approx(300 * 7 / 30)
    assert target_in(_definition("reach", "week"), july) == pytest.approx(70 * 31 / 7)
    assert target_in(_definition("reach", "month"), november) == 70
    assert target_in(_definition("followers", "month"), week) == 70
    assert target_in(_definition("engagement_rate", "month"), week) == 70
    assert target_in(_definition("response_time", "month"), week) == 70


def test_subjects_name_accounts_and_competitors(db: Any) -> None:
    """Account ids are subjects "a:<id>"; a competitor's "c:<id>"."""
    account = make_account(db, "acme")
    assert compute.account_subject(account) == f"a:{account}"
    assert compute.competitor_subject(3) == "c:3"
