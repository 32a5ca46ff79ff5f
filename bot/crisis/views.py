"""What the crisis rules return: frozen views of a crisis, never ORM rows (handlers build blocks from these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import Crisis


@dataclass(frozen=True)
class CrisisView:
    id: int
    team_id: str
    number: str  # CRI-2026-0001
    severity: str
    summary: str  # as typed: the renderer neutralises it (handlers.blockkit.user_text)
    link: str | None
    brand: str | None
    reporter_id: str
    status: str  # open | resolved
    opened_at: datetime
    channel_id: str | None
    channel_name: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    generation: int
    chain_configured: bool

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def crisis_view(c: Crisis) -> CrisisView:
    return CrisisView(
        id=c.id, team_id=c.team_id, number=c.number, severity=c.severity, summary=c.summary, link=c.link,
        brand=c.brand, reporter_id=c.reporter_id, status=c.status, opened_at=c.opened_at, channel_id=c.channel_id,
        channel_name=c.channel_name, acknowledged_at=c.acknowledged_at, acknowledged_by=c.acknowledged_by,
        resolved_at=c.resolved_at, resolved_by=c.resolved_by, generation=c.generation,
        chain_configured=c.chain_configured,
    )
