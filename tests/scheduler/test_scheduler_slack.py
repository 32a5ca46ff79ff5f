"""The scheduler against the Slack stand-in: rate limits, permanent errors, DMs, a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from scheduler.alerts import ALERT_KIND
from scheduler.jobs import tick
from tests.conftest import ADMIN, ANA, GENERAL, FakeClock
from tests.scheduler.kit import TEST_KINDS, add, row, rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TEST_KINDS,)


def _posted(slack: Any, channel: str) -> list[str]:
    return [str(m.get("text")) for m in slack.messages(channel)]


def test_rate_limited_twice_then_delivered_once_not_before_the_wait(rt: Any, slack: Any, clock: FakeClock) -> None:
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="status update")
    slack.fail_next("chat.postMessage", status=429, retry_after=2, times=2)
    started = time.monotonic()
    assert tick(rt) == 1
    assert time.monotonic() - started >= 4.0  # two waits of Retry-After: 2 before the third try
    attempts = slack.calls_to("chat.postMessage", ok=None)
    assert [c.status for c in attempts] == [429, 429, 200]
    assert _posted(slack, GENERAL).count("status update") == 1
    assert (row(rt.ctx.db, did).state, row(rt.ctx.db, did).attempts) == ("sent", 1)


def test_rate_limit_outlasting_the_client_retries_is_rescheduled_not_counted(
    rt: Any, slack: Any, clock: FakeClock
) -> None:
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="later")
    slack.fail_next("chat.postMessage", status=429, retry_after=1, times=4)  # the client retries 3 times
    tick(rt)
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts, d.last_error) == ("pending", 0, "ratelimited")
    assert d.due_at >= clock.now + timedelta(seconds=1)
    tick(rt, now=clock.advance(seconds=2))
    assert _posted(slack, GENERAL).count("later") == 1


def test_user_recipient_gets_a_dm_and_the_dm_channel_is_opened_once(rt: Any, slack: Any, clock: FakeClock) -> None:
    add(rt.ctx.db, clock.now, to=ANA, subject="a", text="first")
    add(rt.ctx.db, clock.now, to=ANA, subject="b", text="second")
    tick(rt)
    assert _posted(slack, slack.dm_channel(ANA)) == ["first", "second"]
    assert len(slack.calls_to("conversations.open")) == 1


def test_permanent_error_is_not_retried_and_admins_are_told_once(rt: Any, slack: Any, clock: FakeClock) -> None:
    slack.add_channel("C0SECRET", "secret", members=[ANA], is_private=True)  # the bot is not a member
    first = add(rt.ctx.db, clock.now, to="C0SECRET", subject="a", text="one")
    add(rt.ctx.db, clock.now, to="C0SECRET", subject="b", text="two")
    tick(rt)
    assert {d.state for d in rows(rt.ctx.db, kind="test.ping")} == {"failed"}
    # Slack hides a private channel from a bot outside it: channel_not_found, not not_in_channel.
    assert row(rt.ctx.db, first).last_error == "channel_not_found"
    tick(rt, now=clock.advance(seconds=5))
    add(rt.ctx.db, clock.now, to="C0SECRET", subject="c", text="three")
    tick(rt, now=clock.advance(hours=3))
    failed = slack.calls_to("chat.postMessage", ok=False)
    assert [c.error for c in failed] == ["channel_not_found"] * 3  # each tried once, never again
    to_admin = _posted(slack, slack.dm_channel(ADMIN))
    assert len(to_admin) == 1
    assert "channel_not_found" in to_admin[0] and "/invite" in to_admin[0]
    assert "invite the bot to <#C0SECRET> or pick another in `/socialops setup`" in to_admin[0]
    assert len(rows(rt.ctx.db, kind=ALERT_KIND)) == 1


def test_unknown_user_is_a_permanent_error(rt: Any, slack: Any, clock: FakeClock) -> None:
    did = add(rt.ctx.db, clock.now, to="U0NOBODY", text="hello?")
    tick(rt)
    tick(rt, now=clock.advance(seconds=5))
    assert (row(rt.ctx.db, did).state, row(rt.ctx.db, did).last_error) == ("failed", "user_not_found")
    assert len(_posted(slack, slack.dm_channel(ADMIN))) == 1


def _tick_process(rt: Any, slack: Any, now: Any, worker: str, *extra: str) -> subprocess.Popen[str]:
    url = rt.ctx.db.engine.url.render_as_string(hide_password=False)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.scheduler.proc", url, slack.api_url, slack.bot_token, now.isoformat(),
         worker, *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return out


def test_killed_after_claiming_the_delivery_goes_out_once_after_the_lease(
    rt: Any, slack: Any, clock: FakeClock
) -> None:
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="survives a crash")
    doomed = _tick_process(rt, slack, clock.now, "doomed", "--pause-after-claim", "--lease-seconds", "300")
    assert doomed.stdout is not None
    assert doomed.stdout.readline().strip() == f"CLAIMED {did}"
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    assert doomed.returncode == -signal.SIGKILL
    d = row(rt.ctx.db, did)
    assert (d.state, d.claimed_by) == ("claimed", "doomed")
    assert slack.calls_to("chat.postMessage", ok=None) == []
    # Restarted while the dead process's lease still holds: nothing yet.
    assert "HANDLED 0" in _finish(_tick_process(rt, slack, clock.now + timedelta(minutes=4), "restarted"))
    # After the lease: taken over and sent, once.
    assert "HANDLED 1" in _finish(_tick_process(rt, slack, clock.now + timedelta(minutes=6), "restarted"))
    assert "HANDLED 0" in _finish(_tick_process(rt, slack, clock.now + timedelta(minutes=20), "again"))
    assert [t for t in _posted(slack, GENERAL) if t.startswith("survives a crash")] == [
        "survives a crash (late, 0 missed)"  # six minutes late, and says so
    ]
    d = row(rt.ctx.db, did)
    # The claim counts the attempt, so the killed one counts too (what sets a poison message aside).
    assert (d.state, d.claimed_by, d.attempts) == ("sent", "restarted", 2)
