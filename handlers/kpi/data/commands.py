"""`/kpi log` and `/kpi import`: parse, run the rule, answer."""

from __future__ import annotations

from bot.kpi import parse_data, values
from handlers.blockkit import user_text
from handlers.calls import CommandCall, Reply


def plain(value: float) -> str:
    """A figure as people write it: 1200, not 1200.0."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def log(call: CommandCall) -> Reply:
    request = parse_data.parse_log(call.args)
    done = call.run(lambda s: values.log_value(s, call.actor, request, now=call.now()))
    params = {"metric": user_text(done.metric), "subject": user_text(done.subject), "day": done.day.isoformat(),
              "value": plain(done.value)}
    if done.unchanged:
        return Reply(call.tr("kpi.data.log_unchanged", **params))
    if done.previous is not None:
        return Reply(call.tr("kpi.data.relogged", previous=plain(done.previous), **params))
    return Reply(call.tr("kpi.data.logged", **params))


def import_help(call: CommandCall) -> Reply:
    """Files come in a DM (Slack gives a slash command no file): say how."""
    return Reply(call.tr("usage.kpi.import"))
