"""Handover acts end to end: signed commands and clicks in, Web API calls and rows out."""

from __future__ import annotations

import io
import json
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


def test_full_handover(driver: Any, rt: Any, slack: Any, clock: Any, seeded: Seeded, db_url: str,
                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    reply = driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> moves to another team")
    assert "ACT-2026-0001" in reply.json()["text"] and "7 item" in reply.json()["text"]
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
        items = {(i.kind, int(i.subject_id)): i.id for i in s.scalars(select(HandoverItem))}
    assert set(items) == {("grant.revoke", g) for g in seeded.grant_ids} | {
        ("account.custody", a) for a in seeded.custody_ids} | {
        ("account.rotate", seeded.revealed_id), ("account.rotate", seeded.shared_grant_account)}
    message = act_message(slack, "ACT-2026-0001")
    assert act.message_ts == message["ts"] and act.channel_id == APPROVALS
    assert len(item_lines(message)) == 7
    assert sum(1 for line in item_lines(message) if line.startswith(":hourglass")) == 2  # rotations asked

    # Closing with open items is refused (and says why); the leaver cannot close at all.
    driver.click(ANA, "handover_close", value=str(act.id))
    assert "7 item(s) still open" in slack.ephemerals(ANA)[-1]["text"]
    driver.click(CARL, "handover_close", value=str(act.id))
    assert "Not allowed" in slack.ephemerals(CARL)[-1]["text"]
    assert (CARL, "handover.close", "ACT-2026-0001") in audit(rt, "refused")

    # Request one revocation from the message; the access feature then revokes all three.
    first = items[("grant.revoke", seeded.grant_ids[0])]
    updates_before = len(slack.calls_to("chat.update"))
    driver.click(ANA, "handover_item", value=f"{act.id}:{first}")
    assert len(slack.calls_to("chat.update")) == updates_before + 1
    message = act_message(slack, "ACT-2026-0001")
    assert ("handover_item", f"{act.id}:{first}") not in buttons(message)
    with rt.ctx.db.uow() as s:  # /access revoke + Revoked, as the access feature records it
        for grant_id in seeded.grant_ids:
            access_revoked(s, grant_id, ANA, clock.now + timedelta(minutes=5))
    rt.sender.wait_idle()
    lines = item_lines(act_message(slack, "ACT-2026-0001"))
    assert sum(1 for line in lines if line.startswith(":white_check_mark:") and "Revoke access" in line) == 3

    # Custody to the receiver, with the bulk button; then /accounts rotate twice.
    driver.click(ANA, "handover_all:account.custody", value=str(act.id))
    with rt.ctx.db.uow() as s:
        assert {s.get(Account, a).custodian_id for a in seeded.custody_ids} == {BEA}  # type: ignore[union-attr]
        for account_id in (seeded.revealed_id, seeded.shared_grant_account):
            account_rotated(s, account_id, ANA, clock.now + timedelta(minutes=30))
    rt.sender.wait_idle()
    message = act_message(slack, "ACT-2026-0001")
    assert all(line.startswith(":white_check_mark:") for line in item_lines(message))
    assert "7 of 7 items done" in json.dumps(message["blocks"])

    # Signatures: only the leaver delivers, only the receiver receives, a third party witnesses.
    driver.click(BEA, "handover_deliver", value=str(act.id))
    assert "Only <@U0CARL>" in slack.ephemerals(BEA)[-1]["text"]
    driver.click(CARL, "handover_deliver", value=str(act.id))
    driver.click(BEA, "handover_receive", value=str(act.id))
    clock.advance(hours=1)
    driver.click(ANA, "handover_close", value=str(act.id))
    message = act_message(slack, "ACT-2026-0001")
    assert buttons(message) == []
    assert ":lock: Closed by <@U0ANA>" in json.dumps(message["blocks"])
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
        assert act.status == "closed" and act.content_hash
        seal = s.scalars(select(AuditEntry).where(AuditEntry.action == "handover.close",
                                                  AuditEntry.outcome == "ok")).one()
        assert json.loads(seal.detail)["content_hash"] == act.content_hash
        assert reminders_for(s, translator("en"), act.id) is None
        assert s.scalars(select(Delivery).where(Delivery.kind == "handover.reminder")).one().state == "cancelled"

    # The document is in the thread: a PDF that opens, and the Markdown.
    files = {f["filename"]: f for f in slack.files()}
    assert set(files) == {"ACT-2026-0001.pdf", "ACT-2026-0001.md"}
    uploads = [m for m in slack.messages(APPROVALS) if m.get("thread_ts") == act.message_ts and m.get("files")]
    assert uploads, "the document was not posted in the act's thread"
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["ACT-2026-0001.pdf"]["content"])).pages)
    assert "Handover act ACT-2026-0001" in pdf_text and "I deliver (U0CARL): signed by U0CARL" in pdf_text
    assert "Witness (closes the act): signed by U0ANA" in pdf_text and act.content_hash[:20] in pdf_text
    markdown = files["ACT-2026-0001.md"]["content"].decode()
    assert markdown.count("| done |") == 7

    # show / list
    shown = driver.command(ANA, "/handover", "show act-2026-0001").json()
    assert act.content_hash in json.dumps(shown["blocks"])
    assert "ACT-2026-0001" in driver.command(ANA, "/handover", "list closed").json()["text"]
    assert "Not allowed" in driver.command(GUEST, "/handover", "list").json()["text"]

    # Tampering in the database is caught by `socialops audit verify`.
    monkeypatch.setenv("DATABASE_URL", db_url)
    capsys.readouterr()
    assert cli_main(["audit", "verify"]) == 0
    with rt.ctx.db.uow() as s:
        forged = s.scalars(select(HandoverItem).where(HandoverItem.position == 1)).one()
        forged.done_by = ADMIN
    assert cli_main(["audit", "verify"]) == 1
    assert "SEAL BROKEN: handover act ACT-2026-0001 was changed after it was closed" in capsys.readouterr().out


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
    slack.add_channel("C0SECRET", "secret", members=[ANA], is_private=True)  # the bot is not in it
    driver.command(ANA, "/handover", f"start <@{CARL}> in <#C0SECRET|secret>")
    dm = slack.messages(slack.dm_channel(ANA))
    assert "could not post its checklist in <#C0SECRET>" in dm[-1]["text"] and "not_in_channel" in dm[-1]["text"]
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
    assert act.message_ts is None
    assert "Handover act" in driver.command(ANA, "/handover", f"show {act.number}").json()["text"]
