"""`/crisis setup [sevN]`: the overview of the three severities, or one severity's form."""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.crisis.setup import check_can_edit, overview
from handlers.calls import Call, CommandCall, Reply
from handlers.crisis.setup import blocks, modals
from storage.models import SEVERITIES

USAGE_SETUP = "usage.crisis.setup"


def parse_severity(text: str) -> str | None:
    """The severity word, or None for the overview; anything else is the usage."""
    words = text.split()
    if not words:
        return None
    if len(words) > 1:
        raise UsageError("crisis.setup.error.extra", usage_key=USAGE_SETUP)
    severity = words[0].lower()
    if severity not in SEVERITIES:
        raise UsageError("crisis.setup.error.severity", usage_key=USAGE_SETUP, severity=words[0][:20])
    return severity


def open_form(call: Call, severity: str, trigger_id: str) -> None:
    """Refused before the form opens (not after it is filled in); the form pre-filled with what is saved."""
    view = call.run(lambda s: check_can_edit(s, call.actor, severity), read_only=True)
    form = modals.setup_modal(call.tr, view)
    call.later(lambda client: client.views_open(trigger_id=trigger_id, view=form))


def setup(call: CommandCall) -> Reply | None:
    severity = parse_severity(call.args)
    if severity is not None:
        open_form(call, severity, call.trigger_id)
        return None
    views = call.run(lambda s: overview(s, call.actor), read_only=True)
    return Reply(blocks.overview_text(call.tr, views), blocks.overview_blocks(call.tr, views))
