"""Handlers for auth.*, chat.*, conversations.* and users.* on the fake Web API.

Each handler takes the workspace and the parsed request arguments, returns the
success body (without ``ok``) and raises FakeSlackError with Slack's own error
code whenever Slack would refuse the call.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
from collections.abc import Callable
from typing import Any

from bot.devtools.slack.blockkit import MAX_MESSAGE_TEXT, validate_message_blocks
from bot.devtools.slack.methods_history import HANDLERS as HISTORY_HANDLERS
from bot.devtools.slack.state import Channel, FakeSlackError, Json, Workspace, normalize_blocks

Handler = Callable[[Workspace, Json], Json]

_CHANNEL_NAME = re.compile(r"^[a-z0-9_-]+$")
_MAX_ATTACHMENTS = 100
_MAX_MPIM_USERS = 8


def text_arg(args: Json, name: str) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def flag_arg(args: Json, name: str) -> bool:
    return args.get(name) in (True, 1, "1", "true", "True")


def json_arg(args: Json, name: str, error: str) -> Any:
    """Form-encoded clients send structured fields as JSON strings; decode them or fail like Slack."""
    value = args.get(name)
    if isinstance(value, str):
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise FakeSlackError(error, [f"[ERROR] {name} is not valid JSON"]) from None
    return value


def id_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return []


def paginate(items: list[Any], args: Json) -> tuple[list[Any], str]:
    try:
        limit = max(1, min(int(args.get("limit") or 100), 1000))
    except (TypeError, ValueError):
        raise FakeSlackError("invalid_limit") from None
    cursor = text_arg(args, "cursor")
    start = 0
    if cursor:
        try:
            start = int(base64.b64decode(cursor).decode().removeprefix("offset:"))
        except (ValueError, binascii.Error):
            raise FakeSlackError("invalid_cursor") from None
    end = start + limit
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(items) else ""
    return items[start:end], next_cursor


def _message_content(args: Json, *, partial: bool = False) -> Json:
    """Validates text/blocks/attachments; ``partial`` (chat.update) keeps fields that were not sent."""
    blocks = json_arg(args, "blocks", "invalid_blocks_format")
    attachments = json_arg(args, "attachments", "invalid_attachments")
    if blocks is not None:
        if not isinstance(blocks, list):
            raise FakeSlackError("invalid_blocks_format", ["[ERROR] blocks must be a list"])
        problems = validate_message_blocks(blocks)
        if problems:
            raise FakeSlackError("invalid_blocks", [f"[ERROR] {p}" for p in problems])
    if attachments is not None:
        if not isinstance(attachments, list):
            raise FakeSlackError("invalid_attachments")
        if len(attachments) > _MAX_ATTACHMENTS:
            raise FakeSlackError("too_many_attachments")
    text = text_arg(args, "text")
    if not text and not blocks and not attachments and not (partial and args.get("file_ids")):
        raise FakeSlackError("no_text")
    content: Json = {}
    if text is not None or not partial:
        # Slack truncates rather than rejects over-long text.
        content["text"] = (text or "")[:MAX_MESSAGE_TEXT]
    if blocks is not None:
        content["blocks"] = blocks
    if attachments is not None:
        content["attachments"] = attachments
    metadata = json_arg(args, "metadata", "invalid_metadata_format")
    if metadata is not None:
        content["metadata"] = metadata
    return content


def _message_channel(ws: Workspace, args: Json) -> Channel:
    channel = ws.resolve_channel(args.get("channel"))
    ws.require_bot_access(channel)
    return channel


def auth_test(ws: Workspace, args: Json) -> Json:
    return {
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.team_name,
        "user": ws.bot_name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def chat_post_message(ws: Workspace, args: Json) -> Json:
    channel = _message_channel(ws, args)
    content = _message_content(args)
    message = ws.bot_message(channel, thread_ts=text_arg(args, "thread_ts"), **content)
    return {"channel": channel.id, "ts": message["ts"], "message": copy.deepcopy(message)}


def chat_post_ephemeral(ws: Workspace, args: Json) -> Json:
    channel = _message_channel(ws, args)
    user_id = text_arg(args, "user")
    if user_id is None or user_id not in ws.users:
        raise FakeSlackError("user_not_found")
    if user_id not in channel.members:
        raise FakeSlackError("user_not_in_channel")
    content = _message_content(args)
    thread_ts = text_arg(args, "thread_ts")
    entry = ws.add_ephemeral(user_id, channel.id, "chat.postEphemeral", thread_ts=thread_ts, **content)
    return {"message_ts": entry["ts"]}


def _own_message(ws: Workspace, args: Json, ts_field: str, refusal: str) -> tuple[Channel, Json]:
    channel = _message_channel(ws, args)
    if text_arg(args, ts_field) is None:
        raise FakeSlackError("invalid_arguments", [f"[ERROR] missing required field: {ts_field}"])
    message = ws.find_message(channel.id, text_arg(args, ts_field))
    if message.get("user") != ws.bot_user_id:
        raise FakeSlackError(refusal)
    return channel, message


def chat_update(ws: Workspace, args: Json) -> Json:
    channel, message = _own_message(ws, args, "ts", "cant_update_message")
    content = _message_content(args, partial=True)
    if "blocks" in content:
        content["blocks"] = normalize_blocks(content["blocks"], ws.new_id)
    message.update(content)
    message["edited"] = {"user": ws.bot_user_id, "ts": ws.next_ts()}
    return {"channel": channel.id, "ts": message["ts"], "text": message.get("text", ""),
            "message": copy.deepcopy(message)}


def chat_delete(ws: Workspace, args: Json) -> Json:
    channel, message = _own_message(ws, args, "ts", "cant_delete_message")
    ws.messages[channel.id].remove(message)
    return {"channel": channel.id, "ts": message["ts"]}


def chat_get_permalink(ws: Workspace, args: Json) -> Json:
    channel = ws.visible_channel(args.get("channel"))
    message = ws.find_message(channel.id, text_arg(args, "message_ts"))
    link = f"https://{ws.domain}.slack.com/archives/{channel.id}/p{message['ts'].replace('.', '')}"
    return {"channel": channel.id, "permalink": link}


def conversations_open(ws: Workspace, args: Json) -> Json:
    if text_arg(args, "channel"):
        channel = ws.visible_channel(args.get("channel"))
        return {"no_op": True, "already_open": True, "channel": channel.to_api()}
    users = id_list(args.get("users"))
    if not users:
        raise FakeSlackError("users_list_not_supplied")
    if len(users) > _MAX_MPIM_USERS:
        raise FakeSlackError("too_many_users")
    for user_id in users:
        ws.user(user_id)
    humans = sorted({u for u in users if u != ws.bot_user_id})
    if not humans:
        raise FakeSlackError("cannot_dm_bot")
    before = set(ws.channels)
    channel = ws.dm_for(humans[0]) if len(humans) == 1 else _mpim(ws, humans)
    existed = channel.id in before
    body: Json = {"channel": channel.to_api() if flag_arg(args, "return_im") else {"id": channel.id}}
    if existed:
        body.update({"no_op": True, "already_open": True})
    return body


def _mpim(ws: Workspace, humans: list[str]) -> Channel:
    members = sorted([*humans, ws.bot_user_id])
    for channel in ws.channels.values():
        if channel.kind == "mpim" and sorted(channel.members) == members:
            return channel
    names = "--".join(str(ws.users[u]["name"]) for u in humans)
    channel = Channel(ws.new_id("G"), f"mpdm-{names}-1", True, members, "mpim", None, ws.bot_user_id)
    ws.channels[channel.id] = channel
    return channel


def conversations_create(ws: Workspace, args: Json) -> Json:
    is_private = flag_arg(args, "is_private")
    # channels:manage makes public channels, groups:write private ones (channels:write is a user scope).
    ws.require_scope("groups:write" if is_private else "channels:manage")
    name = text_arg(args, "name")
    if not name:
        raise FakeSlackError("invalid_name_required")
    if len(name) > 80:
        raise FakeSlackError("invalid_name_maxlength")
    if not _CHANNEL_NAME.match(name):
        raise FakeSlackError("invalid_name_specials")
    if not name.strip("-_"):
        raise FakeSlackError("invalid_name_punctuation")
    # Archived channels keep their names, private ones too: a name is taken by any of them.
    if any(c.kind == "channel" and c.name == name for c in ws.channels.values()):
        raise FakeSlackError("name_taken")
    channel = Channel(ws.new_id("C"), name, is_private, [ws.bot_user_id], creator=ws.bot_user_id)
    ws.channels[channel.id] = channel
    return {"channel": ws.channel_api(channel)}


def _member_channel(ws: Workspace, args: Json) -> Channel:
    """A channel the bot acts in: visible, a real channel, not archived, and the bot in it."""
    channel = ws.visible_channel(args.get("channel"))
    if channel.kind != "channel":
        raise FakeSlackError("method_not_supported_for_channel_type")
    if channel.id in ws.archived:
        raise FakeSlackError("is_archived")
    if ws.bot_user_id not in channel.members:
        raise FakeSlackError("not_in_channel")
    return channel


def conversations_invite(ws: Workspace, args: Json) -> Json:
    channel = _member_channel(ws, args)
    users = id_list(args.get("users"))
    if not users:
        raise FakeSlackError("no_user")
    for user_id in users:
        user = ws.user(user_id)
        if user_id == ws.bot_user_id:
            raise FakeSlackError("cant_invite_self")
        if user.get("deleted"):  # a deactivated account cannot join anything
            raise FakeSlackError("cant_invite")
        if user.get("is_ultra_restricted"):  # a single-channel guest stays in their one channel
            raise FakeSlackError("user_is_ultra_restricted")
        if user_id in channel.members and not flag_arg(args, "force"):
            raise FakeSlackError("already_in_channel")
    channel.members.extend(u for u in users if u not in channel.members)
    return {"channel": ws.channel_api(channel)}


def conversations_set_topic(ws: Workspace, args: Json) -> Json:
    channel = _member_channel(ws, args)
    topic = args.get("topic")
    topic = "" if topic is None else str(topic)
    if len(topic) > 250:
        raise FakeSlackError("too_long")
    ws.topics[channel.id] = {"value": topic, "creator": ws.bot_user_id, "last_set": int(ws.clock())}
    return {"channel": ws.channel_api(channel)}


def conversations_info(ws: Workspace, args: Json) -> Json:
    return {"channel": ws.channel_api(ws.visible_channel(args.get("channel")))}


def conversations_list(ws: Workspace, args: Json) -> Json:
    """Public channels, and the private ones the bot is in, as Slack lists them to a bot."""
    wanted = set(id_list(args.get("types")) or ["public_channel"])
    if not wanted <= {"public_channel", "private_channel", "im", "mpim"}:
        raise FakeSlackError("invalid_types")
    listed = []
    for channel in ws.channels.values():
        kind = channel.kind if channel.kind != "channel" else (
            "private_channel" if channel.is_private else "public_channel")
        if kind not in wanted:
            continue
        if channel.is_private and ws.bot_user_id not in channel.members:
            continue
        if flag_arg(args, "exclude_archived") and channel.id in ws.archived:
            continue
        listed.append(ws.channel_api(channel))
    page, cursor = paginate(listed, args)
    return {"channels": page, "response_metadata": {"next_cursor": cursor}}


def conversations_members(ws: Workspace, args: Json) -> Json:
    channel = ws.visible_channel(args.get("channel"))
    page, cursor = paginate(list(channel.members), args)
    return {"members": page, "response_metadata": {"next_cursor": cursor}}


def users_info(ws: Workspace, args: Json) -> Json:
    return {"user": copy.deepcopy(ws.user(text_arg(args, "user")))}


def users_lookup_by_email(ws: Workspace, args: Json) -> Json:
    email = (text_arg(args, "email") or "").lower()
    if not email:
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: email"])
    for user in ws.users.values():
        if str(user["profile"].get("email", "")).lower() == email:
            return {"user": copy.deepcopy(user)}
    raise FakeSlackError("users_not_found")


def users_list(ws: Workspace, args: Json) -> Json:
    page, cursor = paginate([copy.deepcopy(u) for u in ws.users.values()], args)
    return {"members": page, "cache_ts": int(ws.clock()), "response_metadata": {"next_cursor": cursor}}


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "conversations.open": conversations_open,
    "conversations.create": conversations_create,
    "conversations.invite": conversations_invite,
    "conversations.info": conversations_info,
    "conversations.list": conversations_list,
    "conversations.setTopic": conversations_set_topic,
    "conversations.members": conversations_members,
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
    "users.list": users_list,
    **HISTORY_HANDLERS,
}
