"""The digest's Web API work (after the ack, or on the scheduler's send step): the message, then
the chart in its thread, each step remembered at once so that a retry after a crash does neither
twice (docs/scheduling.md: at least once; what is left is the instant between Slack's answer
and the row being written)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.kpi import digest
from bot.kpi.digest import DigestRun
from storage.db import Database


def _file_id(response: Any) -> str:
    files = response.get("files") or ([response.get("file")] if response.get("file") else [])
    return str((files[0] or {}).get("id") or "") if files else ""


def post_digest(db: Database | None, team_id: str, run: DigestRun, channel: str, text: str,
                blocks: list[dict[str, Any]], png: bytes | None, filename: str, title: str,
                now: datetime) -> Callable[[Any], tuple[str, str]]:
    """client → (channel, ts): the message (unless this week's is already posted there) and the
    chart in its thread (unless already uploaded)."""
    week = run.view.period.start

    def work(client: Any) -> tuple[str, str]:
        digest_id: int | None = None
        ts: str | None = None
        charted = False
        if db is not None and run.trigger == "weekly":
            with db.uow(read_only=True) as s:
                row = digest.posted_digest(s, team_id, week, channel)
                if row is not None:
                    digest_id, ts, charted = row.id, row.message_ts, "chart_file" in (row.summary or {})
        if ts is None:
            answer = client.chat_postMessage(channel=channel, text=text, blocks=blocks)
            ts, channel_id = str(answer["ts"]), str(answer.get("channel") or channel)
            if db is not None:
                with db.uow() as s:
                    digest_id = digest.record_digest(s, team_id, run, channel_id, ts, now)
        if png is not None and not charted:
            uploaded = client.files_upload_v2(channel=channel, thread_ts=ts, content=png, filename=filename,
                                              title=title)
            if db is not None and digest_id is not None:
                with db.uow() as s:
                    digest.note_chart(s, team_id, digest_id, _file_id(uploaded) or "uploaded")
        return channel, ts

    return work
