"""`/socialops jobs` (admin): the scheduler's queue, and retrying what failed."""

from __future__ import annotations

from bot.jobs import service as jobs
from bot.jobs.parse import delivery_id
from handlers.calls import CommandCall, Reply
from handlers.jobs import blocks


def list_jobs(call: CommandCall) -> Reply:
    ov = call.run(lambda s: jobs.overview(s, call.actor, call.now()))
    text, view = blocks.overview_blocks(call.tr, ov)
    return Reply(text, view)


def retry(call: CommandCall) -> Reply:
    wanted = delivery_id(call.args)
    row = call.run(lambda s: jobs.retry(s, call.actor, wanted, call.now()))
    return Reply(call.tr("jobs.retried", id=row.id, kind=row.kind))
