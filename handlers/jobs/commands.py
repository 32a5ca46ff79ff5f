"""`/socialops jobs` (admin): the scheduler's queue, and retrying what failed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.core import runner
from bot.core.errors import UsageError
from bot.core.parsing import words
from bot.jobs import service as jobs
from handlers import slack
from handlers.admin.commands import SOCIALOPS
from handlers.calls import ActionCall, CommandCall, Reply
from handlers.ids import JobsIds
from handlers.jobs import blocks
from handlers.kit import register_action

if TYPE_CHECKING:
    from handlers.runtime import Runtime


def _delivery_id(text: str) -> int:
    parts = words(text)
    raw = parts[0].lstrip("#") if len(parts) == 1 else ""
    if not raw.isdigit() or len(raw) > 18:
        raise UsageError("jobs.error.bad_id", usage_key="usage.socialops.jobs_retry", text=text.strip() or "—")
    return int(raw)


def register(rt: Runtime) -> None:
    ctx = rt.ctx
    cmd = rt.registry.command(*SOCIALOPS)

    @cmd.sub("jobs", "usage.socialops.jobs")
    def list_jobs(call: CommandCall) -> Reply:
        ov = runner.run(ctx, call.actor, lambda s: jobs.overview(s, call.actor, ctx.clock()))
        text, view = blocks.overview_blocks(call.tr, ov)
        return Reply(text, view)

    @cmd.sub("jobs retry", "usage.socialops.jobs_retry")
    def retry(call: CommandCall) -> Reply:
        delivery_id = _delivery_id(call.args)
        row = runner.run(ctx, call.actor, lambda s: jobs.retry(s, call.actor, delivery_id, ctx.clock()))
        return Reply(call.tr("jobs.retried", id=row.id, kind=row.kind))

    def retry_clicked(call: ActionCall) -> None:
        delivery_id = _delivery_id(call.value)
        row = runner.run(ctx, call.actor, lambda s: jobs.retry(s, call.actor, delivery_id, ctx.clock()))
        text, user, channel = call.tr("jobs.retried", id=row.id, kind=row.kind), call.actor.user_id, call.channel_id

        def tell(client: Any) -> None:
            slack.tell(client, user, channel, text)

        call.later(tell)

    register_action(rt, JobsIds.RETRY, retry_clicked)
