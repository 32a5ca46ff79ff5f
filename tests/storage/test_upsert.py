from __future__ import annotations

from datetime import UTC, datetime

from storage.db import Database
from storage.models import AccessReviewCycle, Workspace
from storage.upsert import insert_ignore


def test_insert_ignore_says_whether_it_inserted(db: Database) -> None:
    """On both backends (CI runs this file on PostgreSQL too)."""
    now = datetime(2026, 3, 2, tzinfo=UTC)
    row = {"team_id": "T1", "cycle": "2026-03-02", "started_at": now, "grants": 0}
    with db.uow() as s:
        assert insert_ignore(s, AccessReviewCycle, row) is True
        assert insert_ignore(s, AccessReviewCycle, row) is False
        assert insert_ignore(s, Workspace, {"team_id": "T1"}) is True
        assert insert_ignore(s, Workspace, {"team_id": "T1"}) is False
    with db.uow() as s:
        assert insert_ignore(s, AccessReviewCycle, row) is False
