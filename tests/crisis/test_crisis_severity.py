"""`/crisis severity <sevN> [id]` (issue 13 §4): re-pages as the new chain requires, old pages and
their buttons stop counting, the status reminders follow the new interval, a raise holds posts;
bad input is a sentence and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.errors import UsageError
from bot.crisis import opening
from bot.crisis.severity import is_raise, parse_severity
from scheduler.jobs import tick
from storage.models import AuditEntry, CrisisEvent, Delivery
from tests.conftest import ADMIN, ANA, BEA, CARL, CRISIS, GENERAL
from tests.crisis.support_crisis import answer, audit_actions, crisis_row, timeline_kinds
from tests.crisis.support_paging import (
    DANI,
    EVA,
    DmLog,
    add_leads,
    dm_messages,
    has_button,
    pages,
    run_minutes,
    seed_chain,
    seed_crisis,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")
ACK = "crisis_page_ack"


@pytest.fixture
def chains(rt: Any, slack: Any) -> None:
    add_leads(slack)
    seed_chain(rt, "sev1", ((ANA,), (BEA,)), ack_minutes=5)
    seed_chain(rt, "sev2", ((DANI,), (EVA,)), ack_minutes=15)


def _writes(rt: Any) -> tuple[int, int, int]:
    with rt.ctx.db.uow() as s:
        return (int(s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.outcome == "ok")) or 0),
                int(s.scalar(select(func.count()).select_from(CrisisEvent)) or 0),
                int(s.scalar(select(func.count()).select_from(Delivery)) or 0))


def test_parse_and_order() -> None:
    assert parse_severity("SEV1") == ("sev1", None)
    assert parse_severity(" sev2  CRI-2026-0001 ") == ("sev2", "CRI-2026-0001")
    for bad, key in (("", "missing"), ("sev4", "unknown"), ("high", "unknown"), ("sev1 a b", "extra")):
        with pytest.raises(UsageError) as err:
            parse_severity(bad)
        assert err.value.key == f"crisis.severity.error.{key}" and err.value.usage_key == "usage.crisis.severity"
    assert is_raise("sev3", "sev1") and is_raise("sev2", "sev1") and not is_raise("sev1", "sev2")


@pytest.mark.usefixtures("chains")
def test_bad_input_is_a_sentence_and_nothing_written(rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    cid = seed_crisis(rt, clock(), "sev2")
    tick(rt, now=clock())
    before = _writes(rt)
    said = {text: answer(driver.command(CARL, "/crisis", text, channel_id=CRISIS))
            for text in ("severity sev4", "severity", "severity sev2", "severity sev1 CRI-2026-0999")}
    assert "“sev4” is not a severity" in said["severity sev4"] and "/crisis severity <sev1|sev2|sev3>" in said[
        "severity sev4"]
    assert "Which severity?" in said["severity"]
    assert "*CRI-2026-0001* is already sev2." in said["severity sev2"]
    assert "There is no crisis CRI-2026-0999" in said["severity sev1 CRI-2026-0999"]
    assert "Which crisis?" in answer(driver.command(CARL, "/crisis", "severity sev1", channel_id=GENERAL))
    assert "Only the reporter" in answer(driver.command(BEA, "/crisis", "severity sev1", channel_id=CRISIS))
    assert _writes(rt) == before
    assert (BEA, "crisis.severity", "refused") in audit_actions(rt)
    assert crisis_row(rt, cid).severity == "sev2"


@pytest.mark.usefixtures("chains")
def test_unacknowledged_raise_repages_from_level_1_of_the_new_chain(
        rt: Any, slack: Any, clock: Any, driver: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[tuple[int, str]] = []
    real_hold = opening.hold_posts

    def spy(session: Any, crisis: Any, now: Any) -> list[int]:
        held.append((crisis.id, crisis.severity))
        return real_hold(session, crisis, now)

    monkeypatch.setattr(opening, "hold_posts", spy)
    start = clock()
    cid = seed_crisis(rt, start, "sev2")
    log = DmLog(slack, start, (ANA, BEA, DANI, EVA))
    tick(rt, now=clock())
    log.collect(clock())
    run_minutes(rt, clock, log, 3)
    said = answer(driver.command(CARL, "/crisis", "severity sev1", channel_id=CRISIS))  # the reporter, minute 3
    assert "*CRI-2026-0001* is now sev1 (was sev2). Paging restarts at level 1 of the sev1 chain." in said
    assert held == [(cid, "sev1")]
    tick(rt, now=clock())
    log.collect(clock())
    run_minutes(rt, clock, log, 20)
    # sev2's level 1 at 0; at the change sev1's level 1 at once, its level 2 five minutes later,
    # then the sev1 chain round 2 (sev2's level 2 never comes)
    assert log.log[:4] == [(0, DANI), (3, ANA), (8, BEA), (13, ANA)]
    crisis = crisis_row(rt, cid)
    assert (crisis.severity, crisis.generation, crisis.chain[0]["users"]) == ("sev1", 2, [ANA])
    old = dm_messages(slack, DANI)[0]
    assert not has_button(old) and "The severity changed (now sev1)" in old["text"]
    assert any("changed the severity of *CRI-2026-0001* from sev2 to sev1" in m["text"]
               for m in slack.messages(CRISIS))
    # the old generation's button answers and does nothing
    before = _writes(rt)
    driver.forged_click(DANI, ACK, f"{cid}:1")
    assert _writes(rt) == before
    assert any("from before its severity changed" in str(m.get("text")) for m in
               slack.ephemerals(DANI) + dm_messages(slack, DANI))
    # the new one works
    driver.click(ANA, ACK, value=f"{cid}:2")
    assert crisis_row(rt, cid).acknowledged_by == ANA
    assert "severity" in timeline_kinds(rt, cid)
    assert (CARL, "crisis.severity", "ok") in audit_actions(rt)


@pytest.mark.usefixtures("chains")
def test_acknowledged_then_raised_pages_level_1_once_for_information(
        rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    start = clock()
    cid = seed_crisis(rt, start, "sev2")
    tick(rt, now=clock())
    driver.click(DANI, ACK, value=f"{cid}:1")
    tick(rt, now=clock.advance(minutes=1))
    driver.command(ADMIN, "/crisis", "severity sev1", channel_id=CRISIS)
    log = DmLog(slack, clock(), (ANA, BEA, DANI, EVA))
    tick(rt, now=clock())
    log.collect(clock())
    run_minutes(rt, clock, log, 40)
    assert log.log == [(0, ANA)]  # level 1 of sev1, once: nobody escalates an owned crisis
    info = dm_messages(slack, ANA)[0]
    assert "was raised to sev1; <@U0DANI> already acknowledged it" in info["text"] and has_button(info)
    assert pages(rt, cid)[-1] == (2, 0, ANA, "open")
    driver.click(ANA, ACK, value=f"{cid}:2")
    tick(rt, now=clock())
    crisis = crisis_row(rt, cid)
    assert crisis.acknowledged_by == DANI  # the crisis's time to acknowledge stays the first one
    assert pages(rt, cid)[-1] == (2, 0, ANA, "acknowledged")
    assert not has_button(dm_messages(slack, ANA)[0])
    assert timeline_kinds(rt, cid).count("acknowledged") == 2
    # a second press on the new page answers
    driver.forged_click(ANA, ACK, f"{cid}:2")
    assert any(f"already acknowledged by <@{ANA}>" in str(m.get("text")) for m in
               slack.ephemerals(ANA) + dm_messages(slack, ANA))


@pytest.mark.usefixtures("chains")
def test_acknowledged_then_lowered_pages_nobody_and_reminders_follow_the_new_interval(
        rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    cid = seed_crisis(rt, clock(), "sev1")
    tick(rt, now=clock())
    driver.click(ANA, ACK, value=f"{cid}:1")
    said = answer(driver.command(ANA, "/crisis", "severity sev3", channel_id=CRISIS))  # a lead? no: paged only
    assert "Only the reporter" in said
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> crisis_lead")
    said = answer(driver.command(ANA, "/crisis", f"severity sev3 {crisis_row(rt, cid).number}", channel_id=GENERAL))
    assert "It is already acknowledged: nobody is paged." in said
    posted = len(slack.calls_to("chat.postMessage"))
    for _ in range(12):
        tick(rt, now=clock.advance(minutes=10))
    texts = [str(c.args.get("text")) for c in slack.calls_to("chat.postMessage")[posted:]]
    assert not any("Time for a status update" in t for t in texts)  # sev3: none
    assert not any("you are paged" in t for t in texts)
    assert any("from sev1 to sev3" in t for t in texts)
    with rt.ctx.db.uow() as s:
        status = [(d.subject_id, d.state) for d in s.scalars(select(Delivery).where(Delivery.kind == "crisis.status"))]
    assert status == [(f"{cid}:1", "cancelled")]


@pytest.mark.usefixtures("chains")
def test_a_raise_restarts_the_reminders_at_the_new_interval(rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    start = clock()
    seed_crisis(rt, start, "sev2")  # every 2 h
    tick(rt, now=clock.advance(minutes=10))
    driver.command(CARL, "/crisis", "severity sev1", channel_id=CRISIS)
    seen = []
    for minute in range(11, 80):
        tick(rt, now=clock.advance(minutes=1))
        if len([m for m in slack.messages(CRISIS) if "Time for a status update" in m["text"]]) > len(seen):
            seen.append(minute)
    assert seen == [40, 70]
