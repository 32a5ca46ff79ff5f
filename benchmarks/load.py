"""Load: a fixed rate of signed Slack requests of a realistic mix against `socialops run`, and the
same load against a bare Bolt app, in one run (issue 16, item 1).

Three processes besides this one, so that no two share a GIL: the Slack stand-in (the Web API
the app calls after its acks), `socialops run` (the production HTTP server: waitress, the
request checks, Bolt, the scheduler) on SQLite or PostgreSQL, and a bare
`App(process_before_response=True)` that acks every command, click and form at once. This
process is the load generator: an *open* loop — request i is due at start + i / rate whatever
happened to the ones before, and its latency is counted from that due time, so a stall shows
in the figures instead of slowing the generator down (no coordinated omission).

The mix (in a cycle of ten): `/socialops help` ×2, `/accounts` ×2 (an inventory of 50),
`/post calendar` ×2, `/access list`, `/access request <handle> editor for 7d …` (a write, and a
message to the approvals channel after the ack), an Approve click on an earlier request (a
decision under a row lock, a chat.update after the ack), and the setup form submitted (a
view_submission that writes the workspace's settings). An error is a non-200 answer or an
error line in the app's log (a listener that failed answers 200 with an apology).

    python benchmarks/load.py --rate 50 --seconds 30 --repeat 3
    python benchmarks/load.py --rate 50 --seconds 30 --repeat 3 \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/load
    python benchmarks/load.py --rate 50 --seconds 20 --repeat 3 --baseline HEAD~1   # before/after

Each run prints the percentiles of the time to the ack as the load generator saw it, per request
kind of the mix and per Slack kind (command, block_actions click, view_submission), and, for
socialops, the same percentiles of the app's own request log (`latency_ms`: from the request's
arrival in bot/web.py to the ack), so a tail that is not in the app (the HTTP server, the GIL,
the machine) shows as the difference.

--baseline REV: a second `socialops run` from `git archive REV` of this repository (the same
virtualenv), on its own fresh database, driven in the same rounds as the working tree, so a change
is measured before and after side by side under the same noise. --revision REV runs "socialops"
from `git archive REV` too, with --overlay's files copied over it from the working tree: in a
checkout shared with others' uncommitted work, the two then differ by exactly those files.

    python benchmarks/load.py --baseline HEAD --revision HEAD --overlay bot/web.py storage/db.py
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "load-signing-secret"
TEAM = "T0LOAD"
ADMIN = "U0ADMIN"  # approves and submits the setup form
MEMBER = "U0MEMBER"  # asks for access
# Who asks for access: one pending request per person, account and role is the rule (a second is
# told where the first is), so the mix's requests go round (member, account) pairs that do not
# repeat within a run (20 × ACCOUNTS of them), and each one is a write, as a real request is.
REQUESTERS = tuple(f"U0REQ{n:04d}" for n in range(20))
CHANNEL = "C0GENERAL"
ACCOUNTS = 50
WORKERS = 64  # connections of the load generator: enough that none waits at 8× the rate's p99


# -- the requests, signed as Slack signs them -----------------------------------------------------

def sign(body: bytes) -> dict[str, str]:
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}


def command(i: int, user: str, name: str, text: str) -> tuple[bytes, str]:
    body = urllib.parse.urlencode({
        "token": "x", "team_id": TEAM, "team_domain": "load", "channel_id": CHANNEL, "channel_name": "general",
        "user_id": user, "user_name": user.lower(), "command": name, "text": text, "api_app_id": "A0LOAD",
        "response_url": "http://127.0.0.1:9/none", "trigger_id": f"{i}.load.{secrets.token_hex(4)}",
    }).encode()
    return body, "application/x-www-form-urlencoded"


def interaction(payload: dict[str, Any]) -> tuple[bytes, str]:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"


def approve_click(i: int, request_id: int) -> tuple[bytes, str]:
    return interaction({
        "type": "block_actions", "team": {"id": TEAM, "domain": "load"},
        "user": {"id": ADMIN, "team_id": TEAM, "name": "admin"}, "api_app_id": "A0LOAD", "token": "x",
        "trigger_id": f"{i}.load.{secrets.token_hex(4)}", "channel": {"id": CHANNEL, "name": "general"},
        "container": {"type": "message", "channel_id": CHANNEL, "message_ts": "1.000001"},
        "message": {"ts": "1.000001", "text": "", "blocks": []},
        "response_url": "http://127.0.0.1:9/none",
        "actions": [{"type": "button", "action_id": "access_approve", "block_id": "access_actions",
                     "value": str(request_id), "action_ts": f"{time.time():.6f}"}],
    })


def setup_submission(i: int) -> tuple[bytes, str]:
    values = {
        "setup_approvals": {"value": {"type": "channels_select", "selected_channel": CHANNEL}},
        "setup_crisis": {"value": {"type": "channels_select", "selected_channel": None}},
        "setup_digest": {"value": {"type": "channels_select", "selected_channel": None}},
        "setup_timezone": {"value": {"type": "plain_text_input", "value": "Europe/Madrid"}},
        "setup_language": {"value": {"type": "static_select", "selected_option": {"value": "en"}}},
        "setup_access_default": {"value": {"type": "plain_text_input", "value": "30"}},
        "setup_access_max": {"value": {"type": "plain_text_input", "value": "90"}},
        "setup_review": {"value": {"type": "plain_text_input", "value": "90"}},
    }
    return interaction({
        "type": "view_submission", "team": {"id": TEAM, "domain": "load"},
        "user": {"id": ADMIN, "team_id": TEAM, "name": "admin"}, "api_app_id": "A0LOAD", "token": "x",
        "trigger_id": f"{i}.load.{secrets.token_hex(4)}",
        "view": {"id": f"V{i:010d}", "type": "modal", "callback_id": "socialops_setup", "team_id": TEAM,
                 "private_metadata": "", "hash": f"{i}.hash", "blocks": [], "state": {"values": values}},
    })


def mix(i: int, requests_made: int) -> tuple[str, bytes, str]:
    """Request i of the mix: (its kind, body, content type)."""
    slot = i % 10
    if slot in (0, 5):
        return ("help", *command(i, MEMBER, "/socialops", "help"))
    if slot in (1, 6):
        return ("accounts", *command(i, MEMBER, "/accounts", ""))
    if slot in (2, 7):
        return ("calendar", *command(i, MEMBER, "/post", "calendar"))
    if slot == 3:
        return ("access list", *command(i, ADMIN, "/access", "list"))
    if slot == 4:
        k = i // 10
        who, handle = REQUESTERS[k % len(REQUESTERS)], f"load_{(k // len(REQUESTERS)) % ACCOUNTS:03d}"
        return ("request", *command(i, who, "/access", f"request {handle} editor for 7d load test, run {i}"))
    if slot == 8:
        return ("approve", *approve_click(i, max(1, requests_made)))
    return ("setup form", *setup_submission(i))


# -- the processes ---------------------------------------------------------------------------------

def stand_in_main() -> int:
    """Role `--stand-in`: the Slack Web API on loopback, with the workspace's people."""
    from bot.devtools.slack import FakeSlack

    fake = FakeSlack(team_id=TEAM).start()
    fake.add_user(ADMIN, "admin", real_name="Ada Admin", email="ada@company.example")
    fake.add_user(MEMBER, "member", real_name="Max Member", email="max@company.example")
    for n, user in enumerate(REQUESTERS):
        fake.add_user(user, f"requester{n}", real_name=f"Requester {n}", email=f"req{n}@company.example")
    print(f"URL {fake.api_url} {fake.bot_token}", flush=True)
    sys.stdin.read()
    fake.stop()
    return 0


def bare_main(port: int, api_url: str, token: str) -> int:
    """Role `--bare`: the same Bolt settings as SocialOps (bot/app.py), every listener acks at once."""
    import logging
    import re

    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient
    from waitress.server import create_server

    logging.disable(logging.INFO)
    app = App(client=WebClient(token=token, base_url=api_url), signing_secret=SECRET,
              token_verification_enabled=False, process_before_response=True)

    def answer(ack: Ack) -> None:
        ack(text="ok")

    for name in ("/socialops", "/accounts", "/post", "/access"):
        app.command(name)(answer)
    app.action(re.compile(".+"))(answer)

    def submitted(ack: Ack) -> None:
        ack()

    app.view(re.compile(".+"))(submitted)
    server: Any = create_server(SlackRequestHandler(app), host="127.0.0.1", port=port, threads=8)
    print(f"PORT {server.effective_port}", flush=True)
    threading.Thread(target=server.run, daemon=True).start()
    sys.stdin.read()
    server.close()
    return 0


def seed(url: str) -> None:
    """The schema, the settings, an approver and the accounts, as rows."""
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import Account, Workspace

    db = Database(url)
    upgrade(db)
    with db.uow() as s:
        s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="en", approvals_channel=CHANNEL))
        for i in range(ACCOUNTS):
            s.add(Account(team_id=TEAM, brand=f"Brand {i % 5}", network="instagram", handle=f"load_{i:03d}",
                          login_email=f"load{i}@example.com", created_by=ADMIN, custodian_id=ADMIN))
    db.dispose()


@dataclass
class Child:
    proc: subprocess.Popen[str]
    words: list[str]

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def child(*args: str, expect: str) -> Child:
    proc = subprocess.Popen([sys.executable, __file__, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    words = proc.stdout.readline().split()
    if not words or words[0] != expect:
        proc.kill()
        raise RuntimeError(f"{args[0]} did not start")
    return Child(proc, words[1:])


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("socialops run did not become ready")


@contextmanager
def socialops_run(database: str | None, api_url: str, token: str, log: Path, root: Path = ROOT) -> Iterator[int]:
    """`socialops run` of the code at `root` on a fresh database (a SQLite file, or the given
    PostgreSQL one, emptied)."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database or f"sqlite:///{tmp}/load.db"
        if database:
            reset_postgres(database)
        seed(url)
        port = free_port()
        key = base64.b64encode(os.urandom(32)).decode()
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_"))},
               "SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
               "DATABASE_URL": url, "PORT": str(port), "SOCIALOPS_ADMINS": ADMIN,
               "SOCIALOPS_VAULT_KEYS": f"load:{key}", "PYTHONPATH": str(root)}
        with open(log, "w") as out:
            proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, stdout=out, stderr=out,
                                    cwd=tmp)
            try:
                wait_ready(port)
                yield port
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()


def reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres").render_as_string(hide_password=False),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


# -- the load --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    p50: float
    p95: float
    p99: float
    max: float
    sent: int
    errors: int
    by_kind: dict[str, float]  # p99 per kind of the mix
    # (p50, p95, p99) per Slack kind: command, block_actions, view_submission
    by_group: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def line(self, name: str) -> str:
        return (f"{name:10s} p50={self.p50:7.2f} ms  p95={self.p95:7.2f} ms  p99={self.p99:7.2f} ms  "
                f"max={self.max:8.2f} ms  sent={self.sent}  errors={self.errors}")

    def groups(self) -> str:
        return "  ".join(f"{g} {a:.1f}/{b:.1f}/{c:.1f}" for g, (a, b, c) in self.by_group.items())


# The Slack kind of each kind of the mix (the request log's `kind`).
GROUP = {"help": "command", "accounts": "command", "calendar": "command", "access list": "command",
         "request": "command", "approve": "block_actions", "setup form": "view_submission"}


def percentiles(values: list[float]) -> tuple[float, float, float]:
    return pct(values, 50), pct(values, 95), pct(values, 99)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def drive(port: int, rate: float, seconds: float, on_answer: Callable[[str, int, bytes], bool] | None = None,
          start_index: int = 0) -> Result:
    """`rate` requests per second for `seconds`, open loop; latency from each request's due time."""
    total = int(rate * seconds)
    latencies: list[tuple[str, float]] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))
    requests_made = [0]
    start = time.perf_counter() + 0.2

    def worker() -> None:
        nonlocal errors
        conn: http.client.HTTPConnection | None = None
        while True:
            with lock:
                i = next(counter, None)
                if i is None:
                    return
                kind, body, ctype = mix(start_index + i, requests_made[0])
                if kind == "request":
                    requests_made[0] += 1
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            headers = {"Content-Type": ctype, **sign(body)}
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("POST", "/slack/events", body=body, headers=headers)
                resp = conn.getresponse()
                answer = resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn, status, answer = None, 0, b""
            elapsed = (time.perf_counter() - due) * 1000
            bad = status != 200 or (on_answer is not None and not on_answer(kind, status, answer))
            with lock:
                latencies.append((kind, elapsed))
                errors += bad

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    values = [v for _, v in latencies]
    kinds = sorted({k for k, _ in latencies})
    groups = sorted({GROUP[k] for k in kinds})
    return Result(pct(values, 50), pct(values, 95), pct(values, 99), max(values, default=0.0), len(values), errors,
                  {k: pct([v for kk, v in latencies if kk == k], 99) for k in kinds},
                  {g: percentiles([v for k, v in latencies if GROUP[k] == g]) for g in groups})


APOLOGY = b"went wrong"  # error.internal's English text ("Something went wrong…"), as the ack carries it


SHOWN: dict[str, bytes] = {}


def socialops_answer(kind: str, status: int, answer: bytes) -> bool:
    SHOWN.setdefault(kind, answer)
    return APOLOGY not in answer


def log_errors(log: Path) -> int:
    n = 0
    for raw in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(raw)
        except ValueError:
            continue
        n += isinstance(entry, dict) and entry.get("level") in ("error", "critical")
    return n


def log_latencies(log: Path) -> list[tuple[str, float]]:
    """(kind, latency_ms) of every request-log line of the app: the time to the ack inside it."""
    out: list[tuple[str, float]] = []
    for raw in log.read_text(errors="replace").splitlines():
        if '"slack request"' not in raw:
            continue
        try:
            entry = json.loads(raw)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("latency_ms"), (int, float)):
            out.append((str(entry.get("kind", "")), float(entry["latency_ms"])))
    return out


def in_app(lines: list[tuple[str, float]]) -> Result:
    """The request log's own percentiles (per Slack kind too)."""
    values = [v for _, v in lines]
    groups = sorted({k for k, _ in lines})
    return Result(*percentiles(values), max(values, default=0.0), len(values), 0, {},
                  {g: percentiles([v for k, v in lines if k == g]) for g in groups})


def revision_tree(rev: str, overlay: Sequence[str] = ()) -> Path:
    """The repository at `rev`, unpacked into a temporary directory (the working tree untouched),
    with the working tree's copy of each `overlay` path over it."""
    root = Path(tempfile.mkdtemp(prefix="socialops-rev-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    for path in overlay:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes((ROOT / path).read_bytes())
    return root


def median_result(rs: list[Result]) -> Result:
    groups = rs[0].by_group
    p50, p95, p99, top = (statistics.median(getattr(r, f) for r in rs) for f in ("p50", "p95", "p99", "max"))
    return Result(p50, p95, p99, top,
                  sum(r.sent for r in rs), sum(r.errors for r in rs),
                  {k: statistics.median(r.by_kind.get(k, 0.0) for r in rs) for k in rs[0].by_kind},
                  {g: (statistics.median(r.by_group.get(g, (0.0, 0.0, 0.0))[0] for r in rs),
                       statistics.median(r.by_group.get(g, (0.0, 0.0, 0.0))[1] for r in rs),
                       statistics.median(r.by_group.get(g, (0.0, 0.0, 0.0))[2] for r in rs)) for g in groups})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=50, help="requests per second")
    parser.add_argument("--seconds", type=float, default=30, help="length of each run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per app (the apps alternate)")
    parser.add_argument("--database", help="a PostgreSQL URL (emptied first); default a fresh SQLite file")
    parser.add_argument("--show", action="store_true", help="print socialops's first answer of each kind")
    parser.add_argument("--baseline", metavar="REV",
                        help="also drive `socialops run` of git revision REV, in the same rounds (before/after)")
    parser.add_argument("--revision", metavar="REV", help="run socialops from git revision REV, not the working tree")
    parser.add_argument("--overlay", nargs="*", default=[], metavar="PATH",
                        help="with --revision: these files of the working tree over REV")
    parser.add_argument("--stand-in", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bare", nargs=2, metavar=("API_URL", "TOKEN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stand_in:
        return stand_in_main()
    if args.bare:
        return bare_main(0, args.bare[0], args.bare[1])

    stand_in = child("--stand-in", expect="URL")
    api_url, token = stand_in.words
    bare = child("--bare", api_url, token, expect="PORT")
    work = Path(tempfile.mkdtemp())
    candidate = revision_tree(args.revision, args.overlay) if args.revision else ROOT
    servers: dict[str, tuple[Path, str | None]] = {"socialops": (candidate, args.database)}
    if args.baseline:
        # Its own database: the same name with "_baseline" on PostgreSQL, a fresh file on SQLite.
        servers["baseline"] = (revision_tree(args.baseline), args.database and args.database + "_baseline")
    logs = {name: work / f"{name}.log" for name in servers}
    runs: dict[str, list[Result]] = {name: [] for name in (*servers, "bare bolt")}
    inside: dict[str, list[Result]] = {name: [] for name in servers}
    try:
        with contextlib.ExitStack() as stack:
            apps = {name: stack.enter_context(socialops_run(db, api_url, token, logs[name], root))
                    for name, (root, db) in servers.items()}
            apps["bare bolt"] = int(bare.words[0])
            for name, p in apps.items():  # warm-up: imports, caches, connections, the first rows
                drive(p, args.rate, 3, start_index=10**6 if name == "bare bolt" else 0)
            offset = 1000
            for rep in range(args.repeat):
                for name, p in apps.items():
                    log = logs.get(name)
                    before = log_errors(log) if log else 0
                    seen = len(log_latencies(log)) if log else 0
                    r = drive(p, args.rate, args.seconds, socialops_answer if log else None, start_index=offset)
                    offset += r.sent
                    if log:
                        time.sleep(1)  # the after-ack work of the last requests, into the log
                        r = Result(r.p50, r.p95, r.p99, r.max, r.sent, r.errors + log_errors(log) - before,
                                   r.by_kind, r.by_group)
                        inside[name].append(in_app(log_latencies(log)[seen:]))
                    runs[name].append(r)
                    print(f"run {rep + 1}: {r.line(name)}  load {os.getloadavg()[0]:.2f}", flush=True)
                    print(f"       by kind p50/p95/p99: {r.groups()}", flush=True)
                    if log:
                        print(f"       in the app's log: {inside[name][-1].line(name)}", flush=True)
    finally:
        bare.stop()
        stand_in.stop()
    if args.show:
        for kind, answer in SHOWN.items():
            print(f"{kind}: {answer[:300]!r}")
    db = "PostgreSQL" if args.database else "SQLite"
    print(f"\n{db}, {args.rate:g} requests/s for {args.seconds:g} s, {args.repeat} runs per app; "
          f"median of the runs' percentiles; load average {os.getloadavg()[0]:.2f}:")
    med = {name: median_result(rs) for name, rs in runs.items()}
    for name in runs:
        print(med[name].line(name))
        print(f"           by kind p50/p95/p99: {med[name].groups()}")
        if name in inside:
            print(f"           in the app's log: {median_result(inside[name]).line(name)}")
    for name in servers:
        print(f"p99 by kind ({name}): " + ", ".join(f"{k} {v:.1f} ms" for k, v in med[name].by_kind.items()))
        ratio = med[name].p99 / med["bare bolt"].p99 if med["bare bolt"].p99 else float("inf")
        print(f"p99 {name} / bare = {ratio:.2f}  (goal ≤ 2 and < 50 ms, zero errors)")
    print(f"the apps' logs: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
