"""The periodic access review: Keep and Revoke from Slack; the unanswered one is reminded."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage.models import AccessReview, AccessReviewCycle, Grant
from tests.access.support import anchor_workspace, deliver_due, give_role, make_account
from tests.conftest import ADMIN, ANA, BEA, CARL

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture(autouse=True)
def _anchored(setup_workspace: None, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())
EVA = "U0EVA"


def active_grant(driver: Any, rt: Any, clock: Any, requester: str, text: str, custodian: str) -> None:
    driver.command(requester, "/access", f"request {text}")
    with rt.ctx.db.uow() as s:
        rid = max(s.scalars(select(Grant.request_id)).all() or [0]) + 1
    driver.click(BEA, "access_approve", value=str(rid))
    deliver_due(rt, clock())
    with rt.ctx.db.uow() as s:
        gid = s.scalars(select(Grant.id).where(Grant.request_id == rid)).one()
    driver.click(custodian, "access_fulfil_done", value=str(gid))


def test_review_keep_revoke_and_reminder(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    slack.add_user(EVA, "eva", email="eva@example.com")
    give_role(rt.ctx.db, EVA, "custodian")
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    make_account(rt.ctx.db, "acmepro", network="linkedin", custodian=EVA)
    active_grant(driver, rt, clock, CARL, "acmeshop editor for 25w campaign", ANA)
    active_grant(driver, rt, clock, ADMIN, "acmeshop analyst for 25w numbers", ANA)
    active_grant(driver, rt, clock, CARL, "acmepro analyst for 25w numbers", EVA)

    # the scheduler's periodic producer opens the cycle review_days (90) after the last one
    clock.advance(days=89)
    deliver_due(rt, clock())
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AccessReviewCycle)).all() == []
    clock.advance(days=1)
    deliver_due(rt, clock())
    with rt.ctx.db.uow() as s:
        assert [c.grants for c in s.scalars(select(AccessReviewCycle))] == [3]
    ana_dm, eva_dm = slack.dm_channel(ANA), slack.dm_channel(EVA)
    review = slack.messages(ana_dm)[-1]
    assert "Access review" in review["text"] and "2 grant(s)" in review["text"]
    with rt.ctx.db.uow() as s:
        rows = {r.grant_id: r.id for r in s.scalars(select(AccessReview))}

    driver.click(ANA, "access_review_keep", value=str(rows[1]))
    driver.click(ANA, "access_review_revoke", value=str(rows[2]))
    updated = next(m for m in slack.messages(ana_dm) if m["ts"] == review["ts"])
    assert not any(b["type"] == "actions" for b in updated["blocks"])
    assert f"Kept by <@{ANA}>" in str(updated["blocks"]) and f"Revoke requested by <@{ANA}>" in str(updated["blocks"])
    with rt.ctx.db.uow() as s:
        assert [s.get(Grant, g).status for g in (1, 2, 3)] == ["active", "revoking", "active"]  # type: ignore[union-attr]
    deliver_due(rt, clock())
    assert "Task: remove access #2" in slack.messages(ana_dm)[-1]["text"]

    # Eva did not answer: reminded a week later, and the admins are told
    clock.advance(days=7)
    deliver_due(rt, clock())
    assert "Reminder — access review" in slack.messages(eva_dm)[-1]["text"]
    report = slack.messages(slack.dm_channel(ADMIN))[-1]["text"]
    assert f"<@{EVA}>: 1 grant(s)" in report and f"<@{ANA}>" not in report
    assert not any("Reminder — access review" in m["text"] for m in slack.messages(ana_dm))
