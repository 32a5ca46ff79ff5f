"""Issue 16 §4: two app processes on one PostgreSQL database behind a round-robin proxy.

(a) a simulated day of scheduled work is delivered exactly once; (b) one Approve click sent to
both replicas at the same moment decides once; (c) a language change made through one replica is
seen by the other within handlers.runtime.LANGUAGE_CACHE_SECONDS. The processes are
tests/reliability/app_proc.py (`socialops run`'s app, web server and scheduler, on a clock file).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from bot.crisis import timeline
from bot.crisis.paging import start_paging
from bot.crisis.severity import snapshot_chain
from bot.devtools.slack import SlackDriver
from bot.devtools.slack.transport import http_post
from handlers.runtime import LANGUAGE_CACHE_SECONDS
from storage.models import AccessRequest, Crisis, CrisisPage, Delivery, Grant
from tests.access.support import make_account
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, CRISIS, PG_URL, TEAM
from tests.crisis.support_crisis import seed_chain
from tests.reliability.flows import START, Run
from tests.reliability.harness import SIGNING_SECRET, AppProcess, Databases, round_robin

pytestmark = [pytest.mark.pg, pytest.mark.skipif(not PG_URL, reason="needs SOCIALOPS_TEST_DATABASE_URL (PostgreSQL)")]

CRISES = 12  # one opened every two hours of the day: pages, status reminders, unanswered alerts
DAY = timedelta(hours=24)
STEP = timedelta(minutes=20)


@pytest.fixture
def pair(databases: Databases, work: Path) -> Iterator[tuple[Run, AppProcess]]:
    """A run (stand-in, database, clock, first replica) plus a second replica; the run's driver
    talks to both through the round-robin proxy."""
    run = Run(databases.new(), work, "replica-a")
    second = AppProcess(run.app.db_url, run.slack, run.clock, work, "replica-b", spare=False).start()
    with round_robin([run.app.url, second.url]) as proxy:
        run.driver.url = proxy
        try:
            yield run, second
        finally:
            second.stop()
            run.close()


def _open_crisis(run: Run, at: datetime, n: int) -> None:
    """A crisis as `/crisis open` leaves it (channel known, paging started at `at`)."""
    with run.db.uow() as s:
        crisis = Crisis(team_id=TEAM, number=f"CRI-{at.year}-{n:04d}", year=at.year, seq=n, severity="sev1",
                        summary=f"Incident {n}", reporter_id=CARL, status="open", opened_at=at, channel_id=CRISIS,
                        channel_name="crisis", generation=1, held_posts=[], checklist=[])
        snapshot_chain(s, crisis, "sev1")
        s.add(crisis)
        s.flush()
        timeline.record(s, crisis, timeline.OPENED, actor=CARL, at=at, text=crisis.summary)
        start_paging(s, crisis, at)


def test_a_day_of_scheduled_work_on_two_replicas_is_delivered_exactly_once(pair: tuple[Run, AppProcess]) -> None:
    run, _second = pair
    run.setup()
    seed_chain(SimpleNamespace(ctx=SimpleNamespace(db=run.db)), "sev1", ((ANA,), (BEA,)), ack_minutes=5, repeats=1)
    mark = len(run.slack.calls)  # the first crisis pages at once
    for n in range(1, CRISES + 1):
        _open_crisis(run, START + timedelta(hours=2 * (n - 1)), n)
    while run.clock.now < START + DAY:
        run.clock.set(run.clock.now + STEP)
        run.settle()
    posts = [c for c in run.slack.calls[mark:] if c.method == "chat.postMessage" and c.ok]
    per_message = Counter((str(c.response.get("channel")), str(c.args.get("text"))) for c in posts)
    twice = [k for k, v in per_message.items() if v > 1]
    assert not twice, f"sent twice: {twice[:5]}"
    with run.db.uow() as s:
        states = dict(s.execute(select(Delivery.state, func.count()).where(Delivery.due_at <= run.clock.now)
                                .group_by(Delivery.state)).tuples().all())
        sent = int(s.scalar(select(func.count()).select_from(Delivery).where(Delivery.state == "sent")) or 0)
        pages = int(s.scalar(select(func.count()).select_from(CrisisPage)) or 0)
        workers = set(s.scalars(select(Delivery.claimed_by).where(Delivery.state == "sent")))
    assert set(states) <= {"sent", "cancelled"}, states  # nothing due is left, lost or dead
    assert pages == CRISES * 2  # Ana then Bea, for every crisis, once
    page_dms = [c for c in posts if "you are paged" in str(c.args.get("text"))]
    assert len(page_dms) == pages
    assert len(posts) >= sent  # every sent delivery is at least one message; none is two of the same
    assert len({w.rsplit("-", 1)[0] for w in workers if w}) == 2, f"one replica did all the work: {workers}"
    print(f"a day on two replicas: {sent} deliveries sent, {len(posts)} messages, workers {sorted(workers)}")


def test_one_approve_click_sent_to_both_replicas_at_once_decides_once(pair: tuple[Run, AppProcess]) -> None:
    run, second = pair
    run.setup()
    make_account(run.db, "acmeshop", network="facebook", custodian=ANA)
    run.driver.command(CARL, "/access", "request @acmeshop editor for 7d spring launch")
    run.settle()
    captured: list[tuple[bytes, dict[str, str]]] = []

    def capture(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        captured.append((body, headers))
        return 200, {}, ""

    # The click Slack would send, signed once; then the same bytes to each replica at one moment.
    SlackDriver(run.slack, SIGNING_SECRET, dispatch=capture).click(BEA, "access_approve", value="1", channel=APPROVALS)
    [(body, headers)] = captured
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def send(url: str) -> None:
        barrier.wait(timeout=10)
        answers.append(http_post(url, body, headers)[0])

    mark = len(run.slack.calls)
    threads = [threading.Thread(target=send, args=(url,)) for url in (run.app.url, second.url)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    run.settle()
    assert answers == [200, 200]
    after = run.slack.calls[mark:]
    assert len([c for c in after if c.method == "chat.update" and c.args.get("channel") == APPROVALS]) == 1
    told = [c for c in after if c.method in ("chat.postEphemeral", "response_url")
            and "already decided" in str(c.args.get("text"))]
    # The copy that came second either found Bea's press still to be worked (the same press, from
    # the same person: nothing to tell) or already decided ("already decided", to her only).
    assert len(told) <= 1, [(c.method, c.args.get("text")) for c in after]
    with run.db.uow() as s:
        request = s.get(AccessRequest, 1)
        assert request is not None and (request.status, request.decided_by) == ("approved", BEA)
        assert int(s.scalar(select(func.count()).select_from(Grant)) or 0) == 1


def test_a_language_change_through_one_replica_reaches_the_other_within_the_cache_time(
        pair: tuple[Run, AppProcess]) -> None:
    run, second = pair
    run.setup()
    other = SlackDriver(run.slack, SIGNING_SECRET, url=second.url)
    english = other.command(CARL, "/socialops", "help").json()["text"]  # the other replica has English cached
    changed = SlackDriver(run.slack, SIGNING_SECRET, url=run.app.url).command(ADMIN, "/socialops",
                                                                               "setup language es")
    assert changed.status == 200
    started = time.monotonic()
    while other.command(CARL, "/socialops", "help").json()["text"] == english:
        assert time.monotonic() - started <= LANGUAGE_CACHE_SECONDS + 1.0, "still English past the cache time"
        time.sleep(0.25)
    seen_after = time.monotonic() - started
    assert seen_after <= LANGUAGE_CACHE_SECONDS + 1.0
    print(f"Spanish on the other replica after {seen_after:.1f} s (bound {LANGUAGE_CACHE_SECONDS} s)")
