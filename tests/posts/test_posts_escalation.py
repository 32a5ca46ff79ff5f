"""Escalation at T-2 h and expiry at T, through the real scheduler tick and the fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Delivery
from tests.access.support import deliver_due, pending
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, make_settings
from tests.posts.support_posts import DANI, at, audited, form_values, post_row, posts_world, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    return posts_world(driver, slack, rt)


@pytest.fixture
def restarted(slack: Any, db: Any, db_url: str, clock: Any) -> Iterator[Any]:
    """A second app on the same database: the process after a restart (nothing in memory)."""
    from bot.app import build

    runtime = build(make_settings(slack, db_url), db=db, clock=clock)
    yield runtime
    runtime.close()


def _dm_texts(slack: Any, user: str) -> list[str]:
    try:
        return [m["text"] for m in slack.messages(slack.dm_channel(user))]
    except KeyError:
        return []


def _thread(slack: Any) -> list[str]:
    root = slack.messages(APPROVALS)[0]
    return [m["text"] for m in slack.messages(APPROVALS)[1:] if m.get("thread_ts") == root["ts"]]


def test_pending_escalates_at_t_minus_2h_then_expires_at_t(driver: Any, slack: Any, rt: Any, clock: Any,
                                                            restarted: Any, acc: dict[str, int]) -> None:
    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "Waiting"))
    assert deliver_due(rt, due - timedelta(hours=2, minutes=1)) == 0  # not yet
    assert deliver_due(rt, due - timedelta(hours=2)) == 1
    for approver in (BEA, DANI, ADMIN):  # every approver, by DM; not the author
        assert any("still waiting for approval" in t for t in _dm_texts(slack, approver)), approver
    assert not any("still waiting" in t for t in _dm_texts(slack, ANA))
    assert _thread(slack) == [":rotating_light: Still pending 2 hours before its time: every approver was told by DM."]
    # a restarted scheduler does not send it again
    assert deliver_due(restarted, due - timedelta(hours=1)) == 0
    assert len([t for t in _dm_texts(slack, BEA) if "still waiting" in t]) == 1

    before = len(slack.calls_to("chat.update"))
    assert deliver_due(restarted, due) == 1
    assert post_row(rt).status == "expired"
    assert any("expired: it was not approved" in t for t in _dm_texts(slack, ANA))
    assert "Expired at its time" in _thread(slack)[-1]
    # the approvals message itself is updated in place by the scheduler: nothing left to press
    root = slack.messages(APPROVALS)[0]
    [update] = slack.calls_to("chat.update")[before:]
    assert (update.args["channel"], update.args["ts"]) == (APPROVALS, root["ts"])
    assert "Expired: it was not approved" in str(root["blocks"]) and "expired" in root["text"]
    assert not [b for b in root["blocks"] if b["type"] == "actions"]
    assert deliver_due(rt, due + timedelta(minutes=5)) == 0 and audited(rt, "posts.expired") == 1
    assert len(slack.calls_to("chat.update")) == before + 1
    with pytest.raises(LookupError, match="sees no element"):
        driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)


def test_an_expiry_update_that_fails_for_now_is_retried_and_a_stale_button_answers_meanwhile(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "Slack hiccup"))
    deliver_due(rt, due - timedelta(hours=2))
    slack.fail_next("chat.update", error="fatal_error")  # not retried in place by the client
    assert deliver_due(rt, due) == 0
    assert post_row(rt).status == "expired"
    assert len([t for t in _dm_texts(slack, ANA) if "expired: it was not approved" in t]) == 1
    assert [b for b in slack.messages(APPROVALS)[0]["blocks"] if b["type"] == "actions"]  # not updated yet
    # meanwhile its button answers instead of acting, and the message is drawn again as the post is
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert "is expired" in slack.ephemerals(BEA)[-1]["text"] and post_row(rt).status == "expired"
    assert not [b for b in slack.messages(APPROVALS)[0]["blocks"] if b["type"] == "actions"]
    # the retry sends only what had not gone out: the update and the thread note, not the DM again
    assert deliver_due(rt, due + timedelta(minutes=1)) == 1
    assert [c.ok for c in slack.calls_to("chat.update", ok=None)] == [False, True, True]
    assert len([t for t in _dm_texts(slack, ANA) if "expired: it was not approved" in t]) == 1
    assert "Expired at its time" in _thread(slack)[-1] and audited(rt, "posts.expired") == 1


def test_an_approved_post_neither_escalates_nor_expires(driver: Any, slack: Any, rt: Any, clock: Any,
                                                        acc: dict[str, int]) -> None:
    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "Approved in time"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert pending(rt.ctx.db, "posts.escalation") == [] and pending(rt.ctx.db, "posts.expiry") == []
    deliver_due(rt, due + timedelta(minutes=1))
    assert post_row(rt).status == "approved"
    assert not any("still waiting" in t for t in _dm_texts(slack, BEA))


def test_an_edit_supersedes_the_old_revisions_deliveries(driver: Any, slack: Any, rt: Any, clock: Any,
                                                         acc: dict[str, int]) -> None:
    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "First"))
    later = due + timedelta(days=1)
    driver.command(ANA, "/post", "edit 1")
    driver.submit(ANA, {"posts_when.value": later})
    assert [(d.subject_id, d.due_at) for d in pending(rt.ctx.db)] == [
        ("1:2", later - timedelta(hours=2)), ("1:2", later)]
    assert deliver_due(rt, due) == 0 and post_row(rt).status == "pending"  # the old time came: nothing
    assert deliver_due(rt, later) == 2 and post_row(rt).status == "expired"


def test_a_stale_delivery_does_nothing(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    """A delivery of an older revision that is somehow still pending (planned before a crash, say)
    checks the post's revision when rendered, and sends nothing."""
    from bot.core.schedule import schedule

    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "First"))
    driver.command(ANA, "/post", "edit 1")
    driver.submit(ANA, {"posts_copy.value": "Second"})
    with rt.ctx.db.uow() as s:
        schedule(s, team_id=post_row(rt).team_id, kind="posts.expiry", subject_id="1:1", at=due - timedelta(hours=1))
    deliver_due(rt, due - timedelta(hours=1))  # revision 2's escalation goes out with it
    with rt.ctx.db.uow() as s:
        states = sorted(s.execute(select(Delivery.subject_id, Delivery.due_at, Delivery.state).where(
            Delivery.kind == "posts.expiry")).tuples().all())
    # the first revision's expiry (cancelled by the edit), the stale one (rendered and found out of
    # date: cancelled, nothing sent), the second revision's (still to come)
    assert states == [("1:1", due - timedelta(hours=1), "cancelled"), ("1:1", due, "cancelled"),
                      ("1:2", due, "pending")]
    assert post_row(rt).status == "pending"
    assert not any("expired" in t for t in _dm_texts(slack, ANA))


def test_a_post_cancelled_before_its_time_does_not_expire(driver: Any, slack: Any, rt: Any, clock: Any,
                                                          acc: dict[str, int]) -> None:
    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "Never mind"))
    assert "cancelled" in driver.command(ANA, "/post", "cancel 1 wrong campaign").json()["text"]
    assert pending(rt.ctx.db, "posts.expiry") == []
    deliver_due(rt, due)
    assert post_row(rt).status == "cancelled"
    assert "Cancelled by <@U0ANA>: wrong campaign" in str(slack.messages(APPROVALS)[0]["blocks"])


def test_an_expiry_whose_approvals_message_was_deleted_still_expires_once(
        driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    """The message to update is gone (someone deleted it): the expiry is recorded as sent, the
    author is told, and it is neither retried nor reported to the admins as a failure."""
    due = at(clock, hours=5)
    send_form(driver, ANA, form_values([acc["ig"]], due, "Deleted card"))
    root = slack.messages(APPROVALS)[0]
    rt.client.chat_delete(channel=APPROVALS, ts=root["ts"])
    deliver_due(rt, due)
    assert post_row(rt).status == "expired"
    assert any("expired: it was not approved" in t for t in _dm_texts(slack, ANA))
    assert [(c.ok, c.error) for c in slack.calls_to("chat.update", ok=None)] == [(False, "message_not_found")]
    with rt.ctx.db.uow() as s:
        expiry = s.scalars(select(Delivery).where(Delivery.kind == "posts.expiry")).one()
        assert (expiry.state, expiry.attempts) == ("sent", 1)
    assert deliver_due(rt, due + timedelta(hours=1)) == 0
    assert pending(rt.ctx.db, "scheduler.admin_alert") == []
