"""Installs (issue 15): OAuth for several workspaces, encrypted tokens, rotation, uninstall.

The pages and the per-workspace authorization are built with the app (bot/app.py, from
handlers/oauth/install.py) when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set; the
uninstall events are heard in either mode (a single-token install can be removed too).
"""

from __future__ import annotations

from typing import Any

from bot.core.feature import Feature
from handlers.oauth import events
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only. Bolt passes listener arguments by name: `body`, `event`."""

    def app_uninstalled(body: dict[str, Any]) -> None:
        events.app_uninstalled(rt, body)

    def tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        events.tokens_revoked(rt, body, event)

    rt.app.event("app_uninstalled")(app_uninstalled)
    rt.app.event("tokens_revoked")(tokens_revoked)


FEATURE = Feature(name="oauth", register=register)
