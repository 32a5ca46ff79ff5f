"""The agency scope (issue 14 §5, the input side): the `/kpi scope` form (inline errors, unchanged saves,
stale forms, forged accounts), the read-only view, `/kpi scope <handle> <n>`, and `/kpi delivered`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.core.errors import ValidationFailed
from bot.devtools.slack.payloads import build_state
from bot.kpi.parse_goals import ScopeInput, validate
from bot.kpi.scope import ScopeView, delivered_months, scope_of
from handlers.kpi.goals.ids import DELIVERABLE_BLOCKS, MAX_FORM_ACCOUNTS, posts_block
from handlers.kpi.goals.ids import KpiGoalsIds as I
from tests.access.support import forge_metadata, give_role, set_workspace
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM
from tests.kpi.support_goals import (
    add_account,
    audit_actions,
    dm_texts,
    kpi,
    open_scope,
    scope_form,
    scope_rows,
    scope_values,
)

OTHER = "T0OTHERWS"


@pytest.fixture
def accounts(rt: Any, setup_workspace: None) -> tuple[int, int]:
    return add_account(rt, "acme"), add_account(rt, "acme_li", network="linkedin")


def _scope(rt: Any) -> ScopeView | None:
    with rt.ctx.db.uow() as s:
        return scope_of(s, TEAM)


def _save_first(driver: Any, slack: Any, accounts: tuple[int, int], **over: Any) -> Any:
    open_scope(driver, slack)
    values = {"response": "120", "posts": {accounts[0]: "4", accounts[1]: "2"},
              "deliverables": ["Competitor analysis — 5", "Monthly report - day 10"], **over}
    return driver.submit(ADMIN, scope_values(**values))


# ---- the rules (pure) ------------------------------------------------------------------------------

def test_validate_names_every_bad_field_at_once() -> None:
    form = ScopeInput(provider=("p", "  "), report_cadence=("c", "weekly"), response_minutes=("r", "soon"),
                      posts=(("a1", 1, "-3"), ("a2", 2, "4")),
                      deliverables=(("d1", "no due day"), ("d2", "Report — 31"), ("d3", "Audit — 3"),
                                    ("d4", "AUDIT, day 7"), ("d5", "")))
    with pytest.raises(ValidationFailed) as caught:
        validate(form)
    assert {b: k for b, (k, _) in caught.value.errors.items()} == {
        "p": "kpi.goals.scope.error.provider", "c": "kpi.goals.scope.error.cadence",
        "r": "kpi.goals.scope.error.response", "a1": "kpi.goals.scope.error.posts_field",
        "d1": "kpi.goals.scope.error.deliverable", "d2": "kpi.goals.scope.error.due_day",
        "d4": "kpi.goals.scope.error.deliverable_twice"}


def test_validate_reads_the_ways_people_write_a_due_day() -> None:
    form = ScopeInput(provider=("p", " Agencia  Norte "), report_cadence=("c", "fortnightly"),
                      response_minutes=("r", ""), posts=(("a1", 1, ""), ("a2", 2, "0"), ("a3", 3, "7")),
                      deliverables=(("d1", "Competitor analysis — 5"), ("d2", "Follow-up report - day 12"),
                                    ("d3", "Ads review, día 28"), ("d4", "Audit: 1"), ("d5", "")))
    values = validate(form)
    assert (values.provider, values.report_cadence, values.response_minutes) == ("Agencia Norte", "fortnightly", None)
    assert values.posts == {1: 0, 2: 0, 3: 7}
    assert values.deliverables == (("Competitor analysis", 5), ("Follow-up report", 12), ("Ads review", 28),
                                   ("Audit", 1))


# ---- the form ------------------------------------------------------------------------------------

def test_admin_form_lists_each_account_and_saves_the_scope(driver: Any, rt: Any, slack: Any,
                                                          accounts: tuple[int, int]) -> None:
    form = open_scope(driver, slack)
    block_ids = [b.get("block_id") for b in form["blocks"]]
    assert posts_block(accounts[0]) in block_ids and posts_block(accounts[1]) in block_ids
    assert all(b in block_ids for b in DELIVERABLE_BLOCKS)
    assert json.loads(form["private_metadata"]) == {"version": 0}
    resp = _save_first(driver, slack, accounts)
    assert resp.status == 200 and not resp.errors
    scope = _scope(rt)
    assert scope is not None
    d1, d2 = (d[0] for d in scope.deliverables)
    assert scope == ScopeView(provider="Agencia Norte", report_cadence="monthly", response_minutes=120,
                              accounts=((accounts[0], "instagram @acme", 4), (accounts[1], "linkedin @acme_li", 2)),
                              deliverables=((d1, "Competitor analysis", 5), (d2, "Monthly report", 10)))
    assert scope_rows(rt)["scope"] == ("Agencia Norte", "monthly", 120, 1)
    assert "Scope saved (version 1)" in dm_texts(slack)[-1] and "instagram @acme: 4" in dm_texts(slack)[-1]
    assert (ADMIN, "kpi.scope_saved", "ok") in audit_actions(rt)


def test_the_form_opens_prefilled_and_an_unchanged_save_writes_nothing(driver: Any, rt: Any, slack: Any,
                                                                        accounts: tuple[int, int]) -> None:
    _save_first(driver, slack, accounts)
    before, entries = scope_rows(rt), len(audit_actions(rt))
    form = open_scope(driver, slack)
    initial = {b["block_id"]: b["element"].get("initial_value") for b in form["blocks"] if b["type"] == "input"
               and b["element"]["type"] == "plain_text_input"}
    assert initial[posts_block(accounts[0])] == "4" and initial[DELIVERABLE_BLOCKS[0]] == "Competitor analysis — 5"
    assert json.loads(form["private_metadata"]) == {"version": 1}
    assert driver.submit(ADMIN).status == 200  # as opened
    assert scope_rows(rt) == before and len(audit_actions(rt)) == entries
    assert "Nothing changed" in dm_texts(slack)[-1]


def test_bad_fields_get_inline_errors_and_nothing_is_written(driver: Any, rt: Any, slack: Any,
                                                             accounts: tuple[int, int]) -> None:
    open_scope(driver, slack)
    resp = driver.submit(ADMIN, scope_values(provider=" ", response="0", posts={accounts[0]: "x1"},
                                             deliverables=["Analysis", "Report — 30"]))
    assert set(resp.errors) == {I.B_PROVIDER, I.B_RESPONSE, posts_block(accounts[0]), DELIVERABLE_BLOCKS[0],
                                DELIVERABLE_BLOCKS[1]}
    assert "from 1 to 28" in resp.errors[DELIVERABLE_BLOCKS[1]]
    assert scope_rows(rt)["scope"] is None


def test_retiring_a_deliverable_keeps_its_marks_and_moving_a_due_day_keeps_it(driver: Any, rt: Any, slack: Any,
                                                                              accounts: tuple[int, int]) -> None:
    _save_first(driver, slack, accounts)
    scope = _scope(rt)
    assert scope is not None
    (analysis, _, _), (report, _, _) = scope.deliverables
    assert "delivered for 2026-02" in kpi(driver, ADMIN, f"delivered {analysis} 2026-02")
    open_scope(driver, slack)
    driver.submit(ADMIN, scope_values(response="120", posts={accounts[0]: "", accounts[1]: "2"},
                                      deliverables=["Monthly report — 15", "", "Ads review — 20"]))
    after = _scope(rt)
    assert after is not None
    assert [(n, d) for _, n, d in after.deliverables] == [("Monthly report", 15), ("Ads review", 20)]
    assert after.deliverables[0][0] == report  # the same deliverable, a new due day
    assert after.accounts == ((accounts[1], "linkedin @acme_li", 2),)  # emptied: nothing agreed any more
    assert next(r for r in scope_rows(rt)["deliverables"] if r[0] == analysis)[3] is True  # retired
    with rt.ctx.db.uow() as s:
        assert delivered_months(s, TEAM, analysis) == {dt.date(2026, 2, 1)}
    assert scope_rows(rt)["scope"][3] == 2
    assert "There is no deliverable" in kpi(driver, ADMIN, f"delivered {analysis}")


def test_a_stale_form_is_refused_instead_of_undoing_a_later_save(driver: Any, rt: Any, slack: Any,
                                                                 accounts: tuple[int, int]) -> None:
    _save_first(driver, slack, accounts)
    open_scope(driver, slack)
    assert "6 posts per week agreed" in kpi(driver, ADMIN, "scope @acme 6")
    before = scope_rows(rt)
    resp = driver.submit(ADMIN, scope_values(provider="Someone else"))
    assert "changed since this form was opened" in " ".join(resp.errors.values())
    assert scope_rows(rt) == before


def test_forged_metadata_and_forged_account_blocks_write_nothing(driver: Any, rt: Any, slack: Any,
                                                                 accounts: tuple[int, int]) -> None:
    theirs = add_account(rt, "globex", team=OTHER, brand="Globex")
    open_scope(driver, slack)
    forge_metadata(slack, ADMIN, json.dumps({"version": 7}))
    assert driver.submit(ADMIN, scope_values()).errors
    for metadata in ("", "null", '{"version": true}', '{"version": "0"}', '{"version": 1e300}'):
        open_scope(driver, slack)
        forge_metadata(slack, ADMIN, metadata)
        assert driver.submit(ADMIN, scope_values()).errors
    form = open_scope(driver, slack)
    # A tampered client adds an input for another workspace's account (and one that is no id at all).
    for block_id in (posts_block(theirs), "kpi_goals_ppw_①", "kpi_goals_ppw_" + "9" * 25):
        extra = {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": "x"},
                 "element": {"type": "plain_text_input", "action_id": "value"}, "optional": True}
        slack.replace_view(form["id"], {**{k: form[k] for k in ("type", "callback_id", "title", "submit",
                                                                 "private_metadata")},
                                        "blocks": [*form["blocks"], extra]})
        resp = driver.submit(ADMIN, {**scope_values(), f"{block_id}.value": "5"})
        assert "no such account" in " ".join(resp.errors.values())
        form = scope_form(slack)
    assert scope_rows(rt)["scope"] is None and scope_rows(rt, OTHER)["accounts"] == []


def test_members_read_the_scope_and_cannot_save_it(driver: Any, rt: Any, slack: Any,
                                                   accounts: tuple[int, int]) -> None:
    assert "No scope has been agreed yet" in kpi(driver, CARL, "scope")
    _save_first(driver, slack, accounts)
    text = kpi(driver, CARL, "scope")
    assert "Run by: Agencia Norte" in text and "Results report: monthly" in text
    assert "within 120 min" in text and "instagram @acme: 4" in text and "Competitor analysis — due day 5" in text
    assert "Only admins change it" in text
    assert not [v for v in slack.views(CARL) if v.get("callback_id") == I.SCOPE_VIEW]
    assert "Not allowed" in kpi(driver, CARL, "scope @acme 9")
    # A member who got hold of the form (a forged submission) is refused, and the refusal audited.
    open_scope(driver, slack)
    before = scope_rows(rt)
    form = scope_form(slack)
    slack.close_view(ADMIN, form["id"])
    state = build_state(form["blocks"], {f"{I.B_PROVIDER}.value": "Carl's friends"})
    resp = driver._interaction(CARL, {"type": "view_submission", "trigger_id": driver.fake.issue_trigger_id(CARL),
                                      "view": {**form, "state": {"values": state}}, "response_urls": []})
    assert resp.status == 200 and "Not allowed" in resp.body
    assert scope_rows(rt) == before
    assert (CARL, "kpi.scope", "refused") in audit_actions(rt)


def test_scope_command_sets_one_account(driver: Any, rt: Any, slack: Any, accounts: tuple[int, int]) -> None:
    assert "There is no scope yet" in kpi(driver, ADMIN, "scope @acme 4")
    _save_first(driver, slack, accounts)
    assert "already had 4 posts per week" in kpi(driver, ADMIN, "scope @acme 4")
    assert scope_rows(rt)["scope"][3] == 1
    assert "0 to 100" in kpi(driver, ADMIN, "scope @acme lots")
    assert "0 to 100" in kpi(driver, ADMIN, "scope @acme 101")
    assert "Give one account and a number" in kpi(driver, ADMIN, "scope @acme")
    assert "There is no account `@nobody`" in kpi(driver, ADMIN, "scope @nobody 3")
    assert "no posts per week agreed any more" in kpi(driver, ADMIN, "scope linkedin:acme_li 0")
    scope = _scope(rt)
    assert scope is not None and scope.accounts == ((accounts[0], "instagram @acme", 4),)
    assert scope_rows(rt)["scope"][3] == 2


def test_many_accounts_the_form_shows_what_fits_and_points_to_the_command(driver: Any, rt: Any, slack: Any,
                                                                         setup_workspace: None) -> None:
    for n in range(MAX_FORM_ACCOUNTS + 5):
        add_account(rt, f"acct{n:03d}")
    form = open_scope(driver, slack)
    assert len(form["blocks"]) <= 100
    inputs = [b for b in form["blocks"] if str(b.get("block_id", "")).startswith("kpi_goals_ppw_")]
    assert len(inputs) == MAX_FORM_ACCOUNTS
    assert "5 more accounts" in json.dumps(form["blocks"]) and "/kpi scope <handle>" in json.dumps(form["blocks"])
    assert driver.submit(ADMIN, scope_values()).status == 200
    assert scope_rows(rt)["scope"] == ("Agencia Norte", "monthly", None, 1)
    assert "5 posts per week agreed" in kpi(driver, ADMIN, f"scope @acct{MAX_FORM_ACCOUNTS + 4:03d} 5")


# ---- /kpi delivered ------------------------------------------------------------------------------

def test_delivered_once_per_month_by_admins_and_publishers(driver: Any, rt: Any, slack: Any,
                                                           accounts: tuple[int, int]) -> None:
    _save_first(driver, slack, accounts)
    scope = _scope(rt)
    assert scope is not None
    analysis = scope.deliverables[0][0]
    give_role(rt.ctx.db, BEA, "publisher")
    assert "roles: publisher" in kpi(driver, CARL, f"delivered {analysis}")
    assert "roles: publisher" in kpi(driver, ANA, f"delivered {analysis}")
    assert "delivered for 2026-03" in kpi(driver, BEA, f"delivered {analysis}")  # the clock's month
    assert f"already marked delivered for 2026-03 by <@{BEA}>" in kpi(driver, ADMIN, f"delivered {analysis} 2026-03")
    assert "has not started yet" in kpi(driver, ADMIN, f"delivered {analysis} 2026-04")
    assert "is not a month" in kpi(driver, ADMIN, f"delivered {analysis} 2026-13")
    assert "There is no deliverable" in kpi(driver, ADMIN, "delivered ①")
    assert "Give the deliverable's id" in kpi(driver, ADMIN, "delivered")
    with rt.ctx.db.uow() as s:
        assert delivered_months(s, TEAM, analysis) == {dt.date(2026, 3, 1)}
        assert delivered_months(s, OTHER, analysis) == set()  # another workspace asks: nothing
    assert [a for a in audit_actions(rt) if a[1] == "kpi.delivered"] == [
        (CARL, "kpi.delivered", "refused"), (ANA, "kpi.delivered", "refused"), (BEA, "kpi.delivered", "ok")]


def test_delivered_this_month_is_the_workspace_s_month(driver: Any, rt: Any, slack: Any, clock: Any,
                                                       accounts: tuple[int, int]) -> None:
    _save_first(driver, slack, accounts)
    scope = _scope(rt)
    assert scope is not None
    set_workspace(rt.ctx.db, timezone="America/Mexico_City")
    clock.set(dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC))  # still 28 February there
    assert "delivered for 2026-02" in kpi(driver, ADMIN, f"delivered {scope.deliverables[0][0]}")


def test_another_workspace_s_deliverable_is_not_there(driver: Any, rt: Any, slack: Any,
                                                      accounts: tuple[int, int]) -> None:
    from storage.models.kpi import KpiDeliverable, KpiScope
    with rt.ctx.db.uow() as s:
        theirs = KpiScope(team_id=OTHER, provider="Them", report_cadence="monthly", updated_by="U2ADMIN")
        s.add(theirs)
        s.flush()
        deliverable = KpiDeliverable(team_id=OTHER, scope_id=theirs.id, name="Theirs", due_day=3)
        s.add(deliverable)
        s.flush()
        their_id = deliverable.id
    assert f"There is no deliverable {their_id}" in kpi(driver, ADMIN, f"delivered {their_id}")
    assert scope_rows(rt, OTHER)["marks"] == []


def test_an_account_archived_while_the_form_was_open_is_left_out(driver: Any, rt: Any, slack: Any,
                                                                 accounts: tuple[int, int]) -> None:
    from storage.models import Account
    open_scope(driver, slack)
    with rt.ctx.db.uow() as s:
        account = s.get(Account, accounts[1])
        assert account is not None
        account.status = "archived"
    resp = driver.submit(ADMIN, scope_values(posts={accounts[0]: "3", accounts[1]: "5"}))
    assert resp.status == 200 and not resp.errors
    assert scope_rows(rt)["accounts"] == [(accounts[0], 3)]
