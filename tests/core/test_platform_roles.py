"""Roles, setup, help and the audit trail through signed payloads."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from bot.cli import main as cli_main
from storage.models import AuditEntry, RoleAssignment, Workspace
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, CRISIS, DIGEST, TEAM


def _audit(rt: Any) -> list[tuple[str, str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject, e.outcome)
                for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_non_admin_cannot_add_a_role_and_the_attempt_is_audited(driver: Any, rt: Any, clock: Any) -> None:
    clock.advance(days=400)  # far from the wall clock: the record must carry the app's time
    resp = driver.command(CARL, "/socialops", f"role add <@{CARL}|carl> admin")
    assert "Not allowed" in resp.json()["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(RoleAssignment)).all() == []
        assert [e.at for e in s.scalars(select(AuditEntry))] == [clock()]
    assert _audit(rt) == [(CARL, "role.add", f"{CARL}:admin", "refused")]


def test_admin_adds_and_removes_roles_and_both_are_audited(driver: Any, rt: Any) -> None:
    added = driver.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
    assert f"<@{ANA}> is now *custodian*" in added.json()["text"]
    again = driver.command(ADMIN, "/socialops", f"role add <@{ANA}> custodian")
    assert "already" in again.json()["text"]
    roles = driver.command(BEA, "/socialops", "roles").json()["text"]
    assert f"<@{ANA}>" in roles and f"<@{ADMIN}>" in roles
    driver.command(ADMIN, "/socialops", f"role remove <@{ANA}|ana> custodian")
    assert [a[1] for a in _audit(rt)] == ["role.add", "role.remove"]


@pytest.mark.parametrize(
    "text",
    ["role add", "role add bob custodian", f"role add <@{ANA}> wizard", "role add <@U1> admin extra", "frobnicate"],
)
def test_bad_arguments_get_usage_and_write_nothing(driver: Any, rt: Any, text: str) -> None:
    body = driver.command(ADMIN, "/socialops", text).json()["text"]
    assert "/socialops" in body and ("Usage" in body or "subcommand" in body)
    assert _audit(rt) == []


def test_help_lists_every_registered_subcommand(driver: Any, rt: Any) -> None:
    text = driver.command(CARL, "/socialops", "").json()["text"]
    for cmd in rt.registry.commands.values():
        assert f"*{cmd.name}*" in text


def test_spanish_workspace_answers_in_spanish(driver: Any) -> None:
    driver.command(ADMIN, "/socialops", "setup language es")
    assert "Comandos de SocialOps" in driver.command(CARL, "/socialops", "help").json()["text"]


def test_setup_by_words(driver: Any, rt: Any) -> None:
    resp = driver.command(
        ADMIN, "/socialops",
        f"setup approvals <#{APPROVALS}|approvals> crisis <#{CRISIS}> digest <#{DIGEST}|digest> timezone Europe/Madrid",
    )
    assert "Settings saved" in resp.json()["text"]
    with rt.ctx.db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        assert (ws.approvals_channel, ws.crisis_channel, ws.digest_channel, ws.timezone) == (
            APPROVALS, CRISIS, DIGEST, "Europe/Madrid")
    bad = driver.command(ADMIN, "/socialops", "setup timezone Mars/Olympus")
    assert "not a time zone" in bad.json()["text"]


def test_setup_modal_validates_inline_and_saves(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(ADMIN, "/socialops", "setup")
    assert slack.calls_to("views.open"), "the setup modal was not opened"
    bad = driver.submit(ADMIN, {"setup_timezone.value": "Nowhere/Land", "setup_access_max.value": "abc"})
    errors = bad.json()["errors"]
    assert set(errors) == {"setup_timezone", "setup_access_max"}
    with rt.ctx.db.uow() as s:
        assert s.get(Workspace, TEAM) is not None  # created on first contact, but unchanged:
        assert s.scalars(select(AuditEntry)).all() == []
    ok = driver.submit(ADMIN, {"setup_timezone.value": "America/Mexico_City", "setup_language.value": "es",
                               "setup_approvals.value": APPROVALS})
    assert ok.status == 200 and ok.body == ""
    with rt.ctx.db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None and ws.timezone == "America/Mexico_City" and ws.language == "es"
        assert ws.approvals_channel == APPROVALS


def test_setup_modal_is_refused_to_non_admins(driver: Any, slack: Any, rt: Any) -> None:
    resp = driver.command(CARL, "/socialops", "setup")
    assert "Not allowed" in resp.json()["text"]
    assert not slack.calls_to("views.open")
    assert _audit(rt) == [(CARL, "workspace.setup", "", "refused")]


def test_audit_verify_names_an_edited_entry(driver: Any, rt: Any, db_url: str, monkeypatch: Any,
                                            capsys: Any) -> None:
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}> custodian")
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}> approver")
    driver.command(ADMIN, "/socialops", f"role add <@{CARL}> auditor")
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli_main(["audit", "verify"]) == 0
    with rt.ctx.db.uow() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor=CARL))
    assert cli_main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"{TEAM}: BROKEN at entry #2" in out and "edited" in out


def test_audit_export_writes_json_lines(driver: Any, db_url: str, monkeypatch: Any, tmp_path: Any) -> None:
    import json

    driver.command(ADMIN, "/socialops", f"role add <@{ANA}> custodian")
    monkeypatch.setenv("DATABASE_URL", db_url)
    target = tmp_path / "audit.jsonl"
    assert cli_main(["audit", "export", "--output", str(target)]) == 0
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [(r["actor"], r["action"], r["subject"]) for r in rows] == [(ADMIN, "role.add", ANA)]


def test_app_home_shows_roles(driver: Any, slack: Any) -> None:
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}> custodian")
    driver.app_home_opened(ANA)
    published = slack.calls_to("views.publish")
    assert published and published[-1].args["user_id"] == ANA
    assert "custodian" in str(published[-1].args["view"])
