"""Who may decide, single decisions under concurrency, guests and commitments, deny."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import AccessRequest, AuditEntry, Commitment, Grant
from tests.access.support import anchor_workspace, make_account
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GUEST

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture(autouse=True)
def _anchored(setup_workspace: None, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())


@pytest.fixture(autouse=True)
def account(rt: Any) -> int:
    return make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)


def grants(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(Grant)) or 0)


def refused(rt: Any) -> list[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.outcome == "refused").order_by(AuditEntry.seq))]


def status(rt: Any) -> str:
    with rt.ctx.db.uow() as s:
        return s.scalars(select(AccessRequest.status)).one()


def has_buttons(slack: Any) -> bool:
    return any(b["type"] == "actions" for b in slack.messages(APPROVALS)[-1]["blocks"])


def test_requester_and_members_cannot_approve(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(BEA, "/access", "request acmeshop analyst for 2w quarterly numbers")  # Bea is an approver
    driver.click(BEA, "access_approve", value="1")
    assert "your own request" in slack.ephemerals(BEA)[-1]["text"]
    driver.click(CARL, "access_approve", value="1")  # a plain member
    assert "Not allowed" in slack.ephemerals(CARL)[-1]["text"]
    driver.click(CARL, "access_deny", value="1")
    assert slack.calls_to("views.open") == []  # refused before any form opens
    assert refused(rt) == [(BEA, "access.approve", "request:1"), (CARL, "access.approve", "request:1"),
                           (CARL, "access.deny", "request:1")]
    assert grants(rt) == 0 and status(rt) == "pending" and has_buttons(slack)
    assert slack.calls_to("chat.update") == []


def test_two_approvers_at_once_make_one_grant_and_one_notice(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def click(user: str) -> None:
        barrier.wait()
        try:
            driver.click(user, "access_approve", value="1")
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(u,)) for u in (BEA, ADMIN, BEA)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rt.sender.wait_idle()
    assert errors == []
    assert grants(rt) == 1 and status(rt) == "approved"
    carl_dm = slack.dm_channel(CARL)
    assert len([m for m in slack.messages(carl_dm) if "was approved" in m["text"]]) == 1
    assert len(slack.calls_to("chat.update")) == 1
    with rt.ctx.db.uow() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "access.approved")) == 1
    # The late clicks were told why nothing happened: whoever did not decide, and Bea's second click
    # unless it came while her first was still being worked (then both are one press).
    with rt.ctx.db.uow() as s:
        winner = s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "access.approved"))
    told = {u: [e["text"] for e in slack.ephemerals(u) if "already decided" in e["text"]] for u in (BEA, ADMIN)}
    loser = ADMIN if winner == BEA else BEA
    assert told[loser] and len(told[BEA]) + len(told[ADMIN]) <= 2


def test_guest_needs_a_commitment(driver: Any, slack: Any, rt: Any) -> None:
    slack.add_channel("C0GUESTS", "guests", members=[GUEST, "U0BOT"])
    driver.command(GUEST, "/access", "request acmeshop moderator for 2w community replies", channel_id="C0GUESTS")
    posted = slack.messages(APPROVALS)[-1]
    assert "no* confidentiality commitment" in str(posted["blocks"])
    driver.click(BEA, "access_approve", value="1")
    assert "confidentiality commitment" in slack.ephemerals(BEA)[-1]["text"]
    assert grants(rt) == 0 and status(rt) == "pending" and has_buttons(slack)
    assert refused(rt) == [(BEA, "access.approve", "request:1")]

    # Bea (no custodian) cannot record it; Ana can
    assert "Not allowed" in driver.command(BEA, "/access", f"nda <@{GUEST}|gina> https://docs.example/nda").json()["text"]
    reply = driver.command(ANA, "/access", f"nda <@{GUEST}|gina> <https://docs.example/nda.pdf> expires 2027-12-31")
    assert "recorded" in reply.json()["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Commitment.document_url)).one() == "https://docs.example/nda.pdf"
    driver.click(BEA, "access_approve", value="1")
    assert grants(rt) == 1 and status(rt) == "approved" and not has_buttons(slack)
    with rt.ctx.db.uow() as s:
        req = s.scalars(select(AccessRequest)).one()
        assert (req.requester_external, req.requester_email) == (True, "gina@agency.example")


def test_slack_connect_user_counts_as_external(driver: Any, slack: Any, rt: Any) -> None:
    slack.add_user("U0EXT", "ext", email="ext@partner.example", team_id="T0PARTNER")
    slack.add_channel("C0SHARED", "shared", members=["U0EXT", BEA, "U0BOT"])
    driver.command("U0EXT", "/access", "request acmeshop analyst for 1w campaign report", channel_id="C0SHARED")
    driver.click(BEA, "access_approve", value="1")
    assert grants(rt) == 0 and "confidentiality commitment" in slack.ephemerals(BEA)[-1]["text"]


def test_deny_asks_a_reason_and_tells_the_requester(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(CARL, "/access", "request acmeshop admin for 1w everything")
    driver.click(BEA, "access_deny", value="1")
    assert slack.calls_to("views.open")
    empty = driver.submit(BEA, {"access_reason.value": "  "})
    assert "access_reason" in empty.errors and status(rt) == "pending"
    driver.submit(BEA, {"access_reason.value": "admin is too broad; ask for editor"})
    assert status(rt) == "denied" and not has_buttons(slack)
    assert "Denied by" in str(slack.messages(APPROVALS)[-1]["blocks"])
    assert "too broad" in slack.messages(slack.dm_channel(CARL))[-1]["text"]
    assert grants(rt) == 0


def test_no_approvals_channel(driver: Any, slack: Any, rt: Any) -> None:
    from storage.models import Workspace

    with rt.ctx.db.uow() as s:
        ws = s.get(Workspace, "T00000001")
        assert ws is not None
        ws.approvals_channel = None
    text = driver.command(CARL, "/access", "request acmeshop editor launch").json()["text"]
    assert "/socialops setup" in text
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AccessRequest)).all() == []
