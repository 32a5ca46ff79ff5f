"""conversations.history and conversations.replies on the fake Web API: reading messages back.

As Slack: newest first (history) or the thread in order (replies); `latest`/`oldest` bound the
range, exclusive unless `inclusive`; `limit` 1..999 (default 100, history) or 1..1000 (replies);
thread replies are not in a channel's history. The bot reads only conversations it is a member of
(`not_in_channel` for a public one, `channel_not_found` for a private one), a bad `latest` or
`oldest` is `invalid_ts_latest` / `invalid_ts_oldest`, a missing thread `thread_not_found`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from bot.devtools.slack.state import Channel, FakeSlackError, Json, Workspace

Handler = Callable[[Workspace, Json], Json]


def _arg(args: Json, name: str) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _ts(args: Json, name: str, error: str) -> Decimal | None:
    raw = _arg(args, name)
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise FakeSlackError(error) from None
    if not value.is_finite() or value < 0:
        raise FakeSlackError(error)
    return value


def _limit(args: Json, cap: int) -> int:
    raw = args.get("limit")
    if raw is None or raw == "":
        return 100
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise FakeSlackError("invalid_limit") from None
    return max(1, min(value, cap))


def _offset(args: Json) -> int:
    cursor = _arg(args, "cursor")
    if cursor is None:
        return 0
    if not cursor.startswith("next_ts:") or not cursor[8:].isdigit():
        raise FakeSlackError("invalid_cursor")
    return int(cursor[8:])


def _readable(ws: Workspace, args: Json) -> Channel:
    ref = args.get("channel")
    if not isinstance(ref, str) or not ref or ref not in ws.channels:
        raise FakeSlackError("channel_not_found")
    channel = ws.channels[ref]
    if ws.bot_user_id not in channel.members:
        if channel.is_private or channel.kind != "channel":
            raise FakeSlackError("channel_not_found")
        raise FakeSlackError("not_in_channel")
    return channel


def _in_range(ts: str, oldest: Decimal | None, latest: Decimal | None, inclusive: bool) -> bool:
    value = Decimal(ts)
    if latest is not None and (value > latest or (value == latest and not inclusive)):
        return False
    return not (oldest is not None and (value < oldest or (value == oldest and not inclusive)))


def _page(found: list[Json], args: Json, cap: int) -> Json:
    start, limit = _offset(args), _limit(args, cap)
    page = found[start:start + limit]
    more = start + limit < len(found)
    out: Json = {"messages": [copy.deepcopy(m) for m in page], "has_more": more}
    out["response_metadata"] = {"next_cursor": f"next_ts:{start + limit}" if more else ""}
    return out


def _flag(args: Json, name: str) -> bool:
    return args.get(name) in (True, 1, "1", "true", "True")


def conversations_history(ws: Workspace, args: Json) -> Json:
    channel = _readable(ws, args)
    latest = _ts(args, "latest", "invalid_ts_latest")
    oldest = _ts(args, "oldest", "invalid_ts_oldest")
    inclusive = _flag(args, "inclusive")
    top = [m for m in ws.messages.get(channel.id, [])
           if not m.get("thread_ts") or m.get("thread_ts") == m["ts"] or m.get("subtype") == "thread_broadcast"]
    found = sorted((m for m in top if _in_range(str(m["ts"]), oldest, latest, inclusive)),
                   key=lambda m: Decimal(str(m["ts"])), reverse=True)
    out = _page(found, args, 999)
    if latest is not None:
        out["latest"] = _arg(args, "latest")
    return out


def conversations_replies(ws: Workspace, args: Json) -> Json:
    """`ts` names the thread's parent or any message in it."""
    channel = _readable(ws, args)
    ts = _arg(args, "ts")
    if ts is None:
        raise FakeSlackError("invalid_arguments", ["[ERROR] missing required field: ts"])
    message = ws.find_message_or_none(channel.id, ts)
    if message is None:
        raise FakeSlackError("thread_not_found")
    root = str(message.get("thread_ts") or message["ts"])
    latest = _ts(args, "latest", "invalid_ts_latest")
    oldest = _ts(args, "oldest", "invalid_ts_oldest")
    inclusive = _flag(args, "inclusive")
    thread = [m for m in ws.messages.get(channel.id, []) if m["ts"] == root or m.get("thread_ts") == root]
    # The parent always comes first, as Slack answers it, whatever the range.
    found = sorted((m for m in thread if m["ts"] == root or _in_range(str(m["ts"]), oldest, latest, inclusive)),
                   key=lambda m: Decimal(str(m["ts"])))
    return _page(found, args, 1000)


HANDLERS: dict[str, Handler] = {
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
}

