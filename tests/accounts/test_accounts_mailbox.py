"""The login mailbox (SPEC §0.1, §2; issue 10 §1): who created it, whether the company holds its
password (in the vault: reveal, rotate and handover apply), its recovery details, and warnings
that follow the practice instead of warning every team whatever it does."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from sqlalchemy import select

from handlers.accounts.ids import AccountsIds as I
from storage.models import AuditEntry, HandoverAct, HandoverItem, PasswordKnower
from tests.accounts.kit import accounts, add_account, dm_texts, forged_submit, v, vault_runtime
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

MAILBOX_PW = "amber-Falcon-ridge-47?calm"
NEW_MAILBOX_PW = "silver-Orchard-basin-82&keen"


def shown(driver: Any, user: str = ANA, ref: str = "acmeshop") -> str:
    return str(driver.command(user, "/accounts", f"show {ref}").json()["text"])


def knowers(rt: Any) -> set[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        return {(k.field, k.user_id, k.source) for k in s.scalars(select(PasswordKnower))}


def audit_details(rt: Any, action: str) -> list[dict[str, Any]]:
    with rt.ctx.db.uow() as s:
        return [json.loads(e.detail or "{}") for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                                        .order_by(AuditEntry.seq))]


def test_the_add_modal_asks_about_the_mailbox_and_says_what_is_recommended(driver: Any, slack: Any,
                                                                           setup_workspace: None) -> None:
    driver.command(ANA, "/accounts", "add")
    [view] = slack.views(ANA)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    hint = blocks[I.B_LOGIN_EMAIL]["hint"]["text"]
    assert "dedicated Gmail or Hotmail" in hint and "created by IT/Systems" in hint and "no warning" in hint
    creator = blocks[I.B_MAILBOX_CREATOR]["element"]
    assert [o["value"] for o in creator["options"]] == ["it", "marketing", "agency", "employee", "unknown"]
    assert creator["initial_option"]["value"] == "unknown"  # nobody is assumed to have followed the practice
    assert {I.B_MAILBOX_PASSWORD, I.B_MAILBOX_RECOVERY_EMAIL, I.B_MAILBOX_RECOVERY_PHONE} <= set(blocks)


def test_the_recommended_setup_gets_no_warning(driver: Any, slack: Any, rt: Any, setup_workspace: None) -> None:
    resp = add_account(driver, login_email="acme.social@gmail.com", mailbox_created_by="it",
                       mailbox_password=MAILBOX_PW, mailbox_recovery_email="it-desk@acme-corp.com",
                       mailbox_recovery_phone="+34 600 123 456")
    assert not resp.errors
    rt.sender.wait_idle()
    [acct] = accounts(rt)
    assert (acct.mailbox_created_by, acct.has_mailbox_password) == ("it", True)
    assert (acct.mailbox_recovery_email, acct.mailbox_recovery_phone) == ("it-desk@acme-corp.com", "+34 600 123 456")
    [dm] = [t for t in dm_texts(slack, ANA) if "is in the inventory" in t]
    assert ":warning:" not in dm
    text = shown(driver)
    assert "Warnings" not in text
    assert "Login mailbox: created by IT/Systems; its password: held by the company" in text
    assert "Login mailbox recovery: e-mail it-desk@acme-corp.com · phone +34 600 123 456" in text
    assert f"Knows the login mailbox password: <@{ANA}> (registered it" in text
    assert ("mailbox_password", ANA, "created") in knowers(rt)


@pytest.mark.parametrize("creator", ["agency", "employee"])
def test_a_mailbox_made_outside_the_company_is_warned_about_until_its_password_is_held(
        driver: Any, slack: Any, rt: Any, setup_workspace: None, creator: str) -> None:
    add_account(driver, login_email="acme.social@gmail.com", mailbox_created_by=creator)
    rt.sender.wait_idle()
    [dm] = [t for t in dm_texts(slack, ANA) if "is in the inventory" in t]
    assert "does not hold its password" in dm
    assert "does not hold its password" in shown(driver)
    listing = driver.command(CARL, "/accounts").json()["text"]
    assert "mailbox: An agency, *password not held*" in listing or "mailbox: An employee, *password not held*" \
        in listing
    assert ":warning: see `/accounts show`" in listing

    driver.command(ANA, "/accounts", "rotate acmeshop mailbox")
    [form] = slack.views(ANA)
    assert form["callback_id"] == I.ROTATE_MAILBOX_VIEW and "acme.social@gmail.com" in json.dumps(form["blocks"])
    assert not driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW_MAILBOX_PW}).errors
    # The warning is recomputed from the record: the company now holds the mailbox.
    text = shown(driver)
    assert "does not hold its password" not in text and "its password: held by the company" in text
    assert [acct.has_mailbox_password for acct in accounts(rt)] == [True]
    assert audit_details(rt, "account.mailbox_rotate") == [{"source": "typed", "first": True}]
    assert any("New login mailbox password recorded" in t for t in dm_texts(slack, ANA))


def test_editing_the_creator_recomputes_the_warnings(driver: Any, rt: Any, setup_workspace: None) -> None:
    add_account(driver, mailbox_created_by="it")
    assert "does not hold its password" not in shown(driver)
    driver.command(ANA, "/accounts", "edit acmeshop")
    assert not driver.submit(ANA, {v(I.B_MAILBOX_CREATOR): "agency"}).errors
    text = shown(driver)
    assert "created by an agency and the company does not hold its password" in text
    assert "`/accounts rotate instagram:acmeshop mailbox`" in text
    assert audit_details(rt, "account.edit")[-1]["changed"] == {"mailbox_created_by": "agency"}


def test_the_mailbox_password_is_revealed_alone_audited_and_its_viewer_known(
        driver: Any, slack: Any, rt: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="generate", mailbox_password=MAILBOX_PW)
    driver.close(ANA)
    driver.command(ADMIN, "/accounts", "reveal acmeshop mailbox")
    [modal] = slack.views(ADMIN)
    secrets = [b["text"]["text"] for b in modal["blocks"] if b["text"]["type"] == "plain_text"]
    assert secrets == [MAILBOX_PW]  # the mailbox's only: the network password is not shown with it
    assert "login mailbox social@acme-corp.com" in json.dumps(modal["blocks"])
    assert audit_details(rt, "account.reveal") == [{"fields": ["mailbox_password"]}]
    assert ("mailbox_password", ADMIN, "revealed") in knowers(rt)
    assert ("password", ADMIN, "revealed") not in knowers(rt)

    refused = driver.command(CARL, "/accounts", "reveal acmeshop mailbox").json()["text"]
    assert "Only this account's custodian" in refused
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "account.reveal",
                                                  AuditEntry.outcome != "ok")).all()
    nonsense = driver.command(ANA, "/accounts", "reveal acmeshop everything").json()["text"]
    assert "Usage" in nonsense and "`/accounts reveal <handle> mailbox`" in nonsense


def test_a_missing_mailbox_password_is_a_clear_answer(driver: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="generate")
    driver.close(ANA)
    text = driver.command(ANA, "/accounts", "reveal acmeshop mailbox").json()["text"]
    assert "does not hold the login mailbox's password" in text and "rotate instagram:acmeshop mailbox" in text


def test_each_password_has_its_own_list_of_who_knows_it(driver: Any, rt: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="generate", mailbox_password=MAILBOX_PW)
    driver.close(ANA)
    driver.command(ADMIN, "/accounts", "reveal acmeshop")
    driver.close(ADMIN)
    driver.command(ADMIN, "/accounts", "reveal acmeshop mailbox")
    driver.close(ADMIN)
    driver.command(ANA, "/accounts", "rotate acmeshop")  # the network's: the mailbox's list stays
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    driver.close(ANA)
    assert knowers(rt) == {("password", ANA, "rotated"), ("mailbox_password", ANA, "created"),
                           ("mailbox_password", ADMIN, "revealed")}
    driver.command(ANA, "/accounts", "rotate acmeshop mailbox")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    [done] = [view for view in driver.fake.views(ANA) if view["callback_id"] == I.DONE_VIEW]
    assert any(b["text"]["type"] == "plain_text" for b in done["blocks"])  # shown once, in the modal
    assert knowers(rt) == {("password", ANA, "rotated"), ("mailbox_password", ANA, "rotated")}


def test_the_export_has_the_mailbox_facts_and_the_warnings(driver: Any, slack: Any, rt: Any,
                                                            setup_workspace: None) -> None:
    add_account(driver, mailbox_created_by="agency", twofa="none", mailbox_recovery_phone="+34 600 000 111")
    add_account(driver, handle="acmenews", login_email="acme.news@gmail.com", mailbox_password=MAILBOX_PW)
    driver.command(ANA, "/accounts", "export")
    rt.sender.wait_idle()
    content = slack.files()[-1]["content"].decode()
    rows = {r["handle"]: r for r in csv.DictReader(io.StringIO(content))}
    assert (rows["acmeshop"]["mailbox_created_by"], rows["acmeshop"]["has_mailbox_password"]) == ("agency", "False")
    assert rows["acmeshop"]["mailbox_recovery_phone"] == "'+34 600 000 111"  # a formula sign is made text
    assert rows["acmeshop"]["warnings"] == "mailbox_agency twofa_off"
    assert (rows["acmenews"]["mailbox_created_by"], rows["acmenews"]["has_mailbox_password"]) == ("it", "True")
    assert rows["acmenews"]["warnings"] == "" and rows["acmenews"]["mailbox_rotated_at"]
    assert MAILBOX_PW not in content


def test_a_forged_creator_or_an_overlong_mailbox_field_is_refused_and_nothing_is_written(
        driver: Any, rt: Any, setup_workspace: None) -> None:
    driver.command(ANA, "/accounts", "add")
    forged = {**{v(k): val for k, val in ((I.B_BRAND, "Acme"), (I.B_HANDLE, "acme"),
                                           (I.B_LOGIN_EMAIL, "social@acme-corp.com"))},
              v(I.B_NETWORK): {"text": {"type": "plain_text", "text": "x"}, "value": "instagram"},
              v(I.B_CUSTODIAN): ANA,
              v(I.B_MAILBOX_CREATOR): {"text": {"type": "plain_text", "text": "x"}, "value": "ceo"},
              v(I.B_MAILBOX_PASSWORD): "p" * 500, v(I.B_MAILBOX_RECOVERY_PHONE): "call me"}
    resp = forged_submit(driver, ANA, forged)
    assert set(resp.errors) >= {I.B_MAILBOX_CREATOR, I.B_MAILBOX_PASSWORD, I.B_MAILBOX_RECOVERY_PHONE}
    assert "p" * 50 not in json.dumps(resp.errors)  # a password is never echoed back
    assert accounts(rt) == []


def test_a_weak_mailbox_password_is_refused_inline(driver: Any, rt: Any, setup_workspace: None) -> None:
    resp = add_account(driver, mailbox_password="acmeshop2024")
    assert I.B_MAILBOX_PASSWORD in resp.errors
    assert accounts(rt) == []


def _start_act(driver: Any, rt: Any, leaver: str) -> HandoverAct:
    driver.command(ANA, "/handover", f"start <@{leaver}|leaver> to <@{BEA}|bea> leaves the company")
    with rt.ctx.db.uow() as s:
        act: HandoverAct = s.scalars(select(HandoverAct)).one()
        return act


def _items(rt: Any) -> dict[str, tuple[str, str | None]]:
    with rt.ctx.db.uow() as s:
        return {i.kind: (i.status, i.done_by) for i in s.scalars(select(HandoverItem))}


def test_a_handover_lists_the_mailbox_password_the_leaver_knew_and_ticks_it_on_rotation(
        driver: Any, slack: Any, rt: Any, clock: Any, setup_workspace: None) -> None:
    """Carl, an admin who leaves, revealed only the mailbox's password: the act asks for that one
    to change; Carl rotating it himself does not count; Ana's rotation ticks it."""
    driver.command(ADMIN, "/socialops", f"role add <@{CARL}|carl> admin")
    add_account(driver, mailbox_password=MAILBOX_PW)
    driver.command(CARL, "/accounts", "reveal acmeshop mailbox")
    driver.close(CARL)
    act = _start_act(driver, rt, CARL)
    with rt.ctx.db.uow() as s:
        [item] = s.scalars(select(HandoverItem).where(HandoverItem.act_id == act.id)).all()
    assert (item.kind, item.detail["via"]) == ("account.mailbox_rotate", ["revealed"])
    rt.sender.wait_idle()
    assert "Rotate the login mailbox password: instagram @acmeshop (Acme)" in json.dumps(slack.messages(APPROVALS))

    clock.advance(minutes=10)
    driver.command(CARL, "/accounts", "rotate acmeshop mailbox")
    driver.submit(CARL, {v(I.B_PASSWORD_MODE): "generate"})
    driver.close(CARL)
    assert _items(rt) == {"account.mailbox_rotate": ("open", None)}  # the leaver knows the new one too
    driver.command(ANA, "/accounts", "rotate acmeshop mailbox")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW_MAILBOX_PW})
    assert _items(rt) == {"account.mailbox_rotate": ("done", ANA)}


def test_a_network_rotation_does_not_tick_the_mailbox_item_nor_the_reverse(
        driver: Any, rt: Any, clock: Any, setup_workspace: None) -> None:
    driver.command(ADMIN, "/socialops", f"role add <@{CARL}|carl> admin")
    add_account(driver, password_mode="generate", mailbox_password=MAILBOX_PW)
    driver.close(ANA)
    for ref in ("acmeshop", "acmeshop mailbox"):
        driver.command(CARL, "/accounts", f"reveal {ref}")
        driver.close(CARL)
    _start_act(driver, rt, CARL)
    # The network's is asked of the custodian at once (a rotation task); the mailbox's is reminded.
    states = {"account.rotate": "requested", "account.mailbox_rotate": "open"}
    assert {k: s for k, (s, _) in _items(rt).items()} == states
    clock.advance(minutes=10)
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    driver.close(ANA)
    assert {k: s for k, (s, _) in _items(rt).items()} == {**states, "account.rotate": "done"}
    driver.command(ANA, "/accounts", "rotate acmeshop mailbox")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    assert {k: s for k, (s, _) in _items(rt).items()} == {"account.rotate": "done", "account.mailbox_rotate": "done"}


def test_the_network_password_copied_onto_the_mailbox_field_does_not_open(driver: Any, slack: Any, rt: Any,
                                                                          setup_workspace: None) -> None:
    """The associated data binds the field: a row altered to hold the network's ciphertext in
    the mailbox's place is refused (and recorded), never shown as the mailbox's password."""
    from storage.models import VaultSecret

    add_account(driver, password_mode="generate", mailbox_password=MAILBOX_PW)
    driver.close(ANA)
    with rt.ctx.db.uow() as s:
        rows = {r.field: r for r in s.scalars(select(VaultSecret))}
        rows["mailbox_password"].nonce = rows["password"].nonce
        rows["mailbox_password"].ciphertext = rows["password"].ciphertext
        rows["mailbox_password"].key_id = rows["password"].key_id
    text = driver.command(ANA, "/accounts", "reveal acmeshop mailbox").json()["text"]
    assert "cannot be decrypted" in text
    assert slack.views(ANA) == []
    with rt.ctx.db.uow() as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.action == "account.reveal")).all()
        assert entry.outcome == "error" and json.loads(entry.detail)["fields"] == ["mailbox_password"]
    assert ("mailbox_password", ANA, "revealed") not in knowers(rt)
