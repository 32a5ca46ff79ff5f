"""Builders for objects shaped the way Slack's Web API returns them."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

Json = dict[str, Any]


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    members: list[str] = field(default_factory=list)
    kind: str = "channel"  # "channel" | "im" | "mpim"
    user: str | None = None  # the human side of an IM
    creator: str = ""
    created: int = field(default_factory=lambda: int(time.time()))
    is_general: bool = False

    def to_api(self) -> Json:
        out: Json = {
            "id": self.id,
            "created": self.created,
            "is_archived": False,
            "is_im": self.kind == "im",
            "is_mpim": self.kind == "mpim",
            "is_org_shared": False,
            "context_team_id": None,
        }
        if self.kind == "im":
            out.update({"user": self.user, "is_user_deleted": False, "priority": 0})
            return out
        out.update(
            {
                "name": self.name,
                "name_normalized": self.name,
                "is_channel": self.kind == "channel" and not self.is_private,
                "is_group": self.is_private,
                "is_private": self.is_private,
                "is_general": self.is_general,
                "is_shared": False,
                "is_ext_shared": False,
                "creator": self.creator,
                "num_members": len(self.members),
                "topic": {"value": "", "creator": "", "last_set": 0},
                "purpose": {"value": "", "creator": "", "last_set": 0},
            }
        )
        return out


def tz_offset(tz: str) -> int:
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return 0
    return int(offset.total_seconds()) if offset else 0


def make_user(user_id: str, name: str, *, team_id: str, real_name: str | None, email: str | None,
              is_admin: bool, is_restricted: bool, is_ultra_restricted: bool, tz: str, deleted: bool) -> Json:
    """A user object shaped like users.info returns (profile.email only when known, as with Slack scopes)."""
    real = real_name or name
    profile: Json = {"real_name": real, "real_name_normalized": real, "display_name": name,
                     "display_name_normalized": name, "team": team_id, "image_72": ""}
    if email is not None:
        profile["email"] = email
    return {
        "id": user_id, "team_id": team_id, "name": name, "deleted": deleted, "real_name": real,
        "tz": tz, "tz_label": tz, "tz_offset": tz_offset(tz), "profile": profile,
        "is_admin": is_admin, "is_owner": False, "is_primary_owner": False,
        "is_restricted": is_restricted, "is_ultra_restricted": is_ultra_restricted,
        "is_bot": False, "is_app_user": False, "is_email_confirmed": email is not None,
        "updated": int(time.time()),
    }


def normalize_blocks(blocks: Any, new_id: Callable[[str], str]) -> Any:
    """Fills block_id/action_id like Slack does, so payloads can key state by them."""
    if not isinstance(blocks, list):
        return blocks
    out = copy.deepcopy(blocks)
    for block in out:
        if not isinstance(block, dict):
            continue
        block.setdefault("block_id", new_id("b"))
        elements: list[Any] = []
        if isinstance(block.get("elements"), list) and block.get("type") == "actions":
            elements = list(block["elements"])
        for key in ("accessory", "element"):
            if isinstance(block.get(key), dict):
                elements.append(block[key])
        for element in elements:
            if isinstance(element, dict) and element.get("type") != "image":
                element.setdefault("action_id", new_id("a"))
    return out
