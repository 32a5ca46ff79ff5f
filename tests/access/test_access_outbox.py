"""The access feature's notices through the transactional outbox (bot/access/outbox.py).

What a decision owes people (the approvals message posted or redrawn, the requester and the holder
told, the custodian's task closed) is a delivery row written in the decision's own transaction:
no decision, no row; the after-ack work sends them at once, and the scheduler's tick sends any the
after-ack work did not (Slack failed for now, or the process died before it could).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.access.outbox import (
    KIND_APPROVAL,
    KIND_HOLDER_DM,
    KIND_REQUEST_POST,
    KIND_REQUEST_REDRAW,
    KIND_REQUESTER_DM,
    KIND_REVIEW_ANSWERED,
    KIND_TASKS_CLOSED,
    NOTICE_KINDS,
)
from storage.models import AccessRequest, AccessReview, Delivery, Grant
from tests.access.support import anchor_workspace, deliver_due, forged_click, make_account
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL
from tests.outbox import after_ack_dies

pytestmark = pytest.mark.usefixtures("setup_workspace")

REQUEST = "request @acmeshop editor for 7d spring launch"


@pytest.fixture(autouse=True)
def _seeded(setup_workspace: None, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)


def notices(rt: Any) -> list[tuple[str, str, str]]:
    """(kind, subject, state) of every access notice row, in the order they were written."""
    with rt.ctx.db.uow() as s:
        return [(d.kind, d.subject_id, d.state) for d in s.scalars(
            select(Delivery).where(Delivery.kind.in_(NOTICE_KINDS)).order_by(Delivery.id))]


def approved_dms(slack: Any) -> list[str]:
    return [m["text"] for m in slack.messages(slack.dm_channel(CARL)) if "was approved" in m["text"]]


def has_buttons(slack: Any) -> bool:
    return any(b["type"] == "actions" for b in slack.messages(APPROVALS)[-1]["blocks"])


def test_the_approval_writes_its_notices_with_the_decision_and_sends_them_at_once(
        driver: Any, slack: Any, rt: Any) -> None:
    driver.command(CARL, "/access", REQUEST)
    assert notices(rt) == [(KIND_REQUEST_POST, "1", "sent")]
    driver.click(BEA, "access_approve", value="1")
    assert notices(rt)[1:] == [(KIND_REQUEST_REDRAW, "1:approved", "sent"),
                               (KIND_REQUESTER_DM, "1:approved", "sent")]
    with rt.ctx.db.uow() as s:
        grant = s.scalars(select(Grant)).one()
        dm = s.scalars(select(Delivery).where(Delivery.kind == KIND_REQUESTER_DM)).one()
        assert dm.payload == {"event": "approved", "grant": grant.id}
    assert not has_buttons(slack) and len(approved_dms(slack)) == 1


def test_a_refused_decision_writes_no_notice(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(CARL, "/access", REQUEST)
    driver.click(CARL, "access_approve", value="1")  # their own request
    driver.click(ANA, "access_approve", value="1")  # a custodian, not an approver
    assert "Only the person who asked" in driver.command(BEA, "/access", "withdraw 1").json()["text"]
    assert notices(rt) == [(KIND_REQUEST_POST, "1", "sent")]

    driver.click(BEA, "access_approve", value="1")
    forged_click(driver, ADMIN, "access_approve", "1", channel=APPROVALS)  # too late: already decided
    assert "already decided" in driver.command(CARL, "/access", "withdraw 1").json()["text"]
    assert [k for k, _, _ in notices(rt)] == [KIND_REQUEST_POST, KIND_REQUEST_REDRAW, KIND_REQUESTER_DM]

    deliver_due(rt, rt.ctx.clock())
    driver.click(CARL, "access_fulfil_done", value="1", channel=slack.dm_channel(ANA))  # not the custodian
    assert not any(k in (KIND_TASKS_CLOSED, KIND_HOLDER_DM) for k, _, _ in notices(rt))
    assert len(approved_dms(slack)) == 1


def test_a_notice_slack_refused_for_now_goes_out_on_the_schedulers_tick(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    driver.command(CARL, "/access", REQUEST)
    slack.fail_next("chat.postMessage", error="fatal_error")  # the DM to Carl, once: not a permanent error
    driver.click(BEA, "access_approve", value="1")
    assert not has_buttons(slack)  # the redraw went: its own delivery, before the DM
    assert approved_dms(slack) == []
    assert notices(rt)[1:] == [(KIND_REQUEST_REDRAW, "1:approved", "sent"),
                               (KIND_REQUESTER_DM, "1:approved", "pending")]
    deliver_due(rt, clock())
    assert approved_dms(slack) == []  # backing off: due again 30 s or so later
    clock.advance(minutes=1)
    deliver_due(rt, clock())
    assert len(approved_dms(slack)) == 1
    assert notices(rt)[-1] == (KIND_REQUESTER_DM, "1:approved", "sent")


def test_notices_the_after_ack_work_never_sent_go_out_on_the_schedulers_tick(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """The process dies between the commit and the after-ack send (here: the send does nothing):
    the rows are there, and the next tick sends what the decision owes, as it would have."""
    driver.command(CARL, "/access", REQUEST)
    deliver_due(rt, clock())  # (Ana's task will be needed below)
    rt.outbox = lambda *_args: None
    driver.click(BEA, "access_approve", value="1")
    assert has_buttons(slack) and approved_dms(slack) == []
    deliver_due(rt, clock())
    assert not has_buttons(slack) and len(approved_dms(slack)) == 1
    assert f"Approved by <@{BEA}> at 09:00" in str(slack.messages(APPROVALS)[-1]["blocks"])

    ana_dm, carl_dm = slack.dm_channel(ANA), slack.dm_channel(CARL)
    clock.advance(hours=2)
    driver.click(ANA, "access_fulfil_done", value="1", channel=ana_dm)
    assert "access_fulfil_done" in str(slack.messages(ana_dm)[-1]["blocks"])  # not closed yet
    clock.advance(minutes=1)
    deliver_due(rt, clock())
    # Drawn as the press would have: who pressed, at the time they pressed.
    assert f"Done by <@{ANA}> at 11:00" in str(slack.messages(ana_dm)[-1]["blocks"])
    assert "access_fulfil_done" not in str(slack.messages(ana_dm)[-1]["blocks"])
    assert "is active" in slack.messages(carl_dm)[-1]["text"]
    assert [(k, st) for k, _, st in notices(rt)][-2:] == [(KIND_TASKS_CLOSED, "sent"), (KIND_HOLDER_DM, "sent")]


def test_a_request_the_approvals_channel_refuses_is_told_to_the_requester(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    slack.fail_next("chat.postMessage", error="not_in_channel")
    driver.command(CARL, "/access", REQUEST)
    [told] = [m["text"] for m in slack.messages(slack.dm_channel(CARL))]
    assert "Request #1 is saved but I could not post it" in told
    assert notices(rt) == [(KIND_REQUEST_POST, "1", "sent")]  # handled: not retried, no admin alert
    deliver_due(rt, clock() + timedelta(hours=1))
    assert len(slack.messages(slack.dm_channel(CARL))) == 1
    with rt.ctx.db.uow() as s:
        req = s.scalars(select(AccessRequest)).one()
        assert (req.message_channel, req.message_ts, req.requester_email) == (None, None, "carl@example.com")


def test_a_notice_slack_refuses_for_good_is_the_admins_dead_letter_alert(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """Before the outbox this was an exception in the after-ack work; now the delivery fails and
    the scheduler's alert tells the admins (bot/access/outbox.py), once; it is not retried."""
    driver.command(CARL, "/access", REQUEST)
    slack.fail_next("chat.postMessage", error="cannot_dm_bot")  # the DM to Carl
    driver.click(BEA, "access_approve", value="1")
    assert not has_buttons(slack) and approved_dms(slack) == []
    assert notices(rt)[-1] == (KIND_REQUESTER_DM, "1:approved", "failed")
    deliver_due(rt, clock.advance(minutes=1))
    [alert] = [m["text"] for m in slack.messages(slack.dm_channel(ADMIN)) if KIND_REQUESTER_DM in m["text"]]
    assert "cannot_dm_bot" in alert
    deliver_due(rt, clock.advance(hours=2))
    assert approved_dms(slack) == []


def test_two_answers_from_one_review_message_both_show_whichever_is_sent_last(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """The first answer's update is sent late (its after-ack send never ran), after the second's:
    each is drawn from the reviews' state when sent, so the second already shows both answers and
    the late first one does not bring the second's buttons back."""
    for rid, (who, text) in enumerate([(CARL, "request @acmeshop editor for 25w campaign"),
                                      (ADMIN, "request @acmeshop analyst for 25w numbers")], 1):
        driver.command(who, "/access", text)
        driver.click(BEA, "access_approve", value=str(rid))
        deliver_due(rt, clock())
        driver.click(ANA, "access_fulfil_done", value=str(rid), channel=slack.dm_channel(ANA))
    clock.advance(days=90)
    deliver_due(rt, clock())  # the review cycle opens: one message to Ana with both grants
    ana_dm = slack.dm_channel(ANA)
    review = slack.messages(ana_dm)[-1]
    with rt.ctx.db.uow() as s:
        rows = {r.grant_id: r.id for r in s.scalars(select(AccessReview))}

    send_due = rt.outbox
    rt.outbox = lambda *_args: None  # the first answer's after-ack send never runs
    driver.click(ANA, "access_review_keep", value=str(rows[1]), message_ts=review["ts"])
    rt.outbox = send_due
    driver.click(ANA, "access_review_revoke", value=str(rows[2]), message_ts=review["ts"])
    for late in (False, True):
        if late:
            assert [st for k, _, st in notices(rt) if k == KIND_REVIEW_ANSWERED] == ["pending", "sent"]
            deliver_due(rt, clock.advance(minutes=1))
            assert [st for k, _, st in notices(rt) if k == KIND_REVIEW_ANSWERED] == ["sent", "sent"]
        shown = str(next(m for m in slack.messages(ana_dm) if m["ts"] == review["ts"])["blocks"])
        assert f"Kept by <@{ANA}> at 09:00" in shown and f"Revoke requested by <@{ANA}> at 09:00" in shown
        assert "access_review_keep" not in shown and "access_review_revoke" not in shown


def test_an_approve_press_whose_after_ack_work_died_is_worked_by_the_scheduler_once(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """The press is written before the ack (access.approval): killed after it, the scheduler
    looks Carl up and decides; Bea pressing again meanwhile is the same press, not a second."""
    driver.command(CARL, "/access", REQUEST)
    real = after_ack_dies(rt)
    driver.click(BEA, "access_approve", value="1")
    driver.click(BEA, "access_approve", value="1")
    with rt.ctx.db.uow() as s:
        presses = [(d.subject_id, d.state) for d in s.scalars(select(Delivery).where(Delivery.kind == KIND_APPROVAL))]
        assert s.scalars(select(AccessRequest.status)).one() == "pending"
    assert presses == [(f"1:{BEA}:1", "pending")]
    rt.outbox = real
    deliver_due(rt, clock())
    assert approved_dms(slack) and len(approved_dms(slack)) == 1 and not has_buttons(slack)
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AccessRequest.status)).one() == "approved"
        assert len(list(s.scalars(select(Grant)))) == 1
    assert not [e for e in slack.ephemerals(BEA) if "already decided" in e["text"]]
