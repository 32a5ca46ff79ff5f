"""Junk from anyone on the internet is refused in the WSGI layer with a 4xx and one short
line in the request log, before Bolt parses it (a 500 and a traceback before)."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from bot.devtools.slack import SlackDriver
from bot.devtools.slack.transport import http_post
from storage.models import InboundRequest
from tests.conftest import ADMIN, SIGNING_SECRET, serving_http

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def http_url(rt: Any) -> Iterator[str]:
    with serving_http(rt) as url:
        yield url


@pytest.fixture
def signer(slack: Any) -> SlackDriver:
    """Only for its signatures (made like Slack's, over the exact bytes)."""
    return SlackDriver(slack, SIGNING_SECRET, url="http://unused.invalid/")


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    status, _headers, text = http_post(f"{url}/slack/events", body, {"Content-Type": FORM, **headers})
    return status, text


def _count_inbound(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(InboundRequest)) or 0)


def _now() -> str:
    return str(int(time.time()))


NOT_JSON = b"payload=" + quote("{not-json").encode()
NOT_UTF8 = b"command=%2Fsocialops&text=\xff\xfe\xfa"


CASES: list[tuple[str, Callable[[SlackDriver], tuple[bytes, dict[str, str]]], int, str]] = [
    ("timestamp-is-a-word", lambda d: (b"command=%2Fsocialops",
                                      {"X-Slack-Request-Timestamp": "yesterday", "X-Slack-Signature": "v0=00"}),
     401, "bad_timestamp"),
    ("timestamp-other-digits", lambda d: (b"command=%2Fsocialops",
                                         {"X-Slack-Request-Timestamp": "¹²³", "X-Slack-Signature": "v0=00"}),
     401, "bad_timestamp"),
    ("no-timestamp", lambda d: (b"command=%2Fsocialops", {"X-Slack-Signature": "v0=00"}), 401, "missing_timestamp"),
    ("stale", lambda d: (b"command=%2Fsocialops", d.sign(b"command=%2Fsocialops", timestamp=int(time.time()) - 301)),
     401, "stale_timestamp"),
    ("unsigned-not-json", lambda d: (NOT_JSON, {"X-Slack-Request-Timestamp": _now()}), 401, "bad_signature"),
    ("wrong-signature-not-json", lambda d: (NOT_JSON, d.sign(NOT_JSON, secret="guessed")), 401, "bad_signature"),
    ("signed-not-json", lambda d: (NOT_JSON, d.sign(NOT_JSON)), 400, "malformed_payload"),
    ("signed-json-not-an-object", lambda d: (b"[1, 2]", {**d.sign(b"[1, 2]"), "Content-Type": "application/json"}),
     400, "malformed_payload"),
    ("unsigned-not-utf8", lambda d: (NOT_UTF8, {"X-Slack-Request-Timestamp": _now(), "X-Slack-Signature": "v0=0"}),
     400, "body_not_utf8"),
    ("signed-not-utf8", lambda d: (NOT_UTF8, d.sign(NOT_UTF8)), 400, "body_not_utf8"),
]


@pytest.mark.parametrize(("case", "make", "status", "reason"), CASES, ids=[c[0] for c in CASES])
def test_junk_gets_4xx_one_log_line_and_never_reaches_bolt(
    http_url: str, signer: SlackDriver, rt: Any, caplog: Any, case: str,
    make: Callable[[SlackDriver], tuple[bytes, dict[str, str]]], status: int, reason: str,
) -> None:
    body, headers = make(signer)
    with caplog.at_level(logging.INFO):
        got, text = _post(http_url, body, headers)
    assert (got, reason) == (status, reason), text
    # One line in the request log, as for any request: refused, why, with its real status and time.
    lines = [r for r in caplog.records if r.name == "socialops.request"]
    assert [(r.__dict__["outcome"], r.__dict__["status"], r.__dict__["reason"], r.__dict__["kind"])
            for r in lines] == [("refused", status, reason, "unverified")]
    assert lines[0].levelno == logging.WARNING and lines[0].__dict__["latency_ms"] > 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not [r for r in caplog.records if r.name.startswith("socialops.bolt")]  # Bolt never saw it
    logged = caplog.text
    assert SIGNING_SECRET not in logged and "not-json" not in logged and "yesterday" not in logged
    assert _count_inbound(rt) == 0


def test_a_signed_request_still_reaches_bolt(http_url: str, signer: SlackDriver, slack: Any) -> None:
    body = (f"command=%2Fsocialops&text=help&team_id={slack.team_id}&user_id={ADMIN}&channel_id=C0GENERAL"
            "&trigger_id=t&response_url=").encode()
    status, text = _post(http_url, body, signer.sign(body))
    assert status == 200 and "/socialops role add" in text


def _call(app: Any, environ: dict[str, Any]) -> tuple[str, bytes]:
    seen: list[str] = []
    out = b"".join(app(environ, lambda status, _headers: seen.append(status)))
    return seen[0], out


def _environ(body: bytes, headers: dict[str, str], **over: Any) -> dict[str, Any]:
    env: dict[str, Any] = {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "SERVER_PROTOCOL": "HTTP/1.1",
                           "CONTENT_TYPE": FORM, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    env.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()})
    env.update(over)
    return env


def test_bad_or_huge_content_length_is_refused_before_reading(rt: Any, signer: SlackDriver) -> None:
    from bot.web import MAX_BODY_BYTES, wsgi_app

    app = wsgi_app(rt)
    body = b"command=%2Fsocialops"
    assert _call(app, _environ(body, signer.sign(body), CONTENT_LENGTH="12abc"))[0].startswith("400")
    assert _call(app, _environ(body, signer.sign(body), CONTENT_LENGTH=str(MAX_BODY_BYTES + 1)))[0].startswith("413")


def test_health_endpoints_need_no_signature(rt: Any) -> None:
    from bot.web import wsgi_app

    app = wsgi_app(rt)
    assert _call(app, {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"}) == ("200 OK", b"ok")
    assert _call(app, {"REQUEST_METHOD": "GET", "PATH_INFO": "/readyz"}) == ("200 OK", b"ready")
