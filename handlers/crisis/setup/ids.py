"""Every id Slack echoes back for the crisis setup part (action_id, callback_id, block_id).

Values are unique across the app (prefix `crisis_setup_`): they route a click or a submission.
"""

from __future__ import annotations

from enum import StrEnum

from bot.crisis.setup import MAX_LEVELS


class CrisisSetupIds(StrEnum):
    # the overview's buttons (value: the severity; who clicks comes from the payload)
    EDIT = "crisis_setup_edit"
    # the per-severity form (private_metadata: the severity only)
    VIEW = "crisis_setup_form"
    # blocks
    B_REPEATS = "crisis_setup_repeats"
    B_STATUS = "crisis_setup_status"
    B_PLAYBOOK = "crisis_setup_playbook"
    A_VALUE = "value"


def level_block(n: int) -> str:
    """The users of level `n` (1-based)."""
    return f"crisis_setup_level_{n}"


def ack_block(n: int) -> str:
    """The acknowledgement deadline of level `n` (1-based)."""
    return f"crisis_setup_ack_{n}"


LEVEL_BLOCKS = [level_block(n) for n in range(1, MAX_LEVELS + 1)]
ACK_BLOCKS = [ack_block(n) for n in range(1, MAX_LEVELS + 1)]
