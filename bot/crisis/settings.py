"""Per-severity crisis settings (issue 13 §1): the escalation chain, its repeats, the status-update
interval and the playbook. A missing `crisis_settings` row means these defaults and no chain."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import SEVERITIES, CrisisSettings

DEFAULT_ACK_MINUTES = {"sev1": 5, "sev2": 15, "sev3": 60}
DEFAULT_STATUS_MINUTES: dict[str, int | None] = {"sev1": 30, "sev2": 120, "sev3": None}
MAX_REPEATS = 3


@dataclass(frozen=True)
class Level:
    users: tuple[str, ...]
    ack_minutes: int


@dataclass(frozen=True)
class Chain:
    severity: str
    levels: tuple[Level, ...]
    repeats: int
    status_minutes: int | None
    playbook: tuple[str, ...] | None  # None: the catalog's default in the workspace language

    @property
    def configured(self) -> bool:
        return any(level.users for level in self.levels)


def chain_for(session: Session, team_id: str, severity: str) -> Chain:
    """The severity's settings, or the defaults (no levels) when none were saved."""
    if severity not in SEVERITIES:
        raise ValueError(severity)
    row = session.scalars(select(CrisisSettings).where(
        CrisisSettings.team_id == team_id, CrisisSettings.severity == severity)).one_or_none()
    if row is None:
        return Chain(severity, (), MAX_REPEATS, DEFAULT_STATUS_MINUTES[severity], None)
    levels = tuple(Level(tuple(str(u) for u in lv.get("users", [])), int(lv.get("ack_minutes")
                                                                           or DEFAULT_ACK_MINUTES[severity]))
                   for lv in row.levels)
    playbook = tuple(row.playbook) if row.playbook is not None else None
    return Chain(severity, levels, max(1, min(row.repeats, MAX_REPEATS)), row.status_minutes, playbook)
