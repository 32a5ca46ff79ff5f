"""Events stamp what their subscribers record with the app's clock, even far from the wall clock
and with another app (on the real clock) built in the same process."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.app import build
from storage.models import Account, AuditEntry, Delivery
from tests.access.support import anchor_workspace, deliver_due, make_account
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM, make_settings
from tests.handover.seed import Seeded, seed_leaver

FAR = datetime(2041, 1, 15, 8, 0, tzinfo=UTC)


def test_rotation_needed_from_a_handover_is_stamped_with_the_apps_clock(
    driver: Any, rt: Any, slack: Any, clock: Any, db_url: str, setup_workspace: None
) -> None:
    # A second app in the same process, on the real clock: it must not take over the first one's time.
    other = build(make_settings(slack, db_url), db=rt.ctx.db)
    try:
        with rt.ctx.db.uow() as s:
            seeded: Seeded = seed_leaver(s, TEAM, CARL, ANA, ADMIN)
        clock.set(FAR)
        reply = driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> moves to another team")
        assert "ACT-2041-0001" in reply.json()["text"]
    finally:
        other.close()
    wall = datetime.now(UTC)
    assert abs(wall - FAR) > timedelta(days=365)  # the two clocks are far apart
    with rt.ctx.db.uow() as s:
        # The handover asks at once for the rotation of every password the leaver knew (one revealed,
        # one shared with a grant): both owed since the app's now, not the wall clock's.
        for account_id in (seeded.revealed_id, seeded.shared_grant_account):
            account = s.get(Account, account_id)
            assert account is not None
            assert (account.rotation_requested_at, account.rotation_reason) == (clock(), "handover")
            task = s.scalars(select(Delivery).where(Delivery.kind == "accounts.rotation_task",
                                                    Delivery.subject_id == str(account_id))).one()
            assert task.due_at == clock() and task.recipient == ANA
        reasons = [json.loads(e.detail)["reason"] for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "account.rotation_requested", AuditEntry.at == clock()))]
        assert reasons == ["handover", "handover"]
        stamps = s.scalars(select(AuditEntry.at).where(AuditEntry.action.in_(
            ["account.rotation_requested", "handover.start"]))).all()
        assert len(stamps) == 3 and set(stamps) == {clock()}


def test_shared_password_grant_ending_stamps_the_rotation_with_the_apps_clock(
    driver: Any, rt: Any, clock: Any, setup_workspace: None
) -> None:
    anchor_workspace(rt, clock())
    account_id = make_account(rt.ctx.db, "acme", network="x", custodian=ANA)
    assert "Request #1 sent" in driver.command(
        CARL, "/access", "request x:acme moderator --shared-password for 7d night shift").json()["text"]
    driver.click(BEA, "access_approve", value="1")
    deliver_due(rt, clock())  # the fulfilment task reaches the custodian
    driver.click(ANA, "access_fulfil_done", value="1")
    clock.set(FAR)
    assert "being revoked" in driver.command(ANA, "/access", "revoke 1").json()["text"]
    with rt.ctx.db.uow() as s:
        account = s.get(Account, account_id)
        assert account is not None
        assert (account.rotation_requested_at, account.rotation_reason) == (clock(), "shared_grant_ended")
