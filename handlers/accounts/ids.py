"""Every id Slack echoes back for the accounts feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


class AccountsIds(StrEnum):
    ADD_VIEW = "accounts_add"
    EDIT_VIEW = "accounts_edit"
    ROTATE_VIEW = "accounts_rotate"
    ROTATE_MAILBOX_VIEW = "accounts_rotate_mailbox"  # the login mailbox's password: its own form
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
    B_MAILBOX_CREATOR = "acct_mailbox_created_by"
    B_MAILBOX_PASSWORD = "acct_mailbox_password"  # noqa: S105
    B_MAILBOX_RECOVERY_EMAIL = "acct_mailbox_recovery_email"
    B_MAILBOX_RECOVERY_PHONE = "acct_mailbox_recovery_phone"
    B_PAGE = "accounts_page"  # the inventory's previous/next buttons
    A_VALUE = "value"  # the single element of each input block
    A_ROTATE_OPEN = "accounts_rotate_open"  # button on the rotation task: opens the rotate modal
    A_PAGE_PREV = "accounts_page_prev"  # value: the page number to show
    A_PAGE_NEXT = "accounts_page_next"
