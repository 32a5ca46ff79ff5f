"""`/access withdraw <id>`: the requester takes back a pending request."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.access import requests as access_requests
from bot.access.parse import parse_request
from bot.core.authz import Actor
from bot.core.errors import Conflict
from bot.features import translator
from storage.db import Database
from storage.models import AccessRequest, AuditEntry, Grant
from tests.access.support import TEAM, anchor_workspace, forged_click, give_role, make_account, set_workspace
from tests.conftest import APPROVALS, BEA, CARL, run_as

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def buttons(message: dict[str, Any]) -> set[str]:
    return {e["action_id"] for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]}


def trail(rt: Any) -> list[tuple[str, str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject, e.outcome) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action.like("access.%")).order_by(AuditEntry.seq))]


def status(rt: Any) -> str:
    with rt.ctx.db.uow() as s:
        return str(s.scalars(select(AccessRequest.status)).one())


@pytest.mark.usefixtures("setup_workspace")
def test_the_requester_withdraws_a_pending_request(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian="U0ANA")
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    posted = slack.messages(APPROVALS)[-1]
    assert buttons(posted) == {"access_approve", "access_deny"}

    assert "Only the person who asked" in driver.command(BEA, "/access", "withdraw 1").json()["text"]
    for bad in ("", "one", "①", "9" * 25, "1 2"):
        answer = driver.command(CARL, "/access", f"withdraw {bad}").json()["text"]
        assert "not a request number" in answer and "/access withdraw" in answer, bad
    assert "There is no access request #99" in driver.command(CARL, "/access", "withdraw 99").json()["text"]
    assert status(rt) == "pending" and slack.calls_to("chat.update") == []

    reply = driver.command(CARL, "/access", "withdraw #1").json()["text"]
    assert "Request #1 withdrawn" in reply
    assert status(rt) == "cancelled"
    updated = slack.messages(APPROVALS)[-1]
    assert updated["ts"] == posted["ts"] and buttons(updated) == set()  # in place, buttons gone
    assert f"Withdrawn by <@{CARL}> at 09:00" in str(updated["blocks"])
    assert "request #1" not in driver.command(CARL, "/access", "mine").json()["text"]

    # Too late for anyone to act on it, the requester included.
    assert "already decided (cancelled" in driver.command(CARL, "/access", "withdraw 1").json()["text"]
    forged_click(driver, BEA, "access_approve", "1", channel=APPROVALS)  # the old buttons, replayed
    assert "already decided (cancelled" in slack.ephemerals(BEA)[-1]["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Grant)).all() == []
    assert trail(rt) == [(CARL, "access.requested", "request:1", "ok"),
                         (BEA, "access.withdraw", "request:1", "refused"),
                         (CARL, "access.withdrawn", "request:1", "ok")]


@pytest.mark.usefixtures("setup_workspace")
def test_a_decided_request_cannot_be_withdrawn(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian="U0ANA")
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    driver.click(BEA, "access_approve", value="1")
    answer = driver.command(CARL, "/access", "withdraw 1").json()["text"]
    assert f"already decided (approved, by <@{BEA}>)" in answer and status(rt) == "approved"


@pytest.mark.usefixtures("setup_workspace")
def test_withdraw_is_listed_in_the_help(driver: Any) -> None:
    assert "/access withdraw <request-id>" in driver.command(CARL, "/access", "help").json()["text"]
    es = translator("es")
    assert es("usage.access.withdraw").startswith("`/access withdraw <id-solicitud>`")
    assert es("access.decided.withdrawn", user="U1", time="09:00") == \
        ":leftwards_arrow_with_hook: Retirada por <@U1> a las 09:00"


def test_a_withdrawal_and_an_approval_at_once_change_the_request_once(db: Database) -> None:
    set_workspace(db, approvals_channel="C0APPROVALS")
    give_role(db, "U0BEA", "approver")
    make_account(db, "acmeshop", network="facebook")
    carl, bea = Actor(TEAM, "U0CARL"), Actor(TEAM, "U0BEA")
    rid = run_as(db, carl, lambda s: access_requests.create_request(
        s, carl, parse_request("acmeshop editor launch"), NOW)).id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(name: str) -> None:
        barrier.wait()
        try:
            if name == "withdraw":
                run_as(db, carl, lambda s: access_requests.withdraw(s, carl, rid, NOW))
            else:
                run_as(db, bea, lambda s: access_requests.approve(s, bea, rid, external=False, email=None, now=NOW))
            outcomes.append(name)
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=act, args=(n,)) for n in ("withdraw", "approve")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) in (["conflict", "withdraw"], ["approve", "conflict"])
    with db.uow() as s:
        req = s.get(AccessRequest, rid)
        assert req is not None
        grants = s.scalars(select(Grant)).all()
        assert (req.status, len(grants)) == (("cancelled", 0) if "withdraw" in outcomes else ("approved", 1))
        done = s.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
            ["access.withdrawn", "access.approved"]))).all()
    assert len(done) == 1
