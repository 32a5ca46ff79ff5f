"""Every id Slack echoes back for the handover feature (action_id, callback_id, block_id).

Values are unique across the app: they route a click or a submission to its handler.
"""

from __future__ import annotations

from enum import StrEnum


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
