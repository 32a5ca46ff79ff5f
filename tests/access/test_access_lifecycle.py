"""Delegated access end to end: request → approve → fulfil → warnings → expiry → revoked."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import AccessRequest, AuditEntry, Grant
from tests.access.support import anchor_workspace, deliver_due, make_account
from tests.conftest import ANA, APPROVALS, BEA, CARL

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture(autouse=True)
def _anchored(setup_workspace: None, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())


def calls_since(slack: Any, mark: int) -> list[tuple[str, str]]:
    """(method, channel or user) of every Web API call after `mark`, in order."""
    return [(c.method, str(c.args.get("channel") or c.args.get("users") or c.args.get("user") or ""))
            for c in slack.calls[mark:]]


def buttons(message: dict[str, Any]) -> set[str]:
    return {e["action_id"] for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]}


def grant(rt: Any) -> Grant:
    with rt.ctx.db.uow() as s:
        return s.scalars(select(Grant)).one()


REQUEST = "request @acmeshop editor for 7d spring launch"


def request_access(driver: Any, rt: Any) -> Any:
    """Carl asks for 7 days of editor access to @acmeshop (custodian Ana); the slash command's reply."""
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    return driver.command(CARL, "/access", REQUEST)


def to_approved(driver: Any, rt: Any) -> None:
    """Carl's request, approved by Bea from the approvals channel."""
    request_access(driver, rt)
    driver.click(BEA, "access_approve", value="1")


def press_done(driver: Any) -> None:
    driver.click(ANA, "access_fulfil_done", value="1")


def to_active(driver: Any, rt: Any, clock: Any) -> Grant:
    """Approved, the custodian's task delivered, and Ana pressing Done two hours later."""
    to_approved(driver, rt)
    deliver_due(rt, clock())
    clock.advance(hours=2)
    press_done(driver)
    return grant(rt)


def ends_at(active: Grant) -> datetime:
    assert active.expires_at is not None
    return active.expires_at


def through_warnings(rt: Any, clock: Any, ends: datetime) -> None:
    """The scheduler's ticks just before, at a day before, and at an hour before `ends`."""
    for before in (timedelta(days=1, minutes=1), timedelta(days=1), timedelta(hours=1)):
        clock.set(ends - before)
        deliver_due(rt, clock())


def to_expired(driver: Any, rt: Any, clock: Any) -> None:
    """An active grant, warned about, whose end the scheduler has reached."""
    ends = ends_at(to_active(driver, rt, clock))
    through_warnings(rt, clock, ends)
    clock.set(ends)
    deliver_due(rt, clock())


def press_revoked(driver: Any, slack: Any) -> None:
    """Ana presses Revoked on the latest revocation task in her DM."""
    driver.click(ANA, "access_revoked", value="1", message_ts=slack.messages(slack.dm_channel(ANA))[-1]["ts"])


def to_revoked(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """Expired, reminded a day later, then Revoked pressed on the reminder."""
    to_expired(driver, rt, clock)
    clock.advance(days=1)
    deliver_due(rt, clock())
    press_revoked(driver, slack)


def test_a_request_is_posted_for_approval_with_approve_and_deny_buttons(
        driver: Any, slack: Any, rt: Any) -> None:
    mark = len(slack.calls)
    reply = request_access(driver, rt)
    assert "Request #1 sent for approval" in reply.json()["text"]
    assert calls_since(slack, mark) == [("users.info", CARL), ("chat.postMessage", APPROVALS)]
    [posted] = slack.messages(APPROVALS)[-1:]
    assert buttons(posted) == {"access_approve", "access_deny"}
    assert "Partial access: Content" in posted["text"] and "spring launch" in posted["text"]
    with rt.ctx.db.uow() as s:
        req = s.scalars(select(AccessRequest)).one()
        assert (req.message_channel, req.message_ts) == (APPROVALS, posted["ts"])


def test_approving_updates_the_request_message_in_place_and_tells_the_requester(
        driver: Any, slack: Any, rt: Any) -> None:
    request_access(driver, rt)
    posted = slack.messages(APPROVALS)[-1]
    carl_dm = slack.dm_channel(CARL)
    mark = len(slack.calls)
    driver.click(BEA, "access_approve", value="1")
    assert calls_since(slack, mark) == [
        ("users.info", CARL), ("chat.update", APPROVALS), ("conversations.open", CARL),
        ("chat.postMessage", carl_dm)]
    updated = slack.messages(APPROVALS)[-1]
    assert updated["ts"] == posted["ts"] and buttons(updated) == set()
    assert f"Approved by <@{BEA}> at 09:00" in str(updated["blocks"])
    assert "was approved" in slack.messages(carl_dm)[-1]["text"]


def test_an_approved_request_becomes_a_fulfilment_task_for_the_custodian(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    to_approved(driver, rt)
    assert grant(rt).status == "awaiting_fulfilment"
    ana_dm = slack.dm_channel(ANA)
    mark = len(slack.calls)
    deliver_due(rt, clock())  # the scheduler's next tick
    assert calls_since(slack, mark) == [("conversations.open", ANA), ("chat.postMessage", ana_dm)]
    task = slack.messages(ana_dm)[-1]
    assert "Meta Business Suite → Settings → People → + Invite people" in str(task["blocks"])
    assert "carl@example.com" in task["text"] and buttons(task) == {"access_fulfil_done", "access_fulfil_cannot"}


def test_pressing_done_activates_the_grant_for_its_duration_and_tells_the_holder(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    to_approved(driver, rt)
    deliver_due(rt, clock())
    carl_dm, ana_dm = slack.dm_channel(CARL), slack.dm_channel(ANA)
    clock.advance(hours=2)
    mark = len(slack.calls)
    press_done(driver)
    assert calls_since(slack, mark) == [("chat.update", ana_dm), ("conversations.open", CARL),
                                        ("chat.postMessage", carl_dm)]
    assert buttons(slack.messages(ana_dm)[-1]) == set()
    assert f"Done by <@{ANA}> at 11:00" in str(slack.messages(ana_dm)[-1]["blocks"])
    active = grant(rt)
    assert active.status == "active" and active.expires_at == clock() + timedelta(days=7)
    assert "is active" in slack.messages(carl_dm)[-1]["text"]


def test_the_holder_is_warned_a_day_and_an_hour_before_expiry(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    active = to_active(driver, rt, clock)
    carl_dm = slack.dm_channel(CARL)
    assert active.expires_at is not None
    clock.set(active.expires_at - timedelta(days=1, minutes=1))
    assert deliver_due(rt, clock()) == 0
    clock.advance(minutes=1)
    mark = len(slack.calls)
    deliver_due(rt, clock())
    assert calls_since(slack, mark) == [("conversations.open", CARL), ("chat.postMessage", carl_dm)]
    assert "ends in 1 day" in slack.messages(carl_dm)[-1]["text"]
    assert buttons(slack.messages(carl_dm)[-1]) == {"access_extend"}
    clock.set(active.expires_at - timedelta(hours=1))
    deliver_due(rt, clock())
    assert "ends in 1 hour" in slack.messages(carl_dm)[-1]["text"]


def test_at_expiry_the_custodian_gets_a_revocation_task_and_the_holder_is_told(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    ends = ends_at(to_active(driver, rt, clock))
    through_warnings(rt, clock, ends)
    carl_dm, ana_dm = slack.dm_channel(CARL), slack.dm_channel(ANA)
    clock.set(ends)
    mark = len(slack.calls)
    deliver_due(rt, clock())
    assert calls_since(slack, mark) == [("conversations.open", ANA), ("chat.postMessage", ana_dm),
                                        ("conversations.open", CARL), ("chat.postMessage", carl_dm)]
    assert buttons(slack.messages(ana_dm)[-1]) == {"access_revoked"}
    assert "has expired" in slack.messages(carl_dm)[-1]["text"]
    assert grant(rt).status == "revoking"


def test_the_revocation_task_is_repeated_daily_until_revoked(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    to_expired(driver, rt, clock)
    ana_dm = slack.dm_channel(ANA)
    clock.advance(days=1)
    deliver_due(rt, clock())
    assert "Reminder" in slack.messages(ana_dm)[-1]["text"]
    press_revoked(driver, slack)
    clock.advance(days=1)
    assert deliver_due(rt, clock()) == 0  # no more reminders


def test_pressing_revoked_closes_the_task_revokes_the_grant_and_tells_the_holder(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    to_expired(driver, rt, clock)
    clock.advance(days=1)
    deliver_due(rt, clock())  # Revoked is pressed on the day-later reminder
    carl_dm, ana_dm = slack.dm_channel(CARL), slack.dm_channel(ANA)
    mark = len(slack.calls)
    press_revoked(driver, slack)
    # Both messages of the task (the first one and the day-later reminder) lose their button.
    assert calls_since(slack, mark) == [("chat.update", ana_dm), ("chat.update", ana_dm),
                                        ("conversations.open", CARL), ("chat.postMessage", carl_dm)]
    assert grant(rt).status == "revoked"


def test_every_step_is_audited_with_who_took_it_in_order(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    to_revoked(driver, slack, rt, clock)
    with rt.ctx.db.uow() as s:
        trail = [(e.actor, e.action) for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("access.%"))
                                                         .order_by(AuditEntry.seq))]
    assert trail == [(CARL, "access.requested"), (BEA, "access.approved"), (ANA, "access.fulfilled"),
                     ("system", "access.revocation_requested"), (ANA, "access.revoked")]
