"""A CSV file shared with the bot in a DM: filtered before the ack, read and imported after it.

Slack sends two events for one file shared in a DM: `message` (subtype `file_share`, with the
message's text and the file objects) and `file_shared` (only the file, user and channel ids),
in no promised order. The `message` event is the trigger because only it carries the text the
file was sent with, which names the account of an export that does not say it; `file_shared` is
acknowledged and ignored, so one file gets one answer. Slack's retries of either are dropped by
the event-id check in handlers/kit.py, and the file id is taken in once (`kpi_imports.slack_file_id`).
"""

from __future__ import annotations

from typing import Any

from bot.core.authz import Actor
from handlers.kpi.data import flows
from handlers.runtime import Runtime

MAX_FILES_PER_MESSAGE = 5  # Slack allows ten; a batch of exports is a handful


def on_file_share(rt: Runtime, event: dict[str, Any], body: dict[str, Any]) -> None:
    if event.get("channel_type") != "im" or event.get("bot_id"):
        return  # only a person's DM to the bot; never the bot's own uploads (the digest's chart)
    actor = Actor(str(body.get("team_id") or ""), str(event.get("user") or ""))
    channel = str(event.get("channel") or "")
    raw = event.get("files")
    files = [f for f in raw if isinstance(f, dict) and f.get("id")] if isinstance(raw, list) else []
    if not actor.team_id or not actor.user_id or not channel:
        return
    text = str(event.get("text") or "")
    for item in files[:MAX_FILES_PER_MESSAGE]:
        _queue(rt, actor, str(item["id"])[:32], text)


def _queue(rt: Runtime, actor: Actor, file_id: str, text: str) -> None:
    rt.sender.submit(lambda client: flows.import_shared_file(rt, client, actor, file_id, text),
                     what="kpi.file_import", team_id=actor.team_id)
