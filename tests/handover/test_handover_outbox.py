"""Handover through the transactional outbox (issue 16): each decision writes what it owes the
act's message in its own transaction — the checklist's post (handover.post), a redraw after each
change (handover.refresh, "<act>:<n>"), the sealed document (handover.document). The request's
after-ack work sends it at once; when that work never ran (the process died after the ack) or
died holding the claim, the scheduler sends it.

"The process died after the ack" is the runtime's outbox fast path replaced: by nothing (the rows
stay pending), or by a claim under a worker that never sends (a kill between claim and send).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from scheduler.jobs import DEFAULT_LEASE, tick
from storage.models import Delivery, HandoverAct, HandoverItem
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, TEAM
from tests.handover.seed import Seeded, access_revoked, account_rotated, seed_leaver
from tests.outbox import after_ack_dies, after_ack_dies_holding_the_claim

NUMBER = "ACT-2026-0001"


@pytest.fixture
def seeded(rt: Any, setup_workspace: None) -> Seeded:
    with rt.ctx.db.uow() as s:
        return seed_leaver(s, TEAM, CARL, ANA, ADMIN)


def _rows(rt: Any, kind: str) -> list[tuple[str, str]]:
    """(subject, state) of every delivery of `kind`, in the order the decisions wrote them."""
    with rt.ctx.db.uow() as s:
        return [(d.subject_id, d.state) for d in s.scalars(
            select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id))]


def _act(rt: Any) -> HandoverAct:
    with rt.ctx.db.uow() as s:
        act: HandoverAct = s.scalars(select(HandoverAct)).one()
    return act


def _checklists(slack: Any) -> list[dict[str, Any]]:
    return [m for m in slack.messages(APPROVALS) if NUMBER in json.dumps(m.get("blocks", []))
            and m.get("blocks", [{}])[0].get("type") == "header"]


def _start(driver: Any) -> None:
    driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> moves to another team")


def _finish_items(rt: Any, driver: Any, clock: Any, seeded: Seeded, act_id: int) -> None:
    """Every item done: the revocations and rotations other features record, the custody button."""
    with rt.ctx.db.uow() as s:
        for grant_id in seeded.grant_ids:
            access_revoked(s, grant_id, ANA, clock.now)
        for account_id in (seeded.revealed_id, seeded.shared_grant_account):
            account_rotated(s, account_id, ANA, clock.now + timedelta(minutes=30))  # after the act began
    rt.sender.wait_idle()
    driver.click(ANA, "handover_all:account.custody", value=str(act_id))


def test_each_decision_writes_its_notice_and_the_after_ack_work_sends_it(
        driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    _start(driver)
    act = _act(rt)
    assert _rows(rt, "handover.post") == [(str(act.id), "sent")]
    [posted] = _checklists(slack)
    assert (act.channel_id, act.message_ts) == (APPROVALS, posted["ts"])  # remembered by the post's on_sent
    driver.click(ANA, "handover_all:account.custody", value=str(act.id))
    with rt.ctx.db.uow() as s:
        revoke = s.scalars(select(HandoverItem.id).where(HandoverItem.kind == "grant.revoke")).first()
    driver.click(ANA, "handover_item", value=f"{act.id}:{revoke}")
    # One redraw per change, each its own row although the clock stood still.
    assert _rows(rt, "handover.refresh") == [(f"{act.id}:1", "sent"), (f"{act.id}:2", "sent")]
    assert len(slack.calls_to("chat.update")) == 2


def test_a_start_whose_after_ack_work_never_ran_is_posted_by_the_scheduler(
        driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    real = after_ack_dies(rt)
    _start(driver)
    act = _act(rt)
    assert _checklists(slack) == [] and act.message_ts is None  # the act committed, nothing reached Slack
    assert _rows(rt, "handover.post") == [(str(act.id), "pending")]
    rt.outbox = real
    tick(rt)
    [posted] = _checklists(slack)
    assert "0 of 7 items done" in json.dumps(posted["blocks"])
    assert _act(rt).message_ts == posted["ts"]
    assert _rows(rt, "handover.post") == [(str(act.id), "sent")]


def test_a_redraw_whose_after_ack_work_never_ran_is_sent_by_the_scheduler(
        driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    _start(driver)
    act = _act(rt)
    real = after_ack_dies(rt)
    updates = len(slack.calls_to("chat.update"))
    driver.click(ANA, "handover_all:account.custody", value=str(act.id))
    assert len(slack.calls_to("chat.update")) == updates  # the message still shows the old state
    assert _rows(rt, "handover.refresh") == [(f"{act.id}:1", "pending")]
    rt.outbox = real
    tick(rt)
    [message] = _checklists(slack)
    assert "2 of 7 items done" in json.dumps(message["blocks"])
    assert _rows(rt, "handover.refresh") == [(f"{act.id}:1", "sent")]


def test_a_change_made_by_another_feature_is_redrawn_by_the_scheduler_too(
        driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    """A revocation recorded where no app listens (another process, a script): its redraw is a row."""
    _start(driver)
    act = _act(rt)
    real = after_ack_dies(rt)
    with rt.ctx.db.uow() as s:
        access_revoked(s, seeded.grant_ids[0], ANA, clock.now)
    rt.sender.wait_idle()
    assert _rows(rt, "handover.refresh") == [(f"{act.id}:1", "pending")]
    rt.outbox = real
    tick(rt)
    [message] = _checklists(slack)
    assert "1 of 7 items done" in json.dumps(message["blocks"])


def test_a_close_killed_holding_the_press_is_closed_and_uploaded_once_the_lease_runs_out(
        driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    _start(driver)
    act = _act(rt)
    _finish_items(rt, driver, clock, seeded, act.id)
    driver.click(CARL, "handover_deliver", value=str(act.id))
    driver.click(BEA, "handover_receive", value=str(act.id))
    clock.advance(hours=1)
    pressed_at = clock()
    real = after_ack_dies_holding_the_claim(rt, clock)
    driver.click(ANA, "handover_close", value=str(act.id))
    rt.outbox = real  # the restarted process
    # The press is written before the ack (handover.close); the process that claimed it died.
    assert _act(rt).status == "open", [m["text"] for m in slack.ephemerals(ANA)]
    assert _rows(rt, "handover.close") == [(f"{act.id}:{ANA}:1", "claimed")]
    tick(rt, now=clock.advance(minutes=1))
    assert _act(rt).status == "open" and slack.files() == []  # the dead worker's lease still holds
    tick(rt, now=clock.advance(seconds=DEFAULT_LEASE.total_seconds()))
    closed = _act(rt)
    assert (closed.status, closed.closed_by, closed.closed_at) == ("closed", ANA, pressed_at)  # at the press
    assert {f["filename"] for f in slack.files()} == {f"{NUMBER}.pdf", f"{NUMBER}.md"}
    uploads = [m for m in slack.messages(APPROVALS) if m.get("thread_ts") == act.message_ts and m.get("files")]
    assert len(uploads) == 1, "the document goes in the act's thread, once"
    assert _rows(rt, "handover.document") == [(str(act.id), "sent")]
    assert _rows(rt, "handover.close") == [(f"{act.id}:{ANA}:1", "sent")]
    [message] = _checklists(slack)
    assert ":lock: Closed by <@U0ANA>" in json.dumps(message["blocks"])  # the close's redraw went too


def test_a_checklist_that_cannot_be_posted_tells_the_starter_once_and_fails(
        driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    _start(driver)
    act = _act(rt)
    told = [m["text"] for m in slack.messages(slack.dm_channel(ANA)) if "could not post its checklist" in m["text"]]
    assert len(told) == 1 and "not_in_channel" in told[0]
    assert _rows(rt, "handover.post") == [(str(act.id), "failed")]  # permanent: not retried
    tick(rt, now=clock.advance(hours=1))
    assert _checklists(slack) == [] and _act(rt).message_ts is None


def test_a_refused_click_writes_no_redraw(driver: Any, slack: Any, rt: Any, clock: Any, seeded: Seeded) -> None:
    _start(driver)
    act = _act(rt)
    driver.click(BEA, "handover_deliver", value=str(act.id))  # only Carl delivers
    assert "Only <@U0CARL>" in slack.ephemerals(BEA)[-1]["text"]
    assert _rows(rt, "handover.refresh") == []  # rolled back with the refusal
