"""A scheduled delivery that updates a message in place (`Outgoing.update_ts`), against the stand-in:
chat.update instead of a new message, a 429 retried, a permanent error failed and reported, and a
message Slack no longer has recorded as sent (nothing left to update) rather than retried forever."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.feature import Feature
from bot.core.schedule import Outgoing, RenderContext
from scheduler.alerts import ALERT_KIND
from scheduler.jobs import tick
from tests.conftest import ADMIN, ANA, GENERAL, FakeClock
from tests.scheduler.kit import add, row, rows


def render_update(rc: RenderContext) -> list[Outgoing] | None:
    """Rewrites the message at payload (channel, ts) with payload["text"]."""
    p = rc.delivery.payload
    return [Outgoing(to=p["channel"], text=p["text"], update_ts=p["ts"])]


UPDATE_KIND = Feature(name="test.update", renderers={"test.update": render_update})


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (UPDATE_KIND,)


def _card(rt: Any, text: str = "card: pending") -> str:
    return str(rt.client.chat_postMessage(channel=GENERAL, text=text)["ts"])


def _texts(slack: Any) -> list[str]:
    return [str(m.get("text")) for m in slack.messages(GENERAL)]


def _schedule(rt: Any, clock: FakeClock, ts: str, text: str = "card: expired", channel: str = GENERAL) -> int:
    return add(rt.ctx.db, clock.now, kind="test.update", subject=ts, channel=channel, ts=ts, text=text)


def test_the_message_is_updated_in_place_not_posted_again(rt: Any, slack: Any, clock: FakeClock) -> None:
    ts = _card(rt)
    did = _schedule(rt, clock, ts)
    posts = len(slack.calls_to("chat.postMessage"))
    assert tick(rt) == 1
    [call] = slack.calls_to("chat.update")
    assert (call.args["channel"], call.args["ts"], call.args["text"]) == (GENERAL, ts, "card: expired")
    assert _texts(slack) == ["card: expired"]  # the same message, no second one
    assert len(slack.calls_to("chat.postMessage")) == posts
    assert (row(rt.ctx.db, did).state, row(rt.ctx.db, did).attempts) == ("sent", 1)
    tick(rt, now=clock.advance(minutes=10))
    assert len(slack.calls_to("chat.update")) == 1  # once


def test_a_rate_limited_update_is_rescheduled_not_counted_then_done_once(
    rt: Any, slack: Any, clock: FakeClock
) -> None:
    ts = _card(rt)
    did = _schedule(rt, clock, ts)
    slack.fail_next("chat.update", status=429, retry_after=1, times=4)  # outlasts the client's 3 retries
    tick(rt)
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts, d.last_error) == ("pending", 0, "ratelimited")
    assert d.due_at >= clock.now + timedelta(seconds=1)
    assert _texts(slack) == ["card: pending"]
    tick(rt, now=clock.advance(seconds=2))
    assert [c.status for c in slack.calls_to("chat.update", ok=None)] == [429] * 4 + [200]
    assert _texts(slack) == ["card: expired"]
    assert row(rt.ctx.db, did).state == "sent"


def test_a_permanent_error_fails_once_and_tells_the_admins(rt: Any, slack: Any, clock: FakeClock) -> None:
    ts = _card(rt)
    did = _schedule(rt, clock, ts)
    slack.fail_next("chat.update", error="restricted_action")
    tick(rt)
    tick(rt, now=clock.advance(hours=1))
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts, d.last_error) == ("failed", 1, "restricted_action")
    assert [c.error for c in slack.calls_to("chat.update", ok=None)] == ["restricted_action"]  # never again
    assert _texts(slack) == ["card: pending"]
    assert len(rows(rt.ctx.db, kind=ALERT_KIND)) == 1
    assert any("restricted_action" in str(m.get("text")) for m in slack.messages(slack.dm_channel(ADMIN)))


def test_a_deleted_message_counts_as_sent_without_retry_or_alert(rt: Any, slack: Any, clock: FakeClock) -> None:
    ts = _card(rt)
    rt.client.chat_delete(channel=GENERAL, ts=ts)
    did = _schedule(rt, clock, ts)
    tick(rt)
    tick(rt, now=clock.advance(hours=1))
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts) == ("sent", 1)
    assert [c.error for c in slack.calls_to("chat.update", ok=None)] == ["message_not_found"]  # tried once
    assert _texts(slack) == []  # no fresh copy posted in its place
    assert rows(rt.ctx.db, kind=ALERT_KIND) == []


def test_a_message_in_a_channel_that_is_gone_counts_as_sent(rt: Any, slack: Any, clock: FakeClock) -> None:
    did = _schedule(rt, clock, "1700000000.000100", channel="C0DELETED")
    tick(rt)
    assert (row(rt.ctx.db, did).state, row(rt.ctx.db, did).attempts) == ("sent", 1)
    assert [c.error for c in slack.calls_to("chat.update", ok=None)] == ["channel_not_found"]
    assert rows(rt.ctx.db, kind=ALERT_KIND) == []


def test_an_update_must_name_a_channel_not_a_user() -> None:
    with pytest.raises(ValueError, match="channel"):
        Outgoing(to=ANA, text="x", update_ts="1.2")
    assert Outgoing(to="D0ANA", text="x", update_ts="1.2").update_ts == "1.2"
