"""`/crisis severity <sevN> [id]` and `/crisis ack [id]`."""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.crisis import acknowledge, severity
from handlers.calls import CommandCall, Reply


def change_severity(call: CommandCall) -> Reply:
    sev, ref = severity.parse_severity(call.args)
    done = call.run(lambda s: severity.change_severity(s, call.actor, call.channel_id, sev, ref, call.now()))
    what = call.tr(f"crisis.severity.what.{done.mode}", severity=done.new)
    text = call.tr("crisis.severity.changed", number=done.crisis.number, new=done.new, old=done.old, what=what)
    if done.held:
        text += "\n" + call.tr("crisis.severity.held", count=len(done.held))
    return Reply(text)


def ack(call: CommandCall) -> Reply:
    words = call.args.split()
    if len(words) > 1:
        raise UsageError("crisis.ack.error.extra", usage_key=acknowledge.USAGE_ACK)
    ref = words[0] if words else None
    done = call.run(lambda s: acknowledge.acknowledge_command(s, call.actor, call.channel_id, ref, call.now()))
    return Reply(call.tr("crisis.ack.done", number=done.crisis.number))
