"""Every id Slack echoes back for the jobs feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


class JobsIds(StrEnum):
    RETRY = "jobs_retry"  # value: the delivery id
