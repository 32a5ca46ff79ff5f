"""The posts side of a crisis (issue 13): on `crisis.held` the approvals channel lists what the crisis
stopped; on `crisis.resolved` the crisis channel (and the approvals channel) list the posts still
held, each with Release / Reschedule — durable deliveries, only the posts still held."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.events import emit
from bot.posts.holds import KIND_HOLD_LIST
from storage.models import Delivery
from tests.access.support import pending
from tests.conftest import ANA, APPROVALS, BEA, TEAM
from tests.crisis.support_record import CRISIS_CHANNEL, NUMBER, deliver, seed_crisis
from tests.posts.support_posts import at, form_values, post_row, posts_world, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _held(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    acc = posts_world(driver, slack, rt)
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, hours=30), "Spring sale"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    send_form(driver, ANA, form_values([acc["x"]], at(clock, hours=5), "Waiting"))
    driver.command(BEA, "/post", "hold acme 48 crisis")


def _lists(slack: Any, channel: str) -> list[dict[str, Any]]:
    return [m for m in slack.messages(channel) if any(
        el.get("action_id") == "posts_hold_release" for b in m.get("blocks", []) if b["type"] == "actions"
        for el in b["elements"])]


def _release_values(message: dict[str, Any]) -> list[str]:
    return [el["value"] for b in message["blocks"] if b["type"] == "actions" for el in b["elements"]
            if el["action_id"] == "posts_hold_release"]


def _emit(rt: Any, clock: Any, event: str, **data: Any) -> None:
    with rt.ctx.db.uow() as s:
        emit(s, event, now=clock(), team_id=TEAM, **data)


def test_crisis_held_lists_the_posts_in_the_approvals_channel(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    _held(driver, slack, rt, clock)
    cid = seed_crisis(rt, slack, clock, held=[1, 2])
    before = len(_lists(slack, APPROVALS))  # /post hold's own list
    _emit(rt, clock, "crisis.held", crisis_id=cid, brand="Acme", posts=[1, 2])
    assert [d.kind for d in pending(rt.ctx.db, KIND_HOLD_LIST)] == [KIND_HOLD_LIST]  # a row, sent by the scheduler
    deliver(rt, clock)
    lists = _lists(slack, APPROVALS)
    assert len(lists) == before + 1
    assert _release_values(lists[-1]) == ["2:1", "1:1"] and NUMBER in lists[-1]["text"]
    assert _lists(slack, CRISIS_CHANNEL) == []


def test_crisis_resolved_lists_only_the_still_held_posts_in_both_channels(driver: Any, slack: Any, rt: Any,
                                                                         clock: Any) -> None:
    _held(driver, slack, rt, clock)
    cid = seed_crisis(rt, slack, clock, held=[1, 2])
    driver.click(BEA, "posts_hold_release", value="2:1", channel=APPROVALS)  # released before the end
    assert post_row(rt, 2).status != "held"
    _emit(rt, clock, "crisis.resolved", crisis_id=cid, number=NUMBER, brand="Acme", channel_id=CRISIS_CHANNEL,
          posts=[1, 2])
    deliver(rt, clock)
    [in_crisis] = _lists(slack, CRISIS_CHANNEL)
    assert _release_values(in_crisis) == ["1:1"]
    assert in_crisis["text"].startswith(f":white_check_mark: {NUMBER} is resolved; these posts are still held")
    assert _release_values(_lists(slack, APPROVALS)[-1]) == ["1:1"]
    driver.click(BEA, "posts_hold_release", value="1:1", channel=CRISIS_CHANNEL)
    assert post_row(rt, 1).status == "approved"


def test_nothing_still_held_sends_nothing(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    _held(driver, slack, rt, clock)
    cid = seed_crisis(rt, slack, clock, held=[1])
    driver.click(BEA, "posts_hold_release", value="1:1", channel=APPROVALS)
    _emit(rt, clock, "crisis.resolved", crisis_id=cid, number=NUMBER, brand="Acme", channel_id=CRISIS_CHANNEL,
          posts=[1])
    deliver(rt, clock)
    assert _lists(slack, CRISIS_CHANNEL) == []
    with rt.ctx.db.uow() as s:
        states = [d.state for d in s.query(Delivery).filter(Delivery.kind == KIND_HOLD_LIST)]
    assert states == ["cancelled"]  # the renderer said "no longer needed"
    # an event naming no posts schedules nothing at all
    _emit(rt, clock, "crisis.held", crisis_id=cid, brand="Acme", posts=[])
    assert pending(rt.ctx.db, KIND_HOLD_LIST) == []
