"""Web API faults under the scheduler: no delivery lost, none sent twice beyond the window.

A delivery meets each fault kind of the stand-in on each call of its send (the DM's
conversations.open, the chat.postMessage), then the ticks run on the test clock: it is sent
after the SDK's in-place retries, or goes back to pending with backoff and is sent by a later
tick, or is dead-lettered after its attempts and the admins told. Posts are counted per
delivery: one, or two where the answer of a post Slack made was lost (a reset, or a slow
answer past the client's timeout) — the at-least-once window of docs/scheduling.md.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from scheduler import deliver
from scheduler.alerts import ALERT_KIND
from scheduler.jobs import tick
from tests.conftest import ADMIN, ANA, GENERAL, FakeClock
from tests.faults.test_faults_after_ack import FAULTS, RETRY_AFTER
from tests.scheduler.kit import add, row, rows

pytestmark = pytest.mark.usefixtures("fast_retries")


def posted(slack: Any, channel: str, text: str) -> int:
    """Posts of the delivery whose text is `text` (a late one says so after it)."""
    return sum(1 for m in slack.messages(channel) if str(m.get("text")).split(" (late")[0] == text)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("method", ["conversations.open", "chat.postMessage"])
def test_a_dm_delivery_meets_each_fault_once(rt: Any, slack: Any, clock: FakeClock, method: str,
                                            fault: str) -> None:
    did = add(rt.ctx.db, clock.now, to=ANA, text="your reminder")
    slack.fail_next(method, **FAULTS[fault])
    tick(rt)
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts) == ("sent", 1)
    expected = 2 if (method, fault) == ("chat.postMessage", "reset") else 1
    assert posted(slack, slack.dm_channel(ANA), "your reminder") == expected


@pytest.mark.parametrize("fault", ["429", "503", "drop", "reset"])
def test_a_fault_outlasting_the_client_retries_is_retried_later_with_backoff(
    rt: Any, slack: Any, clock: FakeClock, fault: str
) -> None:
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="status update")
    slack.fail_next("chat.postMessage", times=4, **FAULTS[fault])  # the client retries 3 times
    tick(rt)
    d = row(rt.ctx.db, did)
    assert d.state == "pending"
    if fault == "429":
        # Slack asking to slow down is not the delivery failing: not counted, due after Retry-After.
        assert (d.attempts, d.last_error) == (0, "ratelimited")
        assert d.due_at >= clock.now + timedelta(seconds=RETRY_AFTER)
    else:
        assert d.attempts == 1 and d.last_error
        assert d.due_at >= clock.now + deliver.BACKOFF_BASE
    tick(rt, now=clock.advance(seconds=1))
    assert row(rt.ctx.db, did).state == "pending" or fault == "429"  # not before its backoff
    tick(rt, now=clock.advance(minutes=1))
    assert row(rt.ctx.db, did).state == "sent"
    # Four resets: each a post Slack made and whose answer was lost, then the one that got through.
    assert posted(slack, GENERAL, "status update") == (5 if fault == "reset" else 1)


def test_slack_down_for_good_dead_letters_and_the_admins_are_told(rt: Any, slack: Any, clock: FakeClock) -> None:
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="never")
    slack.fail_every("chat.postMessage", status=503)
    for _ in range(deliver.MAX_ATTEMPTS):
        tick(rt, now=clock.advance(hours=2))  # past every backoff (at most an hour)
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts, d.last_error) == ("dead", deliver.MAX_ATTEMPTS, "service_unavailable")
    assert posted(slack, GENERAL, "never") == 0
    slack.clear_faults()  # Slack is back: the admins' alert goes out
    tick(rt, now=clock.advance(minutes=1))
    [alert] = rows(rt.ctx.db, kind=ALERT_KIND)
    assert alert.state == "sent"
    assert len(slack.messages(slack.dm_channel(ADMIN))) == 1


def test_a_slow_answer_past_the_client_timeout_is_sent_twice_at_most(rt: Any, slack: Any, clock: FakeClock) -> None:
    """The client gives up after its timeout (10 s in make_client; 1 s here, so that the
    stand-in's 1.5 s answer outlasts it) while Slack goes on and posts: the delivery is retried
    after its backoff and posted again. The documented at-least-once duplicate, and only one."""
    rt.client.timeout = 1
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="slow one")
    slack.fail_next("chat.postMessage", delay=1.5)
    tick(rt)
    d = row(rt.ctx.db, did)
    assert (d.state, d.last_error) == ("pending", "AnswerTimeout")  # outbound.AnswerTimeout, a TimeoutError
    tick(rt, now=clock.advance(minutes=1))
    assert row(rt.ctx.db, did).state == "sent"
    time.sleep(1.0)  # the stand-in finishes the post it was slow to answer
    assert posted(slack, GENERAL, "slow one") == 2


def test_seeded_faults_on_every_call_lose_no_delivery(rt: Any, slack: Any, clock: FakeClock) -> None:
    """Twenty deliveries under a 503 or a reset on 40 % of all calls (seeded): every one sent
    in the end, none more than twice."""
    ids = [add(rt.ctx.db, clock.now, to=GENERAL, subject=f"s{n}", text=f"post {n}") for n in range(20)]
    slack.fail_every("*", status=503, probability=0.4, seed=3)
    slack.fail_every("chat.postMessage", reset=True, probability=0.1, seed=4)
    for _ in range(deliver.MAX_ATTEMPTS):
        tick(rt, now=clock.advance(hours=2))
    slack.clear_faults()
    assert {c.error for c in slack.calls} >= {"service_unavailable", "connection_reset"}
    assert {row(rt.ctx.db, did).state for did in ids} == {"sent"}
    counts = [posted(slack, GENERAL, f"post {n}") for n in range(20)]
    assert all(1 <= c <= 2 for c in counts), counts
