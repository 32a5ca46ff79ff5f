"""Replies through the transactional outbox (issue 16): a proposal writes its approvals post
(replies.proposed) and a decision its redraw and the author's DM (replies.decided) in their own
transaction; the request's after-ack work sends them at once, and when that work never ran (the
process died after the ack) or died holding the claim, the scheduler sends them.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from scheduler.jobs import DEFAULT_LEASE, tick
from storage.models import Delivery, ReplyTemplateVersion
from tests.conftest import ANA, APPROVALS, BEA
from tests.outbox import after_ack_dies, after_ack_dies_holding_the_claim
from tests.replies.support_replies import form, latest_version_id, propose_by_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _rows(rt: Any) -> list[tuple[str, str, str]]:
    """(kind, subject, state) of every replies notice, in the order the decisions wrote them."""
    with rt.ctx.db.uow() as s:
        return [(d.kind, d.subject_id, d.state) for d in s.scalars(
            select(Delivery).where(Delivery.kind.startswith("replies.")).order_by(Delivery.id))]


def _dms(slack: Any, user: str) -> list[str]:
    return [m["text"] for m in slack.messages(slack.dm_channel(user))]


def _buttons(slack: Any) -> list[str]:
    return [e["action_id"] for m in slack.messages(APPROVALS)[-1:] for b in m["blocks"] if b["type"] == "actions"
            for e in b["elements"]]


def _version(rt: Any, vid: int) -> ReplyTemplateVersion:
    with rt.ctx.db.uow() as s:
        v = s.get(ReplyTemplateVersion, vid)
        assert v is not None
        return v


def test_each_decision_writes_its_notice_and_the_after_ack_work_sends_it(
        driver: Any, slack: Any, rt: Any) -> None:
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 10."))
    vid = latest_version_id(rt)
    assert _rows(rt) == [("replies.proposed", f"{vid}:proposed", "sent")]
    assert _version(rt, vid).message_ts == slack.messages(APPROVALS)[-1]["ts"]
    driver.click(BEA, "replies_approve", value=str(vid), channel=APPROVALS)
    assert _rows(rt)[-1] == ("replies.decided", f"{vid}:approved", "sent")
    assert _buttons(slack) == [] and "approved your reply template" in _dms(slack, ANA)[-1]


def test_a_proposal_whose_after_ack_work_never_ran_is_posted_by_the_scheduler(
        driver: Any, slack: Any, rt: Any) -> None:
    real = after_ack_dies(rt)
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 10."))
    vid = latest_version_id(rt)
    assert slack.messages(APPROVALS) == [] and _dms(slack, ANA) == []  # stored, nothing reached Slack
    assert _rows(rt) == [("replies.proposed", f"{vid}:proposed", "pending")]
    rt.outbox = real
    tick(rt)
    assert _buttons(slack) == ["replies_approve", "replies_reject"]
    assert _version(rt, vid).message_ts == slack.messages(APPROVALS)[-1]["ts"]
    assert ["is waiting for approval" in t for t in _dms(slack, ANA)] == [True]
    assert _rows(rt) == [("replies.proposed", f"{vid}:proposed", "sent")]


def test_a_decision_killed_holding_its_claim_is_sent_once_the_lease_runs_out(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 10."))
    vid = latest_version_id(rt)
    after_ack_dies_holding_the_claim(rt, clock)
    driver.click(BEA, "replies_reject", value=str(vid), channel=APPROVALS)
    assert _version(rt, vid).state == "rejected"
    assert "replies_reject" in _buttons(slack)  # the message still offers the buttons
    assert slack.ephemerals(BEA)[-1]["text"].startswith("Template #1 version 1:")  # the approver's own answer
    tick(rt, now=clock.advance(minutes=1))
    assert _buttons(slack) != []  # the dead worker's lease still holds
    tick(rt, now=clock.advance(seconds=DEFAULT_LEASE.total_seconds()))
    assert _buttons(slack) == []
    assert "rejected your reply template" in _dms(slack, ANA)[-1]
    assert _rows(rt)[-1] == ("replies.decided", f"{vid}:rejected", "sent")


def test_an_edit_redraws_the_version_it_replaced_when_sent_by_the_scheduler(
        driver: Any, slack: Any, rt: Any) -> None:
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 10."))
    first = latest_version_id(rt)
    driver.click(BEA, "replies_approve", value=str(first), channel=APPROVALS)
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 11."), edit=1)
    second = latest_version_id(rt)
    real = after_ack_dies(rt)
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 12."), edit=1)
    third = latest_version_id(rt)
    superseded_ts = _version(rt, second).message_ts
    rt.outbox = real
    updates = len(slack.calls_to("chat.update"))
    tick(rt)
    redrawn = [c for c in slack.calls_to("chat.update")[updates:] if c.args.get("ts") == superseded_ts]
    assert redrawn, "the replaced version's message loses its buttons"
    assert _version(rt, third).message_ts and _version(rt, second).state == "superseded"
    assert ("replies.proposed", f"{third}:proposed", "sent") in _rows(rt)


def test_an_approvals_post_that_slack_refuses_tells_the_author_and_fails(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 10."))
    vid = latest_version_id(rt)
    told = _dms(slack, ANA)
    assert [t for t in told if "waiting for approval" in t] == []  # never said to be posted
    assert [t for t in told if "something went wrong" in t] == [told[-1]]  # the apology, once
    assert _rows(rt) == [("replies.proposed", f"{vid}:proposed", "failed")]
    assert _version(rt, vid).message_ts is None
    tick(rt, now=clock.advance(hours=1))
    assert slack.messages(APPROVALS) == [] and len(_dms(slack, ANA)) == len(told)  # not retried
