"""Every id Slack echoes back for the crisis record part (action_id, callback_id, block_id).

Values are unique across the app (prefix `crisis_rec_`): they route a click or a submission.
"""

from __future__ import annotations

from enum import StrEnum


class CrisisRecordIds(StrEnum):
    # buttons (values carry the statement id; who acts comes from the payload)
    STATEMENT_APPROVE = "crisis_rec_statement_approve"
    STATEMENT_REJECT = "crisis_rec_statement_reject"
    # modals
    STATEMENT_VIEW = "crisis_rec_statement_form"
    REJECT_VIEW = "crisis_rec_statement_reject_form"
    # the message shortcut (manifest.yml: "Add to crisis timeline")
    NOTE_SHORTCUT = "crisis_note"
    # blocks (one per statement part: crisis_rec_st_<field>)
    B_COMMENT = "crisis_rec_comment"
    A_VALUE = "value"


def part_block(field: str) -> str:
    return f"crisis_rec_st_{field}"
