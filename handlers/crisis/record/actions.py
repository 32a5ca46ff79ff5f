"""The holding statement's buttons: Approve at once, Reject through a comment form. Refused (a
member, its author) or stale (already decided, superseded, a resolved crisis) before anything."""

from __future__ import annotations

from typing import Any

from bot.crisis import statements
from handlers import slack
from handlers.calls import ActionCall
from handlers.crisis.record import modals


def approve(call: ActionCall) -> None:
    sid = call.value
    view = call.run(lambda s: statements.decide(s, call.actor, sid, approve=True, comment=None, now=call.now()))
    text = call.tr("crisis.statement.decided", version=view.version, status=view.status)

    def notify(client: Any) -> None:
        slack.tell(client, call.actor.user_id, call.channel_id, text)

    call.later(notify)


def reject(call: ActionCall) -> None:
    sid = call.value
    view = call.run(lambda s: statements.check_can_decide(s, call.actor, sid), read_only=True)
    form = modals.reject_modal(call.tr, view.id, view.version, view.crisis.number)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=form))
