"""Sending an `Outgoing` through the Slack Web API, with errors sorted for the scheduler.

The WebClient (handlers.outbound.make_client) already retries in place: connection errors,
5xx, and 429 after sleeping the `Retry-After` Slack asked for. What still fails reaches
us as one of two kinds:

- PermanentSendError: no retry can fix it (channel_not_found, not_in_channel,
  user_not_found, a revoked token…): the admins must act.
- TransientSendError: try again later (rate limited again, Slack down, network).

Error texts are Slack error codes or exception class names only — never a message body
that might echo a token or a URL with credentials.
"""

from __future__ import annotations

import logging
import threading
import urllib.error
from collections import OrderedDict
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.schedule import Outgoing
from handlers import slack
from handlers.outbound import PERMANENT_ERRORS, ClientFor

log = logging.getLogger("socialops.scheduler")


class SendError(Exception):
    def __init__(self, code: str, *, to: str) -> None:
        super().__init__(code)
        self.code = code
        self.to = to


class PermanentSendError(SendError):
    pass


class TransientSendError(SendError):
    def __init__(self, code: str, *, to: str, retry_after: float | None = None) -> None:
        super().__init__(code, to=to)
        self.retry_after = retry_after


class Notifier(Protocol):
    def send(self, out: Outgoing, *, team_id: str) -> tuple[str, str]:
        """Send one message; the (channel, ts) it landed at. Raises SendError subclasses."""
        ...


def is_user_id(target: str) -> bool:
    return target[:1] in {"U", "W"}


def _retry_after(exc: SlackApiError) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    for key, value in headers.items():
        if str(key).lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
    return None


def classify(exc: Exception, to: str) -> SendError:
    """Turn what the Web API raised into a permanent or transient send error."""
    if isinstance(exc, SlackApiError):
        code = str((exc.response.get("error") if exc.response is not None else None) or "")
        status = int(getattr(exc.response, "status_code", 0) or 0)
        if code in PERMANENT_ERRORS:
            return PermanentSendError(code, to=to)
        if status == 429 or code == "ratelimited":
            return TransientSendError("ratelimited", to=to, retry_after=_retry_after(exc))
        return TransientSendError(code or f"http_{status}", to=to)
    if isinstance(exc, urllib.error.HTTPError):
        return TransientSendError(f"http_{exc.code}", to=to)
    return TransientSendError(type(exc).__name__, to=to)


class SlackNotifier:
    """DMs go to user ids (conversations.open, cached), anything else is a channel id.

    `open_dms=False` posts to the user id directly (Slack delivers it to the app's DM):
    no conversations.open (Tier 3, ~50/min) on a large fan-out, but an unknown user then
    reads as channel_not_found rather than user_not_found.
    """

    def __init__(self, client: WebClient, *, dm_cache_size: int = 50_000, open_dms: bool = True,
                 client_for: ClientFor | None = None) -> None:
        self.client = client
        # Each workspace's own client (one bot token today; per install with OAuth).
        self.client_for: ClientFor = client_for or (lambda _team: client)
        self.open_dms = open_dms
        self._dm: OrderedDict[tuple[str, str], str] = OrderedDict()  # (team, user) → DM channel
        self._dm_cache_size = dm_cache_size
        self._lock = threading.Lock()

    def _dm_channel(self, client: WebClient, team_id: str, user: str) -> str:
        key = (team_id, user)
        with self._lock:
            cached = self._dm.get(key)
            if cached is not None:
                self._dm.move_to_end(key)
                return cached
        channel = slack.dm_channel(client, user)
        with self._lock:
            self._dm[key] = channel
            while len(self._dm) > self._dm_cache_size:
                self._dm.popitem(last=False)
        return channel

    def _post(self, client: WebClient, channel: str, out: Outgoing) -> tuple[str, str]:
        resp = client.chat_postMessage(
            channel=channel, text=out.text, blocks=out.blocks, thread_ts=out.thread_ts
        )
        return str(resp["channel"]), str(resp["ts"])

    def send(self, out: Outgoing, *, team_id: str) -> tuple[str, str]:
        client = self.client_for(team_id)
        try:
            if not is_user_id(out.to) or not self.open_dms:
                return self._post(client, out.to, out)
            channel = self._dm_channel(client, team_id, out.to)
            try:
                return self._post(client, channel, out)
            except SlackApiError as exc:
                if exc.response is None or exc.response.get("error") != "channel_not_found":
                    raise
                # A cached DM channel that no longer works: open it afresh once.
                with self._lock:
                    self._dm.pop((team_id, out.to), None)
                return self._post(client, self._dm_channel(client, team_id, out.to), out)
        except (SlackApiError, SlackClientError, urllib.error.URLError, OSError, ValueError) as exc:
            error = classify(exc, out.to)
            log.warning("slack send failed", extra={"team": team_id, "to": out.to, "error": error.code,
                                                    "permanent": isinstance(error, PermanentSendError)})
            raise error from None
