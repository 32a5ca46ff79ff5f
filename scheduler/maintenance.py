"""Housekeeping run by the scheduler (deployment-wide, not per workspace)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.services.periodic import maintenance
from storage.models import InboundRequest

# Slack retries a request for at most a few minutes; a day of fingerprints is plenty.
INBOUND_KEEP = timedelta(days=1)


@maintenance("inbound_requests.prune", every=timedelta(hours=1))
def prune_inbound_requests(session: Session, now: datetime) -> None:
    session.execute(delete(InboundRequest).where(InboundRequest.received_at < now - INBOUND_KEEP))
