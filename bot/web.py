"""HTTP mode: Bolt's WSGI adapter at /slack/events plus /healthz and /readyz, under waitress.

Every POST to /slack/events is checked here before Bolt sees it: a fresh numeric timestamp,
a body that is UTF-8, Slack's signature over it, and a payload Bolt can parse. Bolt reads
the timestamp with `int()` and the body with `.decode()` outside its own error handling,
so junk from anyone on the internet would otherwise be a 500 and a traceback in the log;
refused here, it is a 4xx and one short line in the request log (outcome "refused", the
reason, no header values). Bolt still verifies the signature too.

The request log's latency of a request that reaches Bolt starts here, at its arrival, before
the body is read and checked (`handlers.kit.ARRIVED`).
"""

from __future__ import annotations

import gc
import io
import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier

from handlers import metrics
from handlers.kit import ARRIVED, log_request
from handlers.runtime import Runtime

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

EVENTS_PATH = "/slack/events"
METRICS_PATH = "/metrics"
# Slack's rule: a request signed more than five minutes ago (or ahead) may be a replay.
MAX_AGE_SECONDS = 5 * 60
# Slack's payloads are kilobytes (a full 100-block modal stays far below this); a bigger body
# is not from Slack, and reading it whole would only cost memory.
MAX_BODY_BYTES = 1024 * 1024
# Unix seconds have ten digits until the year 2286; longer is not a timestamp (and int() of a
# huge digit string is not free).
MAX_TIMESTAMP_DIGITS = 12

_STATUS = {400: "400 Bad Request", 401: "401 Unauthorized", 413: "413 Content Too Large"}


class Refused(Exception):
    """Why a request does not reach Bolt: an HTTP status and a short reason for the log."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _header(environ: dict[str, Any], name: str) -> str | None:
    value = environ.get("HTTP_" + name.upper().replace("-", "_"))
    return None if value is None else str(value)


def _read_body(environ: dict[str, Any]) -> bytes:
    raw_length = str(environ.get("CONTENT_LENGTH") or "0").strip()
    if not (raw_length.isascii() and raw_length.isdigit()):
        raise Refused(400, "bad_content_length")
    length = int(raw_length)
    if length > MAX_BODY_BYTES:
        raise Refused(413, "body_too_large")
    stream = environ.get("wsgi.input")
    return stream.read(length) if stream is not None and length else b""


def _fresh_timestamp(environ: dict[str, Any], now: float) -> str:
    stamp = _header(environ, "X-Slack-Request-Timestamp")
    if stamp is None:
        raise Refused(401, "missing_timestamp")
    # ASCII digits only: int() would also take " 12", "+12", "1_2" and other scripts' digits.
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= MAX_TIMESTAMP_DIGITS):
        raise Refused(401, "bad_timestamp")
    if abs(now - int(stamp)) > MAX_AGE_SECONDS:
        raise Refused(401, "stale_timestamp")
    return stamp


def verified_body(environ: dict[str, Any], verifier: SignatureVerifier | None, now: float) -> bytes:
    """The body of a request Slack signed and Bolt can parse; raises Refused otherwise."""
    if verifier is None:  # HTTP mode without a signing secret: nothing can be verified
        raise Refused(401, "no_signing_secret")
    stamp = _fresh_timestamp(environ, now)
    body = _read_body(environ)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        # The verifier decodes the body itself (and would raise): Slack only sends UTF-8.
        raise Refused(400, "body_not_utf8") from None
    signature = _header(environ, "X-Slack-Signature")
    if not signature or not verifier.is_valid(body=text, timestamp=stamp, signature=signature):
        raise Refused(401, "bad_signature")
    content_type = str(environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower() or None
    try:
        parsed = parse_body(text, content_type)  # Bolt's own parser: exactly what it will do next
    except ValueError:  # json.JSONDecodeError is one
        raise Refused(400, "malformed_payload") from None
    if not isinstance(parsed, dict):
        raise Refused(400, "malformed_payload")
    return body


def wsgi_app(rt: Runtime, *, clock: Callable[[], float] = time.time) -> WsgiApp:
    """`clock`: wall-clock seconds for the timestamp check (Slack signs with real time)."""
    slack = SlackRequestHandler(rt.app, path=EVENTS_PATH)
    secret = rt.ctx.settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret is not None else None

    def refuse(environ: dict[str, Any], start_response: StartResponse, refused: Refused,
               arrived: float) -> Iterable[bytes]:
        # One line, no body, no header values: the sender is unknown and may be hostile.
        log_request(kind="unverified", op="", team="", user="", status=refused.status, outcome="refused",
                    started=arrived, reason=refused.reason, remote=environ.get("REMOTE_ADDR", ""))
        body = json.dumps({"error": refused.reason}).encode()
        start_response(_STATUS[refused.status],
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        if path == "/readyz":
            ready = rt.ctx.db.ping()
            start_response("200 OK" if ready else "503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"ready" if ready else b"database unreachable"]
        if path == METRICS_PATH:
            return metrics.serve(rt, environ, start_response)
        # /slack/install and /slack/oauth_redirect (OAuth mode) are Bolt's, through its adapter.
        if path != EVENTS_PATH or environ.get("REQUEST_METHOD") != "POST":
            result: Iterable[bytes] = slack(environ, start_response)
            return result
        arrived = time.perf_counter()
        try:
            body = verified_body(environ, verifier, clock())
        except Refused as refused:
            return refuse(environ, start_response, refused, arrived)
        # The stream is spent: hand Bolt the same bytes.
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        # Bolt's WSGI adapter dispatches inside this call (the ack is the response), in this thread.
        token = ARRIVED.set(arrived)
        try:
            answered: Iterable[bytes] = slack(environ, start_response)
        finally:
            ARRIVED.reset(token)
        return answered

    return application


_frozen = False  # gc.freeze() done in this process (tune_for_serving)


def tune_for_serving() -> None:
    """Process settings for a long-running server, once the app is built (everything it imported
    and cached at start-up exists): those objects are moved out of the collector's sight
    (`gc.freeze`), so a full collection no longer walks the whole app's modules, catalogs and
    metadata: that walk stops every thread, and the slowest ack of a run went from 100-200 ms
    to under 50 ms without it (docs/benchmarks.md, "Load"). Measured and left as CPython has them
    (docs/benchmarks.md, "Load"): a young-generation threshold of 10,000 (no faster, 5 MB more
    RSS) and a GIL switch interval of 1 ms (no better, side by side in both orders).

    Done once per process: what is alive at a later call (a test process serving several apps
    in turn) could never be collected once frozen."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


def make_server(rt: Runtime, host: str = "0.0.0.0", port: int = 3000, threads: int = 8,  # noqa: S104
                *, tune: bool = True) -> Any:
    """A waitress server (call .run(), stop with .close()); port 0 picks a free one. `tune`: apply
    `tune_for_serving` first (what `socialops run` wants); False leaves the process as it is."""
    from waitress.server import create_server

    if tune:
        tune_for_serving()
    return create_server(wsgi_app(rt), host=host, port=port, threads=threads, ident="socialops")
