"""`/crisis setup` through signed payloads: the overview, the per-severity form (pre-filled, checked
inline, saved), who may use it, a forged form, and the Spanish default playbook."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.errors import ValidationFailed
from bot.crisis.playbooks import default_playbook
from bot.crisis.settings import Level, chain_for
from bot.crisis.setup import LevelInput, SetupInput, validate
from handlers.crisis.setup.ids import ACK_BLOCKS, LEVEL_BLOCKS
from handlers.crisis.setup.ids import CrisisSetupIds as I
from storage.models import AuditEntry, CrisisSettings
from tests.crisis.support_crisis import ADMIN, ANA, BEA, CARL, DANI, EVA, GENERAL, TEAM, add_leads, answer, seed_chain

V = I.A_VALUE


def _setting(rt: Any, severity: str = "sev1") -> CrisisSettings | None:
    with rt.ctx.db.uow() as s:
        row: CrisisSettings | None = s.scalars(select(CrisisSettings).where(
            CrisisSettings.team_id == TEAM, CrisisSettings.severity == severity)).one_or_none()
        if row is not None:
            s.expunge(row)
        return row


def _chain(rt: Any, severity: str = "sev1") -> Any:
    with rt.ctx.db.uow() as s:
        return chain_for(s, TEAM, severity)


def _saved_entries(rt: Any) -> list[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.subject, e.outcome) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "crisis.settings_saved").order_by(AuditEntry.seq))]


def _refusals(rt: Any) -> list[tuple[str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action) for e in s.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused"))]


def _rows(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(CrisisSettings)) or 0)


def _form(slack: Any, user: str = ADMIN) -> dict[str, Any]:
    views = [v for v in slack.views(user) if v.get("callback_id") == I.VIEW]
    assert views, f"{user} has no setup form open"
    return dict(views[-1])


def _element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return dict(block["element"])


def _dm_texts(slack: Any, user: str = ADMIN) -> list[str]:
    return [str(m.get("text", "")) for m in slack.messages(slack.dm_channel(user))]


def _open(driver: Any, slack: Any, severity: str = "sev1") -> dict[str, Any]:
    resp = driver.command(ADMIN, "/crisis", f"setup {severity}")
    assert resp.status == 200, resp.body
    return _form(slack)


def _three_levels() -> dict[str, Any]:
    return {f"{LEVEL_BLOCKS[0]}.{V}": [ANA, BEA], f"{ACK_BLOCKS[0]}.{V}": "5",
            f"{LEVEL_BLOCKS[1]}.{V}": [DANI], f"{ACK_BLOCKS[1]}.{V}": "10",
            f"{LEVEL_BLOCKS[2]}.{V}": [EVA], f"{ACK_BLOCKS[2]}.{V}": "15",
            f"{I.B_REPEATS}.{V}": "2", f"{I.B_STATUS}.{V}": "45",
            f"{I.B_PLAYBOOK}.{V}": "Acknowledge\n\n  Hold the posts  \nDraft the statement\n"}


# ---- saving ----

def test_an_admin_saves_a_three_level_chain_and_chain_for_returns_it(driver: Any, slack: Any, rt: Any) -> None:
    add_leads(slack)
    _open(driver, slack)
    resp = driver.submit(ADMIN, _three_levels())
    assert resp.status == 200 and not resp.errors, resp.body
    assert not [v for v in slack.views(ADMIN) if v.get("callback_id") == I.VIEW]  # the form closed

    chain = _chain(rt)
    assert chain.levels == (Level((ANA, BEA), 5), Level((DANI,), 10), Level((EVA,), 15))
    assert (chain.repeats, chain.status_minutes) == (2, 45)
    assert chain.playbook == ("Acknowledge", "Hold the posts", "Draft the statement")  # blank lines dropped
    row = _setting(rt)
    assert row is not None and row.version == 1 and row.updated_by == ADMIN
    assert _saved_entries(rt) == [(ADMIN, "severity:sev1", "ok")]
    told = _dm_texts(slack)[-1]
    assert "sev1" in told and "version 1" in told
    assert f"<@{ANA}>, <@{BEA}>" in told and "15 min" in told and "every 45 min" in told


def test_empty_levels_are_skipped_and_empty_minutes_take_the_default(driver: Any, slack: Any, rt: Any) -> None:
    add_leads(slack)
    _open(driver, slack, "sev2")
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": [], f"{LEVEL_BLOCKS[1]}.{V}": [DANI],
                                 f"{ACK_BLOCKS[1]}.{V}": "", f"{I.B_STATUS}.{V}": ""})
    assert not resp.errors, resp.errors
    chain = _chain(rt, "sev2")
    assert chain.levels == (Level((DANI,), 15),)  # sev2's default deadline
    assert chain.status_minutes is None  # empty: no reminders
    assert chain.playbook is None  # the default, untouched, stays the default


def test_an_unchanged_save_writes_nothing(driver: Any, slack: Any, rt: Any) -> None:
    add_leads(slack)
    _open(driver, slack)
    driver.submit(ADMIN, _three_levels())
    _open(driver, slack)
    resp = driver.submit(ADMIN)  # as pre-filled
    assert not resp.errors, resp.errors
    row = _setting(rt)
    assert row is not None and row.version == 1
    assert len(_saved_entries(rt)) == 1
    assert "Nothing changed" in _dm_texts(slack)[-1]


def test_a_change_bumps_the_version_and_audits_what_changed(driver: Any, slack: Any, rt: Any) -> None:
    add_leads(slack)
    _open(driver, slack)
    driver.submit(ADMIN, _three_levels())
    _open(driver, slack)
    driver.submit(ADMIN, {f"{I.B_REPEATS}.{V}": "3"})
    row = _setting(rt)
    assert row is not None and (row.version, row.repeats) == (2, 3)
    with rt.ctx.db.uow() as s:
        last = s.scalars(select(AuditEntry).where(AuditEntry.action == "crisis.settings_saved")
                         .order_by(AuditEntry.seq.desc())).first()
        assert last is not None and json.loads(last.detail)["changed"] == {"repeats": {"from": 2, "to": 3}}


# ---- inline errors: nothing written ----

def test_a_chain_naming_nobody_is_refused_inline(driver: Any, slack: Any, rt: Any) -> None:
    _open(driver, slack)
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": []})
    assert "at least one person" in resp.errors[LEVEL_BLOCKS[0]]
    assert _rows(rt) == 0 and _saved_entries(rt) == []
    assert _form(slack)  # still open, to be corrected


@pytest.mark.parametrize("field, typed, expected", [
    (f"{ACK_BLOCKS[0]}.{V}", "abc", "from 1 to 1440"),
    (f"{ACK_BLOCKS[0]}.{V}", "0", "from 1 to 1440"),
    (f"{ACK_BLOCKS[0]}.{V}", "١٢", "from 1 to 1440"),  # Arabic-Indic digits are not minutes
    (f"{I.B_STATUS}.{V}", "2", "from 5 to 1440"),
    (f"{I.B_STATUS}.{V}", "9999", "from 5 to 1440"),
])
def test_bad_minutes_are_refused_inline(driver: Any, slack: Any, rt: Any, field: str, typed: str,
                                        expected: str) -> None:
    _open(driver, slack)
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": [ANA], field: typed})
    assert expected in resp.errors[field.split(".")[0]], resp.errors
    assert _rows(rt) == 0


def test_too_many_or_too_long_steps_are_refused_inline(driver: Any, slack: Any, rt: Any) -> None:
    _open(driver, slack)
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": [ANA],
                                 f"{I.B_PLAYBOOK}.{V}": "\n".join(f"Step {n}" for n in range(21))})
    assert "1 to 20 steps" in resp.errors[I.B_PLAYBOOK] and "(it has 21)" in resp.errors[I.B_PLAYBOOK]
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": [ANA], f"{I.B_PLAYBOOK}.{V}": "ok\n" + "x" * 301})
    assert "Step 2 is too long" in resp.errors[I.B_PLAYBOOK]
    assert _rows(rt) == 0


def test_every_bad_field_is_reported_at_once(driver: Any, slack: Any, rt: Any) -> None:
    _open(driver, slack)
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": [], f"{I.B_STATUS}.{V}": "x",
                                 f"{I.B_PLAYBOOK}.{V}": "\n".join(["s"] * 21)})
    assert set(resp.errors) == {LEVEL_BLOCKS[0], I.B_STATUS, I.B_PLAYBOOK}
    assert _rows(rt) == 0


# ---- who may ----

def test_a_member_is_refused_and_audited(driver: Any, slack: Any, rt: Any) -> None:
    resp = driver.command(CARL, "/crisis", "setup")
    assert "sev1" not in answer(resp) and answer(resp)
    resp = driver.command(CARL, "/crisis", "setup sev1")
    assert answer(resp) and not slack.views(CARL)
    assert _refusals(rt).count((CARL, "crisis.setup")) >= 1
    driver.forged_click(CARL, I.EDIT, "sev2")
    assert not slack.views(CARL)


def test_a_member_submitting_the_form_is_refused_and_nothing_is_written(driver: Any, slack: Any, rt: Any) -> None:
    form = _open(driver, slack)
    slack.close_view(ADMIN, form["id"])
    resp = _submit_as(driver, CARL, form, {f"{LEVEL_BLOCKS[0]}.{V}": [CARL]})
    assert resp.status == 200 and resp.json()["errors"]  # told, in the form
    assert _rows(rt) == 0
    assert (CARL, "crisis.setup") in _refusals(rt)


# ---- the form and the overview ----

def test_the_form_opens_pre_filled_with_the_saved_values(driver: Any, slack: Any, rt: Any) -> None:
    add_leads(slack)
    seed_chain(rt, "sev1", ((ANA, BEA), (DANI,)), ack_minutes=[7, 12], repeats=2, status_minutes=20,
               playbook=["First", "Second"])
    form = _open(driver, slack)
    assert form["private_metadata"] == "sev1"
    assert _element(form, LEVEL_BLOCKS[0])["initial_users"] == [ANA, BEA]
    assert _element(form, LEVEL_BLOCKS[1])["initial_users"] == [DANI]
    assert "initial_users" not in _element(form, LEVEL_BLOCKS[2])
    assert [_element(form, b).get("initial_value") for b in ACK_BLOCKS] == ["7", "12", None]
    assert _element(form, I.B_REPEATS)["initial_option"]["value"] == "2"
    assert _element(form, I.B_STATUS)["initial_value"] == "20"
    assert _element(form, I.B_PLAYBOOK)["initial_value"] == "First\nSecond"
    assert len(form["blocks"]) <= 100


def test_the_overview_lists_all_three_and_edit_opens_that_form(driver: Any, slack: Any, rt: Any) -> None:
    seed_chain(rt, "sev1", ((ANA,), (BEA,)))
    resp = driver.command(ADMIN, "/crisis", "setup", channel_id=GENERAL)
    body = resp.json()
    texts = "\n".join(b["text"]["text"] for b in body["blocks"] if b.get("type") == "section")
    for sev in ("sev1", "sev2", "sev3"):
        assert f"*{sev}*" in texts
    assert f"Level 1: <@{ANA}> — acknowledge within 5 min" in texts
    assert "version 1" in texts and texts.count("never saved") == 2
    assert texts.count("No escalation chain") == 2
    assert "every 30 min" in texts and "every 120 min" in texts and "No status-update reminders" in texts
    assert texts.count("the default (") == 3
    buttons = [b["accessory"] for b in body["blocks"] if b.get("accessory")]
    assert [(x["action_id"], x["value"]) for x in buttons] == [(I.EDIT, s) for s in ("sev1", "sev2", "sev3")]

    driver.click(ADMIN, I.EDIT, value="sev2")
    form = _form(slack)
    assert form["private_metadata"] == "sev2"
    assert _element(form, I.B_PLAYBOOK)["initial_value"] == "\n".join(default_playbook("sev2", "en"))


def test_an_unknown_severity_word_gives_the_usage(driver: Any, slack: Any, rt: Any) -> None:
    text = answer(driver.command(ADMIN, "/crisis", "setup sev9"))
    assert "“sev9” is not a severity" in text and "/crisis setup [sev1|sev2|sev3]" in text
    text = answer(driver.command(ADMIN, "/crisis", "setup sev1 sev2"))
    assert "/crisis setup [sev1|sev2|sev3]" in text
    assert not slack.views(ADMIN)
    assert _form_count(slack) == 0


def _form_count(slack: Any) -> int:
    return len([v for v in slack.views(ADMIN) if v.get("callback_id") == I.VIEW])


# ---- forged input ----

def _submit_as(driver: Any, user: str, view: dict[str, Any], values: dict[str, Any]) -> Any:
    """A signed submission of `view` (as the app opened it, possibly edited) by `user`."""
    from bot.devtools.slack.payloads import build_state

    state = build_state(view["blocks"], values)
    payload = {"type": "view_submission", "trigger_id": driver.fake.issue_trigger_id(user),
               "view": {**view, "state": {"values": state}}, "response_urls": []}
    return driver._interaction(user, payload)


@pytest.mark.parametrize("metadata", ["", "sev4", "SEV1 ", "1", '{"severity": "sev1"}', "x" * 3000])
def test_a_forged_severity_in_the_metadata_is_refused(driver: Any, slack: Any, rt: Any, metadata: str) -> None:
    form = _open(driver, slack)
    forged = {**form, "private_metadata": metadata, "id": f"VFORGED{len(metadata)}"}
    resp = _submit_as(driver, ADMIN, forged, {f"{LEVEL_BLOCKS[0]}.{V}": [ANA]})
    assert resp.status == 200
    assert "not one the app opened" in resp.json()["errors"][LEVEL_BLOCKS[0]]
    assert _rows(rt) == 0


def test_forged_user_ids_are_refused_inline(driver: Any, slack: Any, rt: Any) -> None:
    form = _open(driver, slack)
    resp = _submit_as(driver, ADMIN, form, {f"{LEVEL_BLOCKS[1]}.{V}": ["<!channel>"],
                                            f"{LEVEL_BLOCKS[0]}.{V}": [ANA]})
    assert "Choose people from the list" in resp.json()["errors"][LEVEL_BLOCKS[1]]
    assert _rows(rt) == 0


def test_a_forged_edit_button_value_is_refused(driver: Any, slack: Any, rt: Any) -> None:
    driver.forged_click(ADMIN, I.EDIT, "sev9")
    assert not slack.views(ADMIN)
    told = [str(m.get("text")) for m in [*slack.messages(slack.dm_channel(ADMIN)), *slack.ephemerals(ADMIN)]]
    assert any("not one the app opened" in t for t in told), told


# ---- Spanish ----

def test_a_spanish_workspace_gets_the_spanish_default_playbook(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(ADMIN, "/socialops", "setup language es")
    form = _open(driver, slack, "sev3")
    assert _element(form, I.B_PLAYBOOK)["initial_value"] == "\n".join(default_playbook("sev3", "es"))
    assert form["title"]["text"] == "Ajustes crisis · sev3"
    resp = driver.submit(ADMIN, {f"{LEVEL_BLOCKS[0]}.{V}": [ANA]})
    assert not resp.errors, resp.errors
    assert _chain(rt, "sev3").playbook is None  # the Spanish default as is: stored as the default
    assert "guardados (versión 1)" in _dm_texts(slack)[-1]
    overview = answer(driver.command(ADMIN, "/crisis", "setup"))
    assert "Ajustes de crisis" in overview and overview.count("Protocolo: el predeterminado") == 3


# ---- the rules, directly ----

def _input(*levels: tuple[tuple[str, ...], str], repeats: str = "3", status: str = "",
           playbook: str = "One") -> SetupInput:
    return SetupInput(tuple(LevelInput(u, m) for u, m in levels), repeats, status, playbook)


def test_validate_keys_each_error_by_the_forms_block() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate("sev1", _input(((ANA,), "x"), repeats="4"), LEVEL_BLOCKS, ACK_BLOCKS, I.B_REPEATS,
                 I.B_STATUS, I.B_PLAYBOOK)
    assert set(caught.value.errors) == {ACK_BLOCKS[0], I.B_REPEATS}
    values = validate("sev1", _input(((ANA, ANA, ""), ""), ((), "99")), LEVEL_BLOCKS, ACK_BLOCKS, I.B_REPEATS,
                      I.B_STATUS, I.B_PLAYBOOK)
    assert values["levels"] == [{"users": [ANA], "ack_minutes": 5}]  # duplicates merged, the empty level gone
