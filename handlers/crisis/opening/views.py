"""The `/crisis open` form's submission: the same rule as the command, errors inline."""

from __future__ import annotations

from bot.core.errors import UsageError, ValidationFailed
from bot.core.parsing import clean_url
from bot.crisis import opening
from bot.crisis.parse import OpenDraft, check_summary, parse_severity
from handlers import slack
from handlers.blockkit import input_value
from handlers.calls import ViewCall, ViewResult
from handlers.crisis.opening import blocks
from handlers.crisis.opening.ids import CrisisOpeningIds as I


def _draft(call: ViewCall) -> OpenDraft:
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    raw_severity = input_value(call.values, I.B_SEVERITY, I.A_VALUE)
    severity = parse_severity(raw_severity if isinstance(raw_severity, str) else None)
    if severity is None:
        errors[I.B_SEVERITY] = ("crisis.open.error.severity", {"text": str(raw_severity or "—")[:30]})
    summary = ""
    try:
        summary = check_summary(str(input_value(call.values, I.B_SUMMARY, I.A_VALUE) or ""))
    except UsageError as exc:
        errors[I.B_SUMMARY] = (exc.key, dict(exc.params))
    link = None
    raw_link = str(input_value(call.values, I.B_LINK, I.A_VALUE) or "")
    try:
        link = clean_url(raw_link)
    except ValueError:
        errors[I.B_LINK] = ("crisis.open.error.link", {"text": raw_link[:60]})
    brand = input_value(call.values, I.B_BRAND, I.A_VALUE)
    if errors:
        raise ValidationFailed(errors)
    assert severity is not None
    return OpenDraft(severity, summary, link, brand if isinstance(brand, str) and brand else None)


def open_submitted(call: ViewCall) -> ViewResult:
    draft = _draft(call)
    try:
        opened = call.run(lambda s: opening.open_crisis(s, call.actor, draft, call.now()))
    except UsageError as exc:  # a brand the inventory no longer has
        raise ValidationFailed({I.B_BRAND: (exc.key, dict(exc.params))}) from None
    text = blocks.opened_reply(call.tr, opened)
    call.later(lambda client: slack.dm(client, call.actor.user_id, text))
    return None
