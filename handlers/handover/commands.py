"""`/handover` (SPEC §4): parse → service → render; the checklist message updates itself (flows.refresher)."""

from __future__ import annotations

from typing import Any

from bot.handover import acts as service
from bot.handover.acts import POST_KIND
from bot.handover.parse import parse_act, parse_cancel, parse_list_filter, parse_receiver, parse_start
from bot.handover.views import ActView, build_view
from handlers.calls import CommandCall, Reply
from handlers.handover import blocks, flows


def start(call: CommandCall) -> Reply:
    wanted = parse_start(call.args)
    channel = wanted.channel
    if channel is not None and call.run(
        lambda s: service.channel_needs_check(
            s, call.ctx.settings, call.actor, leaving=wanted.leaving, channel=channel
        )
    ):
        # A channel other than the approvals one: Slack must say what it is (after the ack)
        # before the rules allow the act there; nothing is stored until then.
        call.later(flows.start_in_channel(call, wanted, channel))
        return Reply(call.tr("handover.checking_channel", channel=channel))
    started = flows.draw_up(call, wanted)
    # Posted through the outbox: the act's transaction scheduled the post (bot/handover/acts.start_act).
    call.send_notices(POST_KIND, started.act.id)
    return Reply(blocks.started_text(call.tr, started))


def receiver(call: CommandCall) -> Reply:
    ref, user = parse_receiver(call.args)
    act = call.run(
        lambda s: service.set_receiver(
            s,
            call.ctx.settings,
            call.actor,
            service.find_act(s, call.actor.team_id, ref).id,
            user,
            call.now(),
        ),
    )
    return Reply(call.tr("handover.receiver_set", act=act.number, user=user))


def list_(call: CommandCall) -> Reply:
    status = parse_list_filter(call.args)

    def views(s: Any) -> list[ActView]:
        settings = call.ctx.settings
        return [build_view(s, a, settings) for a in service.list_acts(s, settings, call.actor, status)]

    return Reply(blocks.list_text(call.tr, call.run(views)))


def show(call: CommandCall) -> Reply:
    ref = parse_act(call.args, "usage.handover.show")

    def load(s: Any) -> ActView:
        act = service.find_act(s, call.actor.team_id, ref)
        service.require_reader(s, call.ctx.settings, call.actor, act)
        return build_view(s, act, call.ctx.settings)

    text, body = blocks.show_blocks(call.tr, call.run(load))
    return Reply(text, body)


def cancel(call: CommandCall) -> Reply:
    ref, reason = parse_cancel(call.args)
    act = call.run(
        lambda s: service.cancel_act(
            s, call.ctx.settings, call.actor, service.find_act(s, call.actor.team_id, ref).id, reason, call.now()
        ),
    )
    return Reply(call.tr("handover.cancelled_reply", act=act.number))
