"""Replies buttons: Used it (search results), Approve / Reject (the approvals message)."""

from __future__ import annotations

from typing import Any

from bot.core.errors import Conflict
from bot.replies import templates
from handlers import slack
from handlers.calls import ActionCall
from handlers.replies import flows


def used(call: ActionCall) -> None:
    done = call.run(lambda s: templates.use(s, call.actor, call.value, call.now()))
    key = "replies.used" if done.counted else "replies.used_already"
    text = call.tr(key, id=done.template_id, count=done.usage_count)
    call.later(lambda client: slack.tell(client, call.actor.user_id, call.channel_id, text))


def _decide(call: ActionCall, decision: str) -> None:
    try:
        v = call.run(lambda s: templates.decide(s, call.actor, call.value, decision, call.now()))
    except Conflict:
        # A stale button: the message is drawn again from the row, so nobody presses it again.
        stale = call.run(lambda s: templates.show_version(s, call.actor, call.value), read_only=True)
        call.later(lambda client: flows.redraw(client, call.tr, stale))
        raise
    text = call.tr("replies.decided", id=v.template_id, version=v.version,
                   state=call.tr(f"replies.state_word.{v.state}"))

    def notify(client: Any) -> None:
        flows.decided(call, client, v)
        slack.tell(client, call.actor.user_id, call.channel_id, text)

    call.later(notify)


def approve(call: ActionCall) -> None:
    _decide(call, "approve")


def reject(call: ActionCall) -> None:
    _decide(call, "reject")
