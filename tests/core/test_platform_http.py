"""The app over real HTTP (waitress), with signatures as Slack makes them."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.devtools.slack import SlackDriver
from storage.models import AuditEntry, InboundRequest, RoleAssignment
from tests.conftest import ADMIN, BEA, SIGNING_SECRET, serving_http


@pytest.fixture
def http_url(rt: Any) -> Iterator[str]:
    with serving_http(rt) as url:
        yield url


@pytest.fixture
def http(slack: Any, http_url: str, rt: Any) -> SlackDriver:
    return SlackDriver(slack, SIGNING_SECRET, url=f"{http_url}/slack/events")


def _count(rt: Any, model: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_signed_help_gets_the_help(http: SlackDriver) -> None:
    resp = http.command(BEA, "/socialops", "help")
    assert resp.status == 200
    body = resp.json()
    assert "/socialops role add @user <role>" in body["text"]


@pytest.mark.parametrize(
    "kwargs",
    [{"sign": False}, {"secret": "not-the-secret"}, {"timestamp": int(time.time()) - 6 * 60}],
    ids=["unsigned", "wrong-signature", "stale-timestamp"],
)
def test_unverifiable_requests_get_401_and_write_nothing(http: SlackDriver, rt: Any, kwargs: dict[str, Any]) -> None:
    resp = http.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver", **kwargs)
    assert resp.status == 401
    assert _count(rt, InboundRequest) == 0
    assert _count(rt, RoleAssignment) == 0
    assert _count(rt, AuditEntry) == 0


def test_a_command_sent_again_has_no_second_effect(http: SlackDriver, rt: Any) -> None:
    first = http.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
    assert "approver" in first.json()["text"]
    # Freshly signed: a replay when in the same second (dropped), else the rule's conditional insert.
    retry = http.resend(first, retry_num=1)
    assert retry.status == 200
    with rt.ctx.db.uow() as s:
        actions = list(s.scalars(select(AuditEntry.action)))
    assert actions == ["role.add"]
    assert _count(rt, RoleAssignment) == 1


def test_health_and_readiness(http_url: str) -> None:
    with urllib.request.urlopen(f"{http_url}/healthz") as r:  # noqa: S310 (loopback)
        assert r.status == 200
    with urllib.request.urlopen(f"{http_url}/readyz") as r:  # noqa: S310
        assert r.read() == b"ready"
