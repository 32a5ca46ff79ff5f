"""Files a person shares with the app, on the fake Web API: files.info and the private download URL.

As Slack: `files.info` needs `files:read` (`missing_scope` without it), answers
`file_not_found` for an unknown id or a file shared nowhere the bot is, and
`invalid_arguments` without `file`. The bytes are served at the file's `url_private` /
`url_private_download` to a request carrying the bot token (Authorization: Bearer); without the
token, with another one, or with a token lacking `files:read`, Slack answers HTTP 200 with its
HTML sign-in page rather than an error status, so a client that does not check gets HTML
instead of the file — the stand-in does the same.
"""

from __future__ import annotations

import copy
import mimetypes
from collections.abc import Callable
from urllib.parse import quote

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
    return copy.deepcopy(public), copy.deepcopy(message)


def files_info(ws: Workspace, args: Json) -> Json:
    ws.require_scope("files:read")
    file_id = args.get("file")
    if not isinstance(file_id, str) or not file_id:
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: file"])
    shared = ws.user_files.get(file_id)
    if shared is not None:
        return {"file": copy.deepcopy(shared["file"]), "comments": [], "response_metadata": {"next_cursor": ""}}
    uploaded = next((f for f in ws.files if f["id"] == file_id), None)
    if uploaded is None:
        raise FakeSlackError("file_not_found")
    return {"file": {"id": file_id, "name": uploaded["filename"], "title": uploaded["title"],
                     "size": len(uploaded["content"]), "user": ws.bot_user_id}, "comments": []}


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
