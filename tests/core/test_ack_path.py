"""The ack path (issue 10 §2): only Slack's retries are deduplicated in the database, replays
are dropped without a write, and the request log says how long the ack took and how it went."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.feature import Feature
from handlers.calls import CommandCall, Reply
from handlers.kit import RecentSignatures
from handlers.runtime import Runtime
from storage.models import AuditEntry, InboundRequest, RoleAssignment
from tests.conftest import ADMIN, BEA, CARL

COMMAND = "/acktest"
SLOW_SECONDS = 0.05


def _slow(_call: CommandCall) -> Reply:
    time.sleep(SLOW_SECONDS)  # a listener that takes a while before it acks
    return Reply("done")


def _boom(_call: CommandCall) -> Reply:
    raise RuntimeError("kaboom: a bug before the ack")


def _register(rt: Runtime) -> None:
    cmd = rt.registry.command(COMMAND, "acktest.description", "slow | boom")
    cmd.sub("slow", "acktest.usage")(_slow)
    cmd.sub("boom", "acktest.usage")(_boom)


ACKTEST = Feature(
    name="test.ack", register=_register,
    catalog={"acktest.description": {"en": "Ack timing", "es": "Tiempo de respuesta"},
             "acktest.usage": {"en": "`/acktest slow`", "es": "`/acktest slow`"}},
)


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (ACKTEST,)


def _count(rt: Any, model: Any) -> int:
    with rt.ctx.db.uow(read_only=True) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _request_lines(caplog: Any) -> list[dict[str, Any]]:
    return [r.__dict__ for r in caplog.records if r.name == "socialops.request" and r.getMessage() == "slack request"]


def test_commands_and_clicks_write_no_inbound_request(driver: Any, rt: Any, setup_workspace: None) -> None:
    driver.command(ADMIN, "/socialops", "help")
    driver.command(CARL, "/accounts")
    driver.command(ADMIN, "/socialops", "roles")
    assert _count(rt, InboundRequest) == 0


def test_an_event_retry_is_handled_once(driver: Any, rt: Any, slack: Any, caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="socialops.request"):
        first = driver.app_home_opened(CARL)
        retry = driver.resend(first, retry_num=1)
    assert (first.status, retry.status) == (200, 200)
    assert len([c for c in slack.calls if c.method == "views.publish"]) == 1  # the home, once
    assert _count(rt, InboundRequest) == 1  # the event's id: a retry on another replica is caught too
    lines = _request_lines(caplog)
    assert [(line["kind"], line["outcome"]) for line in lines] == [("event_callback", "ok"),
                                                                    ("event_callback", "duplicate")]
    assert lines[1]["retry"] == "1"


def test_a_byte_identical_replay_is_dropped_without_a_write(driver: Any, rt: Any, caplog: Any) -> None:
    first = driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
    headers = driver.sign(first.request.body)  # the same second: Slack's signature, byte for byte
    replayed = driver.dispatch(first.request.body, {"Content-Type": first.request.content_type, **headers})
    with caplog.at_level(logging.INFO, logger="socialops.request"):
        again = driver.dispatch(first.request.body, {"Content-Type": first.request.content_type, **headers})
    assert (again[0], again[2]) == (200, "")
    assert replayed[0] == 200
    assert _count(rt, RoleAssignment) == 1
    assert _count(rt, InboundRequest) == 0
    assert [line["outcome"] for line in _request_lines(caplog)] == ["replay"]


def test_a_command_sent_again_is_made_harmless_by_the_service(driver: Any, rt: Any) -> None:
    """Slack does not retry commands: one typed twice reaches the rule, whose conditional
    insert makes it a no-op (one assignment, one audit entry)."""
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
    assert _count(rt, RoleAssignment) == 1
    with rt.ctx.db.uow(read_only=True) as s:
        assert list(s.scalars(select(AuditEntry.action))) == ["role.add"]


def test_the_log_line_times_the_listener_to_its_ack(driver: Any, caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="socialops.request"):
        resp = driver.command(CARL, COMMAND, "slow")
    assert resp.status == 200 and resp.json() == {"text": "done"}
    [line] = _request_lines(caplog)
    assert (line["op"], line["status"], line["outcome"]) == (f"{COMMAND} slow", 200, "ok")
    assert line["latency_ms"] >= SLOW_SECONDS * 1000


def test_a_failing_listener_is_logged_as_an_error(driver: Any, caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="socialops.request"):
        resp = driver.command(CARL, COMMAND, "boom")
    assert resp.status == 200  # the apology with its reference id, not Slack's "dispatch_failed"
    [line] = _request_lines(caplog)
    assert (line["status"], line["outcome"]) == (200, "error")


def test_a_bad_signature_is_logged_as_refused(driver: Any, rt: Any, caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="socialops.request"):
        resp = driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver", secret="guessed")
    assert resp.status == 401
    [line] = _request_lines(caplog)
    assert (line["status"], line["outcome"], line["kind"]) == (401, "refused", "command")
    assert _count(rt, RoleAssignment) == 0


def test_recent_signatures_forget_after_the_window_and_stay_bounded() -> None:
    now = [0.0]
    recent = RecentSignatures(window=300, limit=3, clock=lambda: now[0])
    assert recent.first_time("a") and not recent.first_time("a")
    now[0] = 301.0
    assert recent.first_time("a")  # older than Bolt would accept anyway: forgotten
    for sig in ("b", "c", "d"):
        assert recent.first_time(sig)
    assert recent.first_time("a")  # the oldest went first when the set was full
