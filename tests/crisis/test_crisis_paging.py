"""Paging along the chain (issue 13 §3), through the real scheduler, the fake clock and the stand-in:
level 1 at open, level 2 after the deadline (told who did not answer), an acknowledgement stops it
and edits every page in place; a restart in the middle changes nothing; nobody answering runs the
chain three times and then tells the admins, each page at its minute."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.crisis.paging import page_subject, parse_subject, position, schedule_times, step_count
from scheduler.jobs import tick
from storage.models import Delivery
from tests.conftest import ADMIN, ANA, BEA, CRISIS, make_settings
from tests.crisis.support_crisis import audit_actions, crisis_row, timeline_kinds
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
CHAIN = ((ANA,), (BEA, DANI), (EVA,))


@pytest.fixture
def restarted(slack: Any, db: Any, db_url: str, clock: Any) -> Iterator[Any]:
    """A second app on the same database: the process after a restart (nothing in memory)."""
    from bot.app import build

    runtime = build(make_settings(slack, db_url), db=db, clock=clock)
    yield runtime
    runtime.close()


# ---- the step arithmetic --------------------------------------------------------------------


def test_steps_are_levels_times_repeats_and_each_is_a_cycle_and_a_level() -> None:
    assert step_count(3, 3) == 9 and step_count(1, 1) == 1 and step_count(0, 3) == 0
    assert [position(k, 3) for k in range(7)] == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)]
    assert parse_subject(page_subject(12, 2, 7), 3) == (12, 2, 7)
    for bad in ("12:2", "12:2:x", "１２:2:0", "12:2:0:1", "", "12:-1:0", "1" * 13 + ":1:0"):
        assert parse_subject(bad, 3) is None, bad


def test_schedule_times_add_each_levels_deadline_in_turn(clock: Any) -> None:
    t0 = clock()
    times = schedule_times(t0, [5, 10], 2)
    assert [int((t - t0).total_seconds() // 60) for t in times] == [0, 5, 15, 20, 30]


# ---- through the app --------------------------------------------------------------------------


def _page_posts(slack: Any) -> list[tuple[str, str]]:
    """(DM channel, button value) of every page posted, in order."""
    out = []
    for call in slack.calls_to("chat.postMessage"):
        for block in call.args.get("blocks") or []:
            for el in block.get("elements", []) if block.get("type") == "actions" else []:
                if el.get("action_id") == "crisis_page_ack":
                    out.append((str(call.response.get("channel")), str(el.get("value"))))
    return out


def _scenario_until_level_2(rt: Any, later_rt: Any, slack: Any, clock: Any) -> int:
    add_leads(slack)
    seed_chain(rt, "sev1", CHAIN, ack_minutes=5)
    cid = seed_crisis(rt, clock())
    tick(rt, now=clock())
    assert _page_posts(slack) == [(slack.dm_channel(ANA), f"{cid}:1")]
    tick(rt, now=clock.advance(minutes=4, seconds=59))
    assert len(_page_posts(slack)) == 1  # not before the deadline
    tick(later_rt, now=clock.advance(seconds=1))
    return cid


@pytest.mark.parametrize("restart", [False, True], ids=["same-process", "restart-between-pages"])
def test_level_1_then_level_2_then_ack_stops_paging_and_edits_every_page(
        rt: Any, restarted: Any, slack: Any, clock: Any, driver: Any, restart: bool) -> None:
    start = clock()
    cid = _scenario_until_level_2(rt, restarted if restart else rt, slack, clock)
    assert _page_posts(slack) == [(slack.dm_channel(u), f"{cid}:1") for u in (ANA, BEA, DANI)]
    # with or without the restart, the Web API saw exactly this: one DM open and one page per person
    assert [(c.method, c.args.get("users") or c.args.get("channel")) for c in slack.calls
            if c.method != "auth.test"] == [
        call for u in (ANA, BEA, DANI)
        for call in (("conversations.open", u), ("chat.postMessage", slack.dm_channel(u)))]
    level2 = dm_messages(slack, BEA)[-1]
    assert "level 2 of 3, round 1 of 3" in level2["text"]
    assert f"Not answered at the previous level: <@{ANA}>" in level2["text"]
    assert "Viral video of a rude employee" in level2["text"] and f"<#{CRISIS}>" in level2["text"]
    assert "*09:10* (UTC)" in level2["text"] and "or level 3 is paged" in level2["text"]

    clock.advance(minutes=1)
    driver.click(DANI, "crisis_page_ack", value=f"{cid}:1")
    tick(restarted if restart else rt, now=clock())
    crisis = crisis_row(rt, cid)
    assert (crisis.acknowledged_by, crisis.acknowledged_at) == (DANI, start + timedelta(minutes=6))
    assert pages(rt, cid) == [(1, 0, ANA, "closed"), (1, 1, BEA, "closed"), (1, 1, DANI, "acknowledged")]
    for user in (ANA, BEA, DANI):  # every page edited in place, no button left
        msg = dm_messages(slack, user)[0]
        assert not has_button(msg), user
        assert f"Acknowledged by <@{DANI}> at 09:06" in msg["text"], user
    assert "You acknowledged *CRI-2026-0001*: paging stopped for everyone." in dm_messages(slack, DANI)[-1]["text"]
    updates = slack.calls_to("chat.update")
    assert sorted(c.args["channel"] for c in updates) == sorted(slack.dm_channel(u) for u in (ANA, BEA, DANI))
    assert any(f"<@{DANI}> acknowledged *{crisis.number}* at 09:06 (6 min after it opened)" in m["text"]
               for m in slack.messages(CRISIS))

    posted = len(slack.calls_to("chat.postMessage"))
    for _ in range(60):  # an hour later: no page, no unanswered notice
        tick(rt, now=clock.advance(minutes=1))
    later = [c for c in slack.calls_to("chat.postMessage")[posted:] if c.args.get("channel") != CRISIS]
    assert later == [] and len(_page_posts(slack)) == 3
    assert timeline_kinds(rt, cid).count("paged") == 3 and "acknowledged" in timeline_kinds(rt, cid)
    assert (DANI, "crisis.acknowledged", "ok") in audit_actions(rt)
    with rt.ctx.db.uow() as s:
        states = {d.subject_id: d.state for d in s.scalars(select(Delivery).where(Delivery.kind == "crisis.page"))}
    assert states == {f"{cid}:1:0": "sent", f"{cid}:1:1": "sent", f"{cid}:1:2": "cancelled"}


def test_nobody_acknowledges_the_chain_runs_three_times_then_the_admins_are_told(
        rt: Any, slack: Any, clock: Any) -> None:
    add_leads(slack)
    seed_chain(rt, "sev1", ((ANA,), (BEA,), (DANI,)), ack_minutes=(5, 10, 5), repeats=3)
    start = clock()
    cid = seed_crisis(rt, start)
    log = DmLog(slack, start, (ANA, BEA, DANI, ADMIN))
    tick(rt, now=clock())
    log.collect(clock())
    run_minutes(rt, clock, log, 70)
    # 5, 10 and 5 minutes a level, three rounds; after the last deadline (minute 60) the admins.
    assert log.log == [(0, ANA), (5, BEA), (15, DANI), (20, ANA), (25, BEA), (35, DANI), (40, ANA), (45, BEA),
                       (55, DANI), (60, ADMIN)]
    notice = dm_messages(slack, ADMIN)[-1]["text"]
    assert "Nobody acknowledged" in notice and "ran 3 time(s)" in notice
    assert f"<@{ANA}>, <@{BEA}>, <@{DANI}>" in notice
    assert any("Nobody acknowledged" in m["text"] for m in slack.messages(CRISIS))
    round3 = [m["text"] for m in dm_messages(slack, DANI)][-1]
    assert "level 3 of 3, round 3 of 3" in round3 and "the admins are told" in round3
    assert [p[1] for p in pages(rt, cid)] == list(range(9))
    assert timeline_kinds(rt, cid).count("unanswered") == 1
    # the times as scheduled: from each step's occurrence, never from when it was sent
    with rt.ctx.db.uow() as s:
        due = [d.occurrence_at for d in s.scalars(select(Delivery).where(
            Delivery.kind.in_(("crisis.page", "crisis.unanswered"))).order_by(Delivery.occurrence_at))]
    assert due == schedule_times(start, [5, 10, 5], 3)


def test_a_late_scheduler_does_not_stretch_the_chain(rt: Any, slack: Any, clock: Any) -> None:
    """Down for 7 minutes after level 1: level 2 goes out late, level 3 still at minute 10."""
    add_leads(slack)
    seed_chain(rt, "sev1", CHAIN, ack_minutes=5)
    start = clock()
    seed_crisis(rt, start)
    log = DmLog(slack, start, (ANA, BEA, DANI, EVA))
    tick(rt, now=clock())
    log.collect(clock())
    tick(rt, now=clock.advance(minutes=7))
    log.collect(clock())
    run_minutes(rt, clock, log, 4)
    assert log.log == [(0, ANA), (7, BEA), (7, DANI), (10, EVA)]


def test_no_chain_configured_pages_the_admins_and_says_so(rt: Any, slack: Any, clock: Any) -> None:
    with rt.ctx.db.uow() as s:  # no crisis_settings row for sev2: the admins are the chain
        from bot.core.authz import admin_ids

        admins = admin_ids(s, "T00000001")
    assert admins == [ADMIN]
    cid = seed_crisis(rt, clock(), "sev2")
    tick(rt, now=clock())
    [msg] = dm_messages(slack, ADMIN)
    assert "No escalation chain is set for sev2" in msg["text"] and has_button(msg)
    assert pages(rt, cid) == [(1, 0, ADMIN, "open")]



def test_a_step_rendered_again_after_a_crash_records_nothing_twice(rt: Any, slack: Any, clock: Any) -> None:
    """The render transaction commits before the send: a crash after it renders the step again (the
    lease ran out). Same pages, same next step, one timeline entry each; the DMs go again (at least once)."""
    from bot.crisis.paging import page_step

    add_leads(slack)
    seed_chain(rt, "sev1", CHAIN, ack_minutes=5)
    cid = seed_crisis(rt, clock())
    results = []
    for _ in range(2):
        with rt.ctx.db.uow() as s:
            step = page_step(s, "T00000001", f"{cid}:1:1", clock(), {}, clock())
            assert step is not None
            results.append(step.pages)
    assert results[0] == results[1] and [u for u, _ in results[0]] == [BEA, DANI]
    assert timeline_kinds(rt, cid).count("paged") == 2
    with rt.ctx.db.uow() as s:
        nxt = [(d.subject_id, d.occurrence_at) for d in s.scalars(select(Delivery).where(
            Delivery.kind == "crisis.page", Delivery.subject_id == f"{cid}:1:2"))]
        assert nxt == [(f"{cid}:1:2", clock() + timedelta(minutes=5))]
        assert page_step(s, "T0OTHER", f"{cid}:1:1", clock(), {}, clock()) is None  # another workspace's
        assert page_step(s, "T00000001", f"{cid}:1:9", clock(), {}, clock()) is None  # past the last step
        assert page_step(s, "T00000001", f"{cid}:2:0", clock(), {}, clock()) is None  # not its generation
