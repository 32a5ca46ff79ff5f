"""Every id Slack echoes back for opening a crisis (action_id, callback_id, block_id)."""

from __future__ import annotations

from enum import StrEnum


class CrisisOpeningIds(StrEnum):
    # buttons: the checklist's steps (value `<crisis id>:<step index>`; who acts comes from the payload)
    STEP_DONE = "crisis_open_step_done"
    STEP_UNDO = "crisis_open_step_undo"
    # the /crisis open form
    OPEN_VIEW = "crisis_open_form"
    B_SEVERITY = "crisis_open_severity"
    B_SUMMARY = "crisis_open_summary"
    B_LINK = "crisis_open_link"
    B_BRAND = "crisis_open_brand"
    A_VALUE = "value"
