"""KPIs, the Slack side (goals): `/kpi define`, `list`, `remove`, the agency scope form and
`/kpi delivered`, wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.periodic import Producer
from bot.core.schedule import Renderer
from bot.kpi.parse_goals import USAGE_DEFINE, USAGE_DELIVERED, USAGE_REMOVE, USAGE_SCOPE
from handlers.commands import SlashCommand
from handlers.kit import register_view
from handlers.kpi.goals import commands, views
from handlers.kpi.goals.ids import KpiGoalsIds
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = {}
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
PRODUCERS: tuple[Producer, ...] = ()
IDS: tuple[type[StrEnum], ...] = (KpiGoalsIds,)


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("define", USAGE_DEFINE)(commands.define)
    cmd.sub("list", "usage.kpi.list")(commands.list_)
    cmd.sub("remove", USAGE_REMOVE)(commands.remove)
    cmd.sub("scope", USAGE_SCOPE)(commands.scope_)
    cmd.sub("delivered", USAGE_DELIVERED)(commands.delivered)
    # It updates the one scope row, conditional on the version it was opened with: a second
    # submission of the same form finds the version moved and says so, so no once-only claim.
    register_view(rt, KpiGoalsIds.SCOPE_VIEW, views.scope_submitted, once=False)
