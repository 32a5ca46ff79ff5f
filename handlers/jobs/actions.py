"""The Retry button of `/socialops jobs`."""

from __future__ import annotations

from bot.jobs import service as jobs
from bot.jobs.parse import delivery_id
from handlers.calls import ActionCall
from handlers.jobs import flows


def retry_clicked(call: ActionCall) -> None:
    wanted = delivery_id(call.value)
    row = call.run(lambda s: jobs.retry(s, call.actor, wanted, call.now()))
    call.later(flows.tell(call.actor.user_id, call.channel_id, call.tr("jobs.retried", id=row.id, kind=row.kind)))
