"""Every id Slack echoes back for the KPI goals part (action_id, callback_id, block_id).

Values are unique across the app (prefix `kpi_goals_`): they route a submission.
"""

from __future__ import annotations

from enum import StrEnum

from bot.kpi.parse_goals import MAX_DELIVERABLES


class KpiGoalsIds(StrEnum):
    # the scope form (private_metadata: {"version": the scope version it was opened with})
    SCOPE_VIEW = "kpi_goals_scope"
    # blocks
    B_PROVIDER = "kpi_goals_provider"
    B_CADENCE = "kpi_goals_cadence"
    B_RESPONSE = "kpi_goals_response"
    A_VALUE = "value"


POSTS_PREFIX = "kpi_goals_ppw_"
# A modal holds 100 blocks; the form's own take a dozen. Accounts past this many are set with
# `/kpi scope <handle> <posts per week>` (the form says so).
MAX_FORM_ACCOUNTS = 80


def posts_block(account_id: int) -> str:
    """The posts-per-week input of one account (its id read back with parse_id, then looked up)."""
    return f"{POSTS_PREFIX}{account_id}"


def deliverable_block(n: int) -> str:
    """The n-th (1-based) deliverable slot."""
    return f"kpi_goals_del_{n}"


DELIVERABLE_BLOCKS = [deliverable_block(n) for n in range(1, MAX_DELIVERABLES + 1)]
