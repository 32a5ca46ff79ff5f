"""Scheduled deliveries as admins see them (`/socialops jobs`)."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.jobs import catalog
from handlers.admin.commands import SOCIALOPS
from handlers.jobs import actions, commands
from handlers.jobs.ids import JobsIds
from handlers.kit import register_action
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only: /socialops jobs, /socialops jobs retry, the Retry button."""
    cmd = rt.registry.command(*SOCIALOPS)
    cmd.sub("jobs", "usage.socialops.jobs")(commands.list_jobs)
    cmd.sub("jobs retry", "usage.socialops.jobs_retry")(commands.retry)
    register_action(rt, JobsIds.RETRY, actions.retry_clicked)


FEATURE = Feature(name="jobs", catalog=catalog.MESSAGES, register=register, ids=(JobsIds,))
