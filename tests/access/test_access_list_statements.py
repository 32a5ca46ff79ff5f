"""`/access list` costs the same number of SQL statements for 5 grants as for 60: the accounts
and requests behind the grants are read together, not one query per grant (under load the
per-grant queries made the listing the slowest request of the mix, benchmarks/load.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import event

from storage.models import AccessRequest, Grant
from tests.access.support import make_account
from tests.conftest import ANA, CARL, TEAM

pytestmark = pytest.mark.usefixtures("setup_workspace")


def grant_many(rt: Any, n: int, start: int) -> None:
    accounts = [make_account(rt.ctx.db, f"acct{i}", custodian=ANA) for i in range(start, start + n)]
    with rt.ctx.db.uow() as s:
        for i, account in zip(range(start, start + n), accounts, strict=True):
            req = AccessRequest(team_id=TEAM, account_id=account, requester_id=CARL, role="editor",
                                duration_seconds=86400, reason=f"launch {i}", status="approved",
                                requester_email="carl@acme.example")
            s.add(req)
            s.flush()
            s.add(Grant(team_id=TEAM, request_id=req.id, account_id=account, holder_id=CARL, role="editor",
                        status="active"))


seen_last: list[str] = []


def statements_of_listing(driver: Any, rt: Any) -> tuple[int, str]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(rt.ctx.db.engine, "before_cursor_execute", count)
    try:
        text = driver.command(ANA, "/access", "list").json()["text"]
    finally:
        event.remove(rt.ctx.db.engine, "before_cursor_execute", count)
    seen_last[:] = seen
    return len([s for s in seen if s.lstrip().upper().startswith("SELECT")]), text


def test_the_listing_reads_a_constant_number_of_statements(driver: Any, rt: Any) -> None:
    grant_many(rt, 5, 0)
    few, text = statements_of_listing(driver, rt)
    assert "Open grants* (5)" in text
    grant_many(rt, 55, 5)
    many, text = statements_of_listing(driver, rt)
    assert "Open grants* (60)" in text and "@acct59" in text
    assert many == few, Counter(s[:90] for s in seen_last).most_common(3)
