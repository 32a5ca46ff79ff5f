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
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.web.file_upload_v2_result import FileUploadV2Result
from slack_sdk.web.slack_response import SlackResponse

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

# Methods whose call changes nothing anyone sees (reads; conversations.open finds or makes the
# DM the next call needs): when one's answer is lost, the work stopped before doing anything.
_NO_EFFECT_VERBS = ("info", "list", "history", "replies", "lookup", "get", "members", "test")
_NO_EFFECT_METHODS = frozenset({"conversations.open"})

# files.info's answers that say a file is not there (never completed, or gone).
_FILE_ABSENT = frozenset({"file_not_found", "file_deleted"})


class AnswerTimeout(TimeoutError):
    """The client sent a call and gave up waiting for its answer: Slack may have done it.

    Still a TimeoutError, so what treats timeouts as transient goes on doing so. The SDK's
    retry handlers do not retry it and nothing here does either: sending a post again without
    knowing whether the first one was made could post it twice.
    """

    def __init__(self, method: str) -> None:
        super().__init__(f"no answer to {method} within the client's timeout")
        self.method = method


class OutcomeUnknown(SlackClientError):
    """A call whose result could not be learnt: its answer was lost and the check that would
    have told (files.info after a file's completion) did not answer either, or could not be
    conclusive yet. A SlackClientError, so callers that handle the client's errors handle it."""

    def __init__(self, method: str) -> None:
        super().__init__(f"the outcome of {method} is unknown")
        self.method = method


def outcome_unknown(exc: BaseException) -> bool:
    """Whether `exc` leaves it open that Slack did what was asked (a lost answer of a call that
    acts), so that "it failed" would be a guess, perhaps a false one."""
    if isinstance(exc, OutcomeUnknown):
        return True
    if isinstance(exc, AnswerTimeout):
        verb = exc.method.rsplit(".", 1)[-1]
        return exc.method not in _NO_EFFECT_METHODS and not verb.startswith(_NO_EFFECT_VERBS)
    return False


class MaybeDone(DomainError):
    """What the user is told after `outcome_unknown` work: it may have gone through (check
    before trying again), with the reference the log line carries."""

    def __init__(self, ref: str) -> None:
        super().__init__("error.maybe_done", ref=ref)


def _share_places(file: dict[str, Any]) -> set[str]:
    """The conversations a files.info file object says it is shared in (Slack's file object:
    `channels`, `groups`, `ims`, and `shares` by "public" / "private" conversation id)."""
    places: set[str] = set()
    for listed in ("channels", "groups", "ims"):
        value = file.get(listed)
        if isinstance(value, list):
            places.update(str(item) for item in value)
    shares = file.get("shares")
    if isinstance(shares, dict):
        for kind in ("public", "private"):
            by_channel = shares.get(kind)
            if isinstance(by_channel, dict):
                places.update(str(channel) for channel in by_channel)
    return places


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
        try:
            resp = super()._perform_urllib_http_request(url=url, args=args)
        except AnswerTimeout:
            raise
        except TimeoutError as exc:
            # A failure to connect or to send is a URLError (here and in urllib), which the SDK
            # retries; a bare timeout is the wait for the answer of a request already sent.
            raise AnswerTimeout(metrics.api_method(url, self.base_url)) from exc
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

    def files_completeUploadExternal(
        self,
        *,
        files: list[dict[str, str | None]],
        channel_id: str | None = None,
        channels: list[str] | None = None,
        initial_comment: str | None = None,
        thread_ts: str | None = None,
        **kwargs: Any,
    ) -> SlackResponse:
        """The last step of files_upload_v2, which shares the uploaded files.

        When its answer is lost (a reset after Slack shared them: the SDK's retry then meets
        `file_not_found`, the upload being complete already), files.info tells whether the
        files are shared where asked; if so the upload is done and its answer is made from
        files.info's, so the caller neither apologises nor uploads again. Only when files.info
        says they are not does the error stand; when it cannot say, OutcomeUnknown.
        """
        try:
            return super().files_completeUploadExternal(
                files=files, channel_id=channel_id, channels=channels, initial_comment=initial_comment,
                thread_ts=thread_ts, **kwargs)
        except Exception as exc:
            if slack_error_code(exc) in PERMANENT_ERRORS:
                raise  # refused as asked (the first attempt's answer): nothing was shared
            targets = [channel_id] if channel_id else list(channels or [])
            shared = self._shared_files([str(f.get("id") or "") for f in files], targets, kwargs.get("token"))
            if shared is None:
                if isinstance(exc, AnswerTimeout):
                    # Slack may still be completing the upload it was slow to answer: "not yet".
                    raise OutcomeUnknown("files.completeUploadExternal") from exc
                raise
            log.warning("upload completed, its answer lost", extra={
                "method": "files.completeUploadExternal", "error": slack_error_code(exc) or type(exc).__name__,
                "files": [f["id"] for f in shared]})
            return SlackResponse(client=self, http_verb="POST", api_url=f"{self.base_url}files.completeUploadExternal",
                                 req_args={}, data={"ok": True, "files": shared}, headers={}, status_code=200)

    def _shared_files(self, file_ids: list[str], targets: list[str], token: str | None) -> list[dict[str, Any]] | None:
        """files.info's objects of `file_ids` when each is shared in every one of `targets`;
        None when files.info says one is not (or is not there); OutcomeUnknown when it fails."""
        if not targets or not all(file_ids):
            return None  # a private upload (no conversation): files.info could not tell it done
        found: list[dict[str, Any]] = []
        for file_id in file_ids:
            try:
                # token=None is the client's own, as the SDK's files_upload_v2 passes it on.
                info = self.files_info(file=file_id, token=token)
            except SlackApiError as exc:
                if slack_error_code(exc) in _FILE_ABSENT:
                    return None
                raise OutcomeUnknown("files.completeUploadExternal") from exc
            except Exception as exc:
                raise OutcomeUnknown("files.completeUploadExternal") from exc
            file = info.get("file")
            if not isinstance(file, dict) or not set(targets) <= _share_places(file):
                return None
            found.append(file)
        return found

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
                # A lost answer of a call that acts: "it failed" could be false; say what is known.
                told: Exception = MaybeDone(ref) if outcome_unknown(exc) else exc
                self._tell(client, notify, told, ref, what, team_id)
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
        elif outcome_unknown(exc):
            # Not known to have failed: Slack may have done it (its answer was lost).
            log.warning("send outcome unknown", extra={**fields, "traceback": traceback_text(exc)})
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
