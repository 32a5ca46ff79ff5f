"""In-memory workspace behind the fake Web API.

All mutation happens under ``Workspace.lock`` because the HTTP server answers
each request on its own thread while tests and the driver read the same state.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.devtools.slack.shapes import Channel, Json, make_user, normalize_blocks

__all__ = ["Call", "Channel", "FakeSlackError", "Json", "ResponseTarget", "Trigger", "Workspace", "make_user",
           "normalize_blocks"]

TRIGGER_TTL_SECONDS = 3.0
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "im:write", "users:read", "users:read.email",
              "files:write", "files:read", "channels:manage", "groups:write")
MAX_MODAL_STACK = 3


@dataclass
class Call:
    """One request the fake answered, kept in arrival order for assertions."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int
    response: dict[str, Any] = field(default_factory=dict)  # what the fake answered (ts, channel, view…)
    team: str = ""  # the workspace the call's token acts for ("" when refused before that)


class FakeSlackError(Exception):
    """A Web API failure; answered as HTTP 200 ``{"ok": false, "error": ...}`` exactly like Slack."""

    def __init__(self, error: str, messages: Iterable[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)

    def body(self) -> Json:
        out: Json = {"ok": False, "error": self.error}
        if self.messages:
            out["response_metadata"] = {"messages": self.messages}
        return out


@dataclass
class Trigger:
    issued_at: float
    user_id: str | None
    used: bool = False


@dataclass
class ResponseTarget:
    """Where a response_url points, so posts to it can be applied like Slack applies them."""

    user_id: str | None
    channel_id: str | None
    message_ts: str | None
    is_ephemeral: bool = False
    uses: int = 0


class Workspace:
    """The data a Slack workspace would hold for one installed bot."""

    def __init__(
        self, *, team_id: str, team_name: str, bot_user_id: str, bot_token: str, clock: Callable[[], float]
    ) -> None:
        self.lock = threading.RLock()
        self.team_id = team_id
        self.team_name = team_name
        self.domain = "".join(ch for ch in team_name.lower() if ch.isalnum()) or "devslack"
        self.bot_user_id = bot_user_id
        self.bot_token = bot_token
        self.bot_id = "B0DEVSLACK"
        self.app_id = "A0DEVSLACK"
        self.bot_name = "socialops"
        self.clock = clock
        self.base_url = ""  # set once the HTTP server knows its port
        self.users: dict[str, Json] = {}
        self.channels: dict[str, Channel] = {}
        # Channel state the Channel shape does not carry: topics (conversations.setTopic) and archived ids.
        self.topics: dict[str, Json] = {}
        self.archived: set[str] = set()
        # What the bot token was granted (manifest.yml's bot scopes); a test takes one away to see
        # the app meet `missing_scope` as it would after an install without it.
        self.scopes: set[str] = set(BOT_SCOPES)
        self._seq = itertools.count(1)
        self._last_ts = 0
        self.reset()

    def reset(self) -> None:
        self.messages: dict[str, list[Json]] = {}
        self.ephemerals: dict[str, list[Json]] = {}
        self.modals: dict[str, list[Json]] = {}
        self.homes: dict[str, Json] = {}
        self.triggers: dict[str, Trigger] = {}
        self.uploads: dict[str, Json] = {}
        self.files: list[Json] = []
        # The file objects of the completed uploads, as files.info shows them (shares, channels...).
        self.uploaded: dict[str, Json] = {}
        self.user_files: dict[str, Json] = {}  # files people shared (methods_files.py): {file, content}
        self.response_targets: dict[str, ResponseTarget] = {}
        self.responses: dict[str, list[Json]] = {}

    # -- ids ---------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        return f"{prefix}0DS{next(self._seq):06d}"

    def next_ts(self) -> str:
        # Slack ts values are unique per channel and sortable; microsecond ticks guarantee both.
        micros = max(int(time.time() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # -- users and channels ------------------------------------------------
    def user(self, user_id: str | None) -> Json:
        if not user_id or user_id not in self.users:
            raise FakeSlackError("user_not_found")
        return self.users[user_id]

    def add_user(self, user: Json) -> None:
        self.users[user["id"]] = user
        for channel in self.channels.values():
            if channel.is_general and user["id"] not in channel.members:
                channel.members.append(user["id"])

    def dm_for(self, user_id: str) -> Channel:
        self.user(user_id)
        for channel in self.channels.values():
            if channel.kind == "im" and channel.user == user_id:
                return channel
        stem = user_id[1:] if user_id[:1] in ("U", "W") else user_id
        channel_id = f"D{stem}"
        if channel_id in self.channels:
            channel_id = self.new_id("D")
        members = [user_id, self.bot_user_id]
        dm = Channel(channel_id, channel_id, True, members, "im", user_id, self.bot_user_id)
        self.channels[channel_id] = dm
        return dm

    def resolve_channel(self, ref: Any) -> Channel:
        """Accepts what chat.postMessage accepts: an id, a user id (their DM with the app) or #name."""
        if not isinstance(ref, str) or not ref:
            raise FakeSlackError("channel_not_found")
        if ref in self.channels:
            return self.channels[ref]
        if ref in self.users:
            return self.dm_for(ref)
        name = ref.removeprefix("#")
        for channel in self.channels.values():
            if channel.kind == "channel" and channel.name == name:
                return channel
        raise FakeSlackError("channel_not_found")

    def require_bot_access(self, channel: Channel) -> None:
        # chat:write.public lets bots post in any public channel; private ones need membership.
        if channel.kind == "channel" and not channel.is_private:
            return
        if self.bot_user_id not in channel.members:
            # Slack never admits that a private conversation exists to someone outside it: a
            # private channel the bot is not in is `channel_not_found`, as for one that never
            # existed (chat.postMessage's `not_in_channel` is for a public one it may not post in).
            raise FakeSlackError("channel_not_found")

    def require_scope(self, *any_of: str) -> None:
        """Slack's `missing_scope` when the token holds none of `any_of`."""
        if not self.scopes.intersection(any_of):
            raise FakeSlackError("missing_scope")

    def channel_api(self, channel: Channel) -> Json:
        """The channel as the Web API shows it, with its topic and archived flag."""
        out = channel.to_api()
        out["is_archived"] = channel.id in self.archived
        if channel.kind != "im":
            out["topic"] = copy.deepcopy(self.topics.get(channel.id, out.get("topic")))
        return out

    def visible_channel(self, ref: Any) -> Channel:
        """Private conversations the bot is not in are invisible, as in Slack."""
        channel = self.resolve_channel(ref)
        if channel.is_private and self.bot_user_id not in channel.members:
            raise FakeSlackError("channel_not_found")
        return channel

    # -- messages ----------------------------------------------------------
    def store_message(self, channel: Channel, message: Json) -> Json:
        message.setdefault("type", "message")
        message.setdefault("ts", self.next_ts())
        message.setdefault("team", self.team_id)
        parent_ts = message.get("thread_ts")
        if parent_ts:
            parent = self.find_message_or_none(channel.id, parent_ts)
            if parent is not None:
                root = parent.get("thread_ts") or parent["ts"]
                message["thread_ts"] = root
                top = self.find_message_or_none(channel.id, root) or parent
                top["thread_ts"] = root
                top["reply_count"] = int(top.get("reply_count", 0)) + 1
                top["latest_reply"] = message["ts"]
        self.messages.setdefault(channel.id, []).append(message)
        return message

    def bot_message(self, channel: Channel, **fields: Any) -> Json:
        message: Json = {"user": self.bot_user_id, "bot_id": self.bot_id, "app_id": self.app_id}
        message.update({k: v for k, v in fields.items() if v is not None})
        if "blocks" in message:
            message["blocks"] = normalize_blocks(message["blocks"], self.new_id)
        return self.store_message(channel, message)

    def find_message_or_none(self, channel_id: str, ts: str) -> Json | None:
        for message in self.messages.get(channel_id, []):
            if message["ts"] == ts:
                return message
        return None

    def find_message(self, channel_id: str, ts: Any) -> Json:
        found = self.find_message_or_none(channel_id, ts) if isinstance(ts, str) else None
        if found is None:
            raise FakeSlackError("message_not_found")
        return found

    def add_ephemeral(self, user_id: str, channel_id: str | None, source: str, **fields: Any) -> Json:
        entry: Json = {"type": "message", "subtype": "ephemeral", "ts": self.next_ts()}
        entry["user"] = self.bot_user_id
        entry.update({k: v for k, v in fields.items() if v is not None})
        if "blocks" in entry:
            entry["blocks"] = normalize_blocks(entry["blocks"], self.new_id)
        entry.update({"channel": channel_id, "source": source})
        self.ephemerals.setdefault(user_id, []).append(entry)
        return entry

    # -- triggers ------------------------------------------------------------
    def issue_trigger(self, user_id: str | None) -> str:
        trigger_id = f"{next(self._seq)}.{self.team_id[1:] or '1'}.{time.time_ns():x}"
        self.triggers[trigger_id] = Trigger(self.clock(), user_id)
        return trigger_id

    def check_trigger(self, trigger_id: Any) -> Trigger:
        if not isinstance(trigger_id, str) or not trigger_id:
            raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: trigger_id"])
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            raise FakeSlackError("invalid_trigger_id")
        if trigger.used:
            raise FakeSlackError("exchanged_trigger_id")
        if self.clock() - trigger.issued_at > TRIGGER_TTL_SECONDS:
            raise FakeSlackError("expired_trigger_id")
        return trigger

    # -- views ---------------------------------------------------------------
    def build_view(self, spec: Json, *, view_id: str | None = None, previous: str | None = None,
                   root: str | None = None) -> Json:
        view_id = view_id or self.new_id("V")
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": spec.get("type"),
            "blocks": normalize_blocks(spec.get("blocks", []), self.new_id),
            "private_metadata": spec.get("private_metadata", ""),
            "callback_id": spec.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{next(self._seq):08x}",
            "title": copy.deepcopy(spec.get("title")),
            "clear_on_close": bool(spec.get("clear_on_close", False)),
            "notify_on_close": bool(spec.get("notify_on_close", False)),
            "close": copy.deepcopy(spec.get("close")),
            "submit": copy.deepcopy(spec.get("submit")),
            "previous_view_id": previous,
            "root_view_id": root or view_id,
            "app_id": self.app_id,
            "external_id": spec.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def locate_view(self, view_id: str | None = None, external_id: str | None = None) -> tuple[str, Json]:
        """Returns (owning user, view) for a modal in any stack or a home tab."""
        candidates = [(u, v) for u, stack in self.modals.items() for v in stack]
        candidates += list(self.homes.items())
        for user_id, view in candidates:
            by_external = external_id and view.get("external_id") == external_id
            if (view_id and view["id"] == view_id) or by_external:
                return user_id, view
        raise FakeSlackError("not_found")

    def replace_view(self, view_id: str, spec: Json, expected_hash: str | None = None) -> Json:
        user_id, old = self.locate_view(view_id)
        if expected_hash and expected_hash != old["hash"]:
            raise FakeSlackError("hash_conflict")
        new = self.build_view(spec, view_id=old["id"], previous=old["previous_view_id"],
                              root=old["root_view_id"])
        if old["type"] == "home":
            self.homes[user_id] = new
        else:
            stack = self.modals[user_id]
            stack[stack.index(old)] = new
        return new

    def push_modal(self, user_id: str, spec: Json, *, replace_stack: bool = False) -> Json:
        stack = [] if replace_stack else self.modals.get(user_id, [])
        if len(stack) >= MAX_MODAL_STACK:
            raise FakeSlackError("push_limit_reached")
        previous = stack[-1]["id"] if stack else None
        view = self.build_view(spec, previous=previous, root=stack[0]["id"] if stack else None)
        self.modals[user_id] = [*stack, view]
        return view

    def close_modal(self, user_id: str, view_id: str, *, clear: bool = False) -> None:
        stack = self.modals.get(user_id, [])
        ids = [v["id"] for v in stack]
        if view_id not in ids:
            raise FakeSlackError("not_found")
        self.modals[user_id] = [] if clear else stack[: ids.index(view_id)]
