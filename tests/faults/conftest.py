"""Fixtures for the Web API fault tests: the app behind its real HTTP server, fast SDK retries.

The ack is timed on the signed request's HTTP answer (waitress, `bot/web.py`), so the
in-process driver of tests/conftest.py, which waits for the after-ack work, is not used for
the requests under test (only for the workspace's setup).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from bot.devtools.slack import SlackDriver
from bot.web import make_server
from tests.conftest import SIGNING_SECRET
from tests.scheduler.kit import TEST_KINDS

# Slack wants the ack within 3 s; the property holds with room to spare on a loaded CI machine.
ACK_BOUND = 3.0
# The SDK's own pause between in-place retries of a 5xx or a reset (0.5 s, 1 s, 2 s by
# default), shortened so the matrix stays cheap: what is tested is that it retries, not how long
# it pauses. A 429 still waits its Retry-After (RateLimitErrorRetryHandler reads the header).
RETRY_PAUSE = 0.05


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TEST_KINDS,)


@pytest.fixture
def slack(slack: Any) -> Iterator[Any]:
    """tests/conftest.py's stand-in; its teardown refuses any exchanged_trigger_id, but a
    views.open retried after a reset of its answer meets exactly that (the first attempt
    opened the modal). Those retries, and only those, are taken out of the record first."""
    yield slack
    explained = [call for before, call in zip(slack.calls, slack.calls[1:], strict=False)
                 if call.method == "views.open" and call.error == "exchanged_trigger_id"
                 and before.method == "views.open" and before.error == "connection_reset"]
    slack.calls[:] = [call for call in slack.calls if all(call is not e for e in explained)]


@pytest.fixture
def fast_retries(rt: Any) -> None:
    for client in {id(rt.client): rt.client, id(rt.sender.client): rt.sender.client}.values():
        for handler in client.retry_handlers:
            handler.interval_calculator = FixedValueRetryIntervalCalculator(RETRY_PAUSE)


@pytest.fixture
def web(rt: Any, slack: Any, fast_retries: None) -> Iterator[SlackDriver]:
    """A driver posting signed requests to the app's HTTP server."""
    server = make_server(rt, host="127.0.0.1", port=0, threads=4)
    # waitress's loop wakes every asyncore_loop_timeout (1 s) to notice it was closed; a
    # shorter one keeps each of the matrix's many teardowns from waiting a second.
    server.adj.asyncore_loop_timeout = 0.02
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield SlackDriver(slack, SIGNING_SECRET, url=f"http://127.0.0.1:{server.effective_port}/slack/events")
    finally:
        server.close()
        thread.join(timeout=5)


def acked(send: Callable[[], Any]) -> Any:
    """Sends one signed request; asserts Slack got its 200 within ACK_BOUND seconds."""
    started = time.monotonic()
    response = send()
    took = time.monotonic() - started
    assert response.status == 200, response.body
    assert took < ACK_BOUND, f"the ack took {took:.2f} s"
    return response
