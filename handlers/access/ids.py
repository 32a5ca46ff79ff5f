"""Every id Slack echoes back for the access feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


class AccessIds(StrEnum):
    # buttons (values carry the request, grant or review id; who acts comes from the payload)
    APPROVE = "access_approve"
    DENY = "access_deny"
    DONE = "access_fulfil_done"
    CANNOT = "access_fulfil_cannot"
    REVOKED = "access_revoked"
    EXTEND = "access_extend"
    REVIEW_KEEP = "access_review_keep"
    REVIEW_REVOKE = "access_review_revoke"
    # modals
    REQUEST_VIEW = "access_request"
    DENY_VIEW = "access_deny_reason"
    CANNOT_VIEW = "access_cannot_reason"
    # blocks
    B_ACCOUNT = "access_account"
    B_ROLE = "access_role"
    B_DURATION = "access_duration"
    B_SHARED = "access_shared"
    B_REASON = "access_reason"
    B_ACTIONS = "access_actions"
    B_REVIEW_PREFIX = "access_review_"  # + review id
    A_VALUE = "value"
