"""Once-only keys of inbound requests (`inbound_requests`): an Events API delivery Slack may
retry, a form submitted more than once. The row is the claim, so it holds across replicas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import InboundRequest
from storage.upsert import insert_ignore


def claim(db: Database, key: str, team_id: str, at: datetime) -> bool:
    """True for the first claim of `key`, in its own short transaction committed at once: a
    second replica or thread claiming the same key waits on the row and then sees it taken."""
    with db.uow() as session:
        return claim_in(session, key, team_id, at)


def claim_in(session: Session, key: str, team_id: str, at: datetime) -> bool:
    """True for the first claim of `key`, in the caller's transaction: the claim commits (or
    rolls back) with what it guards. A concurrent claim of the same key waits on the row (SQLite:
    on the writer lock) until this transaction ends, then sees it taken or free."""
    return insert_ignore(session, InboundRequest, {"key": key, "team_id": team_id, "received_at": at})

