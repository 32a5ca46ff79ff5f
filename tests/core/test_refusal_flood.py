"""A user repeating a refused command: told every time, logged every time, but the audit
chain gets one entry per 10-minute window and then one entry with the count of the repeats."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.runner import seal_refusal_repeats
from bot.devtools.slack import SlackDriver
from storage import audit
from storage.models import AuditEntry, RefusalWindow
from tests.conftest import ANA, BEA, CARL, SIGNING_SECRET, TEAM, FakeClock, serving_http

ADD = f"role add <@{BEA}|bea> approver"


def _entries(rt: Any) -> list[tuple[str, str, str, dict[str, Any]]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.outcome, json.loads(e.detail))
                for e in s.scalars(select(AuditEntry).where(AuditEntry.team_id == TEAM).order_by(AuditEntry.seq))]


def _chain_ok(rt: Any) -> bool:
    with rt.ctx.db.uow() as s:
        return audit.verify(s, TEAM).ok


def _refuse(driver: Any, user: str = CARL, text: str = ADD) -> None:
    resp = driver.command(user, "/socialops", text)
    assert "Not allowed" in resp.json()["text"]  # the user is told every time


def test_a_flood_of_refusals_is_one_entry_then_one_count(driver: Any, rt: Any, clock: FakeClock, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="socialops.authz"):
        for _ in range(20):
            _refuse(driver)
            clock.advance(seconds=20)  # 20 attempts in under 7 minutes: one window
    assert len([r for r in caplog.records if r.getMessage() == "refused"]) == 20  # logged every time
    assert [e[:3] for e in _entries(rt)] == [(CARL, "role.add", "refused")]
    clock.advance(minutes=5)
    _refuse(driver)  # the window has passed: the count is sealed, and this one opens a new window
    entries = _entries(rt)
    assert [e[:3] for e in entries] == [(CARL, "role.add", "refused")] * 3
    assert entries[1][3]["repeats"] == 19 and entries[2][3] == {}
    assert _chain_ok(rt)


def test_windows_are_per_user_and_action(driver: Any, rt: Any) -> None:
    _refuse(driver)
    _refuse(driver)
    _refuse(driver, ANA)
    _refuse(driver, CARL, "setup language es")
    assert [(e[0], e[1]) for e in _entries(rt)] == [(CARL, "role.add"), (ANA, "role.add"), (CARL, "workspace.setup")]


def test_housekeeping_seals_the_last_count_without_a_further_refusal(driver: Any, rt: Any, clock: FakeClock) -> None:
    for _ in range(4):
        _refuse(driver)
    with rt.ctx.db.uow() as s:
        assert seal_refusal_repeats(s, clock.now) is False  # the window is still open: nothing yet
    assert len(_entries(rt)) == 1
    with rt.ctx.db.uow() as s:
        seal_refusal_repeats(s, clock.advance(minutes=11))
    entries = _entries(rt)
    assert len(entries) == 2 and entries[1][3]["repeats"] == 3
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(RefusalWindow)).all() == []
    _refuse(driver)  # a new window: audited at once
    assert len(_entries(rt)) == 3 and _chain_ok(rt)


@pytest.fixture
def http(slack: Any, rt: Any) -> Iterator[SlackDriver]:
    with serving_http(rt, threads=8) as url:
        yield SlackDriver(slack, SIGNING_SECRET, url=f"{url}/slack/events")


def test_simultaneous_refusals_are_counted_once_each(http: SlackDriver, rt: Any) -> None:
    with ThreadPoolExecutor(8) as pool:
        texts = list(pool.map(lambda _: http.command(CARL, "/socialops", ADD).json()["text"], range(12)))
    assert all("Not allowed" in t for t in texts)
    assert len(_entries(rt)) == 1
    with rt.ctx.db.uow() as s:
        [window] = s.scalars(select(RefusalWindow)).all()
        assert window.repeats == 11
    assert _chain_ok(rt)
