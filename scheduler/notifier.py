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

import http.client
import logging
import threading
import urllib.error
from collections import OrderedDict
from collections.abc import Mapping
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.schedule import DeliveryFailed, Outgoing
from handlers import slack
from handlers.outbound import PERMANENT_ERRORS, ClientFor
from scheduler.dm_channels import DmChanges
from storage.installs import NotInstalled

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
        """Send one message (or update one: `out.update_ts`); the (channel, ts) it landed at.
        Raises SendError subclasses."""
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


# Errors of a post to a cached DM channel that mean the channel is no longer the user's DM
# (closed, archived, the user deactivated and back…): drop it, open the DM afresh, post once more.
STALE_DM_ERRORS = frozenset({"channel_not_found", "is_archived", "channel_is_archived", "not_in_channel"})


# Errors of a chat.update meaning the message is no longer there to update (deleted, or its
# channel deleted or left): the update is dropped (a warning), neither retried nor alerted.
GONE_ERRORS = frozenset({"message_not_found", "cant_update_message", "channel_not_found"})


def _own_call(out: Outgoing, client: WebClient) -> tuple[str, str]:
    """An Outgoing that makes its own Web API calls; its DeliveryFailed sorted like Slack's errors."""
    assert out.call is not None
    try:
        return out.call(client)
    except DeliveryFailed as exc:
        if exc.transient:
            raise TransientSendError(exc.code, to=out.to, retry_after=exc.retry_after) from None
        raise PermanentSendError(exc.code, to=out.to) from None


class SlackNotifier:
    """DMs go to user ids (conversations.open, cached), anything else is a channel id.

    The DM cache is in memory (`dm_cache_size` entries) and, through the tick, in the
    database (scheduler/dm_channels.py): what this notifier opened or dropped is reported by
    `take_dm_changes`, and `remember_dms` primes it with what the database knows.

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
        self._changes = DmChanges()
        self._lock = threading.Lock()

    def _cache(self, key: tuple[str, str], channel: str) -> None:
        """Under self._lock."""
        self._dm[key] = channel
        self._dm.move_to_end(key)
        while len(self._dm) > self._dm_cache_size:
            self._dm.popitem(last=False)

    def remember_dms(self, team_id: str, channels: Mapping[str, str]) -> None:
        with self._lock:
            for user, channel in channels.items():
                self._cache((team_id, user), channel)

    def take_dm_changes(self) -> DmChanges:
        with self._lock:
            changes, self._changes = self._changes, DmChanges()
        return changes

    def _cached_dm(self, team_id: str, user: str) -> str | None:
        key = (team_id, user)
        with self._lock:
            cached = self._dm.get(key)
            if cached is not None:
                self._dm.move_to_end(key)
            return cached

    def _open_dm(self, client: WebClient, team_id: str, user: str) -> str:
        channel = slack.dm_channel(client, user)
        with self._lock:
            self._cache((team_id, user), channel)
            self._changes.opened.append((team_id, user, channel))
        return channel

    def _drop_dm(self, team_id: str, user: str, channel: str) -> None:
        with self._lock:
            if self._dm.get((team_id, user)) == channel:
                del self._dm[(team_id, user)]
            self._changes.dropped.append((team_id, user, channel))

    def _post(self, client: WebClient, channel: str, out: Outgoing) -> tuple[str, str]:
        resp = client.chat_postMessage(
            channel=channel, text=out.text, blocks=out.blocks, thread_ts=out.thread_ts
        )
        return str(resp["channel"]), str(resp["ts"])

    def _update(self, client: WebClient, out: Outgoing, team_id: str, ts: str) -> tuple[str, str]:
        try:
            resp = client.chat_update(channel=out.to, ts=ts, text=out.text, blocks=out.blocks)
        except SlackApiError as exc:
            code = exc.response.get("error") if exc.response is not None else None
            if code not in GONE_ERRORS:
                raise
            # Deleted, or its channel is gone: no retry brings it back and nobody can press
            # what is no longer there, so the part counts as sent, with a warning.
            log.warning("message to update is gone", extra={"team": team_id, "to": out.to, "error": code})
            return out.to, ts
        return str(resp["channel"]), str(resp["ts"])

    def send(self, out: Outgoing, *, team_id: str) -> tuple[str, str]:
        try:
            client = self.client_for(team_id)
        except NotInstalled:
            # The claim skips uninstalled workspaces; one uninstalled between the claim and the
            # send has no token to retry with: permanent, and the admins are told as for any other.
            log.warning("slack send failed", extra={"team": team_id, "to": out.to, "error": "not_installed",
                                                    "permanent": True})
            raise PermanentSendError("not_installed", to=out.to) from None
        try:
            if out.call is not None:
                return _own_call(out, client)
            if out.update_ts is not None:
                return self._update(client, out, team_id, out.update_ts)
            if not is_user_id(out.to) or not self.open_dms:
                return self._post(client, out.to, out)
            cached = self._cached_dm(team_id, out.to)
            if cached is None:
                return self._post(client, self._open_dm(client, team_id, out.to), out)
            try:
                return self._post(client, cached, out)
            except SlackApiError as exc:
                if exc.response is None or exc.response.get("error") not in STALE_DM_ERRORS:
                    raise
                # A cached DM channel that no longer works: forget it, open it afresh once.
                self._drop_dm(team_id, out.to, cached)
                return self._post(client, self._open_dm(client, team_id, out.to), out)
        # http.client.HTTPException (IncompleteRead, BadStatusLine) is an answer cut mid-way:
        # transient like a reset, never an escaped exception that ends the batch.
        except (SlackApiError, SlackClientError, urllib.error.URLError, OSError, ValueError,
                http.client.HTTPException) as exc:
            error = classify(exc, out.to)
            log.warning("slack send failed", extra={"team": team_id, "to": out.to, "error": error.code,
                                                    "permanent": isinstance(error, PermanentSendError)})
            raise error from None
