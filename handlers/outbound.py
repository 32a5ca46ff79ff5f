"""Outbound Web API: a retrying client, and a small executor for work after the ack.

Listeners ack in the request thread (process_before_response=True) and hand Web API
calls to `Sender`, so Slack gets its answer in milliseconds whatever the API does.
"""

from __future__ import annotations

import http.client
import io
import json
import logging
import secrets
import select
import socket
import ssl
import threading
import traceback
import urllib.error
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from ssl import SSLContext
from typing import Any
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.web.file_upload_v2_result import FileUploadV2Result

from bot.core.config import Settings
from bot.core.errors import DomainError
from handlers import metrics, slack

log = logging.getLogger("socialops.outbound")

# Errors that no retry can fix: the admins must act (invite the bot, fix a setting).
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_not_visible",
        "users_not_found", "cannot_dm_bot", "invalid_auth", "not_authed", "account_inactive",
        "token_revoked", "missing_scope", "invalid_blocks", "invalid_arguments", "msg_too_long",
        "no_text", "restricted_action", "channel_is_archived", "message_not_found",
    }
)


# The label of the file bytes' upload of files_upload_v2 (a URL Slack gives, not a Web API method).
UPLOAD_METHOD = "files.upload_url"


class KeepAliveWebClient(WebClient):
    """A WebClient that keeps its HTTP(S) connection open between calls, one per thread and host.

    The SDK's urllib transport opens a new connection (TCP, and TLS for Slack) for every call
    and sends `Connection: close`; a scheduler sending thousands of messages spent much of its
    CPU there. Only the transport changes: the SDK still builds the request, and its retry
    handlers see the same results (an HTTP error status as `HTTPError`, a failure to send as
    `URLError`). A connection the server closed while idle is noticed before reuse and
    replaced, so a request is never sent down a dead connection; a proxy uses the SDK's own path.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault("pool", {})
        conn = pool.get((scheme, netloc))
        if conn is not None and conn.sock is not None and _dropped(conn.sock):
            conn.close()
        if conn is None:
            if scheme == "https":
                context = self.ssl or ssl.create_default_context()
                conn = http.client.HTTPSConnection(netloc, timeout=self.timeout, context=context)
            else:
                conn = http.client.HTTPConnection(netloc, timeout=self.timeout)
            pool[(scheme, netloc)] = conn
        return conn

    def _forget(self, scheme: str, netloc: str) -> None:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.get("pool", {})
        conn = pool.pop((scheme, netloc), None)
        if conn is not None:
            conn.close()

    def _perform_urllib_http_request(self, *, url: str, args: dict[str, dict[str, Any]]) -> dict[str, Any]:
        # The SDK's retry loop around `_perform_urllib_http_request_internal` (one HTTP attempt,
        # below). A failed attempt is counted there; a 2xx one ends the loop (the SDK's retry
        # handlers only retry 429s, 5xx and connection failures) and is counted here, from the
        # body the SDK already parsed: one JSON parse per response, not two.
        resp = super()._perform_urllib_http_request(url=url, args=args)
        status = int(resp.get("status") or 0)
        if 200 <= status < 300:
            body = resp.get("parsed_body")
            if body is None and isinstance(resp.get("body"), str) and resp["body"].startswith("{"):
                body = json.loads(resp["body"])  # no retry handler: the SDK parses it only later
            metrics.count_response(metrics.api_method(url, self.base_url), body)
        return resp

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        try:
            return self._attempt(url, req)
        except urllib.error.HTTPError as exc:
            metrics.count_http_error(metrics.api_method(url, self.base_url), exc.code)
            raise
        except Exception:
            metrics.count_connection_error(metrics.api_method(url, self.base_url))
            raise

    def _upload_file(self, *, url: str, data: bytes, logger: logging.Logger, timeout: int, proxy: str | None,
                     ssl: SSLContext | None) -> FileUploadV2Result:
        # files_upload_v2 sends the bytes to the upload URL Slack gave, outside the Web API transport.
        try:
            result = super()._upload_file(url=url, data=data, logger=logger, timeout=timeout, proxy=proxy, ssl=ssl)
        except Exception:
            metrics.count_connection_error(UPLOAD_METHOD)
            raise
        if result.status is not None and 200 <= result.status < 300:
            metrics.count_response(UPLOAD_METHOD, None)
        else:
            metrics.count_http_error(UPLOAD_METHOD, result.status or 0)
        return result

    def _attempt(self, url: str, req: Request) -> dict[str, Any]:
        """One HTTP attempt on the kept-alive connection (the SDK's own path through a proxy)."""
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        conn = self._connection(parts.scheme, parts.netloc)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            try:
                conn.request(req.get_method(), path, body=req.data, headers=dict(req.header_items()))
            except OSError as exc:
                raise urllib.error.URLError(exc) from exc  # as urllib reports a failure to send
            resp = conn.getresponse()
            body = resp.read()
        except BaseException:
            self._forget(parts.scheme, parts.netloc)
            raise
        if resp.will_close:
            self._forget(parts.scheme, parts.netloc)
        if not 200 <= resp.status < 300:
            raise urllib.error.HTTPError(url, resp.status, resp.reason, resp.headers, io.BytesIO(body))
        if resp.headers.get_content_type() == "application/gzip":
            return {"status": resp.status, "headers": resp.headers, "body": body}
        return {"status": resp.status, "headers": resp.headers,
                "body": body.decode(resp.headers.get_content_charset() or "utf-8")}


def _dropped(sock: socket.socket) -> bool:
    """An idle kept-alive connection is readable only when the server closed it (or broke it)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def make_client(settings: Settings, *, max_retries: int = 3, token: str | None = None) -> WebClient:
    """`token`: a workspace's own bot token (OAuth installs); the settings' SLACK_BOT_TOKEN otherwise."""
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    client = KeepAliveWebClient(token=token, base_url=settings.slack_api_url, timeout=10)
    client.retry_handlers.extend(
        [
            ConnectionErrorRetryHandler(max_retry_count=max_retries),
            RateLimitErrorRetryHandler(max_retry_count=max_retries),
            ServerErrorRetryHandler(max_retry_count=max_retries),
        ]
    )
    return client


def slack_error_code(exc: BaseException) -> str | None:
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else None
        return str(error) if error else None
    return None


def error_ref() -> str:
    """A short id the user is shown with an apology and the log carries with the traceback,
    so a support request can be matched to its log line without the user's words."""
    return secrets.token_hex(4)


def traceback_text(exc: BaseException) -> str:
    """The traceback as a log field: the JSON log lines keep only the exception's type."""
    return "".join(traceback.format_exception(exc)).rstrip()


@dataclass(frozen=True)
class Notify:
    """Whom to tell when after-ack work fails, and what: `text(exc, ref)` in their language."""

    user_id: str
    channel: str  # where they acted: an ephemeral there, or a DM when "" or a DM
    text: Callable[[Exception, str], str]


# The Web API client that acts for one workspace. Today every workspace shares the one bot
# token; an OAuth install gives each its own, and only this function changes.
ClientFor = Callable[[str], WebClient]


class Sender:
    """Runs Web API work off the request thread; `wait_idle` lets tests and the console sync."""

    def __init__(self, client: WebClient, *, workers: int = 4, client_for: ClientFor | None = None) -> None:
        self.client = client
        self.client_for: ClientFor = client_for or (lambda _team: client)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sender")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, work: Callable[[WebClient], Any], *, what: str = "", team_id: str = "",
               notify: Notify | None = None) -> Future[Any]:
        """Run `work(client)` later, with the client of `team_id` (the bot's own when not given).

        When it fails, `notify` (if given) is told so: the user who acted already got their
        ack, and without this the failure would only be in the log.
        """
        with self._idle:
            self._pending += 1
        return self._pool.submit(self._run, work, what, team_id, notify)

    def _run(self, work: Callable[[WebClient], Any], what: str, team_id: str, notify: Notify | None) -> Any:
        client = self.client
        try:
            client = self.client_for(team_id) if team_id else self.client
            return work(client)
        except Exception as exc:
            if slack_error_code(exc) == "exchanged_trigger_id":
                # A listener opens one modal per trigger, once: Slack calling it used means an
                # earlier attempt of this same call opened it (its answer lost to a reset, the
                # SDK tried again). The modal is in front of the user; an apology would be false.
                log.warning("modal already opened", extra={"what": what, "team": team_id,
                                                           "error": "exchanged_trigger_id"})
                return None
            ref = error_ref()
            self._report(exc, what, team_id, ref)
            if notify is not None:
                self._tell(client, notify, exc, ref, what, team_id)
            return None
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    @staticmethod
    def _report(exc: Exception, what: str, team_id: str, ref: str) -> None:
        fields: dict[str, Any] = {"what": what, "team": team_id, "ref": ref,
                                  "error": slack_error_code(exc) or type(exc).__name__}
        if isinstance(exc, DomainError):
            # A rule said no after the ack (the state changed meanwhile): not a bug, no traceback.
            log.warning("send refused", extra={**fields, "error": exc.key})
        else:
            log.error("send failed", exc_info=exc, extra={**fields, "traceback": traceback_text(exc)})

    @staticmethod
    def _tell(client: WebClient, notify: Notify, exc: Exception, ref: str, what: str, team_id: str) -> None:
        text = notify.text(exc, ref)
        try:
            # Where Slack refuses the ephemeral (the bot is not in that channel), tell falls back to a DM.
            slack.tell(client, notify.user_id, notify.channel, text)
            return
        except Exception as failed:
            problem: Exception = failed
        # Slack itself may be what failed: the log line above is all there is. Never retried
        # from here, so a failing apology cannot loop.
        log.error("apology not delivered", extra={"what": what, "team": team_id, "ref": ref,
                                                  "error": slack_error_code(problem) or type(problem).__name__})

    def wait_idle(self, timeout: float = 10.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
