"""Replies forms: a new template, a new version of one."""

from __future__ import annotations

from bot.core.errors import NotFound
from bot.core.parsing import parse_id
from bot.replies import templates
from bot.replies.templates import KIND_PROPOSED, InvalidTemplate, notice_subject
from handlers.calls import ViewCall, ViewResult
from handlers.replies.modals import field_errors, parse_modal


def _submit(call: ViewCall, template_id: int | None) -> ViewResult:
    draft = parse_modal(call.values)
    try:
        proposed = call.run(lambda s: templates.propose(s, call.actor, draft, call.now(), template_id=template_id))
    except InvalidTemplate as exc:
        raise field_errors(exc) from None
    # Posted for approval (and the author told) through the outbox: the proposal scheduled it.
    call.send_notices(KIND_PROPOSED, notice_subject(proposed.version.id, "proposed"))
    return None


def add_submitted(call: ViewCall) -> ViewResult:
    return _submit(call, None)


def edit_submitted(call: ViewCall) -> ViewResult:
    template_id = parse_id(call.private_metadata)
    if template_id is None:
        raise NotFound("replies.error.not_found", id="—")
    return _submit(call, template_id)
