"""The multi-step flows the crash tests run, as data: a seed, then steps of one request or one
clock move each, so a run can SIGKILL the app at any of them and a reference run does the same
steps without a kill.

Seeds write the rows other features' commands would (accounts, roles, a leaver's holdings) through
the test helpers the feature tests use; the flows' own steps are signed requests and clock moves.
"""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.client import HTTPException
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.devtools.slack import FakeSlack, SlackDriver
from storage.db import Database
from storage.models import Workspace
from tests.access.support import give_role, make_account
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, CRISIS, DIGEST, GENERAL, GUEST, TEAM, bind_features
from tests.crisis.support_crisis import seed_chain
from tests.handover.seed import access_revoked, account_rotated, seed_leaver
from tests.posts.support_posts import PAT, form_values
from tests.reliability.harness import (
    RECOVERY,
    SIGNING_SECRET,
    AppProcess,
    ClockFile,
    domain_rows,
    effects,
    settle,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, as the feature tests' FakeClock
CALL_WAIT = 3.0


def stand_in() -> FakeSlack:
    """The users and channels of tests/conftest.py's `slack` fixture, plus Pat the publisher."""
    fake = FakeSlack(team_id=TEAM)
    fake.add_user(ADMIN, "admin", real_name="Ada Admin", email="ada@example.com", is_admin=True)
    fake.add_user(ANA, "ana", real_name="Ana Custodian", email="ana@example.com")
    fake.add_user(BEA, "bea", real_name="Bea Approver", email="bea@example.com")
    fake.add_user(CARL, "carl", real_name="Carl Member", email="carl@example.com")
    fake.add_user(PAT, "pat", real_name="Pat Publisher", email="pat@example.com")
    fake.add_user(GUEST, "gina", real_name="Gina Guest", email="gina@agency.example", is_restricted=True)
    everyone = [ADMIN, ANA, BEA, CARL, PAT, "U0BOT"]
    for cid, name in ((APPROVALS, "approvals"), (CRISIS, "crisis"), (DIGEST, "digest"), (GENERAL, "general")):
        fake.add_channel(cid, name, members=everyone)
    return fake.start()


class Run:
    """One run of a flow: its own stand-in, database, clock file and app process."""

    def __init__(self, db_url: str, work: Path, name: str, *, kills: bool = False) -> None:
        self.slack = stand_in()
        self.db = bind_features(Database(db_url), admins=frozenset({ADMIN}))
        self.clock = ClockFile(work / f"{name}.clock", START)
        self.app = AppProcess(db_url, self.slack, self.clock, work, name, spare=kills).start()
        self.driver = SlackDriver(self.slack, SIGNING_SECRET, url=self.app.url)
        self.kills = 0

    def dm(self, user: str) -> str:
        return self.slack.dm_channel(user)

    def settle(self, *, deliveries: bool = True) -> None:
        settle(self.db, self.slack, self.clock.now, deliveries=deliveries)

    def setup(self) -> None:
        """The admin sets the channels and the demo roles through real commands (never killed)."""
        d = self.driver
        d.command(ADMIN, "/socialops", f"setup approvals <#{APPROVALS}|approvals> crisis <#{CRISIS}|crisis> "
                  f"digest <#{DIGEST}|digest>")
        d.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
        d.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
        with self.db.uow() as s:  # the periodic review counts from the first contact: on the test clock
            ws = s.get(Workspace, TEAM)
            assert ws is not None
            ws.created_at = START
        self.settle()

    def step(self, action: Step, kill: Kill | None) -> None:
        """Do one step; with `kill`, SIGKILL the app during it, restart it, and send the request
        again if it was never answered — as a user does after Slack's timeout (Slack does not retry
        a command or a click itself; the same bytes with X-Slack-Retry-Num model the repeat).

        `kill`: "down" (killed just before: the request finds nobody, as when Slack cannot reach
        the app), seconds after the step began (a random point: before the ack, in the after-ack
        work or the sends it made due), "ack" (as soon as the answer arrived: the after-ack work has
        just begun), or "call:<method>" (as soon as the stand-in received that Web API call: the
        message is sent, and the app has not recorded it; after CALL_WAIT seconds without one, a
        kill all the same: an earlier kill may have moved that send to an earlier step)."""
        if kill is None:
            action(self)
            self.settle()
        else:
            self._killed_during(action, kill)
        self.clock.set(self.clock.now + RECOVERY)
        self.settle()

    def _killed_during(self, action: Step, kill: Kill) -> None:
        outcome: dict[str, BaseException] = {}
        answered = threading.Event()

        def go() -> None:
            try:
                action(self)
            except BaseException as exc:
                outcome["error"] = exc
            answered.set()

        mark, calls = self.driver.last_request, len(self.slack.calls)
        if kill == "down":
            self.app.kill()
        worker = threading.Thread(target=go)
        worker.start()
        if kill == "down":
            pass
        elif isinstance(kill, float):
            time.sleep(kill)
        elif kill == "ack":
            answered.wait(timeout=30)
        else:
            method = kill.removeprefix("call:")
            deadline = time.monotonic() + CALL_WAIT
            while time.monotonic() < deadline and not any(c.method == method for c in self.slack.calls[calls:]):
                time.sleep(0.0005)
        if kill != "down":
            self.app.kill()
        self.kills += 1
        worker.join(timeout=60)
        self.app.start()
        self.driver.url = self.app.url  # the restarted process listens on a port of its own
        error = outcome.get("error")
        if error is not None:
            if not isinstance(error, urllib.error.URLError | HTTPException | ConnectionError):
                raise error
            if self.driver.last_request is not mark:
                self.driver.resend(self.driver.last_request, retry_num=1)
        self.settle(deliveries=False)

    def close(self) -> None:
        self.app.stop()
        self.slack.stop()
        self.db.dispose()


Step = Callable[[Run], Any]
Kill = float | str


@dataclass
class Flow:
    name: str
    seed: Callable[[Run], None]
    steps: list[Step]


@dataclass
class Outcome:
    rows: dict[str, Counter[Any]]
    effects: Counter[tuple[str, str, str]]
    kills: int = 0
    errors: list[str] = field(default_factory=list)


def play(flow: Flow, db_url: str, work: Path, name: str, kills: dict[int, Kill] | None = None) -> Outcome:
    """Run `flow` on a fresh stand-in and app; `kills`: step index → when to kill during it (Run.step)."""
    run = Run(db_url, work, name, kills=bool(kills))
    try:
        run.setup()
        flow.seed(run)
        for i, action in enumerate(flow.steps):
            run.step(action, (kills or {}).get(i))
        return Outcome(domain_rows(run.db), effects(run.slack), run.kills, run.app.errors())
    finally:
        run.close()


def kill_plan(flow: Flow, seed: int, *, max_delay: float = 0.05) -> dict[int, Kill]:
    """A kill at every step, each at a delay in [0, max_delay) drawn from `seed`."""
    rng = random.Random(f"{flow.name}:{seed}")
    return {i: rng.uniform(0.0, max_delay) for i in range(len(flow.steps))}


# ---- the flows -----------------------------------------------------------------------------------

def _clock_to(when: Callable[[Run], datetime]) -> Step:
    return lambda run: run.clock.set(when(run))


def _access_seed(run: Run) -> None:
    make_account(run.db, "acmeshop", network="facebook", custodian=ANA)


ACCESS = Flow("access", _access_seed, [
    lambda run: run.driver.command(CARL, "/access", "request @acmeshop editor for 7d spring launch"),
    lambda run: run.driver.click(BEA, "access_approve", value="1", channel=APPROVALS),
    # Ana's fulfilment task (access.fulfil) goes out on the scheduler's tick after the approval.
    _clock_to(lambda run: run.clock.now + timedelta(hours=2)),
    lambda run: run.driver.click(ANA, "access_fulfil_done", value="1", channel=run.dm(ANA)),
    # The holder's expiry warning a day before the end (7 days after Done).
    _clock_to(lambda run: START + timedelta(days=6, hours=3)),
])

POST_AT = START + timedelta(days=2)


def _posts_seed(run: Run) -> None:
    give_role(run.db, PAT, "publisher")
    run.accounts = [make_account(run.db, "acmeshop", network="instagram", custodian=ANA),  # type: ignore[attr-defined]
                    make_account(run.db, "acmeshop", network="x", custodian=ANA)]


def _in_form(user: str, open_form: Step, values: Callable[[Run], dict[str, Any]]) -> Step:
    """Submit the form `user` has open. A modal opens after the ack (views.open within the
    trigger's 3 seconds): when a kill took that with it, the user saw nothing happen and does it
    again, with a fresh trigger — no process can open a modal on an expired trigger."""
    def submit(run: Run) -> Any:
        if not run.slack.views(user):
            open_form(run)
            run.settle(deliveries=False)
        return run.driver.submit(user, values(run))
    return submit


def _new_post(run: Run) -> Any:
    return run.driver.command(ANA, "/post", "new")


def _mark_published(run: Run) -> Any:
    return run.driver.click(PAT, "posts_mark_published", value="1:1", channel=run.dm(PAT))


POSTS = Flow("posts", _posts_seed, [
    _new_post,
    _in_form(ANA, _new_post, lambda run: form_values(run.accounts, POST_AT, "Spring sale #spring",  # type: ignore[attr-defined]
                                                     link="https://acme.com/sale", campaign="Spring",
                                                     publisher=PAT, x="Spring sale on X")),
    lambda run: run.driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS),
    _clock_to(lambda _run: POST_AT - timedelta(hours=24)),  # the publisher's first reminder
    _clock_to(lambda _run: POST_AT - timedelta(minutes=15)),  # the second
    _mark_published,
    _in_form(PAT, _mark_published, lambda _run: {"posts_url.value": "https://instagram.com/p/abc"}),
])


def _crisis_seed(run: Run) -> None:
    seed_chain(SimpleNamespace(ctx=SimpleNamespace(db=run.db)), "sev1", ((ANA,), (BEA,)), ack_minutes=5, repeats=1)


CRISIS_FLOW = Flow("crisis", _crisis_seed, [
    lambda run: run.driver.command(CARL, "/crisis", "open sev1 Viral video of a rude employee"),
    # The channel and Ana's page went out on the tick after the open; 6 minutes on, her deadline
    # passed: Bea is paged.
    _clock_to(lambda run: run.clock.now + timedelta(minutes=1)),
    lambda run: run.driver.click(BEA, "crisis_page_ack", value="1:1", channel=run.dm(BEA)),
])


def _handover_seed(run: Run) -> None:
    with run.db.uow() as s:
        run.seeded = seed_leaver(s, TEAM, CARL, ANA, ADMIN)  # type: ignore[attr-defined]


def _other_features_finish_items(run: Run) -> None:
    """The revocations and rotations the access and accounts features record (their own events)."""
    seeded = run.seeded  # type: ignore[attr-defined]
    with run.db.uow() as s:
        for grant_id in seeded.grant_ids:
            access_revoked(s, grant_id, ANA, run.clock.now)
        for account_id in (seeded.revealed_id, seeded.shared_grant_account):
            account_rotated(s, account_id, ANA, run.clock.now)


HANDOVER = Flow("handover", _handover_seed, [
    lambda run: run.driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> moves to another team"),
    lambda run: run.driver.click(ANA, "handover_all:account.custody", value="1", channel=APPROVALS),
    _other_features_finish_items,
    lambda run: run.driver.click(CARL, "handover_deliver", value="1", channel=APPROVALS),
    lambda run: run.driver.click(BEA, "handover_receive", value="1", channel=APPROVALS),
    _clock_to(lambda run: run.clock.now + timedelta(hours=1)),
    lambda run: run.driver.click(ANA, "handover_close", value="1", channel=APPROVALS),
])

FLOWS = (ACCESS, POSTS, CRISIS_FLOW, HANDOVER)


def describe(diff: dict[str, Any]) -> str:
    """Per table, the column values of the differing rows that the other side does not have."""
    lines = []
    for table, sides in sorted(diff.items()):
        missing = [dict(row) for row in sides["missing"]]
        extra = [dict(row) for row in sides["extra"]]
        shared = {k for row in missing + extra for k in row
                  if len({r.get(k) for r in missing + extra}) == 1}
        for label, rows in (("missing", missing), ("extra", extra)):
            lines += [f"{table} {label}: " + json.dumps({k: v for k, v in row.items() if k not in shared})
                      for row in rows]
    return "\n".join(lines)[:8000]
