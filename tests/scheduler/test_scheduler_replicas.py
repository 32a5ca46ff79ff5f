"""Two scheduler processes on one PostgreSQL database: every delivery sent exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.schedule import schedule
from storage.db import Database
from storage.models import Delivery
from tests.conftest import GENERAL, PG_URL, TEAM, FakeClock

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs SOCIALOPS_TEST_DATABASE_URL (PostgreSQL)")
ROOT = Path(__file__).resolve().parents[2]
N = 1000


def test_two_schedulers_send_each_of_1000_deliveries_exactly_once(db: Database, slack: Any, clock: FakeClock) -> None:
    assert db.dialect == "postgresql"
    with db.uow() as s:
        for i in range(N):
            schedule(s, team_id=TEAM, kind="test.ping", subject_id=i, at=clock.now, recipient=GENERAL,
                     payload={"text": f"delivery {i}"})
    url = db.engine.url.render_as_string(hide_password=False)
    start_at = time.time() + 3  # both start claiming at the same moment
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.scheduler.proc", url, slack.api_url, slack.bot_token,
             clock.now.isoformat(), f"replica-{n}", "--drain", "--limit", "25", "--concurrency", "4",
             "--start-at", str(start_at)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for n in (1, 2)
    ]
    handled = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        handled.append(int(out.strip().splitlines()[-1].split()[1]))
    texts = Counter(str(m["text"]) for m in slack.messages(GENERAL))
    assert len(texts) == N and set(texts.values()) == {1}, "lost or duplicated"
    print("handled per replica:", handled)
    assert sum(handled) == N
    assert all(h > 0 for h in handled), f"one replica did all the work: {handled}"
    with db.uow() as s:
        by_worker = dict(
            s.execute(select(Delivery.claimed_by, func.count()).group_by(Delivery.claimed_by)).tuples().all()
        )
        states = set(s.scalars(select(Delivery.state)))
    assert states == {"sent"}
    assert sorted(by_worker.values()) == sorted(handled)
