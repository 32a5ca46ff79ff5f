"""Access forms: the deny reason, the can't-do-it reason, the request form."""

from __future__ import annotations

from typing import Any

from bot.access import outbox as access_outbox
from bot.core.errors import NotFound, UsageError, ValidationFailed
from handlers.access import flows
from handlers.access.modals import FIELD_OF_ERROR, ModalState, parse_reason, parse_request_modal
from handlers.calls import ViewCall, ViewResult


def deny_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)  # None: metadata we did not write
    request_id = state.request_id if state is not None else None
    if request_id is None:
        raise NotFound("access.error.request_not_found", id="—")
    reason = parse_reason(call.values)

    # The approvals message redrawn where the request row says it was posted, then the requester told.
    call.send_notices_in_order(call.run(lambda s: access_outbox.deny(s, call.actor, request_id, reason, call.now())))
    return None


def cannot_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)  # None: metadata we did not write
    grant_id = state.grant_id if state is not None else None
    if grant_id is None:
        raise NotFound("access.error.grant_not_found", id="—")
    reason = parse_reason(call.values)

    # The task's messages as the scheduler recorded them (never a place named by the form), each
    # drawn again with its buttons replaced; then the holder told.
    call.send_notices_in_order(call.run(lambda s: access_outbox.unfulfillable(
        s, call.actor, grant_id, reason, call.now())))
    return None


def request_submitted(call: ViewCall) -> ViewResult:
    draft = parse_request_modal(call.values)
    state = ModalState.load(call.private_metadata)
    if state is None:  # the extension form names a grant, and what came back names none
        raise NotFound("access.error.grant_not_found", id="—")
    try:
        view, notices = call.run(lambda s: access_outbox.request(
            s, call.actor, draft, call.now(), extends_grant_id=state.extends_grant_id))
    except UsageError as exc:
        field = FIELD_OF_ERROR.get(exc.key)
        if field is None:
            raise
        raise ValidationFailed({field: (exc.key, dict(exc.params))}) from None
    sent = call.tr("access.request.sent", id=view.id, channel=view.approvals_channel or "")

    def publish(client: Any) -> None:
        flows.send_now(call, client, notices)
        # The requester's own confirmation (a form has no ephemeral answer): theirs only, after the post.
        flows.dm(client, call.actor.user_id, sent)

    call.later(publish)
    return None
