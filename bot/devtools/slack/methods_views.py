"""Handlers for views.* and the files upload v2 flow on the fake Web API."""

from __future__ import annotations

import copy
import mimetypes
from typing import Any

from bot.devtools.slack import methods_files
from bot.devtools.slack.blockkit import validate_view
from bot.devtools.slack.methods import Handler, id_list, json_arg, text_arg
from bot.devtools.slack.state import FakeSlackError, Json, Workspace


def checked_view(spec: Any, kind: str) -> Json:
    """Slack answers every view problem with invalid_arguments plus explanatory messages."""
    if not isinstance(spec, dict):
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: view"])
    problems = validate_view(spec)
    if spec.get("type") != kind:
        problems.insert(0, f"type: must be {kind} for this method")
    if problems:
        raise FakeSlackError("invalid_arguments", [f"[ERROR] {p}" for p in problems])
    return spec


def _view_arg(args: Json, kind: str) -> Json:
    return checked_view(json_arg(args, "view", "invalid_arguments"), kind)


def _unique_external_id(ws: Workspace, spec: Json, keep: str | None = None) -> None:
    external_id = spec.get("external_id")
    if not external_id:
        return
    try:
        _, existing = ws.locate_view(external_id=str(external_id))
    except FakeSlackError:
        return
    if existing["id"] != keep:
        raise FakeSlackError("duplicate_external_id")


def views_open(ws: Workspace, args: Json) -> Json:
    trigger = ws.check_trigger(args.get("trigger_id"))
    spec = _view_arg(args, "modal")
    _unique_external_id(ws, spec)
    trigger.used = True
    view = ws.push_modal(trigger.user_id or "", spec, replace_stack=True)
    return {"view": copy.deepcopy(view)}


def views_push(ws: Workspace, args: Json) -> Json:
    trigger = ws.check_trigger(args.get("trigger_id"))
    spec = _view_arg(args, "modal")
    _unique_external_id(ws, spec)
    view = ws.push_modal(trigger.user_id or "", spec)
    trigger.used = True
    return {"view": copy.deepcopy(view)}


def views_update(ws: Workspace, args: Json) -> Json:
    view_id, external_id = text_arg(args, "view_id"), text_arg(args, "external_id")
    if not view_id and not external_id:
        raise FakeSlackError("invalid_arguments", ["[ERROR] either view_id or external_id is required"])
    _, old = ws.locate_view(view_id, external_id)
    spec = _view_arg(args, str(old["type"]))
    _unique_external_id(ws, spec, keep=old["id"])
    view = ws.replace_view(old["id"], spec, text_arg(args, "hash"))
    return {"view": copy.deepcopy(view)}


def views_publish(ws: Workspace, args: Json) -> Json:
    user_id = text_arg(args, "user_id")
    ws.user(user_id)
    assert user_id is not None  # ws.user() raised otherwise
    spec = _view_arg(args, "home")
    old = ws.homes.get(user_id)
    if old is None:
        view = ws.build_view(spec)
        ws.homes[user_id] = view
    else:
        view = ws.replace_view(old["id"], spec, text_arg(args, "hash"))
    return {"view": copy.deepcopy(view)}


def files_get_upload_url(ws: Workspace, args: Json) -> Json:
    filename = text_arg(args, "filename")
    if not filename:
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: filename"])
    try:
        length = int(args.get("length", ""))
    except (TypeError, ValueError):
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: length"]) from None
    if length < 0:
        raise FakeSlackError("invalid_arguments", ["[ERROR] length must be non-negative"])
    file_id = ws.new_id("F")
    ws.uploads[file_id] = {"id": file_id, "filename": filename, "length": length, "content": None}
    return {"upload_url": f"{ws.base_url}upload/{file_id}", "file_id": file_id}


def files_complete_upload(ws: Workspace, args: Json) -> Json:
    entries = json_arg(args, "files", "invalid_arguments")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) and e.get("id")
                                                                for e in entries):
        raise FakeSlackError("invalid_arguments", ["[ERROR] files must be a non-empty list of {id, title}"])
    pending = [ws.uploads.get(str(e["id"])) for e in entries]
    if any(p is None or p["content"] is None for p in pending):
        raise FakeSlackError("file_not_found")
    channel_ids = id_list(args.get("channel_id")) or id_list(args.get("channels"))
    channels = [ws.resolve_channel(c) for c in channel_ids]
    for channel in channels:
        ws.require_bot_access(channel)
    thread_ts = text_arg(args, "thread_ts")
    comment = text_arg(args, "initial_comment")
    public: list[Json] = []
    for entry, upload in zip(entries, pending, strict=True):
        assert upload is not None
        title = text_arg(entry, "title") or upload["filename"]
        mimetype = mimetypes.guess_type(upload["filename"])[0] or "application/octet-stream"
        public.append({
            "id": upload["id"], "name": upload["filename"], "title": title, "mimetype": mimetype,
            "filetype": upload["filename"].rsplit(".", 1)[-1] if "." in upload["filename"] else "binary",
            "size": len(upload["content"]), "user": ws.bot_user_id, "created": int(ws.clock()),
            "url_private": f"{ws.base_url}files/{upload['id']}", "channels": [c.id for c in channels],
        })
        ws.files.append({
            "id": upload["id"], "filename": upload["filename"], "title": title,
            "channel_id": channels[0].id if channels else None, "thread_ts": thread_ts,
            "initial_comment": comment, "content": upload["content"],
        })
        del ws.uploads[upload["id"]]
    for entry_public in public:
        ws.uploaded[entry_public["id"]] = methods_files.uploaded_object(ws, entry_public)
    for channel in channels:
        message = ws.bot_message(channel, text=comment or "", files=copy.deepcopy(public), thread_ts=thread_ts,
                                 upload=True)
        for entry_public in public:
            methods_files.record_share(ws, ws.uploaded[entry_public["id"]], channel, message)
    return {"files": [{"id": f["id"], "title": f["title"]} for f in public]}


HANDLERS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": files_get_upload_url,
    "files.completeUploadExternal": files_complete_upload,
}
