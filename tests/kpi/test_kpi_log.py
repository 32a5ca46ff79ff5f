"""`/kpi log` (issue 14 §2, §3): an account's or a competitor's figure for a day; re-logging replaces
it and says what it was; every bad input answers clearly and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.core.errors import DomainError, UsageError
from bot.kpi import parse_data
from storage.models import KpiDefinition
from tests.access.support import give_role, set_workspace
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM
from tests.kpi.support_data import (
    TODAY,
    answer,
    audit_actions,
    competitors,
    figures,
    seed_accounts,
    seed_profile,
    week_columns,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(rt: Any) -> dict[str, int]:
    return seed_accounts(rt.ctx.db)


def test_a_custodian_logs_a_figure_for_today_and_it_is_audited(driver: Any, rt: Any, acc: dict[str, int]) -> None:
    reply = answer(driver.command(ANA, "/kpi", "log instagram:@acme followers 1200"))
    assert reply == ":white_check_mark: Logged followers = 1200 for instagram @acme on 2026-03-02."
    assert figures(rt.ctx.db) == [(f"a:{acc['ig']}", "followers", TODAY, 1200.0, "slack")]
    # The week and month columns the digest groups by.
    assert week_columns(rt.ctx.db) == [(TODAY, dt.date(2026, 3, 2), dt.date(2026, 3, 1))]
    [(action, subject, detail)] = audit_actions(rt.ctx.db)
    assert action == "kpi.log" and subject == f"a:{acc['ig']} instagram @acme"
    assert json.loads(detail) == {"metric": "followers", "day": "2026-03-02", "value": 1200.0, "previous": None}


def test_relogging_a_day_replaces_the_value_and_says_what_it_was(driver: Any, rt: Any, acc: dict[str, int]) -> None:
    give_role(rt.ctx.db, CARL, "publisher")
    driver.command(CARL, "/kpi", "log acme_es reach 500 2026-02-27")
    reply = answer(driver.command(CARL, "/kpi", "log @acme_es alcance 650,5 2026-02-27"))
    assert reply == "reach is a count: a whole number, not `650,5` (no thousands separators)."
    assert figures(rt.ctx.db) == [(f"a:{acc['es']}", "reach", dt.date(2026, 2, 27), 500.0, "slack")]
    reply = answer(driver.command(CARL, "/kpi", "log @acme_es alcance 650 2026-02-27"))
    assert reply.endswith("on 2026-02-27 (was 500).")
    assert figures(rt.ctx.db) == [(f"a:{acc['es']}", "reach", dt.date(2026, 2, 27), 650.0, "slack")]
    assert "already 650" in answer(driver.command(CARL, "/kpi", "log acme_es reach 650 2026-02-27"))
    assert [json.loads(d)["previous"] for a, _, d in audit_actions(rt.ctx.db)] == [None, 500.0, 650.0]


def test_today_is_the_workspace_s_local_day(driver: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    set_workspace(rt.ctx.db, timezone="America/Mexico_City")  # 09:00 UTC is 03:00 there: still Monday
    clock.set(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))  # 21:00 on Sunday in Mexico City
    driver.command(ADMIN, "/kpi", "log instagram:acme followers 10")
    assert figures(rt.ctx.db)[0][2] == dt.date(2026, 3, 1)
    # Monday in UTC is still the future there.
    assert "in the future" in answer(driver.command(ADMIN, "/kpi", "log instagram:acme followers 11 2026-03-02"))


def test_a_decimal_comma_is_read_for_response_time_and_custom_metrics(driver: Any, rt: Any,
                                                                     acc: dict[str, int]) -> None:
    with rt.ctx.db.uow() as s:
        s.add(KpiDefinition(team_id=TEAM, metric="custom", custom_name="Leads CRM", custom_key="custom:leads_crm",
                            unit="leads", target=10, period="week", direction="higher", created_by=ADMIN))
    driver.command(ANA, "/kpi", "log acme_es response_time 12,5")
    reply = answer(driver.command(ANA, "/kpi", "log acme_es Leads CRM 3.5"))
    assert "Logged Leads CRM = 3.5" in reply
    assert [(m, v) for _, m, _, v, _ in figures(rt.ctx.db)] == [("custom:leads_crm", 3.5), ("response_time", 12.5)]


def test_a_competitor_s_figure_is_logged_against_the_brand_profile(driver: Any, rt: Any,
                                                                   acc: dict[str, int]) -> None:
    seed_profile(rt.ctx.db, ["Rival Co", "Other"])
    reply = answer(driver.command(ANA, "/kpi", "log competitor acme rival co followers 5400 2026-03-01"))
    assert reply == ":white_check_mark: Logged followers = 5400 for Rival Co (Acme) on 2026-03-01."
    driver.command(ANA, "/kpi", "log competitor Acme RIVAL CO posts 4")
    assert competitors(rt.ctx.db) == [("acme", "Rival Co")]  # one row, spelled as the profile does
    subjects = {s for s, *_ in figures(rt.ctx.db)}
    assert len(subjects) == 1 and next(iter(subjects)).startswith("c:")


@pytest.mark.parametrize(("text", "expected"), [
    ("log competitor acme Nobody followers 1", "`Nobody` is not a competitor in the profile of Acme. "
                                               "Its competitors: Rival Co"),
    ("log competitor globex Rival followers 1", "There is no brand profile for `globex`"),
    ("log competitor acme Rival Co reach 1", "A competitor's `reach` is not logged: only followers, posts"),
    ("log competitor acme 5", "Say the brand, the competitor's name"),
])
def test_bad_competitor_figures_write_nothing(driver: Any, rt: Any, acc: dict[str, int], text: str,
                                              expected: str) -> None:
    seed_profile(rt.ctx.db, ["Rival Co"])
    assert expected in answer(driver.command(ANA, "/kpi", text))
    assert figures(rt.ctx.db) == [] and competitors(rt.ctx.db) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("log", "Which figure?"),
    ("log acme_es followers", "Say the account, the metric and the value."),
    ("log acme_es followers lots", "`lots` is not a number"),
    ("log acme_es followers 1.234,5", "`1.234,5` is not a number"),
    ("log acme_es followers 1e5", "`1e5` is not a number"),
    ("log acme_es followers 1.234", "followers is a count: a whole number, not `1.234`"),
    ("log acme_es followers -5", "followers cannot be negative"),
    ("log acme_es followers 10 2026-03-03", "2026-03-03 is in the future (today is 2026-03-02)"),
    ("log acme_es followers 10 2024-03-01", "more than two years ago: the oldest day taken is 2024-03-02"),
    ("log acme_es followers 10 2026-02-30", "`2026-02-30` is not a date"),
    ("log acme_es followers 10 01/03/2026", "`01/03/2026` is not a date"),
    ("log acme_es engagement_rate 4", "engagement_rate is computed from engagements + reach: log those."),
    ("log acme_es ctr 4", "ctr is computed from link_clicks + impressions"),
    ("log acme_es fans 4", "There is no metric `fans`. Metrics: followers, reach, impressions"),
    ("log acme_es Leads CRM 4", "There is no metric `Leads CRM`"),
    ("log nobody followers 4", "nobody"),
    ("log acme followers 4", "instagram:acme"),  # on two networks: which one
    ("log acme_es followers 99999999999999", "too large"),
])
def test_bad_input_answers_and_writes_nothing(driver: Any, rt: Any, acc: dict[str, int], text: str,
                                              expected: str) -> None:
    reply = answer(driver.command(ANA, "/kpi", text))
    assert expected in reply, reply
    assert figures(rt.ctx.db) == [] and audit_actions(rt.ctx.db) == []


def test_only_publishers_custodians_and_admins_log(driver: Any, rt: Any, acc: dict[str, int]) -> None:
    for user in (CARL, BEA):
        reply = answer(driver.command(user, "/kpi", "log acme_es followers 5"))
        assert "publisher, custodian" in reply and "recorded" in reply
    assert figures(rt.ctx.db) == []
    assert [a for a, *_ in audit_actions(rt.ctx.db)] == ["kpi.log", "kpi.log"]  # the refusals, audited
    assert "Logged" in answer(driver.command(ADMIN, "/kpi", "log acme_es followers 5"))


def test_the_usage_says_how_numbers_are_written(driver: Any) -> None:
    reply = answer(driver.command(CARL, "/kpi", "log"))
    assert "no thousands separators" in reply and "/kpi log competitor <brand> <name>" in reply


def test_parse_reads_from_the_right() -> None:
    req = parse_data.parse_log("competitor Acme Foods Rival Co followers 1200 2026-03-01")
    assert req.account_ref is None and req.competitor_words == ("Acme", "Foods", "Rival", "Co")
    assert (req.metric_word, req.value, req.day) == ("followers", 1200.0, dt.date(2026, 3, 1))
    req = parse_data.parse_log("instagram:acme Leads CRM 4,5")
    assert (req.account_ref, req.metric_word, req.value, req.day) == ("instagram:acme", "Leads CRM", 4.5, None)
    with pytest.raises(UsageError):
        parse_data.parse_log("acme 12")


@pytest.mark.parametrize(("text", "value"), [("12", 12.0), ("-3", -3.0), ("4.5", 4.5), ("4,5", 4.5), ("+7", 7.0),
                                             ("1.234,5", None), ("1,234.5", None), ("١٢", None), ("nan", None),
                                             ("inf", None), ("1e3", None), ("", None), ("1_000", None)])
def test_numbers_are_plain_decimals(text: str, value: float | None) -> None:
    assert parse_data.parse_number(text) == value


def test_day_limits() -> None:
    parse_data.check_day(TODAY, TODAY)
    parse_data.check_day(dt.date(2024, 3, 2), TODAY)
    with pytest.raises(DomainError):
        parse_data.check_day(dt.date(2024, 3, 1), TODAY)
    assert parse_data.oldest_day(dt.date(2028, 2, 29)) == dt.date(2026, 2, 28)


def test_write_values_upserts_and_counts(rt: Any, acc: dict[str, int], clock: Any) -> None:
    """The contract the digest's seed and benchmarks use: one row per key, week/month columns filled."""
    from bot.kpi.values import WriteCounts, account_row, competitor_row, write_values
    day = dt.date(2026, 2, 28)  # a Saturday: week of Monday 23 February, month of 1 February
    rows = [account_row(acc["ig"], "reach", day, 10), account_row(acc["ig"], "reach", day, 11),  # last wins
            account_row(acc["es"], "followers", day, 5)]
    with rt.ctx.db.uow() as s:
        assert write_values(s, TEAM, rows, source="seed", by=ADMIN, now=clock()) == WriteCounts(2, 0, 0)
    with rt.ctx.db.uow() as s:
        again = [account_row(acc["ig"], "reach", day, 12), account_row(acc["es"], "followers", day, 5)]
        assert write_values(s, TEAM, again, source="seed", by=ADMIN, now=clock()) == WriteCounts(0, 1, 1)
        assert write_values(s, TEAM, [], source="seed", by=ADMIN, now=clock()) == WriteCounts(0, 0, 0)
    assert {(sub, v) for sub, _, _, v, _ in figures(rt.ctx.db)} == {(f"a:{acc['es']}", 5.0), (f"a:{acc['ig']}", 12.0)}
    assert set(week_columns(rt.ctx.db)) == {(day, dt.date(2026, 2, 23), dt.date(2026, 2, 1))}
    seed_profile(rt.ctx.db, ["Rival Co"])
    from bot.kpi.competitors import competitor_by_name, competitors_of
    with rt.ctx.db.uow() as s:
        assert competitor_by_name(s, TEAM, "acme", "rival co", create=False) is None  # no row yet
        assert competitors_of(s, TEAM, "acme") == []
        rival = competitor_by_name(s, TEAM, " ACME ", "RIVAL  CO", create=True)
        assert rival is not None and rival.name == "Rival Co"
        assert competitor_by_name(s, TEAM, "acme", "Nobody", create=True) is None
        assert competitor_by_name(s, TEAM, "globex", "Rival Co", create=True) is None
        assert write_values(s, TEAM, [competitor_row(rival.id, "followers", day, 7)], source="seed", by=ADMIN,
                            now=clock()).inserted == 1
        assert [c.name for c in competitors_of(s, TEAM, "acme")] == ["Rival Co"]
    with rt.ctx.db.uow() as s:  # taken off the profile: no longer offered
        from storage.models import BrandProfile
        profile = s.query(BrandProfile).one()
        profile.competitors = ["Other"]
    with rt.ctx.db.uow(read_only=True) as s:
        assert competitors_of(s, TEAM, "acme") == []
