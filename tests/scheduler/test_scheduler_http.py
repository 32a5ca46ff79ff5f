"""The Web API client keeps its connection open between calls, and the SDK's retries still
work through it (against a small HTTP/1.1 server: the Slack stand-in speaks HTTP/1.0)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from bot.core.config import Settings
from handlers.outbound import make_client


@dataclass
class Script:
    """What the server answers, in order (then 200 ok), and what it saw."""

    answers: list[tuple[int, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    close_after: set[int] = field(default_factory=set)  # request numbers after which it hangs up
    connections: int = 0
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Slack's API does
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.script.lock:
            self.server.script.connections += 1

    def do_POST(self) -> None:
        script = self.server.script
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with script.lock:
            script.requests.append(self.path)
            number = len(script.requests)
            status, headers, body = script.answers.pop(0) if script.answers else (200, {}, {})
        raw = json.dumps({"ok": status == 200 and "error" not in body, "channel": "C1", "ts": f"{number}.0",
                          **body}).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)
        if number in script.close_after:
            self.close_connection = True  # an idle timeout on the server's side, without saying so

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    script: Script


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.script = Script()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/", httpd.script
    httpd.shutdown()
    httpd.server_close()


def _client(url: str) -> Any:
    return make_client(Settings(slack_bot_token="xoxb-test", slack_api_url=url))


def test_calls_share_one_connection(server: tuple[str, Script]) -> None:
    url, script = server
    client = _client(url)
    for i in range(5):
        assert client.chat_postMessage(channel="C1", text=f"m{i}")["ts"] == f"{i + 1}.0"
    assert len(script.requests) == 5
    assert script.connections == 1


def test_a_connection_the_server_closed_while_idle_is_replaced_not_resent(server: tuple[str, Script]) -> None:
    url, script = server
    script.close_after = {1}
    client = _client(url)
    client.chat_postMessage(channel="C1", text="first")
    time.sleep(0.1)  # the server has hung up meanwhile
    assert client.chat_postMessage(channel="C1", text="second")["ts"] == "2.0"
    assert len(script.requests) == 2  # nothing sent twice
    assert script.connections == 2


def test_rate_limits_and_server_errors_are_still_retried_by_the_sdk(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers = [(429, {"Retry-After": "1"}, {"error": "ratelimited"}), (503, {}, {"error": "unavailable"})]
    client = _client(url)
    started = time.monotonic()
    assert client.chat_postMessage(channel="C1", text="eventually")["ts"] == "3.0"
    assert time.monotonic() - started >= 1.0  # waited for Retry-After
    assert len(script.requests) == 3


def test_a_slack_error_is_still_an_api_error_with_its_code(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers = [(200, {}, {"error": "channel_not_found"})]
    client = _client(url)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="x")
    assert raised.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="next")["ok"] is True
    assert script.connections == 1


def test_each_thread_has_its_own_connection(server: tuple[str, Script]) -> None:
    url, script = server
    client = _client(url)

    def post(n: int) -> None:
        for i in range(3):
            client.chat_postMessage(channel="C1", text=f"{n}-{i}")

    threads = [threading.Thread(target=post, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(script.requests) == 9
    assert script.connections == 3
