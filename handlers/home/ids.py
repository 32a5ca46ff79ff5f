"""Every id of the App Home's own blocks. Its buttons are the features' own (their action_ids and
values, so their listeners act as from the channel message); only the block ids are the Home's,
one per item, since Slack wants block ids unique within a view."""

from __future__ import annotations

from enum import StrEnum


class HomeIds(StrEnum):
    B_ITEM_PREFIX = "home_work_"  # + the item's position
    B_GRANT_PREFIX = "home_grant_"  # + the grant id
