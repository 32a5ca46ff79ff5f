"""KPIs, the Slack side (goals): its subcommands, buttons, forms and renderers, wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.periodic import Producer
from bot.core.schedule import Renderer
from handlers.commands import SlashCommand
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = {}
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
PRODUCERS: tuple[Producer, ...] = ()
IDS: tuple[type[StrEnum], ...] = ()


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
