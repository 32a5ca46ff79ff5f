"""Issue 10 §3, the sharp edges of handover: signed commands and clicks in, Web API calls and rows out."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.features import translator
from handlers.handover.notices import reminders_for
from storage.models import Account, Delivery, HandoverAct, HandoverItem
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM
from tests.handover.seed import Seeded, account_rotated, add_knower, seed_leaver
from tests.handover.test_handover_flow import (
    NUMBER,
    act_message,
    hand_custody_to_receiver,
    item_lines,
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
