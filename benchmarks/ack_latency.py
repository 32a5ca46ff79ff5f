"""Ack latency of signed slash commands over HTTP: SocialOps vs a bare Bolt app, in one run.

Both are served by waitress (8 threads) on loopback in this process and answer the same
signed commands: `/socialops help` (no database work but the request's own) and `/accounts`
(a read: the inventory of `--accounts` accounts). SocialOps runs its full stack (the WSGI
checks, Bolt's signature check, the request log, retry dedup, language lookup, routing,
rendering) on a SQLite file; the bare app is `App(process_before_response=True)` with one
listener per command that acks a fixed text. Each scenario is run `--repeat` times, the two
apps alternating, and the medians of the runs are printed last (the machine may be shared:
look at the spread of the runs, not at one of them). Run:

    python benchmarks/ack_latency.py --n 2000 --concurrency 1,8 --repeat 5
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = "bench-signing-secret"
TEAM = "T0BENCH"
USER = "U0BENCH"
COMMANDS = (("/socialops", "help"), ("/accounts", ""))


def signed_command(i: int, command: str, text: str) -> tuple[bytes, dict[str, str]]:
    body = urllib.parse.urlencode({
        "token": "x", "team_id": TEAM, "team_domain": "bench", "channel_id": "C0GENERAL",
        "channel_name": "general", "user_id": USER, "user_name": "bench", "command": command,
        "text": text, "api_app_id": "A0BENCH", "response_url": "http://127.0.0.1:9/none",
        "trigger_id": f"{i}.bench.{time.perf_counter_ns()}",
    }).encode()
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                  "X-Slack-Signature": sig}


def serve(wsgi: Callable[..., Any]) -> tuple[Any, int]:
    from waitress.server import create_server

    server: Any = create_server(wsgi, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    return server, int(server.effective_port)


def fire(port: int, n: int, concurrency: int, command: str, text: str) -> list[float]:
    """Latencies (ms) of n signed commands, `concurrency` keep-alive connections at a time."""
    local = threading.local()
    counter = iter(range(n))
    lock = threading.Lock()

    def one(_: int) -> float:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        with lock:
            i = next(counter)
        body, headers = signed_command(i, command, text)
        started = time.perf_counter()
        local.conn.request("POST", "/slack/events", body=body, headers=headers)
        resp = local.conn.getresponse()
        resp.read()
        elapsed = (time.perf_counter() - started) * 1000
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, range(n)))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Run:
    p50: float
    p95: float
    p99: float
    rps: float


def measure(port: int, n: int, concurrency: int, command: str, text: str) -> Run:
    started = time.perf_counter()
    lat = fire(port, n, concurrency, command, text)
    wall = time.perf_counter() - started
    return Run(pct(lat, 50), pct(lat, 95), pct(lat, 99), n / wall)


def bare_bolt(api_url: str, token: str) -> Any:
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    # The same Bolt settings as SocialOps (bot/app.py): the ack is the HTTP response.
    app = App(client=WebClient(token=token, base_url=api_url), signing_secret=SECRET,
              token_verification_enabled=False, process_before_response=True)

    for name, _ in COMMANDS:
        @app.command(name)
        def answer(ack: Ack) -> None:
            ack(text="help")

    return SlackRequestHandler(app)


def seed_accounts(db: Any, n: int) -> None:
    """n active accounts in the benchmark workspace (what `/accounts` lists)."""
    from storage.models import Account

    with db.uow() as s:
        for i in range(n):
            s.add(Account(team_id=TEAM, brand=f"Brand {i % 5}", network="instagram", handle=f"bench_{i:03d}",
                          login_email=f"bench{i}@example.com", created_by=USER, custodian_id=USER))


def check_listing(port: int, n: int) -> None:
    """The `/accounts` measured is the real inventory, not an error reply."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body, headers = signed_command(0, "/accounts", "")
    conn.request("POST", "/slack/events", body=body, headers=headers)
    text = conn.getresponse().read().decode()
    # The first page of the inventory (it is paged by brand): the title counts every account.
    if n and (f"({n})" not in text or "bench_000" not in text):
        raise RuntimeError(f"/accounts did not list the seeded accounts: {text[:300]}")


def line(name: str, scenario: str, r: Run) -> str:
    return (f"{name:10s} {scenario:28s} p50={r.p50:7.2f} ms  p95={r.p95:7.2f} ms  p99={r.p99:7.2f} ms  "
            f"{r.rps:7.1f} req/s")


def median_run(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("p50", "p95", "p99", "rps")))


@contextmanager
def serving(n_accounts: int) -> Iterator[tuple[int, int]]:
    """Both apps on loopback (SocialOps on a fresh SQLite file with `n_accounts` accounts): their ports."""
    import logging

    from pydantic import SecretStr

    from bot.app import build
    from bot.core.config import Settings
    from bot.devtools.slack import FakeSlack
    from bot.web import wsgi_app
    from storage.db import Database
    from storage.migrate import upgrade

    logging.disable(logging.INFO)  # measure the app, not the terminal
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 1" under load
    fake = FakeSlack(team_id=TEAM).start()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        db = Database(url)
        upgrade(db)
        seed_accounts(db, n_accounts)
        settings = Settings(slack_bot_token=SecretStr(fake.bot_token), slack_signing_secret=SecretStr(SECRET),
                            slack_api_url=fake.api_url, database_url=url)
        rt = build(settings, db=db)
        ours, our_port = serve(wsgi_app(rt))
        bare, bare_port = serve(bare_bolt(fake.api_url, fake.bot_token))
        try:
            yield our_port, bare_port
        finally:
            ours.close()
            bare.close()
            rt.close()
            db.dispose()
            fake.stop()


@contextmanager
def server_process(n_accounts: int) -> Iterator[tuple[int, int]]:
    """`serving` in a child process: the load generator's threads must not take the servers' GIL
    (Slack is another machine; in one process the client's own work is queued with the apps')."""
    child = subprocess.Popen([sys.executable, __file__, "--serve", "--accounts", str(n_accounts)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        words = child.stdout.readline().split()
        if not words or words[0] != "PORTS":
            raise RuntimeError("the server process did not start")
        yield int(words[1]), int(words[2])
    finally:
        child.stdin.close()  # its signal to stop
        child.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000, help="requests per run")
    parser.add_argument("--concurrency", default="1,8", help="comma-separated client concurrencies")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (medians are reported)")
    parser.add_argument("--accounts", type=int, default=50, help="accounts listed by /accounts")
    parser.add_argument("--in-process", action="store_true",
                        help="servers and load generator in one process (sharing one GIL)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the child's role
    args = parser.parse_args()
    if args.serve:
        with serving(args.accounts) as (ours, bare):
            print(f"PORTS {ours} {bare}", flush=True)
            sys.stdin.read()  # until the parent closes it
        return 0
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    with (serving if args.in_process else server_process)(args.accounts) as (our_port, bare_port):
        apps = (("socialops", our_port), ("bare bolt", bare_port))
        check_listing(our_port, args.accounts)
        for _, port in apps:  # warm up both (imports, caches, connections)
            for command, text in COMMANDS:
                fire(port, min(200, args.n), max(concurrencies), command, text)
        runs: dict[tuple[str, str], list[Run]] = {}
        for rep in range(args.repeat):
            for c in concurrencies:
                for command, text in COMMANDS:
                    scenario = f"{command} {text}".strip() + f" c={c}"
                    for name, port in apps:
                        r = measure(port, args.n, c, command, text)
                        runs.setdefault((name, scenario), []).append(r)
                        print(f"run {rep + 1}: {line(name, scenario, r)}", flush=True)
    where = "one process" if args.in_process else "servers in a child process"
    print(f"\nmedians of {args.repeat} runs, n={args.n} each, {args.accounts} accounts, {where}:")
    scenarios = list(dict.fromkeys(s for _, s in runs))
    for scenario in scenarios:
        ours_m, bare_m = median_run(runs[("socialops", scenario)]), median_run(runs[("bare bolt", scenario)])
        print(line("socialops", scenario, ours_m))
        print(line("bare bolt", scenario, bare_m))
        print(f"{'':10s} {scenario:28s} ratio p99 socialops/bare = {ours_m.p99 / bare_m.p99:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
