"""The overview's Edit sevN buttons."""

from __future__ import annotations

from bot.core.errors import NotFound
from handlers.calls import ActionCall
from handlers.crisis.setup.commands import open_form
from storage.models import SEVERITIES


def edit(call: ActionCall) -> None:
    """The value only names the severity (checked against the three); the role comes from the payload."""
    severity = call.value
    if severity not in SEVERITIES:
        raise NotFound("crisis.setup.error.no_severity")
    open_form(call, severity, call.trigger_id)
