"""The "Send me the PDF" button: the stored bytes again, to the clicker's DM (refused or unknown ids say so)."""

from __future__ import annotations

from bot.kpi import reports
from handlers.calls import ActionCall
from handlers.kpi.reports import flows


def send(call: ActionCall) -> None:
    raw = call.value
    found = call.run(lambda s: reports.stored_file(s, call.actor, raw), read_only=True)
    flows.send_stored(call, found)
