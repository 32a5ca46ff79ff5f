"""KPIs, the Slack side (reports): `/kpi report`, `/kpi reports` and the "Send me the PDF" button,
wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.periodic import Producer
from bot.core.schedule import Renderer
from handlers.commands import SlashCommand
from handlers.kit import register_action
from handlers.kpi.reports import actions, commands
from handlers.kpi.reports.ids import KpiReportsIds
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = {}
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
PRODUCERS: tuple[Producer, ...] = ()
IDS: tuple[type[StrEnum], ...] = (KpiReportsIds,)


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("report", "usage.kpi.report")(commands.report)
    cmd.sub("reports", "usage.kpi.reports")(commands.list_)
    register_action(rt, KpiReportsIds.SEND, actions.send)
