"""Every id Slack echoes back for the admin feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


class AdminIds(StrEnum):
    SETUP_VIEW = "socialops_setup"
    B_APPROVALS = "setup_approvals"
    B_CRISIS = "setup_crisis"
    B_DIGEST = "setup_digest"
    B_TIMEZONE = "setup_timezone"
    B_LANGUAGE = "setup_language"
    B_ACCESS_DEFAULT = "setup_access_default"
    B_ACCESS_MAX = "setup_access_max"
    B_REVIEW = "setup_review"
    A_VALUE = "value"  # the single element of each input block
