"""`/kpi digest now [channel]`: who may and where to before the ack; the computation, the chart and
the Web API work after it (a workspace with two years of data takes a few hundred ms to compute)."""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.kpi import digest
from handlers import slack
from handlers.calls import CommandCall, Reply
from handlers.kpi.digest import blocks, flows

USAGE = "usage.kpi.digest"


def digest_command(call: CommandCall) -> Reply:
    words = call.args.lower().split()
    if not words or words[0] != "now" or words[1:] not in ([], ["channel"]):
        raise UsageError("kpi.digest.error.words", usage_key=USAGE, text=" ".join(call.args.split())[:80] or "—")
    to_channel = words[1:] == ["channel"]
    asked = call.run(lambda s: digest.ask_digest(s, call.actor, call.now(), to_channel=to_channel), read_only=True)
    tr, now, team, user = call.tr, call.now(), call.actor.team_id, call.actor.user_id
    label = asked.week.label
    filename = tr("kpi.digest.chart.filename", label=label)
    chart_title = tr("kpi.digest.chart.title", end=asked.week.end.isoformat())

    def send(client: object) -> None:
        run = call.run(lambda s: digest.digest_now(s, call.actor, asked, now), read_only=True)
        png = blocks.chart_png(tr, run.view)
        text, message = blocks.digest_message(tr, run.view, chart=png is not None)
        channel = run.channel or slack.dm_channel(client, user)
        flows.post_digest(call.ctx.db, team, run, channel, text, message, png, filename, chart_title, now)(client)

    call.later(send)
    if asked.channel is not None:
        return Reply(tr("kpi.digest.now.channel", label=label, channel=asked.channel))
    return Reply(tr("kpi.digest.now.sent", label=label))
