"""Installs (issue 15): OAuth for several workspaces, encrypted tokens, rotation, uninstall.

Skeleton: filled by the OAuth work.
"""

from __future__ import annotations

from bot.core.feature import Feature
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only."""


FEATURE = Feature(name="oauth", register=register)
