"""Crisis, the Slack side (record): notes (command, message shortcut, ✍️ reaction), the holding
statement, resolve and the post-mortem; its subcommands, buttons, forms and renderers, wired by register()."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from slack_bolt import Ack

from bot.core.events import Subscriber
from bot.core.schedule import Renderer
from handlers.commands import SlashCommand
from handlers.crisis.record import actions, commands, events, notices, views
from handlers.crisis.record.ids import CrisisRecordIds
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = dict(notices.RENDERERS)
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
IDS: tuple[type[StrEnum], ...] = (CrisisRecordIds,)


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("note", "usage.crisis.note")(commands.note)
    cmd.sub("statement", "usage.crisis.statement")(commands.statement)
    cmd.sub("resolve", "usage.crisis.resolve")(commands.resolve)
    register_action(rt, CrisisRecordIds.STATEMENT_APPROVE, actions.approve)
    register_action(rt, CrisisRecordIds.STATEMENT_REJECT, actions.reject)
    register_view(rt, CrisisRecordIds.STATEMENT_VIEW, views.statement_submitted, once=True)  # makes a version
    register_view(rt, CrisisRecordIds.REJECT_VIEW, views.reject_submitted)  # a conditional update: once anyway

    # Bolt passes listener arguments by name.
    def note_shortcut(ack: Ack, body: dict[str, Any]) -> None:
        events.on_shortcut(rt, ack, body)

    def reaction_added(event: dict[str, Any], body: dict[str, Any]) -> None:
        events.on_reaction(rt, event, body)

    rt.app.shortcut(CrisisRecordIds.NOTE_SHORTCUT.value)(note_shortcut)
    rt.app.event("reaction_added")(reaction_added)
