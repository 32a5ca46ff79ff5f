"""Issue 10 §3, the sharp edges of handover: signed commands and clicks in, Web API calls and rows out."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.access.grants import begin_revocation
from bot.cli import main as cli_main
from bot.core.authz import SYSTEM
from bot.features import translator
from bot.handover.seal import content_hash, items_of
from handlers.handover.notices import reminders_for
from storage.models import Account, AuditEntry, Delivery, HandoverAct, HandoverItem
from tests.access.support import forged_click
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, TEAM
from tests.handover.seed import (
    Seeded,
    account_rotated,
    add_account,
    add_grant,
    add_knower,
    give_role,
    seed_leaver,
)
from tests.handover.test_handover_flow import (
    NUMBER,
    act_message,
    audit,
    buttons,
    complete_every_item,
    hand_custody_to_receiver,
    item_lines,
    reload_act,
    sign_and_close,
    start_act,
)


@pytest.fixture
def seeded(rt: Any, setup_workspace: None) -> Seeded:
    with rt.ctx.db.uow() as s:
        return seed_leaver(s, TEAM, CARL, ANA, ADMIN)


# ---- §4: said once; ask who leaves --------------------------------------------------------------


def test_a_refused_close_says_the_act_once_and_lists_every_reason(
        driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    act = start_act(driver, rt).act
    driver.click(ADMIN, "handover_close", value=str(act.id))
    text = slack.ephemerals(ADMIN)[-1]["text"]
    assert text.count(NUMBER) == 1 and text.count("cannot be closed yet") == 1
    assert "7 item(s) still open" in text
    assert f"<@{CARL}> has not signed *I deliver*" in text and "has not signed *I receive*" in text
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(HandoverAct)).one().status == "open"


def test_the_checklist_message_says_cannot_be_closed_once(driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    start_act(driver, rt)
    blocks = json.dumps(act_message(slack, NUMBER)["blocks"])
    assert blocks.count("cannot be closed yet") == 1 and "7 item(s) still open" in blocks


def test_start_alone_asks_who_is_leaving(driver: Any, rt: Any, seeded: Seeded) -> None:
    for text in ("start", "start   "):
        body = driver.command(ANA, "/handover", text).json()["text"]
        assert "Who is leaving?" in body and "Usage" in body and "could not read" not in body
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(HandoverAct)).all() == []


# ---- §1: the leaver never rotates a password they are leaving behind ---------------------------


def rotation_tasks(rt: Any) -> list[tuple[str | None, str]]:
    with rt.ctx.db.uow() as s:
        return [(d.recipient, d.subject_id) for d in s.scalars(
            select(Delivery).where(Delivery.kind == "accounts.rotation_task", Delivery.state == "pending"))]


def rotate_item(rt: Any, account_id: int) -> HandoverItem:
    with rt.ctx.db.uow() as s:
        return s.scalars(select(HandoverItem).where(
            HandoverItem.kind == "account.rotate", HandoverItem.subject_id == str(account_id))).one()


def line_of(slack: Any, account: str) -> str:
    return next(line for line in item_lines(act_message(slack, NUMBER))
                if "Rotate password" in line and f"@{account} " in line)


def test_a_password_the_leaver_holds_custody_of_is_rotated_by_the_receiver_not_the_leaver(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    own = seeded.custody_ids[0]  # Carl is its custodian, and revealed its password
    with rt.ctx.db.uow() as s:
        account = s.get(Account, own)
        assert account is not None
        add_knower(s, TEAM, account, CARL)
    started = start_act(driver, rt)
    # The rotation waits on the receiver, and no task asks the leaver to rotate.
    assert f"waiting on <@{BEA}>" in line_of(slack, "acme.li") and f"<@{CARL}>" not in line_of(slack, "acme.li")
    assert (CARL, str(own)) not in rotation_tasks(rt)
    with rt.ctx.db.uow() as s:
        out = reminders_for(s, translator("en"), started.act.id) or []
    assert not any("Rotate password" in o.text + json.dumps(o.blocks) for o in out if o.to == CARL)
    # The leaver rotates it anyway (they are still its custodian): it does not count.
    with rt.ctx.db.uow() as s:
        account_rotated(s, own, CARL, clock.now + timedelta(minutes=10))
    rt.sender.wait_idle()
    assert rotate_item(rt, own).status != "done"
    # Custody moves to the receiver: the rotation is asked of her, and hers ticks the item.
    hand_custody_to_receiver(driver, started)
    assert (BEA, str(own)) in rotation_tasks(rt)
    with rt.ctx.db.uow() as s:
        account_rotated(s, own, BEA, clock.now + timedelta(minutes=20))
    rt.sender.wait_idle()
    item = rotate_item(rt, own)
    assert (item.status, item.done_by) == ("done", BEA)


def test_a_rotation_recorded_by_the_leaver_does_not_tick_the_item_and_is_asked_again(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    start_act(driver, rt)  # Ana is the custodian of the account whose password Carl revealed
    with rt.ctx.db.uow() as s:
        account_rotated(s, seeded.revealed_id, CARL, clock.now + timedelta(minutes=5))
    rt.sender.wait_idle()
    assert rotate_item(rt, seeded.revealed_id).status == "requested"
    assert f"waiting on <@{ANA}>" in line_of(slack, "acme.x")
    assert (ANA, str(seeded.revealed_id)) in rotation_tasks(rt)  # owed again, to the custodian
    with rt.ctx.db.uow() as s:
        account_rotated(s, seeded.revealed_id, ANA, clock.now + timedelta(minutes=6))
    rt.sender.wait_idle()
    assert rotate_item(rt, seeded.revealed_id).status == "done"


# ---- §2: the act names people as they were, dates in the workspace's zone and language ----------


def document(slack: Any) -> tuple[str, str, list[tuple[str, float]]]:
    """The attached act: (markdown, PDF text, every PDF text run with its font size)."""
    files = {f["filename"]: f for f in slack.files()}
    runs: list[tuple[str, float]] = []
    reader = PdfReader(io.BytesIO(files[f"{NUMBER}.pdf"]["content"]))
    text = "\n".join(page.extract_text(visitor_text=lambda t, cm, tm, font, size: runs.append((t, size)))
                     for page in reader.pages)
    return files[f"{NUMBER}.md"]["content"].decode(), text, runs


def test_the_sealed_document_names_people_as_of_the_act_with_the_id_in_small_print_in_spanish(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    driver.command(ADMIN, "/socialops", "setup language es")
    driver.command(ADMIN, "/socialops", "setup timezone Europe/Madrid")
    started = complete_every_item(driver, rt, clock, seeded)
    sign_and_close(driver, clock, started.act.id)
    markdown, pdf_text, runs = document(slack)
    # Names and e-mail, the id in small print, the date in Spanish and Madrid time (UTC+1).
    assert "Saliente (entrega): Carl Member (carl@example.com) <sub>U0CARL</sub>" in markdown
    assert "Testigo (cierra el acta): firmado por Ana Custodian (ana@example.com) <sub>U0ANA</sub> el " \
           "2 de marzo de 2026, 11:00" in markdown
    assert "U0" not in markdown.split("## Lista de verificación")[1].split("## Firmas")[0]  # names in the table
    assert "Saliente (entrega): Carl Member (carl@example.com) U0CARL" in pdf_text
    id_size = next(size for text, size in runs if text.strip() == "U0CARL")
    name_size = next(size for text, size in runs if "Saliente (entrega): Carl Member" in text)
    assert id_size < name_size
    # The seal covers the names shown; a later rename in Slack changes nothing in the act.
    act = reload_act(rt)
    with rt.ctx.db.uow() as s:
        assert content_hash(act, items_of(s, act.id)) == act.content_hash
    assert act.people[CARL] == {"name": "Carl Member", "email": "carl@example.com"}
    slack.add_user(CARL, "carl", real_name="Someone Else", email="else@example.com")
    shown = driver.command(ANA, "/handover", f"show {NUMBER}").json()
    assert shown["blocks"]
    assert reload_act(rt).people[CARL]["name"] == "Carl Member"


def test_a_name_changed_after_closing_breaks_the_seal(
        rt: Any, db_url: str, driver: Any, clock: Any, seeded: Seeded, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    started = complete_every_item(driver, rt, clock, seeded)
    sign_and_close(driver, clock, started.act.id)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli_main(["audit", "verify"]) == 0
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
        act.people = {**act.people, CARL: {"name": "Not Carl", "email": ""}}
    capsys.readouterr()
    assert cli_main(["audit", "verify"]) == 1
    assert f"handover act {NUMBER} was changed after it was closed" in capsys.readouterr().out


def test_a_grant_already_expired_when_the_act_starts_says_so_not_requested_by_nobody(
        driver: Any, rt: Any, slack: Any, clock: Any, setup_workspace: None) -> None:
    # Carl's one-day access expires; the access feature starts its removal (requested by the system).
    expired_at = clock.now
    with rt.ctx.db.uow() as s:
        grant = add_grant(s, TEAM, add_account(s, TEAM, "brand", custodian=ANA, created_by=ADMIN), CARL)
        begin_revocation(s, grant, actor_id=SYSTEM, reason="expired", now=expired_at)
    clock.advance(days=1)
    driver.command(ANA, "/handover", f"start <@{CARL}> to <@{BEA}> leaves")
    line = next(line for line in item_lines(act_message(slack, NUMBER)) if "Revoke access" in line)
    assert "nobody" not in line and "<@system>" not in line
    assert "requested: the access expired · 2026-03-02 09:00" in line  # when it expired, not when the act began
    with rt.ctx.db.uow() as s:
        item = s.scalars(select(HandoverItem)).one()
    assert (item.status, item.requested_by, item.requested_at) == ("requested", SYSTEM, expired_at)


# ---- §5: /handover cancel -----------------------------------------------------------------------


def test_the_starter_cancels_an_act_drawn_up_by_mistake(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    start_act(driver, rt)
    posted = act_message(slack, NUMBER)
    updates = len(slack.calls_to("chat.update"))
    clock.advance(minutes=10)
    reply = driver.command(ANA, "/handover", "cancel act-2026-0001 wrong person, Carl stays")
    assert "ACT-2026-0001 is cancelled" in reply.json()["text"]
    act = reload_act(rt)
    assert (act.status, act.cancelled_by, act.cancel_reason, act.open_for) == (
        "cancelled", ANA, "wrong person, Carl stays", None)
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Delivery).where(Delivery.kind == "handover.reminder")).one().state == "cancelled"
        assert reminders_for(s, translator("en"), act.id) is None
        cancelled = s.scalars(select(AuditEntry).where(AuditEntry.action == "handover.cancel")).one()
        assert (cancelled.actor, cancelled.subject, cancelled.outcome) == (ANA, NUMBER, "ok")
    # The checklist message, updated in place: the cancellation, and nothing left to press.
    message = act_message(slack, NUMBER)
    assert message["ts"] == posted["ts"] and len(slack.calls_to("chat.update")) == updates + 1
    text = json.dumps(message["blocks"])
    assert f"Cancelled by <@{ANA}>: wrong person, Carl stays" in text and "waiting on" not in text
    assert buttons(message) == []
    # It can be neither signed nor closed (a click from a copy of the message still showing the
    # buttons); /handover show says it is cancelled.
    for user, action in ((CARL, "handover_deliver"), (BEA, "handover_receive"), (ADMIN, "handover_close")):
        forged_click(driver, user, action, str(act.id), channel=APPROVALS, message_ts=posted["ts"])
        assert "ACT-2026-0001 was cancelled" in slack.ephemerals(user)[-1]["text"]
    assert reload_act(rt).delivered_at is None and reload_act(rt).status == "cancelled"
    shown = json.dumps(driver.command(ANA, "/handover", f"show {NUMBER}").json()["blocks"])
    assert "0 of 7 items done \\u00b7 cancelled" in shown and f"Cancelled by <@{ANA}>" in shown
    assert NUMBER in driver.command(ANA, "/handover", "list cancelled").json()["text"]
    # The person can have a real act now.
    assert "ACT-2026-0002" in driver.command(ANA, "/handover", f"start <@{CARL}> leaves after all").json()["text"]


def test_only_the_starter_or_an_admin_may_cancel_and_a_refusal_is_audited(
        driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    start_act(driver, rt)
    with rt.ctx.db.uow() as s:
        give_role(s, TEAM, BEA, "custodian")  # a custodian, but not the one who started it
    for who in (CARL, BEA):
        assert "Not allowed" in driver.command(who, "/handover", f"cancel {NUMBER} mistake").json()["text"]
    assert reload_act(rt).status == "open"
    assert [(a, s) for a, action, s in audit(rt, "refused") if action == "handover.cancel"] == [
        (CARL, NUMBER), (BEA, NUMBER)]
    assert "is cancelled" in driver.command(ADMIN, "/handover", f"cancel {NUMBER} mistake").json()["text"]
    assert reload_act(rt).cancelled_by == ADMIN


def test_cancel_needs_an_act_and_a_reason_and_an_open_act(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    start_act(driver, rt)
    for text, expected in ((f"cancel {NUMBER}", "Say why ACT-2026-0001 is cancelled"),
                           ("cancel", "is not an act number"), ("cancel mistake", "is not an act number"),
                           (f"cancel {NUMBER} " + "x" * 501, "under 500 characters")):
        body = driver.command(ANA, "/handover", text).json()["text"]
        assert expected in body and "Usage" in body and "/handover cancel" in body, text
    assert "no handover act `ACT-2026-0099`" in driver.command(ANA, "/handover", "cancel ACT-2026-0099 x").json()[
        "text"]
    assert reload_act(rt).status == "open"
    assert not [e for e in audit(rt) if e[1] == "handover.cancel"]
    driver.command(ANA, "/handover", f"cancel {NUMBER} mistake")
    assert "was cancelled" in driver.command(ANA, "/handover", f"cancel {NUMBER} again").json()["text"]


def test_a_closed_act_cannot_be_cancelled(driver: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    started = complete_every_item(driver, rt, clock, seeded)
    sign_and_close(driver, clock, started.act.id)
    body = driver.command(ANA, "/handover", f"cancel {NUMBER} too late").json()["text"]
    assert "closed and sealed" in body
    act = reload_act(rt)
    assert act.status == "closed" and act.cancelled_at is None


def test_help_lists_handover_cancel(driver: Any, setup_workspace: None) -> None:
    helped = driver.command(ADMIN, "/socialops", "help").json()
    assert "/handover cancel <act> <reason…>" in helped["text"] + json.dumps(helped.get("blocks", []))


def test_a_grant_that_expires_while_the_act_is_open_shows_as_requested_by_its_expiry(
        driver: Any, rt: Any, slack: Any, clock: Any, setup_workspace: None) -> None:
    with rt.ctx.db.uow() as s:
        grant = add_grant(s, TEAM, add_account(s, TEAM, "brand", custodian=ANA, created_by=ADMIN), CARL)
    driver.command(ANA, "/handover", f"start <@{CARL}> to <@{BEA}> leaves")
    act = reload_act(rt)
    clock.advance(days=1)
    expired_at = clock.now
    with rt.ctx.db.uow() as s:  # what the access feature does when the grant's time runs out
        grant = s.get(type(grant), grant.id)
        assert grant is not None
        begin_revocation(s, grant, actor_id=SYSTEM, reason="expired", now=expired_at)
    shown = driver.command(ANA, "/handover", f"show {NUMBER}").json()
    line = next(b["text"]["text"] for b in shown["blocks"] if "Revoke access" in json.dumps(b))
    assert "requested: the access expired · 2026-03-03 09:00" in line and "nobody" not in line
    with rt.ctx.db.uow() as s:
        out = reminders_for(s, translator("en"), act.id) or []
    assert any("Revoke access" in o.text + json.dumps(o.blocks) for o in out if o.to == ANA)
    # The message (not redrawn since) still has the button: pressing it records the expiry as the request.
    item_id = revoke_item_id(rt)
    driver.click(ANA, "handover_item", value=f"{act.id}:{item_id}")
    with rt.ctx.db.uow() as s:
        item = s.get(HandoverItem, item_id)
        assert item is not None
        assert (item.status, item.requested_by, item.requested_at) == ("requested", SYSTEM, expired_at)
    assert "nobody" not in json.dumps(act_message(slack, NUMBER)["blocks"])


def revoke_item_id(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalars(select(HandoverItem.id).where(HandoverItem.kind == "grant.revoke")).one())
