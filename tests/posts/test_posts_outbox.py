"""Posts through the transactional outbox (issue 16): each decision writes what it owes others
(`posts.notice`) in its own transaction; the request's after-ack work sends it at once, and when
that work never ran (the process died after the ack) or died mid-way, the scheduler sends it.

"The process died after the ack" is the runtime's outbox fast path replaced: by nothing (the
rows stay pending), or by a claim under a worker that never sends (a kill between claim and send).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.posts.notify import KIND_NOTICE
from scheduler.alerts import ALERT_KIND
from scheduler.jobs import tick
from storage.models import Delivery
from tests.conftest import ADMIN, ANA, APPROVALS, BEA
from tests.outbox import after_ack_dies, after_ack_dies_holding_the_claim
from tests.posts.support_posts import DANI, at, form_values, post_row, posts_world, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    return posts_world(driver, slack, rt)


def _notices(rt: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(subject, state, payload) of every posts notice, in the order the decisions wrote them."""
    with rt.ctx.db.uow() as s:
        return [(d.subject_id, d.state, dict(d.payload)) for d in s.scalars(
            select(Delivery).where(Delivery.kind == KIND_NOTICE).order_by(Delivery.id))]


def _dm_texts(slack: Any, user: str) -> list[str]:
    return [m["text"] for m in slack.messages(slack.dm_channel(user))]


def _buttons(slack: Any) -> list[str]:
    message = slack.messages(APPROVALS)[0]
    return [e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _submit(driver: Any, clock: Any, acc: dict[str, int]) -> None:
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=2), "Spring is here #spring"))


def test_each_decision_writes_its_notice_and_the_after_ack_work_sends_it(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    _submit(driver, clock, acc)
    assert _notices(rt) == [("1:1:submitted", "sent", {"event": "submitted", "actor": ANA, "dm": True})]
    assert post_row(rt).message_ts == slack.messages(APPROVALS)[0]["ts"]  # remembered by the delivery's on_sent
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert _notices(rt)[-1] == ("1:1:approve", "sent", {"event": "approve", "actor": BEA, "changed": True,
                                                        "count": 1})
    assert _buttons(slack) == [] and "was approved by" in _dm_texts(slack, ANA)[-1]


def test_an_approval_whose_after_ack_work_never_ran_is_sent_by_the_scheduler(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    _submit(driver, clock, acc)
    after_ack_dies(rt)
    before = len(slack.calls)
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    # The decision committed with its notice; nothing reached Slack.
    assert post_row(rt).status == "approved"
    assert _notices(rt)[-1][:2] == ("1:1:approve", "pending")
    assert [c.method for c in slack.calls[before:] if c.method in ("chat.update", "chat.postMessage")] == []
    assert _buttons(slack) == ["posts_approve", "posts_changes", "posts_reject"]

    tick(rt, now=clock(), periodic=False)
    assert _notices(rt)[-1][:2] == ("1:1:approve", "sent")
    assert _buttons(slack) == [] and "Approved by" in str(slack.messages(APPROVALS)[0]["blocks"])
    assert "was approved by" in _dm_texts(slack, ANA)[-1]
    [update] = slack.calls_to("chat.update")[-1:]
    assert update.args["channel"] == APPROVALS and len(slack.calls_to("chat.update")) == 1


def test_a_submission_claimed_by_a_killed_process_goes_out_once_its_lease_runs_out(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    real = after_ack_dies_holding_the_claim(rt, clock)
    _submit(driver, clock, acc)
    assert _notices(rt)[0][:2] == ("1:1:submitted", "claimed")
    tick(rt, now=clock(), periodic=False)  # the claim still holds: nobody else sends it
    assert slack.messages(APPROVALS) == [] and post_row(rt).message_ts is None

    tick(rt, now=clock.advance(minutes=6), periodic=False)
    [message] = slack.messages(APPROVALS)
    assert post_row(rt).message_ts == message["ts"]
    assert _notices(rt)[0][:2] == ("1:1:submitted", "sent")
    assert any("waiting for approval" in t for t in _dm_texts(slack, ANA))
    # The restarted process: the remembered message is the one the next decision updates.
    rt.outbox = real
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert _buttons(slack) == [] and slack.calls_to("chat.update")[-1].args["ts"] == message["ts"]


def test_the_approvals_channel_refusing_the_post_tells_the_author_and_the_admins(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    driver.command(ANA, "/post", "new")
    slack.fail_next("chat.postMessage", error="not_in_channel")
    driver.submit(ANA, form_values([acc["ig"]], at(clock, days=2), "Spring is here #spring"))
    texts = _dm_texts(slack, ANA)
    assert any("could not be posted" in t for t in texts)  # as before the outbox: the author hears it
    assert slack.messages(APPROVALS) == [] and post_row(rt).message_ts is None
    assert _notices(rt)[0][:2] == ("1:1:submitted", "failed")  # never retried: no retry can fix it
    with rt.ctx.db.uow() as s:
        alerts = list(s.scalars(select(Delivery.subject_id).where(Delivery.kind == ALERT_KIND)))
    assert alerts == [f"not_in_channel:{APPROVALS}"]  # the admins are told the channel needs the bot
    tick(rt, now=clock(), periodic=False)
    [alert] = [t for t in _dm_texts(slack, ADMIN) if "could not deliver" in t]
    assert f"<#{APPROVALS}>: `not_in_channel`" in alert and "/socialops jobs retry" in alert

    # Once the bot is invited, the admins' retry puts the post up (and remembers where).
    delivery_id = alert.split("jobs retry ")[1].split("`")[0]
    driver.command(ADMIN, "/socialops", f"jobs retry {delivery_id}")
    tick(rt, now=clock(), periodic=False)
    [message] = slack.messages(APPROVALS)
    assert post_row(rt).message_ts == message["ts"] and _notices(rt)[0][:2] == ("1:1:submitted", "sent")
    assert sum("waiting for approval" in t for t in _dm_texts(slack, ANA)) == 1  # told once, not again


def test_a_transient_failure_sends_only_what_is_left_on_the_retry(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    _submit(driver, clock, acc)
    slack.fail_next("chat.postMessage", error="internal_error")  # Ana's DM, after the update went
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert _buttons(slack) == [] and not any("was approved" in t for t in _dm_texts(slack, ANA))
    with rt.ctx.db.uow() as s:
        row = s.scalars(select(Delivery).where(Delivery.kind == KIND_NOTICE,
                                               Delivery.subject_id == "1:1:approve")).one()
        due, state, parts = row.due_at, row.state, list(row.parts_done)
    assert (state, parts) == ("pending", [0]) and due > clock()

    tick(rt, now=due + timedelta(seconds=1), periodic=False)
    assert "was approved by" in _dm_texts(slack, ANA)[-1]
    assert len(slack.calls_to("chat.update")) == 1  # the message was not updated a second time
    assert _notices(rt)[-1][:2] == ("1:1:approve", "sent")


def test_two_decisions_on_one_revision_at_one_instant_each_have_their_own_notice(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    driver.command(ADMIN, "/post", "settings approvals 2")
    _submit(driver, clock, acc)
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    driver.click(DANI, "posts_approve", value="1:1", channel=APPROVALS)  # the same frozen instant
    assert [(subject, state, payload["count"]) for subject, state, payload in _notices(rt)[1:]] == [
        ("1:1:approve", "sent", 1), ("1:1:approve:2", "sent", 2)]
    texts = _dm_texts(slack, ANA)
    assert texts[-2] == f"Post #1 has 1 of 2 approvals (<@{BEA}>)."
    assert "was approved by" in texts[-1] and BEA in texts[-1] and DANI in texts[-1]


def test_a_hold_by_hand_whose_after_ack_work_never_ran_is_listed_by_the_scheduler(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    _submit(driver, clock, acc)
    after_ack_dies(rt)
    reply = driver.command(BEA, "/post", "hold acme 48 Product recall").json()["text"]
    assert "#1" in reply and post_row(rt).status == "held"
    assert _notices(rt)[-1][:2] == ("1:1:held", "pending")
    assert len(slack.messages(APPROVALS)) == 1

    tick(rt, now=clock(), periodic=False)
    root, listed = slack.messages(APPROVALS)
    assert _buttons(slack) == []  # the post's message: held, its buttons gone
    assert "Product recall" in listed["text"]
    assert [e["action_id"] for b in listed["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "posts_hold_release", "posts_hold_reschedule"]
    assert root["ts"] == post_row(rt).message_ts


def test_an_edit_of_a_post_never_put_up_puts_it_up_with_what_changed(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    driver.command(ANA, "/post", "new")
    slack.fail_next("chat.postMessage", error="channel_not_found")
    driver.submit(ANA, form_values([acc["ig"]], at(clock, days=2), "Spring is here #spring"))
    assert slack.messages(APPROVALS) == []
    driver.command(ANA, "/post", "edit 1")
    driver.submit(ANA, {"posts_copy.value": "Spring! #spring"})
    [message] = slack.messages(APPROVALS)  # no thread reply: there was no message to reply under
    assert "(revision 2)" in message["text"] and "Spring is here #spring → Spring! #spring" in str(message["blocks"])
    assert post_row(rt).message_ts == message["ts"]
    assert _notices(rt)[-1] == ("1:2:edited", "sent", {
        "event": "edited", "actor": ANA, "diff": [["copy", "Spring is here #spring", "Spring! #spring"]]})
    assert _dm_texts(slack, ANA)[-1] == "Post #1 (revision 2) is back in approval."
