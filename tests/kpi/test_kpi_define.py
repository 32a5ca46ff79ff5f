"""`/kpi define`, `/kpi list` and `/kpi remove` (issue 14 §1): the parsing rules, then the whole app
through signed payloads — what is stored and said, who may, and bad input answered with nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.errors import UsageError
from bot.kpi.definitions import active_definitions
from bot.kpi.parse_goals import parse_define, parse_number
from tests.access.support import give_role, set_workspace
from tests.conftest import ADMIN, ANA, CARL, TEAM
from tests.kpi.support_goals import add_account, audit_actions, definitions, kpi

OTHER = "T0OTHERWS"


# ---- parsing (pure) ---------------------------------------------------------------------------------

def test_parse_reads_aliases_numbers_and_defaults() -> None:
    er = parse_define("er @acme target 3,5% per week")
    assert (er.metric, er.subject, er.target, er.period, er.direction, er.basis) == (
        "engagement_rate", "@acme", 3.5, "week", "higher", "reach")
    es = parse_define("seguidores Acme objetivo 12000 por mes")
    assert (es.metric, es.subject, es.target, es.period) == ("followers", "Acme", 12000.0, "month")
    assert parse_define("response_time target 60 per week").direction == "lower"  # the metric's usual direction
    assert parse_define("engagement_rate by followers target 2 per month higher").basis == "followers"
    assert parse_define("reach target 0 per week lower").target == 0.0
    custom = parse_define('custom "Leads CRM" unit leads @acme target 40 per month')
    assert (custom.metric, custom.custom_name, custom.unit, custom.subject) == ("custom", "Leads CRM", "leads", "@acme")
    brand = parse_define("followers brand:acme target 10 per week")
    assert (brand.subject, brand.brand_only) == ("acme", True)
    assert parse_define("followers target 10 per week").subject is None
    assert parse_define('followers "Acme Foods" target 10 per week').subject == "Acme Foods"


@pytest.mark.parametrize(("text", "key"), [
    ("", "kpi.goals.error.no_metric"),
    ("likes @acme target 3 per week", "kpi.goals.error.unknown_metric"),
    ("followers @acme target lots per week", "kpi.goals.error.not_number"),
    ("followers @acme target 1,000 per week", "kpi.goals.error.not_number"),
    ("followers @acme target 1e3 per week", "kpi.goals.error.not_number"),
    ("followers @acme target NaN per week", "kpi.goals.error.not_number"),
    ("followers @acme target -5 per week", "kpi.goals.error.negative"),
    ("followers @acme target 0 per week", "kpi.goals.error.zero"),
    ("engagement_rate @acme target 120 per week", "kpi.goals.error.percent_max"),
    ('custom "Share" unit % target 101 per week', "kpi.goals.error.percent_max"),
    ("followers @acme target 10 per year", "kpi.goals.error.period"),
    ("followers @acme target 10", "kpi.goals.error.no_per"),
    ("followers @acme per week", "kpi.goals.error.no_target"),
    ("followers @acme target 1 target 2 per week", "kpi.goals.error.repeated"),
    ("followers by reach target 10 per week", "kpi.goals.error.basis_only_er"),
    ("engagement_rate by clicks target 3 per week", "kpi.goals.error.basis"),
    ("followers unit people target 3 per week", "kpi.goals.error.unit_only_custom"),
    ("custom target 3 per week", "kpi.goals.error.custom_name"),
    ("followers target 3 per week higher lower", "kpi.goals.error.direction_twice"),
    ("followers target 9999999999999 per week", "kpi.goals.error.too_big"),
])
def test_parse_refuses_bad_input_with_its_reason(text: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_define(text)
    assert caught.value.key == key
    assert caught.value.usage_key == "usage.kpi.define"


def test_numbers_are_plain_decimals() -> None:
    assert [parse_number(t) for t in ("3", "2.5", "2,5", "0.125", "40%", "+7")] == [3.0, 2.5, 2.5, 0.125, 40.0, 7.0]
    assert [parse_number(t) for t in ("1.000", "1,000", "inf", "٣", "1_000", "")] == [None] * 6


# ---- through the app -----------------------------------------------------------------------------------

@pytest.fixture
def acme(rt: Any, setup_workspace: None) -> int:
    return add_account(rt, "acme")


def test_admin_defines_an_objective_and_hears_it_as_it_reads(driver: Any, rt: Any, acme: int) -> None:
    text = kpi(driver, ADMIN, "define engagement_rate @acme target 3 per week")
    (row,) = definitions(rt)
    assert f"Engagement rate (by reach) for instagram @acme: ≥ 3 % per week — id {row.id}" in text
    assert (row.metric, row.basis, row.account_id, row.brand_key, row.target, row.period, row.direction) == (
        "engagement_rate", "reach", acme, None, 3.0, "week", "higher")
    assert "computed from Engagements, Reach" in text  # derived: what it is computed from
    assert (ADMIN, "kpi.defined", "ok") in audit_actions(rt)


def test_brand_workspace_and_custom_objectives(driver: Any, rt: Any, acme: int) -> None:
    add_account(rt, "acmefoods_li", network="linkedin", brand="Acme Foods")
    brand = kpi(driver, ADMIN, 'define followers "ACME FOODS" target 12000 per month')
    assert "Followers for the brand Acme Foods: ≥ 12,000 per month" in brand
    whole = kpi(driver, ADMIN, "define response_time target 60 per week")
    assert "Average response time for the whole workspace: ≤ 60 min per week" in whole
    custom = kpi(driver, ADMIN, 'define custom "Leads CRM" unit leads @acme target 40 per month')
    assert "Leads CRM for instagram @acme: ≥ 40 leads per month" in custom
    rows = definitions(rt)
    assert [(r.brand_key, r.account_id, r.custom_key) for r in rows] == [
        ("acme foods", None, None), (None, None, None), (None, acme, "custom:leads_crm")]
    with rt.ctx.db.uow() as s:
        views = active_definitions(s, TEAM)
    assert [(v.name, v.data_key, v.unit, v.brand, v.account_label) for v in views] == [
        ("followers", "followers", "", "Acme Foods", None),
        ("response_time", "response_time", "min", None, None),
        ("Leads CRM", "custom:leads_crm", "leads", None, "instagram @acme")]


def test_a_word_that_is_a_handle_and_a_brand_names_the_account(driver: Any, rt: Any, acme: int) -> None:
    kpi(driver, ADMIN, "define followers acme target 100 per week")
    kpi(driver, ADMIN, "define followers brand:acme target 100 per week")
    assert [(r.account_id, r.brand_key) for r in definitions(rt)] == [(acme, None), (None, "acme")]


def test_unknown_subject_duplicate_and_bad_numbers_write_nothing(driver: Any, rt: Any, acme: int) -> None:
    assert "There is no account or brand `@nobody`" in kpi(driver, ADMIN, "define followers @nobody target 1 per week")
    assert "There is no brand `Globex`" in kpi(driver, ADMIN, "define followers brand:Globex target 1 per week")
    assert "There is no metric `likes`" in kpi(driver, ADMIN, "define likes @acme target 1 per week")
    assert "engagement_rate" in kpi(driver, ADMIN, "define likes @acme target 1 per week")  # the list of metrics
    assert "cannot be negative" in kpi(driver, ADMIN, "define reach @acme target -1 per week")
    assert definitions(rt) == []
    kpi(driver, ADMIN, "define reach @acme target 5000 per week")
    (row,) = definitions(rt)
    again = kpi(driver, ADMIN, "define alcance instagram:acme objetivo 9000 por semana")
    assert f"already exists: KPI {row.id}" in again and f"/kpi remove {row.id}" in again
    kpi(driver, ADMIN, "define reach @acme target 20000 per month")  # another period: another objective
    assert len(definitions(rt)) == 2


def test_only_admins_define_and_remove_and_refusals_are_audited(driver: Any, rt: Any, acme: int) -> None:
    for user in (ANA, CARL):
        assert "Not allowed" in kpi(driver, user, "define followers @acme target 10 per week")
    assert definitions(rt) == []
    kpi(driver, ADMIN, "define followers @acme target 10 per week")
    (row,) = definitions(rt)
    assert "Not allowed" in kpi(driver, CARL, f"remove {row.id}")
    assert definitions(rt)[0].removed_at is None
    refused = [a for a in audit_actions(rt) if a[2] == "refused"]
    assert (ANA, "kpi.define", "refused") in refused and (CARL, "kpi.remove", "refused") in refused


def test_list_is_for_everyone_grouped_and_kind_when_empty(driver: Any, rt: Any, acme: int) -> None:
    empty = kpi(driver, CARL, "list")
    assert "No objectives yet" in empty and "/kpi define" in empty
    add_account(rt, "acme_x", network="x", brand="Acme")
    kpi(driver, ADMIN, "define followers @acme target 10 per week")
    kpi(driver, ADMIN, "define ctr target 2 per month")
    kpi(driver, ADMIN, "define mentions brand:acme target 30 per week")
    kpi(driver, ADMIN, "define response_time x:acme_x target 45 per week")
    ids = [r.id for r in definitions(rt)]
    text = kpi(driver, CARL, "list")
    order = [text.index(h) for h in ("*The whole workspace*", "*Brand Acme*", "*instagram @acme*", "*x @acme_x*")]
    assert order == sorted(order)
    assert f"`{ids[1]}` Click-through rate (CTR): ≥ 2 % per month (higher is better)" in text
    assert f"`{ids[3]}` Average response time: ≤ 45 min per week (lower is better)" in text
    assert "(4)" in text


def test_remove_is_soft_and_only_in_your_workspace(driver: Any, rt: Any, acme: int) -> None:
    kpi(driver, ADMIN, "define followers @acme target 10 per week")
    (ours,) = definitions(rt)
    with rt.ctx.db.uow() as s:
        from storage.models.kpi import KpiDefinition
        theirs = KpiDefinition(team_id=OTHER, metric="reach", target=1, period="week", direction="higher",
                               created_by="U2ADMIN")
        s.add(theirs)
        s.flush()
        their_id = theirs.id
    assert f"There is no KPI {their_id}" in kpi(driver, ADMIN, f"remove {their_id}")
    assert definitions(rt, team=OTHER)[0].removed_at is None
    assert "Which KPI" in kpi(driver, ADMIN, "remove")
    assert "There is no KPI" in kpi(driver, ADMIN, "remove ①")
    assert "There is no KPI" in kpi(driver, ADMIN, "remove " + "9" * 25)
    text = kpi(driver, ADMIN, f"remove #{ours.id}")
    assert "No longer measured" in text and "Followers for instagram @acme" in text
    row = definitions(rt)[0]
    assert row.removed_at is not None and row.removed_by == ADMIN
    assert f"There is no KPI {ours.id}" in kpi(driver, ADMIN, f"remove {ours.id}")
    assert "No objectives yet" in kpi(driver, CARL, "list")
    assert (ADMIN, "kpi.removed", "ok") in audit_actions(rt)
    kpi(driver, ADMIN, "define followers @acme target 20 per week")  # removed: may be defined again
    assert len(definitions(rt)) == 2


def test_spanish_workspace_answers_in_spanish(driver: Any, rt: Any, acme: int) -> None:
    set_workspace(rt.ctx.db, language="es")
    rt.forget_language(TEAM)
    text = kpi(driver, ADMIN, "define tasa_interaccion @acme objetivo 2,5 por semana")
    (row,) = definitions(rt)
    assert f"Tasa de interacción (sobre alcance) para instagram @acme: ≥ 2,5 % por semana — id {row.id}" in text
    assert "No existe la métrica" in kpi(driver, ADMIN, "define megusta @acme objetivo 1 por semana")


def test_user_text_in_names_never_pings(driver: Any, rt: Any, acme: int) -> None:
    give_role(rt.ctx.db, ANA, "publisher")
    text = kpi(driver, ADMIN, 'define custom "<!channel> leads" @acme target 4 per week')
    assert "<!channel>" not in text
    assert "<!channel>" not in kpi(driver, CARL, "list")


def test_every_metric_has_a_name_in_both_languages() -> None:
    from bot.features import translator
    from bot.kpi import metrics

    for lang in ("en", "es"):
        tr = translator(lang)
        names = [tr(f"kpi.metric.{key}") for key in (*metrics.BASE, *metrics.DERIVED)]
        assert len(set(names)) == len(names) and all(names)
    assert translator("es")("kpi.metric.engagement_rate") == "Tasa de interacción"
