"""A scheduled delivery whose answer is cut mid-body (Content-Length promised, fewer bytes sent,
the connection closed): urllib raises http.client.IncompleteRead, which is neither an OSError nor
a Slack error. The delivery must be a transient failure, retried later, not an exception that
ends the scheduler's batch (scheduler/notifier.py).

The server is a real local HTTP server that answers every call that way, a few lines below: the
stand-in's own faults (reset, drop) reach the client as OSErrors, which were always caught.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.core.config import Settings
from handlers.outbound import make_client
from scheduler.jobs import run_due
from scheduler.notifier import SlackNotifier
from storage.db import Database
from tests.conftest import FakeClock
from tests.scheduler.kit import add, make_ctx, row


class _CutHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"ok": true, "channel": "C0GENERAL", "ts": "1.000"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *_args: object) -> None:
        return None


@pytest.fixture
def cut_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CutHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    finally:
        server.shutdown()
        server.server_close()


def test_an_answer_cut_mid_body_is_a_transient_failure_retried_later(
        db: Database, clock: FakeClock, cut_server: str) -> None:
    ctx = make_ctx(db, clock)
    settings = Settings(database_url=str(db.engine.url), slack_bot_token="xoxb-test", slack_api_url=cut_server)
    notifier = SlackNotifier(make_client(settings, max_retries=0))
    did = add(db, clock.now, to="C0GENERAL", text="status update")
    other = add(db, clock.now, subject="s2", to="C0GENERAL", text="the next one in the batch")
    run_due(ctx, notifier, worker_id="w", now=clock.now)  # must not raise
    for delivery_id in (did, other):
        d = row(db, delivery_id)
        assert (d.state, d.attempts) == ("pending", 1)
        assert d.due_at > clock.now
        assert d.last_error == "IncompleteRead"
