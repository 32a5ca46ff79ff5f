"""Access forms: the deny reason, the can't-do-it reason, the request form."""

from __future__ import annotations

from typing import Any

from bot.access import grants
from bot.access import requests as access_requests
from bot.core.errors import UsageError, ValidationFailed
from handlers.access import blocks, flows
from handlers.access import notices as access_notices
from handlers.access.modals import FIELD_OF_ERROR, ModalState, parse_reason, parse_request_modal
from handlers.calls import ViewCall, ViewResult


def deny_submitted(call: ViewCall) -> ViewResult:
    state, reason = ModalState.load(call.private_metadata), parse_reason(call.values)
    decision = call.run(lambda s: access_requests.deny(s, call.actor, state.request_id or 0, reason, call.now()))
    view = decision.request

    def notify(client: Any) -> None:
        flows.redraw_request(client, call.tr, view, state.channel, state.ts)
        flows.dm(client, view.requester_id, call.tr("access.dm.denied", id=view.id, account=blocks.account_text(
            view.account), reason=reason, user=call.actor.user_id))

    call.later(notify)
    return None


def cannot_submitted(call: ViewCall) -> ViewResult:
    state, reason = ModalState.load(call.private_metadata), parse_reason(call.values)
    view = call.run(lambda s: grants.cannot_fulfil(s, call.actor, state.grant_id or 0, reason, call.now()))
    line = blocks.done_line(call.tr, "access.fulfil.cannot_line", call.actor.user_id, view.at or call.now(),
                            view.timezone)
    text = call.tr("access.dm.unfulfillable", id=view.id, account=blocks.account_text(view.account),
                   reason=reason)

    # The form does not carry the task message: draw it again, its buttons replaced.
    task_text, task = call.run(lambda s: access_notices.fulfil_message_of(
        s, call.tr, call.actor.team_id, view.id, reminder=False))

    def notify(client: Any) -> None:
        flows.update_message(client, state.channel, state.ts, task_text, blocks.replace_actions(task, line))
        flows.dm(client, view.holder_id, text)

    call.later(notify)
    return None


def request_submitted(call: ViewCall) -> ViewResult:
    draft = parse_request_modal(call.values)
    state = ModalState.load(call.private_metadata)
    try:
        view = call.run(lambda s: access_requests.create_request(
            s, call.actor, draft, call.now(), extends_grant_id=state.extends_grant_id))
    except UsageError as exc:
        field = FIELD_OF_ERROR.get(exc.key)
        if field is None:
            raise
        raise ValidationFailed({field: (exc.key, dict(exc.params))}) from None
    sent = call.tr("access.request.sent", id=view.id, channel=view.approvals_channel or "")

    def publish(client: Any) -> None:
        flows.publish_request(call, client, view.id)
        flows.dm(client, call.actor.user_id, sent)

    call.later(publish)
    return None
