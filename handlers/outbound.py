"""Outbound Web API: a retrying client, and a small executor for work after the ack.

Listeners ack in the request thread (process_before_response=True) and hand Web API
calls to `Sender`, so Slack gets its answer in milliseconds whatever the API does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.core.config import Settings

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


def make_client(settings: Settings, *, max_retries: int = 3) -> WebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = WebClient(token=token, base_url=settings.slack_api_url, timeout=10)
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

    def submit(self, work: Callable[[WebClient], Any], *, what: str = "", team_id: str = "") -> Future[Any]:
        """Run `work(client)` later, with the client of `team_id` (the bot's own when not given)."""
        with self._idle:
            self._pending += 1
        return self._pool.submit(self._run, work, what, team_id)

    def _run(self, work: Callable[[WebClient], Any], what: str, team_id: str) -> Any:
        try:
            return work(self.client_for(team_id) if team_id else self.client)
        except Exception as exc:
            log.error("send failed", extra={"what": what, "error": slack_error_code(exc) or type(exc).__name__})
            return None
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
