"""The checklist's buttons in the crisis channel: tick or untick a step, the message redrawn in place."""

from __future__ import annotations

from typing import Any

from bot.core.errors import NotFound
from bot.crisis.checklist import toggle_step
from bot.crisis.listing import timezone_of
from bot.crisis.parse import parse_step
from handlers import slack
from handlers.calls import ActionCall
from handlers.crisis.opening import blocks


def _toggle(call: ActionCall, done: bool) -> None:
    ref = parse_step(call.value)
    if ref is None:  # a value we never wrote: "no such crisis", without echoing it
        raise NotFound("crisis.error.not_found", id="—")
    checklist = call.run(lambda s: toggle_step(s, call.actor, ref.crisis_id, ref.index, done, call.now()))
    tz = call.run(lambda s: timezone_of(s, call.actor.team_id), read_only=True)
    text, body = blocks.checklist_blocks(call.tr, checklist, tz)

    def redraw(client: Any) -> None:
        # The stored message, never the clicked one's location: a forged click redraws nothing else.
        if checklist.channel_id and checklist.message_ts:
            client.chat_update(channel=checklist.channel_id, ts=checklist.message_ts, text=text, blocks=body)
        else:
            slack.tell(client, call.actor.user_id, call.channel_id, text)

    call.later(redraw)


def step_done(call: ActionCall) -> None:
    _toggle(call, True)


def step_undo(call: ActionCall) -> None:
    _toggle(call, False)

