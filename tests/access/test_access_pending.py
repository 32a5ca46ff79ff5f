"""`/access pending`: the requests an approver may decide, oldest first, the requester's words
harmless; a member is refused (and the refusal audited); nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage.models import AuditEntry
from tests.access.support import make_account
from tests.conftest import ANA, BEA, CARL

pytestmark = pytest.mark.usefixtures("setup_workspace")


def test_an_approver_sees_what_waits_for_them_and_a_member_is_refused(driver: Any, rt: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="instagram", custodian=ANA)
    driver.command(CARL, "/access", "request acmeshop editor for 7d spring launch <!channel>")
    driver.command(BEA, "/access", "request acmeshop analyst for 2w my own numbers")
    driver.command(CARL, "/access", "request acmeshop analyst for 12h reporting")

    listing = driver.command(BEA, "/access", "pending").json()["text"]

    assert "Requests waiting for a decision* (2)" in listing  # Bea's own request is not hers to decide
    lines = [line for line in listing.splitlines() if line.startswith("•")]
    assert ["`request #1`" in lines[0], "`request #3`" in lines[1]] == [True, True]
    assert "<!channel>" not in listing and f"<@{CARL}>" in listing
    assert "App Home" in listing

    refused = driver.command(CARL, "/access", "pending").json()["text"]
    assert "Not allowed" in refused
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AuditEntry.action).where(
            AuditEntry.actor == CARL, AuditEntry.outcome == "refused")).all() == ["access.pending"]


def test_nothing_waiting(driver: Any) -> None:
    assert "No request is waiting" in driver.command(BEA, "/access", "pending").json()["text"]
