"""Files on the fake Web API: files.info, the private download URL of a file a person shared,
and the file objects of the app's own uploads (files.completeUploadExternal, methods_views.py).

As Slack: `files.info` needs `files:read` (`missing_scope` without it), answers
`file_not_found` for an unknown id or a file shared nowhere the bot is, and
`invalid_arguments` without `file`. Its file object says where the file is shared as Slack's
file object does: `channels` (public channels), `groups` (private channels and group DMs) and
`ims` (DMs) list the conversation ids, and `shares` has, under "public" or "private", each
conversation's share messages (`ts`, `thread_ts` when in a thread, `channel_name`, `team_id`,
the reply counts). An upload whose bytes were sent but that files.completeUploadExternal did
not complete is in no conversation and not the bot's to read yet: `file_not_found` (what an
app that lost the completion's answer meets when it asks whether the file was shared).

The bytes of a file a person shared are served at its `url_private` / `url_private_download`
to a request carrying the bot token (Authorization: Bearer); without the token, with another
one, or with a token lacking `files:read`, Slack answers HTTP 200 with its HTML sign-in page
rather than an error status, so a client that does not check gets HTML
instead of the file — the stand-in does the same.
"""

from __future__ import annotations

import copy
import mimetypes
from collections.abc import Callable
from urllib.parse import quote

from bot.devtools.slack.shapes import Channel
from bot.devtools.slack.state import FakeSlackError, Json, Workspace
from bot.devtools.slack.wire import Reply

Handler = Callable[[Workspace, Json], Json]
DOWNLOAD_ROUTE = "files-pri"
LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in | Slack</title></head>"
              b"<body>Sign in to your workspace</body></html>")


def share_user_file(ws: Workspace, user_id: str, filename: str, content: bytes, *, text: str = "",
                    mimetype: str | None = None) -> tuple[Json, Json]:
    """`user_id` sends `filename` to the app in their DM: the file object and the DM message."""
    ws.user(user_id)
    channel = ws.dm_for(user_id)
    file_id = ws.new_id("F")
    kind = mimetype or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    base = f"{ws.base_url}{DOWNLOAD_ROUTE}/{ws.team_id}-{file_id}"
    public: Json = {
        "id": file_id, "created": int(ws.clock()), "timestamp": int(ws.clock()), "name": filename,
        "title": filename, "mimetype": kind,
        "filetype": filename.rsplit(".", 1)[-1].lower() if "." in filename else "binary",
        "user": user_id, "user_team": ws.team_id, "size": len(content), "mode": "hosted", "is_external": False,
        "is_public": False, "url_private": f"{base}/{quote(filename)}",
        "url_private_download": f"{base}/download/{quote(filename)}", "channels": [], "groups": [], "ims": [channel.id],
    }
    ws.user_files[file_id] = {"file": public, "content": content}
    message = ws.store_message(channel, {"user": user_id, "text": text, "subtype": "file_share", "upload": True,
                                         "display_as_bot": False, "files": [copy.deepcopy(public)]})
    public["shares"] = {}
    record_share(ws, public, channel, message)
    return copy.deepcopy(public), copy.deepcopy(message)


def files_info(ws: Workspace, args: Json) -> Json:
    ws.require_scope("files:read")
    file_id = args.get("file")
    if not isinstance(file_id, str) or not file_id:
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: file"])
    shared = ws.user_files.get(file_id)
    if shared is not None:
        return {"file": copy.deepcopy(shared["file"]), "comments": [], "response_metadata": {"next_cursor": ""}}
    uploaded = ws.uploaded.get(file_id)
    if uploaded is None:  # unknown, or an upload not completed (still in ws.uploads)
        raise FakeSlackError("file_not_found")
    return {"file": copy.deepcopy(uploaded), "comments": [], "response_metadata": {"next_cursor": ""}}


def uploaded_object(ws: Workspace, entry: Json) -> Json:
    """The file object of a completed upload (`entry`: what completeUploadExternal answers with),
    shared nowhere yet: `record_share` adds each conversation it is posted in."""
    obj: Json = {key: value for key, value in entry.items() if key != "channels"}
    obj.update({"timestamp": obj.get("created"), "user_team": ws.team_id, "mode": "hosted", "is_external": False,
                "editable": False, "is_public": False, "display_as_bot": False, "comments_count": 0,
                "channels": [], "groups": [], "ims": [], "shares": {}})
    return obj


def record_share(ws: Workspace, obj: Json, channel: Channel, message: Json) -> None:
    """`obj` (a file object) was posted in `channel` by `message` (its author shared it)."""
    public = channel.kind == "channel" and not channel.is_private
    listed = "channels" if public else "ims" if channel.kind == "im" else "groups"
    if channel.id not in obj[listed]:
        obj[listed].append(channel.id)
    obj["is_public"] = bool(obj["is_public"] or public)
    share: Json = {"reply_users": [], "reply_users_count": 0, "reply_count": 0, "ts": message["ts"],
                   "channel_name": channel.name, "team_id": ws.team_id, "share_user_id": message.get("user")}
    if message.get("thread_ts") and message["thread_ts"] != message["ts"]:
        share["thread_ts"] = message["thread_ts"]
    obj["shares"].setdefault("public" if public else "private", {}).setdefault(channel.id, []).append(share)


def serve_download(ws: Workspace, tail: str, token: str | None) -> tuple[Reply, Json]:
    """GET <files-pri>/<team>-<file id>/[download/]<name>: the bytes, or the sign-in page."""
    ref = tail.split("/", 1)[0]
    team, _, file_id = ref.partition("-")
    shared = ws.user_files.get(file_id) if team == ws.team_id else None
    args: Json = {"file_id": file_id, "authorized": False}
    if shared is None:
        return Reply(404, {"Content-Type": "text/plain"}, b"file not found"), args
    if token != ws.bot_token or "files:read" not in ws.scopes:
        return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, LOGIN_PAGE), args
    args["authorized"] = True
    headers = {"Content-Type": str(shared["file"]["mimetype"]),
               "Content-Disposition": f'attachment; filename="{shared["file"]["name"]}"'}
    return Reply(200, headers, bytes(shared["content"])), args


HANDLERS: dict[str, Handler] = {
    "files.info": files_info,
}
