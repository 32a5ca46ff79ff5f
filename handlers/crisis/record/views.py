"""The record part's form submissions: the holding statement, the rejection comment."""

from __future__ import annotations

from typing import Any

from bot.core.errors import ValidationFailed
from bot.crisis import statements
from bot.crisis.statements import FIELDS
from handlers import slack
from handlers.blockkit import input_value
from handlers.calls import ViewCall, ViewResult
from handlers.crisis.record.ids import CrisisRecordIds as I
from handlers.crisis.record.ids import part_block


def statement_submitted(call: ViewCall) -> ViewResult:
    values = {name: str(input_value(call.values, part_block(name), I.A_VALUE) or "") for name, _, _ in FIELDS}
    crisis_id = call.private_metadata
    try:
        view = call.run(lambda s: statements.draft(s, call.actor, crisis_id, values, call.now()))
    except ValidationFailed as invalid:  # the rules key errors by part; the form by block
        raise ValidationFailed({part_block(k): v for k, v in invalid.errors.items()}) from None
    text = call.tr("crisis.statement.sent", version=view.version)
    call.later(lambda client: slack.dm(client, call.actor.user_id, text))
    return None


def reject_submitted(call: ViewCall) -> ViewResult:
    comment = str(input_value(call.values, I.B_COMMENT, I.A_VALUE) or "")
    sid = call.private_metadata
    view = call.run(lambda s: statements.decide(s, call.actor, sid, approve=False, comment=comment, now=call.now()))
    text = call.tr("crisis.statement.decided", version=view.version, status=view.status)

    def notify(client: Any) -> None:
        slack.dm(client, call.actor.user_id, text)

    call.later(notify)
    return None
