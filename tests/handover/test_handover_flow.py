"""Handover acts end to end: signed commands and clicks in, Web API calls and rows out."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.cli import main as cli_main
from bot.features import translator
from handlers.handover.notices import reminders_for
from storage.models import Account, AuditEntry, Delivery, HandoverAct, HandoverItem
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GUEST, TEAM
from tests.handover.seed import Seeded, access_revoked, account_rotated, seed_leaver


def act_message(slack: Any, number: str) -> dict[str, Any]:
    found = [m for m in slack.messages(APPROVALS) if number in json.dumps(m.get("blocks", []))
             and m.get("blocks", [{}])[0].get("type") == "header"]
    assert len(found) == 1, f"expected one checklist message for {number}"
    return found[0]


def item_lines(message: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"]
            if b["type"] == "section" and b["text"]["text"].startswith(":")]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for b in message["blocks"]:
        elements = b.get("elements", []) if b["type"] == "actions" else [b.get("accessory") or {}]
        out += [(e["action_id"], e.get("value", "")) for e in elements if e.get("type") == "button"]
    return out


def audit(rt: Any, outcome: str = "ok") -> list[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.outcome == outcome).order_by(AuditEntry.seq))]


@pytest.fixture
def seeded(rt: Any, setup_workspace: None) -> Seeded:
    with rt.ctx.db.uow() as s:
        return seed_leaver(s, TEAM, CARL, ANA, ADMIN)


NUMBER = "ACT-2026-0001"


@dataclass
class Started:
    """An act just started for the seeded leaver: the command's reply, the act row, item id by (kind, subject)."""

    reply: str
    act: HandoverAct
    items: dict[tuple[str, int], int]


def start_act(driver: Any, rt: Any) -> Started:
    """The custodian starts Carl's handover to Bea with `/handover start`."""
    reply = driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> moves to another team")
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
        items = {(i.kind, int(i.subject_id)): i.id for i in s.scalars(select(HandoverItem))}
    return Started(reply.json()["text"], act, items)


def request_first_revocation(driver: Any, started: Started, seeded: Seeded) -> int:
    """Press the first grant's revoke button in the checklist message; returns that item's id."""
    first = started.items[("grant.revoke", seeded.grant_ids[0])]
    driver.click(ANA, "handover_item", value=f"{started.act.id}:{first}")
    return first


def record_revocations(rt: Any, clock: Any, seeded: Seeded) -> None:
    """/access revoke + Revoked for all three grants, as the access feature records it."""
    with rt.ctx.db.uow() as s:
        for grant_id in seeded.grant_ids:
            access_revoked(s, grant_id, ANA, clock.now + timedelta(minutes=5))
    rt.sender.wait_idle()


def hand_custody_to_receiver(driver: Any, started: Started) -> None:
    """Press the bulk custody button in the checklist message."""
    driver.click(ANA, "handover_all:account.custody", value=str(started.act.id))


def record_rotations(rt: Any, clock: Any, seeded: Seeded) -> None:
    """`/accounts rotate` for both accounts whose password the leaver knew."""
    with rt.ctx.db.uow() as s:
        for account_id in (seeded.revealed_id, seeded.shared_grant_account):
            account_rotated(s, account_id, ANA, clock.now + timedelta(minutes=30))
    rt.sender.wait_idle()


def complete_every_item(driver: Any, rt: Any, clock: Any, seeded: Seeded) -> Started:
    """Start the act and do all 7 items the way the story does: revocations, custody, rotations."""
    started = start_act(driver, rt)
    request_first_revocation(driver, started, seeded)
    record_revocations(rt, clock, seeded)
    hand_custody_to_receiver(driver, started)
    record_rotations(rt, clock, seeded)
    return started


def sign_and_close(driver: Any, clock: Any, act_id: int) -> None:
    """The leaver delivers, the receiver receives, and an hour later the custodian witnesses and closes."""
    driver.click(CARL, "handover_deliver", value=str(act_id))
    driver.click(BEA, "handover_receive", value=str(act_id))
    clock.advance(hours=1)
    driver.click(ANA, "handover_close", value=str(act_id))


def reload_act(rt: Any) -> HandoverAct:
    with rt.ctx.db.uow() as s:
        act: HandoverAct = s.scalars(select(HandoverAct)).one()
    return act


def seal_of(act: HandoverAct) -> str:
    """The closed act's content hash (closing always sets it)."""
    assert act.content_hash, f"{act.number} has no seal"
    return act.content_hash


@pytest.fixture
def closed_act(driver: Any, rt: Any, clock: Any, seeded: Seeded) -> HandoverAct:
    """The seeded leaver's act with every item done, signed by both parties and closed by the witness."""
    started = complete_every_item(driver, rt, clock, seeded)
    sign_and_close(driver, clock, started.act.id)
    return reload_act(rt)


def test_starting_an_act_lists_every_grant_custody_and_known_password_of_the_leaver(
        driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    started = start_act(driver, rt)
    assert NUMBER in started.reply and "7 item" in started.reply
    assert set(started.items) == {("grant.revoke", g) for g in seeded.grant_ids} | {
        ("account.custody", a) for a in seeded.custody_ids} | {
        ("account.rotate", seeded.revealed_id), ("account.rotate", seeded.shared_grant_account)}
    message = act_message(slack, NUMBER)
    assert started.act.message_ts == message["ts"] and started.act.channel_id == APPROVALS
    assert len(item_lines(message)) == 7
    assert sum(1 for line in item_lines(message) if line.startswith(":hourglass")) == 2  # rotations asked


def test_an_act_with_open_items_cannot_be_closed_and_the_leaver_can_never_close_it(
        driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    act = start_act(driver, rt).act
    driver.click(ANA, "handover_close", value=str(act.id))
    assert "7 item(s) still open" in slack.ephemerals(ANA)[-1]["text"]
    driver.click(CARL, "handover_close", value=str(act.id))
    assert "Not allowed" in slack.ephemerals(CARL)[-1]["text"]
    assert (CARL, "handover.close", NUMBER) in audit(rt, "refused")


def test_requesting_an_item_from_the_message_updates_it_and_drops_that_items_button(
        driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    started = start_act(driver, rt)
    updates_before = len(slack.calls_to("chat.update"))
    first = request_first_revocation(driver, started, seeded)
    assert len(slack.calls_to("chat.update")) == updates_before + 1
    assert ("handover_item", f"{started.act.id}:{first}") not in buttons(act_message(slack, NUMBER))


def test_revocations_recorded_by_the_access_feature_tick_every_revoke_item(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    started = start_act(driver, rt)
    request_first_revocation(driver, started, seeded)  # one requested; the access feature revokes all three
    record_revocations(rt, clock, seeded)
    lines = item_lines(act_message(slack, NUMBER))
    assert sum(1 for line in lines if line.startswith(":white_check_mark:") and "Revoke access" in line) == 3


def test_the_custody_bulk_button_hands_every_account_of_the_leaver_to_the_receiver(
        driver: Any, rt: Any, seeded: Seeded) -> None:
    hand_custody_to_receiver(driver, start_act(driver, rt))
    with rt.ctx.db.uow() as s:
        assert {s.get(Account, a).custodian_id for a in seeded.custody_ids} == {BEA}  # type: ignore[union-attr]


def test_the_checklist_shows_every_item_done_once_revoked_handed_over_and_rotated(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    complete_every_item(driver, rt, clock, seeded)
    message = act_message(slack, NUMBER)
    assert all(line.startswith(":white_check_mark:") for line in item_lines(message))
    assert "7 of 7 items done" in json.dumps(message["blocks"])


def test_only_the_leaver_can_sign_as_the_one_who_delivers(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    started = complete_every_item(driver, rt, clock, seeded)
    driver.click(BEA, "handover_deliver", value=str(started.act.id))
    assert "Only <@U0CARL>" in slack.ephemerals(BEA)[-1]["text"]


def test_both_parties_sign_and_a_witness_closes_the_act_once_every_item_is_done(
        driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded) -> None:
    started = complete_every_item(driver, rt, clock, seeded)
    sign_and_close(driver, clock, started.act.id)
    message = act_message(slack, NUMBER)
    assert buttons(message) == []
    assert ":lock: Closed by <@U0ANA>" in json.dumps(message["blocks"])
    act = reload_act(rt)
    assert act.status == "closed" and act.content_hash


def test_closing_seals_the_act_with_its_content_hash_in_the_audit_log(rt: Any, closed_act: HandoverAct) -> None:
    with rt.ctx.db.uow() as s:
        seal = s.scalars(select(AuditEntry).where(AuditEntry.action == "handover.close",
                                                  AuditEntry.outcome == "ok")).one()
        assert json.loads(seal.detail)["content_hash"] == closed_act.content_hash


def test_closing_stops_the_reminders_of_the_act(rt: Any, closed_act: HandoverAct) -> None:
    with rt.ctx.db.uow() as s:
        assert reminders_for(s, translator("en"), closed_act.id) is None
        assert s.scalars(select(Delivery).where(Delivery.kind == "handover.reminder")).one().state == "cancelled"


def test_closing_attaches_markdown_and_pdf_in_the_acts_thread(slack: Any, closed_act: HandoverAct) -> None:
    files = {f["filename"]: f for f in slack.files()}
    assert set(files) == {f"{NUMBER}.pdf", f"{NUMBER}.md"}
    uploads = [m for m in slack.messages(APPROVALS) if m.get("thread_ts") == closed_act.message_ts and m.get("files")]
    assert uploads, "the document was not posted in the act's thread"
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files[f"{NUMBER}.pdf"]["content"])).pages)
    assert f"Handover act {NUMBER}" in pdf_text
    assert "I deliver (Carl Member): signed by Carl Member (carl@example.com) U0CARL on 2 March 2026" in pdf_text
    assert "Witness (closes the act): signed by Ana Custodian (ana@example.com) U0ANA" in pdf_text
    assert seal_of(closed_act)[:20] in pdf_text
    markdown = files[f"{NUMBER}.md"]["content"].decode()
    assert markdown.count("| done |") == 7


def test_a_closed_act_is_shown_with_its_seal_and_listed_among_closed_acts(
        driver: Any, closed_act: HandoverAct) -> None:
    shown = driver.command(ANA, "/handover", "show act-2026-0001").json()
    assert seal_of(closed_act) in json.dumps(shown["blocks"])
    assert NUMBER in driver.command(ANA, "/handover", "list closed").json()["text"]


def test_guests_cannot_list_acts(driver: Any, closed_act: HandoverAct) -> None:
    assert "Not allowed" in driver.command(GUEST, "/handover", "list").json()["text"]


def test_audit_verify_accepts_a_sealed_act_and_catches_a_change_after_closing(
        rt: Any, db_url: str, closed_act: HandoverAct, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    capsys.readouterr()
    assert cli_main(["audit", "verify"]) == 0
    with rt.ctx.db.uow() as s:
        forged = s.scalars(select(HandoverItem).where(HandoverItem.position == 1)).one()
        forged.done_by = ADMIN
    assert cli_main(["audit", "verify"]) == 1
    assert f"SEAL BROKEN: handover act {NUMBER} was changed after it was closed" in capsys.readouterr().out


def test_non_custodian_cannot_start_and_bad_text_gets_usage(driver: Any, rt: Any, seeded: Seeded) -> None:
    assert "Not allowed" in driver.command(BEA, "/handover", f"start <@{CARL}|carl>").json()["text"]
    assert audit(rt, "refused") == [(BEA, "handover.start", CARL)]
    for text in ("start", "start carl", f"start <@{CARL}> to nobody", "show 12", "list everything"):
        body = driver.command(ANA, "/handover", text).json()["text"]
        assert "Usage" in body, text
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(HandoverAct)).all() == []


def test_leaver_no_longer_in_slack_is_recorded_by_the_witness(driver: Any, rt: Any, slack: Any,
                                                              setup_workspace: None) -> None:
    slack.add_user("U0GONE", "gone", real_name="Gone Person", deleted=True)
    driver.command(ANA, "/handover", f"start <@{CARL}> nothing held")
    driver.command(ANA, "/handover", "start <@U0GONE> left last week")
    with rt.ctx.db.uow() as s:
        acts = {a.leaving_id: a for a in s.scalars(select(HandoverAct))}
    present, gone = acts[CARL], acts["U0GONE"]
    driver.click(ANA, "handover_leaver_gone", value=str(present.id))
    assert "still in the workspace" in slack.ephemerals(ANA)[-1]["text"]
    driver.click(ANA, "handover_leaver_gone", value=str(gone.id))
    driver.click(ANA, "handover_close", value=str(gone.id))
    with rt.ctx.db.uow() as s:
        closed = s.get(HandoverAct, gone.id)
        assert closed is not None and closed.status == "closed" and closed.leaver_unavailable_by == ANA
    message = act_message(slack, closed.number)
    assert "leaver no longer in the workspace, recorded by <@U0ANA>" in json.dumps(message["blocks"])


def test_receiver_picked_in_the_message_and_spanish(driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    driver.command(ADMIN, "/socialops", "setup language es")
    reply = driver.command(ANA, "/handover", f"start <@{CARL}> in <#{APPROVALS}|approvals>")
    assert "levantada" in reply.json()["text"]
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
    message = act_message(slack, act.number)
    assert "Acta de entrega" in json.dumps(message["blocks"], ensure_ascii=False)
    assert not any(a == "handover_item" and "custody" in v for a, v in buttons(message))
    driver.click(ANA, "handover_receiver", value=BEA)
    message = act_message(slack, act.number)
    assert f"*Recibe:* <@{BEA}>" in json.dumps(message["blocks"], ensure_ascii=False)
    assert ("handover_receive", str(act.id)) in buttons(message)
    assert ("handover_all:account.custody", str(act.id)) in buttons(message)
    # Daily reminder, rendered the way the scheduler will: custodians, receiver, leaver.
    with rt.ctx.db.uow() as s:
        out = reminders_for(s, translator("es"), act.id)
    assert out is not None and {o.to for o in out} == {ANA, CARL, BEA}
    assert any("Entrego" in o.text + json.dumps(o.blocks, ensure_ascii=False) for o in out if o.to == CARL)


def test_large_act_pages_through_its_items(driver: Any, rt: Any, slack: Any, setup_workspace: None) -> None:
    from tests.handover.seed import add_account, add_grant

    with rt.ctx.db.uow() as s:
        for n in range(40):
            add_grant(s, TEAM, add_account(s, TEAM, f"brand{n}", custodian=ANA, created_by=ADMIN), CARL)
    driver.command(ANA, "/handover", f"start <@{CARL}> to <@{BEA}>")
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
    first = act_message(slack, act.number)
    assert len(first["blocks"]) <= 50 and len(item_lines(first)) == 15
    assert "Page 1 of 3" in json.dumps(first["blocks"])
    driver.click(ANA, "handover_page_next", value=f"{act.id}:1")
    second = act_message(slack, act.number)
    assert "Page 2 of 3" in json.dumps(second["blocks"])
    assert set(item_lines(first)).isdisjoint(item_lines(second))
    driver.click(ANA, "handover_all:grant.revoke", value=str(act.id))
    with rt.ctx.db.uow() as s:
        assert {i.status for i in s.scalars(select(HandoverItem))} == {"requested"}


def test_checklist_that_cannot_be_posted_is_reported_to_the_starter(driver: Any, rt: Any, slack: Any,
                                                                    setup_workspace: None) -> None:
    # The bot was removed from the approvals channel between the check and the post.
    slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    driver.command(ANA, "/handover", f"start <@{CARL}>")
    dm = slack.messages(slack.dm_channel(ANA))
    assert f"could not post its checklist in <#{APPROVALS}>" in dm[-1]["text"]
    assert "not_in_channel" in dm[-1]["text"]
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
    assert act.message_ts is None
    assert "Handover act" in driver.command(ANA, "/handover", f"show {act.number}").json()["text"]
