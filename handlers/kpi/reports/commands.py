"""`/kpi report [YYYY-MM | fortnight]` and `/kpi reports`: parse, run the rule, answer, queue the rest."""

from __future__ import annotations

from bot.kpi import reports
from handlers.calls import CommandCall, Reply
from handlers.kpi.reports import blocks, flows


def report(call: CommandCall) -> Reply:
    """Who may and which period are answered at once; the PDF follows in a DM."""
    now = call.now()
    period = call.run(lambda s: reports.prepare(s, call.actor, call.args, now), read_only=True)
    flows.generate_and_send(call, period, now)
    return Reply(call.tr("kpi.report.preparing", label=period.label))


def list_(call: CommandCall) -> Reply:
    found = call.run(lambda s: reports.list_reports(s, call.actor), read_only=True)
    text, body = blocks.list_message(call.tr, found)
    return Reply(text, body)
