"""The APScheduler runner: ticking, graceful stop, the SQLite single-scheduler rule, the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.feature import Feature
from bot.core.schedule import Outgoing, RenderContext
from bot.features import app_context
from scheduler.alerts import ALERT_KIND
from scheduler.claim import lock_holder
from scheduler.notifier import SlackNotifier
from scheduler.runner import SchedulerRunner, start_for_runtime
from storage.db import Database
from storage.models import Delivery
from tests.conftest import ADMIN, GENERAL, TEAM, FakeClock
from tests.scheduler.kit import TEST_KINDS, add, row

ROOT = Path(__file__).resolve().parents[2]
GATE = threading.Event()
ENTERED = threading.Event()


def _slow(rc: RenderContext) -> list[Outgoing]:
    ENTERED.set()
    assert GATE.wait(10)
    return [Outgoing(to=GENERAL, text=f"slow {rc.delivery.subject_id}")]


SLOW = Feature(name="test.slow", renderers={"test.slow": _slow})


@pytest.fixture
def rt_extra() -> tuple[Feature, ...]:
    return (TEST_KINDS, SLOW)


def _wait_for(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_runner_sends_due_deliveries_and_stops(rt: Any, slack: Any, clock: FakeClock) -> None:
    did = add(rt.ctx.db, clock.now, to=GENERAL, text="from the runner")
    runner = start_for_runtime(rt, interval=0.1)
    try:
        _wait_for(lambda: row(rt.ctx.db, did).state == "sent")
    finally:
        runner.stop()
    assert [m["text"] for m in slack.messages(GENERAL)] == ["from the runner"]
    if rt.ctx.db.dialect == "sqlite":
        assert lock_holder(rt.ctx.db) is None  # given up at stop


def test_stop_finishes_the_message_in_flight_and_releases_the_rest(rt: Any, slack: Any, clock: FakeClock) -> None:
    GATE.clear()
    ENTERED.clear()
    ids = [add(rt.ctx.db, clock.now, kind="test.slow", subject=f"s{i}") for i in range(3)]
    runner = SchedulerRunner(rt.ctx, SlackNotifier(rt.client), interval=0.1, concurrency=1).start()
    assert ENTERED.wait(10)
    stopper = threading.Thread(target=runner.stop)
    stopper.start()
    time.sleep(0.2)
    GATE.set()
    stopper.join(10)
    assert not stopper.is_alive()
    states = [(row(rt.ctx.db, i).state, row(rt.ctx.db, i).claimed_by) for i in ids]
    assert states == [("sent", runner.worker_id), ("pending", None), ("pending", None)]
    assert [m["text"] for m in slack.messages(GENERAL)] == ["slow s0"]


def test_sqlite_allows_one_scheduler_the_other_stands_by(rt: Any, slack: Any, clock: FakeClock, db_url: str) -> None:
    if rt.ctx.db.dialect != "sqlite":
        pytest.skip("PostgreSQL replicas all schedule (SKIP LOCKED)")
    other_db = Database(db_url)
    other_ctx = app_context(rt.ctx.settings, other_db, clock, extra=(TEST_KINDS, SLOW))
    first = SchedulerRunner(rt.ctx, SlackNotifier(rt.client), interval=0.1).start()
    _wait_for(lambda: first.active)
    second = SchedulerRunner(other_ctx, SlackNotifier(rt.client), interval=0.1).start()
    try:
        ids = [add(rt.ctx.db, clock.now, to=GENERAL, subject=i, text=f"m{i}") for i in range(20)]
        _wait_for(lambda: all(row(rt.ctx.db, i).state == "sent" for i in ids))
        assert not second.active
        assert {row(rt.ctx.db, i).claimed_by for i in ids} == {first.worker_id}
        first.stop()
        _wait_for(lambda: second.active)
        late = add(rt.ctx.db, clock.now, to=GENERAL, subject="after", text="after the hand-over")
        _wait_for(lambda: row(rt.ctx.db, late).state == "sent")
        assert row(rt.ctx.db, late).claimed_by == second.worker_id
    finally:
        first.stop()
        second.stop()
        other_db.dispose()
    texts = [m["text"] for m in slack.messages(GENERAL)]
    assert sorted(texts) == sorted([f"m{i}" for i in range(20)] + ["after the hand-over"])


def test_socialops_scheduler_command_sends_and_stops_on_sigterm(rt: Any, slack: Any, db_url: str) -> None:
    now = datetime.now(UTC)
    with rt.ctx.db.uow() as s:
        s.add(Delivery(team_id=TEAM, kind=ALERT_KIND, subject_id="cli-test", occurrence_at=now, due_at=now,
                       payload={"problem": "x", "recipient": GENERAL, "kind": "k", "env_admins": [ADMIN]}))
    env = {**os.environ, "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_API_URL": slack.api_url,
           "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "scheduler", "--interval", "0.2"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: len(slack.messages(slack.dm_channel(ADMIN))) == 1, timeout=20)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopping the scheduler" in err
