"""What every handler, service runner and job needs, built once by the app factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.config import Settings
from storage.db import Database


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = system_clock
    # Features register extra collaborators here (vault, scheduler hooks) by name.
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def admins(self) -> frozenset[str]:
        return frozenset(self.settings.socialops_admins)
