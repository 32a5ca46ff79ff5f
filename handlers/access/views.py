"""Access forms: the deny reason, the can't-do-it reason, the request form."""

from __future__ import annotations

from typing import Any

from bot.access import grants
from bot.access import requests as access_requests
from bot.core.errors import NotFound, UsageError, ValidationFailed
from handlers.access import blocks, flows
from handlers.access import notices as access_notices
from handlers.access.modals import FIELD_OF_ERROR, ModalState, parse_reason, parse_request_modal
from handlers.blockkit import user_text
from handlers.calls import ViewCall, ViewResult


def deny_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)  # None: metadata we did not write
    request_id = state.request_id if state is not None else None
    if request_id is None:
        raise NotFound("access.error.request_not_found", id="—")
    reason = parse_reason(call.values)
    decision = call.run(lambda s: access_requests.deny(s, call.actor, request_id, reason, call.now()))
    view = decision.request

    def notify(client: Any) -> None:
        flows.redraw_request(client, call.tr, view)  # where it was posted, as the request row says
        flows.dm(client, view.requester_id, call.tr("access.dm.denied", id=view.id, account=blocks.account_text(
            view.account), reason=user_text(reason), user=call.actor.user_id))

    call.later(notify)
    return None


def cannot_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)  # None: metadata we did not write
    grant_id = state.grant_id if state is not None else None
    if grant_id is None:
        raise NotFound("access.error.grant_not_found", id="—")
    reason = parse_reason(call.values)
    view = call.run(lambda s: grants.cannot_fulfil(s, call.actor, grant_id, reason, call.now()))
    line = blocks.done_line(call.tr, "access.fulfil.cannot_line", call.actor.user_id, view.at or call.now(),
                            view.timezone)
    text = call.tr("access.dm.unfulfillable", id=view.id, account=blocks.account_text(view.account),
                   reason=user_text(reason))
    # The task's messages as the scheduler recorded them (never a place named by the form), each
    # drawn again with its buttons replaced.
    tasks = call.run(lambda s: access_notices.posted_fulfil_tasks(s, call.tr, call.actor.team_id, view.id))

    def notify(client: Any) -> None:
        for where, task_text, task in tasks:
            flows.update_message(client, where.channel, where.ts, task_text, blocks.replace_actions(task, line))
        flows.dm(client, view.holder_id, text)

    call.later(notify)
    return None


def request_submitted(call: ViewCall) -> ViewResult:
    draft = parse_request_modal(call.values)
    state = ModalState.load(call.private_metadata)
    if state is None:  # the extension form names a grant, and what came back names none
        raise NotFound("access.error.grant_not_found", id="—")
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
