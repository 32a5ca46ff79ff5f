"""Delegated access end to end: request → approve → fulfil → warnings → expiry → revoked."""

from __future__ import annotations

from datetime import timedelta
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


def test_request_approve_fulfil_expire_revoke(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    carl_dm, ana_dm = slack.dm_channel(CARL), slack.dm_channel(ANA)

    # 1. Carl asks
    mark = len(slack.calls)
    reply = driver.command(CARL, "/access", "request @acmeshop editor for 7d spring launch")
    assert "Request #1 sent for approval" in reply.json()["text"]
    assert calls_since(slack, mark) == [("users.info", CARL), ("chat.postMessage", APPROVALS)]
    [posted] = slack.messages(APPROVALS)[-1:]
    assert buttons(posted) == {"access_approve", "access_deny"}
    assert "Partial access: Content" in posted["text"] and "spring launch" in posted["text"]
    with rt.ctx.db.uow() as s:
        req = s.scalars(select(AccessRequest)).one()
        assert (req.message_channel, req.message_ts) == (APPROVALS, posted["ts"])

    # 2. Bea approves: the message changes in place, Carl hears of it
    mark = len(slack.calls)
    driver.click(BEA, "access_approve", value="1")
    assert calls_since(slack, mark) == [
        ("users.info", CARL), ("chat.update", APPROVALS), ("conversations.open", CARL),
        ("chat.postMessage", carl_dm)]
    updated = slack.messages(APPROVALS)[-1]
    assert updated["ts"] == posted["ts"] and buttons(updated) == set()
    assert f"Approved by <@{BEA}> at 09:00" in str(updated["blocks"])
    assert "was approved" in slack.messages(carl_dm)[-1]["text"]
    assert grant(rt).status == "awaiting_fulfilment"

    # 3. the custodian's task (the scheduler's next tick), with the guide and Carl's e-mail
    mark = len(slack.calls)
    deliver_due(rt, clock())
    assert calls_since(slack, mark) == [("conversations.open", ANA), ("chat.postMessage", ana_dm)]
    task = slack.messages(ana_dm)[-1]
    assert "Meta Business Suite → Settings → People → + Invite people" in str(task["blocks"])
    assert "carl@example.com" in task["text"] and buttons(task) == {"access_fulfil_done", "access_fulfil_cannot"}

    # 4. Ana grants it on the platform and presses Done
    clock.advance(hours=2)
    mark = len(slack.calls)
    driver.click(ANA, "access_fulfil_done", value="1")
    assert calls_since(slack, mark) == [("chat.update", ana_dm), ("conversations.open", CARL),
                                        ("chat.postMessage", carl_dm)]
    assert buttons(slack.messages(ana_dm)[-1]) == set()
    assert f"Done by <@{ANA}> at 11:00" in str(slack.messages(ana_dm)[-1]["blocks"])
    active = grant(rt)
    assert active.status == "active" and active.expires_at == clock() + timedelta(days=7)
    assert "is active" in slack.messages(carl_dm)[-1]["text"]

    # 5. warnings one day and one hour before the end
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

    # 6. expiry: the revocation task, repeated daily until Revoked is pressed
    clock.set(active.expires_at)
    mark = len(slack.calls)
    deliver_due(rt, clock())
    assert calls_since(slack, mark) == [("conversations.open", ANA), ("chat.postMessage", ana_dm),
                                        ("conversations.open", CARL), ("chat.postMessage", carl_dm)]
    assert buttons(slack.messages(ana_dm)[-1]) == {"access_revoked"}
    assert "has expired" in slack.messages(carl_dm)[-1]["text"]
    assert grant(rt).status == "revoking"
    clock.advance(days=1)
    deliver_due(rt, clock())
    assert "Reminder" in slack.messages(ana_dm)[-1]["text"]

    mark = len(slack.calls)
    driver.click(ANA, "access_revoked", value="1", message_ts=slack.messages(ana_dm)[-1]["ts"])
    assert calls_since(slack, mark) == [("chat.update", ana_dm), ("conversations.open", CARL),
                                        ("chat.postMessage", carl_dm)]
    assert grant(rt).status == "revoked"
    clock.advance(days=1)
    assert deliver_due(rt, clock()) == 0  # no more reminders

    with rt.ctx.db.uow() as s:
        trail = [(e.actor, e.action) for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("access.%"))
                                                         .order_by(AuditEntry.seq))]
    assert trail == [(CARL, "access.requested"), (BEA, "access.approved"), (ANA, "access.fulfilled"),
                     ("system", "access.revocation_requested"), (ANA, "access.revoked")]
