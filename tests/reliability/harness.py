"""Real app processes for the crash and replica tests: a clock file, the process, a proxy, and the
comparisons (domain rows, Slack effects) between a run and its reference.

Used by the tests here and by benchmarks/crash_soak.py; nothing in it knows a feature.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, or_, select, text
from sqlalchemy.engine import make_url

from storage.db import Database, normalize_url
from storage.migrate import upgrade
from storage.models import Base, Delivery

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "test-signing-secret"
# A SIGKILLed process holds its claims for the lease (scheduler.jobs.DEFAULT_LEASE, 5 minutes) and,
# on SQLite, the scheduler lock for 30 s; every run moves the clock on by this much after each step,
# the reference too, so both runs see the same times.
RECOVERY = timedelta(minutes=6)


class ClockFile:
    """The simulated time every app process reads (tests/reliability/app_proc.py FileClock)."""

    def __init__(self, path: Path, start: datetime) -> None:
        self.path = path
        self.now = start
        self._write()

    def _write(self) -> None:
        # Written aside then renamed: a reader never sees half a timestamp.
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(self.now.isoformat())
        os.replace(tmp, self.path)

    def set(self, when: datetime) -> datetime:
        self.now = when
        self._write()
        return when

    def advance(self, **delta: float) -> datetime:
        return self.set(self.now + timedelta(**delta))


class AppProcess:
    """One `python -m tests.reliability.app_proc` at a time (the app, its HTTP server and scheduler),
    with a spare already loaded so that a restart after a kill takes well under a second."""

    def __init__(self, db_url: str, slack: Any, clock: ClockFile, log_dir: Path, name: str, *,
                 spare: bool = True) -> None:
        self.db_url, self.slack, self.clock, self.name = db_url, slack, clock, name
        self.keep_spare = spare  # a run that never kills has no use for one (it costs a core for seconds)
        self.log_dir = log_dir
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.starts = 0
        self._spare: subprocess.Popen[str] | None = None
        self._spawned = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def _spawn(self) -> subprocess.Popen[str]:
        self._spawned += 1
        log = (self.log_dir / f"{self.name}-{self._spawned}.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.app_proc", self.db_url, self.slack.api_url,
             self.slack.bot_token, SIGNING_SECRET, str(self.clock.path),
             "--worker", f"{self.name}-{self._spawned}", "--wait-go"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        log.close()
        return proc

    def start(self) -> AppProcess:
        """Start the app (a new process, on a new port: read `url` again); waits for READY."""
        self.starts += 1
        proc = self._spare or self._spawn()
        self._spare = None
        assert proc.stdin is not None and proc.stdout is not None
        loaded = proc.stdout.readline().strip()
        if loaded == "LOADED":
            proc.stdin.write("go\n")
            proc.stdin.flush()
        line = proc.stdout.readline().strip() if loaded == "LOADED" else loaded
        if not line.startswith("READY "):
            proc.kill()
            raise RuntimeError(f"{self.name} did not start: {line!r}; see {self.log_dir}")
        self.proc, self.port = proc, int(line.split()[1])
        if self.keep_spare:
            self._spare = self._spawn()  # loads while this one runs
        return self

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed, leases and the SQLite lock stay taken."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """The end of a test: nothing left to keep, so no graceful stop either."""
        for proc in (self.proc, self._spare):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)

    def errors(self) -> list[str]:
        """Tracebacks and error lines the process logged (a crash run must not add any)."""
        found: list[str] = []
        for path in sorted(self.log_dir.glob(f"{self.name}-*.log")):
            found += [line for line in path.read_text().splitlines()
                      if '"level": "error"' in line or "Traceback" in line]
        return found


# ---- databases ------------------------------------------------------------------------------

class Databases:
    """Fresh migrated databases, one per run: SQLite files copied from one migrated file, or
    PostgreSQL databases cloned (CREATE DATABASE … TEMPLATE) from one migrated scratch database."""

    def __init__(self, work: Path, pg_url: str | None) -> None:
        self.work, self.pg_url = work, pg_url
        self._made: list[str] = []
        self._seq = count(1)
        tag = f"rel_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        if pg_url:
            base = make_url(normalize_url(pg_url))
            self._base = base
            self._admin = create_engine(base, isolation_level="AUTOCOMMIT")
            self._template = f"{tag}_tmpl"
            self._create(self._template)
            db = Database(base.set(database=self._template).render_as_string(hide_password=False))
            upgrade(db)
            db.dispose()
        else:
            self._file = work / f"{tag}_template.db"
            db = Database(f"sqlite:///{self._file}")
            upgrade(db)
            db.dispose()  # the last close checkpoints the WAL into the file
        self._tag = tag

    def _create(self, name: str, template: str | None = None) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        self._made.append(name)

    def new(self) -> str:
        n = next(self._seq)
        if self.pg_url:
            name = f"{self._tag}_{n}"
            self._create(name, self._template)
            return self._base.set(database=name).render_as_string(hide_password=False)
        path = self.work / f"{self._tag}_{n}.db"
        shutil.copy(self._file, path)
        return f"sqlite:///{path}"

    def close(self) -> None:
        if self.pg_url:
            with self._admin.connect() as conn:
                for name in reversed(self._made):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self._admin.dispose()


# ---- waiting for the app to be done ------------------------------------------------------------

def settle(db: Database, slack: Any, now: datetime, *, deliveries: bool = True, quiet: float = 0.15,
           timeout: float = 30.0) -> None:
    """Until the stand-in has had no call for `quiet` s (the after-ack work and the scheduler's sends
    have finished) and, with `deliveries`, nothing is due at `now` or claimed. Just after a kill the
    dead process's claims hold until their lease runs out: `deliveries=False` then."""
    deadline = time.monotonic() + timeout
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        calls = len(slack.calls)
        if calls != seen:
            seen, since = calls, time.monotonic()
        busy = 0
        if deliveries:
            with db.uow(read_only=True) as s:
                busy = s.scalar(select(func.count()).select_from(Delivery).where(or_(
                    Delivery.state == "claimed", (Delivery.state == "pending") & (Delivery.due_at <= now)))) or 0
        if not busy and time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)
    raise AssertionError(f"the app did not settle in {timeout} s (deliveries still due or claimed)")


# ---- what is compared -------------------------------------------------------------------------

# Not domain state: the once-only keys of retried requests, the scheduler's own lock, the audit
# head (its hash covers the entries, compared below without hashes), OAuth state.
# The DM channel cache (Slack's ids, and when the scheduler happened to open each) is not either.
SKIP_TABLES = frozenset({"inbound_requests", "scheduler_locks", "audit_heads", "slack_oauth_states", "dm_channels"})
# Columns that legitimately differ between two runs of the same flow:
# - row ids: PostgreSQL sequences are not transactional, so a transaction killed mid-way burns
#   an id (rows are compared as a multiset without their own id);
# - wall-clock row defaults (created_at, updated_at, received_at; granted_at and since of seeded
#   roles and password knowers; a rotation task message's posted_at): the real time of the run;
# - Slack timestamps (message ts, checklist_ts, source_ts, ts): the stand-in's real clock;
# - the scheduler's bookkeeping of a delivery (who claimed it, until when, attempts, when it
#   went and how late): a kill makes the lease run out and another process send it later;
# - the audit chain's hashes: they cover the entries' times.
VOLATILE = frozenset({"id", "created_at", "updated_at", "received_at", "granted_at", "since", "posted_at",
                      "claimed_by", "claimed_until",
                      "attempts", "last_error", "sent_at", "late_by_seconds", "coalesced", "parts_done",
                      "prev_hash", "hash", "message_ts", "checklist_ts", "source_ts", "ts"})


# Times that move with a restart, per table and column (and, where only some rows move, which):
# what the scheduler or a repeated request does after a kill happens on the next clock step, 6
# simulated minutes (RECOVERY) later than in the reference, and records that real time. Only
# these columns, never a whole table: every other column of these rows is still compared.
# - crisis_pages.paged_at: when the page went out; a page whose send died with the process is
#   re-sent once the lease runs out (scheduler.jobs.DEFAULT_LEASE), on a later tick;
# - crisis_events.at of "paged" events only: written with the page, at the same `now` (the
#   other events — opened, acknowledged, notes — are at the time of the request and still compared);
# - audit_entries.at: an entry is stamped when its action is done, and an action re-done after a
#   restart (a repeated request, an outbox delivery re-claimed after the lease) is done later; its
#   actor, action, subject, outcome and detail are still compared (and the hashes, which cover
#   the time, are in VOLATILE already).
MOVES_WITH_RESTART: dict[tuple[str, str], Callable[[dict[str, Any]], bool]] = {
    ("crisis_pages", "paged_at"): lambda row: True,
    ("crisis_events", "at"): lambda row: row.get("kind") == "paged",
    ("audit_entries", "at"): lambda row: True,
}
MOVED = "<moves with a restart>"


# Ids the stand-in makes up (a created channel C0DS000008, a view V0DS…) come from one counter that
# every view, file and channel draws from, in the order the calls happen to arrive: a kill changes
# that order, not what was created. Compared without the number.
MINTED_ID = re.compile(r"\b([A-Z])0DS\d{6}\b")


def _unminted(text: str) -> str:
    return MINTED_ID.sub(r"\g<1>0DS…", text)


def domain_rows(db: Database) -> dict[str, Counter[tuple[tuple[str, str], ...]]]:
    """Every table's rows, without the columns in VOLATILE, as a multiset per table."""
    out: dict[str, Counter[tuple[tuple[str, str], ...]]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP_TABLES:
                continue
            cols = [c for c in table.columns if c.name not in VOLATILE]
            moving = {col: pred for (name, col), pred in MOVES_WITH_RESTART.items() if name == table.name}
            counted: Counter[tuple[tuple[str, str], ...]] = Counter()
            for row in conn.execute(select(*cols)).mappings():
                values = dict(row)
                for col, pred in moving.items():
                    if pred(values):
                        values[col] = MOVED
                counted[tuple((c.name, _unminted(repr(_without_ts(values[c.name])))) for c in cols)] += 1
            out[table.name] = counted
    return out


def _without_ts(value: Any) -> Any:
    """A JSON column without the Slack timestamps it carries (a delivery's payload names its message);
    a time to the second: within one batch the scheduler's `now` moves on by the real time spent
    (scheduler.jobs), so a page rendered 70 ms later in one run than in the other is the same page."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dict):
        return {k: _without_ts(v) for k, v in sorted(value.items()) if k not in VOLATILE}
    if isinstance(value, list):
        return [_without_ts(v) for v in value]
    return value


def rows_diff(reference: dict[str, Counter[Any]], got: dict[str, Counter[Any]]) -> dict[str, Any]:
    """Per table: rows only in the reference, rows only in the run."""
    diff: dict[str, Any] = {}
    for name in reference.keys() | got.keys():
        ref, run = reference.get(name, Counter()), got.get(name, Counter())
        if ref != run:
            diff[name] = {"missing": list((ref - run).elements()), "extra": list((run - ref).elements())}
    return diff


# Web API reads (users.info, conversations.open, auth.test…) repeat naturally after a restart
# (the in-memory caches are gone) and change nothing a user sees, so only effects are compared.
# views.publish is the App Home: republished, debounced, from the state whenever the user acts.
EFFECTS = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral", "chat.delete", "views.open",
                     "views.push", "views.update", "conversations.create", "conversations.invite",
                     "conversations.setTopic", "files.completeUploadExternal", "response_url"})


def effect_key(call: Any) -> tuple[str, str, str]:
    """(method, channel, text-ish key) of a Web API call: what a user would see arrive. The key is
    the text's first line (what the message is: "you are paged (level 2 of 2…)"); the lines after
    it may describe state a restart legitimately reorders (a page rendered in the same tick as the
    crisis channel's creation, before or after it, names the channel or says it is coming)."""
    args = call.args
    where = str(args.get("channel") or args.get("users") or args.get("user") or args.get("name") or "")
    view = args.get("view")
    what = args.get("text") or (view.get("callback_id") if isinstance(view, dict) else "") or args.get("topic") or ""
    return call.method, _unminted(where), _unminted(str(what).split("\n", 1)[0])[:120]


def effects(slack: Any) -> Counter[tuple[str, str, str]]:
    return Counter(effect_key(c) for c in slack.calls if c.method in EFFECTS and c.ok)


# ---- two replicas behind one address ------------------------------------------------------------

@contextmanager
def round_robin(targets: list[str]) -> Iterator[str]:
    """A loopback HTTP proxy that forwards each POST to the next of `targets` in turn; its URL."""
    turn = count()

    class Forward(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            target = make_url_parts(targets[next(turn) % len(targets)])
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            conn = http.client.HTTPConnection(target[0], target[1], timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            conn.request("POST", target[2], body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            self.send_response(resp.status)
            for key, value in resp.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_url_parts(url: str) -> tuple[str, int, str]:
    rest = url.removeprefix("http://")
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    return host, int(port), "/" + path
