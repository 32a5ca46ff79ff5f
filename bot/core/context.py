"""What every handler, service runner and job needs, built once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.config import Settings
from bot.core.feature import Registries
from storage.db import Database


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = system_clock
    # What the features declared (bot/features.py): renderers, producers, texts…
    registries: Registries = field(kw_only=True)
    # Collaborators attached after the build (the running scheduler), by name.
    extras: dict[str, object] = field(default_factory=dict)
