"""Every id Slack echoes back (action_id, callback_id, block_id), in one place."""

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
    HOME_HELP = "home_help"


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


class AccountsIds(StrEnum):
    ADD_VIEW = "accounts_add"
    EDIT_VIEW = "accounts_edit"
    ROTATE_VIEW = "accounts_rotate"
    REVEAL_VIEW = "accounts_reveal"
    DONE_VIEW = "accounts_done"  # the read-only "here is the generated password" modal
    B_BRAND = "acct_brand"
    B_NETWORK = "acct_network"
    B_HANDLE = "acct_handle"
    B_URL = "acct_url"
    B_LOGIN_EMAIL = "acct_login_email"
    B_CUSTODIAN = "acct_custodian"
    B_TWOFA = "acct_twofa"
    B_RECOVERY_EMAIL = "acct_recovery_email"
    B_RECOVERY_PHONE = "acct_recovery_phone"
    B_PASSWORD_MODE = "acct_password_mode"  # noqa: S105 (a block id, not a password)
    B_PASSWORD = "acct_password"  # noqa: S105
    B_RECOVERY_CODES = "acct_recovery_codes"
    B_NOTES = "acct_notes"
    A_VALUE = "value"  # the single element of each input block
    A_ROTATE_OPEN = "accounts_rotate_open"  # button on the rotation task: opens the rotate modal


class HandoverIds(StrEnum):
    A_ITEM = "handover_item"  # value "<act_id>:<item_id>"
    A_ALL = "handover_all"  # action_id "handover_all:<kind>", value "<act_id>": every open item of a kind
    A_DELIVER = "handover_deliver"
    A_RECEIVE = "handover_receive"
    A_LEAVER_GONE = "handover_leaver_gone"
    A_CLOSE = "handover_close"
    A_PAGE_PREV = "handover_page_prev"  # value "<act_id>:<page>"
    A_PAGE_NEXT = "handover_page_next"
    A_RECEIVER = "handover_receiver"  # users_select; the act id travels in its block_id
    B_RECEIVER = "handover_pick"  # block_id prefix: "handover_pick:<act_id>"


class JobsIds(StrEnum):
    RETRY = "jobs_retry"  # value: the delivery id
