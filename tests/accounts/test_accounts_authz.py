"""Who may do what with /accounts; every refusal is on record and writes nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.accounts.ids import AccountsIds as I
from tests.accounts.kit import accounts, add_account, audit, v, vault_runtime
from tests.conftest import ADMIN, ANA, BEA, CARL, listening

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

STRONG = "violet-Harbor-lantern-93!quiet"


def _refusals(rt: Any) -> list[tuple[str, str]]:
    return [(a[0], a[1]) for a in audit(rt) if a[3] == "refused"]


def test_members_cannot_add_reveal_edit_archive_or_rotate(driver: Any, slack: Any, rt: Any,
                                                          setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    before = [a for a in audit(rt) if a[3] == "ok"]
    opened = len(slack.calls_to("views.open"))
    for text in ("add", "reveal acmeshop", "edit acmeshop", "archive acmeshop", "rotate acmeshop"):
        reply = driver.command(CARL, "/accounts", text).json()["text"]
        assert "Not allowed" in reply or "Only this account's custodian" in reply, (text, reply)
    assert len(slack.calls_to("views.open")) == opened  # no modal opened for CARL
    assert _refusals(rt) == [(CARL, "account.add"), (CARL, "account.reveal"), (CARL, "account.edit"),
                             (CARL, "account.archive"), (CARL, "account.rotate")]
    assert [a for a in audit(rt) if a[3] == "ok"] == before
    [acct] = accounts(rt)
    assert acct.status == "active"


def test_a_custodian_of_another_account_may_not_reveal_this_one(driver: Any, slack: Any, rt: Any,
                                                                setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> custodian")
    reply = driver.command(BEA, "/accounts", "reveal acmeshop").json()["text"]
    assert f"<@{ANA}>" in reply and "recorded" in reply
    assert (BEA, "account.reveal") in _refusals(rt)
    # … but being a custodian she may register her own accounts, and reveal those.
    add_account(driver, BEA, handle="acmenews", custodian=BEA, password_mode="generate")
    driver.close(BEA)
    driver.command(BEA, "/accounts", "reveal acmenews")
    assert slack.views(BEA)[-1]["callback_id"] == I.REVEAL_VIEW


def test_a_modal_submitted_after_losing_the_role_is_refused(driver: Any, slack: Any, rt: Any,
                                                            setup_workspace: None) -> None:
    driver.command(ANA, "/accounts", "add")
    driver.command(ADMIN, "/socialops", f"role remove <@{ANA}|ana> custodian")
    resp = driver.submit(ANA, {v(I.B_BRAND): "Acme", v(I.B_NETWORK): "x", v(I.B_HANDLE): "acme",
                               v(I.B_LOGIN_EMAIL): "social@acme-corp.com", v(I.B_CUSTODIAN): ANA})
    assert "Not allowed" in str(resp.errors)
    assert accounts(rt) == [] and (ANA, "account.add") in _refusals(rt)


def test_edit_by_custodian_changes_the_record_and_emits_custody_changed(driver: Any, slack: Any, rt: Any,
                                                                        setup_workspace: None) -> None:
    add_account(driver)
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> custodian")  # only a custodian may be one
    driver.command(ANA, "/accounts", "edit @acmeshop")
    form = slack.views(ANA)[-1]
    assert form["callback_id"] == I.EDIT_VIEW and "acmeshop" in str(form["blocks"])
    with listening(rt.ctx.db, "custody.changed") as heard:
        resp = driver.submit(ANA, {v(I.B_CUSTODIAN): BEA, v(I.B_TWOFA): "key", v(I.B_NOTES): "new owner"})
    seen = [data for _, data in heard]
    assert not resp.errors
    [acct] = accounts(rt)
    assert (acct.custodian_id, acct.twofa_method, acct.notes) == (BEA, "key", "new owner")
    assert seen and seen[-1]["old"] == ANA and seen[-1]["new"] == BEA
    # Now only BEA (or an admin) may archive it.
    assert "Only this account's custodian" in driver.command(ANA, "/accounts", "archive acmeshop").json()["text"]
    assert "archived" in driver.command(ADMIN, "/accounts", "archive acmeshop").json()["text"]
    assert "inventory is empty" in driver.command(CARL, "/accounts").json()["text"]
    assert "archived" in driver.command(ANA, "/accounts", "show acmeshop").json()["text"]


def test_export_needs_custodian_or_auditor_and_uploads_a_csv_to_a_dm(driver: Any, slack: Any, rt: Any,
                                                                     setup_workspace: None) -> None:
    add_account(driver, notes="=HYPERLINK(\"http://evil\")")
    assert "Not allowed" in driver.command(CARL, "/accounts", "export").json()["text"]
    driver.command(ADMIN, "/socialops", f"role add <@{CARL}|carl> auditor")
    assert "on its way" in driver.command(CARL, "/accounts", "export").json()["text"]
    [upload] = slack.files()
    assert upload["channel_id"] == slack.dm_channel(CARL) and upload["filename"].endswith(".csv")
    content = upload["content"].decode()
    assert content.splitlines()[0].startswith("brand,network,handle")
    assert "acmeshop" in content and "'=HYPERLINK" in content  # a formula stays text
    assert slack.calls_to("files.completeUploadExternal")
