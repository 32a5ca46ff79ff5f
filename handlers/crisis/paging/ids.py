"""Every id Slack echoes back for crisis paging; values unique across the app (prefix `crisis_page_`)."""

from __future__ import annotations

from enum import StrEnum


class CrisisPagingIds(StrEnum):
    # the page DM's button (value `<crisis>:<generation>`; who presses comes from the payload)
    ACK = "crisis_page_ack"
    B_ACK = "crisis_page_actions"
