"""The DM channels the scheduler opened, kept in the database (`dm_channels`).

`conversations.open` is Tier 3 (about 50 a minute): a restarted scheduler that had to open
every DM again would spend its first minutes on it. So the notifier keeps what it opened in
memory and reports it (`DmCache.take_dm_changes`); the tick writes those rows with the batch
that records the sends, and before sending a batch primes the notifier with the rows of its
recipients (one query per batch). A channel Slack no longer accepts is dropped here as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import Delivery
from storage.models.scheduling import DmChannel


@dataclass
class DmChanges:
    """(team, user, channel) opened since the last report, and cached ones Slack refused."""

    opened: list[tuple[str, str, str]] = field(default_factory=list)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.opened or self.dropped)


@runtime_checkable
class DmCache(Protocol):
    """A notifier that caches DM channels (SlackNotifier); a test notifier need not."""

    def remember_dms(self, team_id: str, channels: Mapping[str, str]) -> None: ...

    def take_dm_changes(self) -> DmChanges: ...


def known_for(db: Database, delivery_ids: Sequence[int]) -> dict[str, dict[str, str]]:
    """team → {user → DM channel} for the recipients of these deliveries (one query)."""
    if not delivery_ids:
        return {}
    with db.uow(read_only=True) as session:
        found = session.execute(
            select(DmChannel.team_id, DmChannel.user_id, DmChannel.channel_id)
            .join(Delivery, and_(Delivery.team_id == DmChannel.team_id, Delivery.recipient == DmChannel.user_id))
            .where(Delivery.id.in_(list(delivery_ids)))
        ).tuples().all()
    known: dict[str, dict[str, str]] = {}
    for team_id, user_id, channel_id in found:
        known.setdefault(team_id, {})[user_id] = channel_id
    return known


def save(session: Session, changes: DmChanges, now: datetime) -> None:
    """Write what the notifier reported: drops first, so a reopened channel replaces the old."""
    for team_id, user_id, channel_id in changes.dropped:
        session.execute(delete(DmChannel).where(
            DmChannel.team_id == team_id, DmChannel.user_id == user_id, DmChannel.channel_id == channel_id))
    # One row per user (the last opened wins): PostgreSQL refuses a key twice in one upsert.
    latest = {(team, user): channel for team, user, channel in changes.opened}
    if not latest:
        return
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = module.insert(DmChannel).values([
        {"team_id": team, "user_id": user, "channel_id": channel, "opened_at": now}
        for (team, user), channel in latest.items()
    ])
    session.execute(stmt.on_conflict_do_update(
        index_elements=[DmChannel.team_id, DmChannel.user_id],
        set_={"channel_id": stmt.excluded.channel_id, "opened_at": stmt.excluded.opened_at},
    ))
