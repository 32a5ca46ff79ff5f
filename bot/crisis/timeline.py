"""The crisis timeline (issue 13 §4-5): one row per thing that happened, in order, for the post-mortem."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Crisis, CrisisEvent
from storage.upsert import insert_ignore

# The kinds the timeline knows; the post-mortem reads them by name.
OPENED, PAGED, ACKNOWLEDGED, UNANSWERED, NOTE = "opened", "paged", "acknowledged", "unanswered", "note"
SEVERITY, STATEMENT_DRAFTED, STATEMENT_APPROVED, STATEMENT_REJECTED = (
    "severity", "statement_drafted", "statement_approved", "statement_rejected")
STATUS_REMINDER, STEP_DONE, HELD, RESOLVED = "status_reminder", "step_done", "held", "resolved"


def record(session: Session, crisis: Crisis, kind: str, *, actor: str, at: datetime, text: str = "",
           detail: dict[str, Any] | None = None, source_ts: str | None = None) -> bool:
    """Add an entry; False when `source_ts` was already added (the same Slack message twice)."""
    return insert_ignore(session, CrisisEvent, {
        "team_id": crisis.team_id, "crisis_id": crisis.id, "at": at, "actor": actor, "kind": kind,
        "text": text, "detail": detail or {}, "source_ts": source_ts,
    })


def events(session: Session, crisis: Crisis) -> list[CrisisEvent]:
    return list(session.scalars(
        select(CrisisEvent).where(CrisisEvent.crisis_id == crisis.id).order_by(CrisisEvent.at, CrisisEvent.id)))
