"""Ack latency of signed slash commands over HTTP: SocialOps vs a bare Bolt app.

Both are served by waitress on loopback and answer `/socialops help`; SocialOps runs its
full stack (signature check, request log, retry dedup write, language lookup, routing,
help rendering) on a SQLite file. Run:

    python benchmarks/ack_latency.py --n 2000 --concurrency 8
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = "bench-signing-secret"


def signed_command(i: int) -> tuple[bytes, dict[str, str]]:
    body = urllib.parse.urlencode({
        "token": "x", "team_id": "T0BENCH", "team_domain": "bench", "channel_id": "C0GENERAL",
        "channel_name": "general", "user_id": "U0BENCH", "user_name": "bench", "command": "/socialops",
        "text": "help", "api_app_id": "A0BENCH", "response_url": "http://127.0.0.1:9/none",
        "trigger_id": f"{i}.bench.{time.perf_counter_ns()}",
    }).encode()
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                  "X-Slack-Signature": sig}


def serve(wsgi: Callable[..., Any]) -> tuple[Any, int]:
    from waitress.server import create_server

    server = create_server(wsgi, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    return server, int(server.effective_port)


def fire(port: int, n: int, concurrency: int) -> list[float]:
    local = threading.local()
    counter = iter(range(n))
    lock = threading.Lock()

    def one(_: int) -> float:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        with lock:
            i = next(counter)
        body, headers = signed_command(i)
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


def bare_bolt(api_url: str, token: str) -> Any:
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    app = App(client=WebClient(token=token, base_url=api_url), signing_secret=SECRET,
              token_verification_enabled=False)

    @app.command("/socialops")
    def answer(ack: Any) -> None:
        ack(text="help")

    return SlackRequestHandler(app)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    import logging

    from bot.app import build
    from bot.core.config import Settings
    from bot.devtools.slack import FakeSlack
    from bot.web import wsgi_app
    from storage.db import Database
    from storage.migrate import upgrade

    logging.disable(logging.INFO)  # measure the app, not the terminal
    fake = FakeSlack(team_id="T0BENCH").start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        upgrade(db)
        settings = Settings(slack_bot_token=fake.bot_token, slack_signing_secret=SECRET,
                            slack_api_url=fake.api_url, database_url=f"sqlite:///{tmp}/bench.db")
        rt = build(settings, db=db)
        ours, our_port = serve(wsgi_app(rt))
        bare, bare_port = serve(bare_bolt(fake.api_url, fake.bot_token))
        fire(our_port, min(100, args.n), args.concurrency)  # warm up both
        fire(bare_port, min(100, args.n), args.concurrency)
        results = {}
        for name, port in (("socialops", our_port), ("bare bolt", bare_port)):
            started = time.perf_counter()
            lat = fire(port, args.n, args.concurrency)
            wall = time.perf_counter() - started
            results[name] = lat
            print(f"{name:10s} n={args.n} c={args.concurrency}  p50={pct(lat, 50):6.2f} ms  "
                  f"p95={pct(lat, 95):6.2f} ms  p99={pct(lat, 99):6.2f} ms  mean={statistics.mean(lat):6.2f} ms  "
                  f"throughput={args.n / wall:7.1f} req/s")
        for p in (50, 95, 99):
            ratio = pct(results["socialops"], p) / pct(results["bare bolt"], p)
            print(f"ratio socialops/bare p{p}: {ratio:.2f}")
        ours.close()
        bare.close()
        rt.close()
        db.dispose()
    fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
