"""Every id Slack echoes back for the replies feature (action_id, callback_id, block_id)."""

from __future__ import annotations

from enum import StrEnum


class RepliesIds(StrEnum):
    # buttons: Used it carries the template id, Approve / Reject the version id
    USED = "replies_used"
    APPROVE = "replies_approve"
    REJECT = "replies_reject"
    # modals (private_metadata of the edit form: the template id)
    ADD_VIEW = "replies_add"
    EDIT_VIEW = "replies_edit_form"
    # blocks
    B_TITLE = "replies_title"
    B_CATEGORY = "replies_category"
    B_TONE = "replies_tone"
    B_LANGUAGE = "replies_language"
    B_TEXT = "replies_text"
    B_ACTIONS = "replies_actions"
    A_VALUE = "value"
