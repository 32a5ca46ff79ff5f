"""KPIs, the Slack side (data): `/kpi log`, `/kpi import` (how to send a file) and a CSV file shared
with the bot in a DM (events.py); wired by register()."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.core.events import Subscriber
from bot.core.periodic import Producer
from bot.core.schedule import Renderer
from handlers.commands import SlashCommand
from handlers.kpi.data import commands, events
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = {}
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
PRODUCERS: tuple[Producer, ...] = ()
IDS: tuple[type[StrEnum], ...] = ()


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("log", "usage.kpi.log")(commands.log)
    cmd.sub("import", "usage.kpi.import")(commands.import_help)

    # Bolt passes listener arguments by name.
    def file_share(event: dict[str, Any], body: dict[str, Any]) -> None:
        events.on_file_share(rt, event, body)

    def ignored() -> None:
        """Acknowledged and dropped: see events.py for why `file_shared` is not the trigger, and other
        DMs to the bot (the `message.im` subscription) need no answer."""

    rt.app.event({"type": "message", "subtype": "file_share"})(file_share)
    rt.app.event("file_shared")(ignored)
    rt.app.event("message")(ignored)  # after file_share: every other DM event (edits, deletions…)
