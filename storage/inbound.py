"""Once-only keys of inbound requests (`inbound_requests`): an Events API delivery Slack may
retry, a form submitted more than once. The row is the claim, so it holds across replicas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.db import Database
from storage.models import InboundRequest
from storage.upsert import insert_ignore


def claim(db: Database, key: str, team_id: str, at: datetime) -> bool:
    """True for the first claim of `key`, in its own short transaction committed at once: a
    second replica or thread claiming the same key waits on the row and then sees it taken."""
    with db.uow() as session:
        return insert_ignore(session, InboundRequest, {"key": key, "team_id": team_id, "received_at": at})


def release(db: Database, key: str) -> None:
    """Give a claim back (what it guarded made nothing, and may be tried again)."""
    with db.uow() as session:
        session.execute(delete(InboundRequest).where(InboundRequest.key == key))
