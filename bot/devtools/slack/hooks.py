"""The non-API URLs the fake serves: file upload targets and response_url endpoints."""

from __future__ import annotations

import copy

from bot.devtools.slack.blockkit import validate_message_blocks
from bot.devtools.slack.shapes import Json, normalize_blocks
from bot.devtools.slack.state import ResponseTarget, Workspace
from bot.devtools.slack.wire import Reply, parse_body

MAX_RESPONSE_URL_USES = 5  # Slack honours a response_url five times (within 30 minutes)
_CONTENT_FIELDS = ("text", "blocks", "attachments", "thread_ts")


def receive_upload(ws: Workspace, file_id: str, content_type: str, raw: bytes) -> tuple[Reply, Json]:
    """Stores the bytes of a files.getUploadURLExternal upload (raw body or multipart)."""
    upload = ws.uploads.get(file_id)
    if upload is None:
        return Reply(404, {}, b"not_found"), {"file_id": file_id}
    data = raw
    if content_type.startswith("multipart/form-data"):
        _, files = parse_body(content_type, raw)
        data = next(iter(files.values()), b"")
    upload["content"] = data
    reply = Reply(200, {"Content-Type": "text/plain"}, f"OK - {len(data)}".encode())
    return reply, {"file_id": file_id, "length": len(data)}


def payload_problems(payload: Json) -> list[str]:
    blocks = payload.get("blocks")
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        return ["blocks: must be a list of blocks"]
    return validate_message_blocks(blocks)


def receive_response(ws: Workspace, key: str, payload: Json) -> Reply:
    target = ws.response_targets.get(key)
    if target is None:
        return Reply.json({"ok": False, "error": "not_found"}, 404)
    ws.responses.setdefault(key, []).append(copy.deepcopy(payload))
    target.uses += 1
    if target.uses > MAX_RESPONSE_URL_USES:
        return Reply.json({"ok": False, "error": "used_url"}, 404)
    problems = payload_problems(payload)
    if problems:
        body = {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": problems}}
        return Reply.json(body, 400)
    apply_response(ws, target, payload, "response_url")
    return Reply.json({"ok": True})


def apply_response(ws: Workspace, target: ResponseTarget, payload: Json, source: str) -> None:
    """Mirrors how Slack applies a response: replace/delete the source message, or post anew."""
    content: Json = copy.deepcopy({k: payload[k] for k in _CONTENT_FIELDS if k in payload})
    if payload.get("delete_original") or payload.get("replace_original"):
        if target.is_ephemeral and target.user_id:
            pool = ws.ephemerals.get(target.user_id, [])
        else:
            pool = ws.messages.get(target.channel_id or "", [])
        for index, message in enumerate(pool):
            if message["ts"] != target.message_ts:
                continue
            if payload.get("delete_original"):
                pool.pop(index)
            else:
                message.update(content)
                if "blocks" in content:
                    message["blocks"] = normalize_blocks(content["blocks"], ws.new_id)
            return
        if payload.get("delete_original"):
            return
        # Nothing to replace (e.g. a slash command's response_url): Slack shows it as a new reply.
    channel = ws.channels.get(target.channel_id or "")
    if payload.get("response_type") == "in_channel" and channel is not None:
        ws.bot_message(channel, **content)
    elif target.user_id:
        ws.add_ephemeral(target.user_id, target.channel_id, source, **content)
