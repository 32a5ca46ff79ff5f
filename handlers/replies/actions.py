"""Replies buttons: Used it (search results), Approve / Reject (the approvals message)."""

from __future__ import annotations

from bot.core.errors import Conflict
from bot.replies import templates
from bot.replies.templates import KIND_DECIDED, notice_subject
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
        # A stale button: the message is drawn again from the row, so nobody presses it again. A
        # refusal commits nothing to schedule it with; lost in a crash, the next press redraws it.
        stale = call.run(lambda s: templates.show_version(s, call.actor, call.value), read_only=True)
        call.later(lambda client: flows.redraw(client, call.tr, stale))
        raise
    text = call.tr("replies.decided", id=v.template_id, version=v.version,
                   state=call.tr(f"replies.state_word.{v.state}"))
    # The approvals message redrawn and the author told: scheduled by the decision (the outbox).
    call.send_notices(KIND_DECIDED, notice_subject(v.id, v.state))
    # Only the approver sees this one: no need to survive a crash.
    call.later(lambda client: slack.tell(client, call.actor.user_id, call.channel_id, text))


def approve(call: ActionCall) -> None:
    _decide(call, "approve")


def reject(call: ActionCall) -> None:
    _decide(call, "reject")
