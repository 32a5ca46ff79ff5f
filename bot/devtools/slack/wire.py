"""HTTP plumbing for the fake: body parsing, injected faults and rate-limit buckets."""

from __future__ import annotations

import contextlib
import io
import json
import math
import random
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

# Fields slack_sdk (and apps posting by hand) may send as JSON strings inside a form body.
JSON_FIELDS = ("blocks", "attachments", "view", "files", "metadata")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    # Send the status line, the headers and half the body, then reset the connection (RST).
    reset: bool = False

    @classmethod
    def json(cls, payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
        merged = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, merged, json.dumps(payload).encode())

    def json_body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


DEFAULT_DELAY = 2.0  # seconds a slow answer takes when fail_next(delay=0) names no figure

# Slack's bodies for its own server errors: 500 may have done part of the work, 503 did none.
SERVER_ERRORS = {500: "fatal_error", 503: "service_unavailable"}


@dataclass
class Fault:
    """One injected fault: a fail_next() instruction, or a standing one (fail_every()).

    ``remaining`` counts down per matching call; a standing fault (``remaining`` None) lasts
    until ``until`` (a time.monotonic() deadline, None: until reset) and hits each call with
    ``probability``, drawn from its own seeded ``rng`` so a failing run can be replayed.
    ``delay`` and ``reset`` are faults of the answer, not of the work: Slack does the call
    (the message is posted) and then answers late, or cuts the answer off half-way.
    """

    status: int
    retry_after: int | None
    error: str | None
    drop: bool
    remaining: int | None
    delay: float = 0.0
    reset: bool = False
    until: float | None = None
    probability: float = 1.0
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    @property
    def answers_normally(self) -> bool:
        """The call is served as usual; only the delivery of its answer is faulty."""
        return self.delay > 0 or self.reset

    def reply(self) -> Reply | None:
        if self.drop:
            return None
        if self.error is not None:
            return Reply.json({"ok": False, "error": self.error})
        if self.status == 429:
            wait = self.retry_after if self.retry_after is not None else 1
            return Reply.json({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(wait)})
        return Reply.json({"ok": False, "error": SERVER_ERRORS.get(self.status, "fatal_error")}, self.status)

    @property
    def code(self) -> str:
        if self.drop:
            return "connection_dropped"
        if self.error is not None:
            return self.error
        if self.status == 429:
            return "ratelimited"
        return SERVER_ERRORS.get(self.status, "fatal_error")


class TokenBucket:
    """Allows short bursts up to ``capacity`` while holding the long-run rate, as Slack does."""

    def __init__(self, rate_per_sec: float, capacity: float, now: float) -> None:
        self.rate = rate_per_sec
        self.capacity = capacity
        self.tokens = capacity
        self.updated = now

    def wait(self, now: float) -> int:
        """Refills; returns 0 when a call may pass, else the Retry-After seconds to advertise."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            return 0
        return max(1, math.ceil((1 - self.tokens) / self.rate))

    def take(self) -> None:
        self.tokens -= 1


class Limits:
    """Injected faults and Slack-like rate limits (token buckets), off until asked for."""

    def __init__(self) -> None:
        self.faults: dict[str, list[Fault]] = {}
        self.channel_rate: float | None = None
        self.channel_burst = 3
        self.tier_limits: dict[str, int] = {}
        self.buckets: dict[tuple[str, str], TokenBucket] = {}

    def add_fault(self, method: str, fault: Fault) -> None:
        self.faults.setdefault(method, []).append(fault)

    def set_rates(self, per_channel_per_sec: float | None, tier_per_minute: dict[str, int] | None,
                  burst: int) -> None:
        self.channel_rate, self.channel_burst = per_channel_per_sec, burst
        self.tier_limits = dict(tier_per_minute or {})
        self.buckets.clear()

    def clear(self) -> None:
        self.faults.clear()
        self.buckets.clear()

    def clear_faults(self, method: str | None) -> None:
        if method is None:
            self.faults.clear()
        else:
            self.faults.pop(method, None)

    def take_fault(self, method: str, now: float) -> Fault | None:
        """The fault for this call of `method` (or of every method: "*"), if any; `now` is
        time.monotonic(), which a standing fault's deadline is measured on."""
        for key in (method, "*"):
            queue = self.faults.get(key)
            if not queue:
                continue
            # A standing fault past its deadline is gone, so a fail_next() queued after it applies.
            queue[:] = [f for f in queue if f.until is None or now < f.until]
            if not queue:
                continue
            fault = queue[0]
            if fault.remaining is None:
                if fault.rng.random() < fault.probability:
                    return fault
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
            return fault
        return None

    def throttle(self, method: str, args: dict[str, Any], now: float) -> int:
        """Seconds to wait (a 429's Retry-After), or 0 when the call may go through."""
        keys: list[tuple[str, str, float, float]] = []
        if method in self.tier_limits:
            per_minute = self.tier_limits[method]
            keys.append((method, "", per_minute / 60.0, float(per_minute)))
        if method == "chat.postMessage" and self.channel_rate:
            keys.append((method, str(args.get("channel")), self.channel_rate, float(self.channel_burst)))
        buckets = [self.buckets.setdefault((m, c), TokenBucket(rate, cap, now)) for m, c, rate, cap in keys]
        # Refused calls must not spend tokens in the other buckets, so check all before taking any.
        wait = max((bucket.wait(now) for bucket in buckets), default=0)
        if not wait:
            for bucket in buckets:
                bucket.take()
        return wait


def decode_json_fields(args: dict[str, Any]) -> dict[str, Any]:
    for name in JSON_FIELDS:
        value = args.get(name)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            # An undecodable value stays a string so the handler reports Slack's *_format error.
            with contextlib.suppress(ValueError):
                args[name] = json.loads(value)
    return args


def parse_body(content_type: str, raw: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Returns (fields, uploaded files); raises ValueError for a body Slack could not read."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        data = json.loads(raw.decode("utf-8") or "{}")
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        return data, {}
    if kind == "multipart/form-data":
        return _multipart(content_type, raw)
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)), {}


def _multipart(content_type: str, raw: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + raw)
    fields: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        name = str(part.get_param("name", "", header="content-disposition"))
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if part.get_filename() is not None:
            files[name or "file"] = data
        else:
            fields[name] = data.decode("utf-8", errors="replace")
    return fields, files


class _RequestHandler(BaseHTTPRequestHandler):
    server: LoopbackServer

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = self.server.dispatch(self.path, headers, raw)
        if reply is None:
            # Closing without a status line is how a dropped connection looks to urllib.
            self.close_connection = True
            return
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.reset:
                self._reset_after(reply.body[: len(reply.body) // 2])
                return
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client stopped waiting (its timeout ran out during a slow answer), as
            # Slack's own clients do: the work is done, the answer has nobody to go to.
            self.close_connection = True

    def _reset_after(self, partial: bytes) -> None:
        """Writes `partial` and resets the connection: SO_LINGER 0 makes close() send an RST,
        as a proxy or load balancer dying mid-answer does."""
        self.wfile.write(partial)
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True
        self.wfile = io.BytesIO()  # finish() flushes wfile: the socket is gone

    def log_message(self, format: str, *args: Any) -> None:
        pass  # request logs would drown test output


Dispatch = Callable[[str, dict[str, str], bytes], "Reply | None"]


class LoopbackServer(ThreadingHTTPServer):
    """Threaded HTTP server handing each request to ``dispatch(path, lowercased headers, body)``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], dispatch: Dispatch) -> None:
        super().__init__(address, _RequestHandler)
        self.dispatch = dispatch
