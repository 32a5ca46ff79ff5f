"""Resolving (issue 13 §5): a crisis lead or an admin; the post-mortem stored, hashed into the audit
chain and posted in the channel within Slack's limits; the topic says resolved; the posts still
held get Release / Reschedule in the crisis channel, and Release there releases the post."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.crisis import timeline
from storage.models import Crisis, Delivery
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GENERAL
from tests.crisis.support_record import (
    CRISIS_CHANNEL,
    NUMBER,
    answer,
    audit_of,
    crisis_of,
    deliver,
    events_of,
    refusals,
    seed_crisis,
)
from tests.posts.support_posts import at, form_values, post_row, posts_world, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _held_world(driver: Any, slack: Any, rt: Any, clock: Any) -> list[int]:
    """Two Acme posts held by hand (#1 approved in 30 h, #2 pending in 5 h), as a crisis would."""
    acc = posts_world(driver, slack, rt)
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, hours=30), "Spring sale"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    send_form(driver, ANA, form_values([acc["x"]], at(clock, hours=5), "Waiting"))
    driver.command(BEA, "/post", "hold acme 48 crisis")
    assert [post_row(rt, i).status for i in (1, 2)] == ["held", "held"]
    return [1, 2]


def _posted(slack: Any, channel: str) -> list[dict[str, Any]]:
    return slack.messages(channel)


def test_resolve_posts_the_postmortem_sets_the_topic_and_lists_held_posts(driver: Any, slack: Any, rt: Any,
                                                                         clock: Any) -> None:
    held = _held_world(driver, slack, rt, clock)
    cid = seed_crisis(rt, slack, clock, held=held)
    clock.advance(hours=2)
    reply = answer(driver.command(ANA, "/crisis", "resolve The video was staged; statement published",
                                  channel_id=CRISIS_CHANNEL))
    assert reply == f":white_check_mark: {NUMBER} is resolved. The post-mortem goes to the crisis channel."
    crisis = crisis_of(rt, cid)
    assert (crisis.status, crisis.resolved_by, crisis.resolved_at, crisis.resolution) == (
        "resolved", ANA, clock(), "The video was staged; statement published")
    assert events_of(rt, cid)[-1].kind == "resolved"
    assert crisis.postmortem is not None and crisis.postmortem.startswith(f"# Post-mortem {NUMBER}")
    digest = hashlib.sha256(crisis.postmortem.encode("utf-8")).hexdigest()
    [entry] = audit_of(rt, "crisis.resolved")
    assert crisis.postmortem_hash == digest == json.loads(entry.detail)["postmortem_hash"]
    assert "- Time to resolve: 2 h 00 min" in crisis.postmortem and "- Post #1: held" in crisis.postmortem

    deliver(rt, clock)
    texts = [m["text"] for m in _posted(slack, CRISIS_CHANNEL)]
    assert f"Post-mortem {NUMBER}" in texts
    [topic] = slack.calls_to("conversations.setTopic", ok=None)
    assert topic.args["channel"] == CRISIS_CHANNEL
    assert topic.args["topic"] == f"Resolved — {NUMBER}: The video was staged; statement published"
    # the still-held posts, with their buttons, in the crisis channel and the approvals channel
    listing = next(m for m in _posted(slack, CRISIS_CHANNEL) if "is resolved; these posts are still held" in m["text"])
    values = [el["value"] for b in listing["blocks"] if b["type"] == "actions" for el in b["elements"]
              if el["action_id"] == "posts_hold_release"]
    assert values == ["2:1", "1:1"]  # by time: #2 is due first
    assert any("is resolved; these posts are still held" in m["text"] for m in _posted(slack, APPROVALS))
    # Release, pressed in the crisis channel, is the posts feature's own button
    driver.click(BEA, "posts_hold_release", value="1:1", channel=CRISIS_CHANNEL)
    assert post_row(rt, 1).status == "approved"


def test_only_leads_and_admins_resolve_and_only_once(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)  # Ana is on the chain; Carl reported it; Bea is an approver
    for user in (CARL, BEA):
        reply = answer(driver.command(user, "/crisis", "resolve done", channel_id=CRISIS_CHANNEL))
        assert "crisis_lead" in reply
    assert crisis_of(rt, cid).status == "open" and events_of(rt, cid) == []
    assert refusals(rt) == [(CARL, "crisis.resolve"), (BEA, "crisis.resolve")]
    answer(driver.command(ADMIN, "/crisis", f"resolve {NUMBER} Handled by legal", channel_id=GENERAL))
    assert crisis_of(rt, cid).resolved_by == ADMIN
    before = (len(events_of(rt, cid)), len(audit_of(rt, "crisis.resolved")))
    reply = answer(driver.command(ANA, "/crisis", "resolve again", channel_id=CRISIS_CHANNEL))
    assert reply.startswith(f"{NUMBER} is already resolved.")
    assert (len(events_of(rt, cid)), len(audit_of(rt, "crisis.resolved"))) == before
    assert crisis_of(rt, cid).resolution == "Handled by legal"


@pytest.mark.parametrize(("text", "channel", "expected"), [
    ("resolve", CRISIS_CHANNEL, "Say how it was resolved"),
    (f"resolve {NUMBER}", GENERAL, "Say how it was resolved"),
    ("resolve fixed it", GENERAL, "Which crisis?"),
])
def test_bad_resolve_answers_and_writes_nothing(driver: Any, slack: Any, rt: Any, clock: Any, text: str,
                                                channel: str, expected: str) -> None:
    cid = seed_crisis(rt, slack, clock)
    reply = answer(driver.command(ANA, "/crisis", text, channel_id=channel))
    assert expected in reply and "/crisis resolve [CRI-2026-0001] <summary…>" in reply
    assert crisis_of(rt, cid).status == "open" and events_of(rt, cid) == []
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Delivery).where(Delivery.kind == "crisis.postmortem")).all() == []


def test_a_long_timeline_is_cut_within_slacks_limits(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    with rt.ctx.db.uow() as s:  # 400 notes, written as /crisis note would (faster than 400 commands)
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        for i in range(400):
            timeline.record(s, crisis, timeline.NOTE, actor=CARL, at=clock() + timedelta(seconds=i),
                            text=f"Update {i} " + "word " * 60)
    clock.advance(hours=1)
    driver.command(ANA, "/crisis", "resolve over", channel_id=CRISIS_CHANNEL)
    deliver(rt, clock)
    message = next(m for m in _posted(slack, CRISIS_CHANNEL) if m["text"] == f"Post-mortem {NUMBER}")
    assert len(message["blocks"]) <= 50
    assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"] if b["type"] == "section")
    more = message["blocks"][-1]["elements"][0]["text"]
    assert more.startswith("…and ") and f"more, see `socialops crisis export {NUMBER}`" in more
    shown = sum(b["text"]["text"].count("· note ·") for b in message["blocks"] if b["type"] == "section")
    resolved_shown = any("· resolved ·" in b["text"]["text"] for b in message["blocks"] if b["type"] == "section")
    assert int(more.split()[1]) == 401 - shown - int(resolved_shown)  # 400 notes and the resolution
    assert crisis_of(rt, cid).postmortem.count("· note ·") == 400  # the stored record has every one


def test_a_crisis_without_channel_is_resolved_without_a_message(driver: Any, slack: Any, rt: Any,
                                                               clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    with rt.ctx.db.uow() as s:
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        crisis.channel_id = None
    driver.command(ANA, "/crisis", f"resolve {NUMBER} quick", channel_id=GENERAL)
    assert crisis_of(rt, cid).status == "resolved"
    deliver(rt, clock)
    assert slack.calls_to("conversations.setTopic", ok=None) == []


def test_resolve_stops_the_paging_and_the_postmortem_says_who_was_paged(driver: Any, slack: Any, rt: Any,
                                                                        clock: Any) -> None:
    from bot.crisis import paging

    cid = seed_crisis(rt, slack, clock, chain=[{"users": [ANA], "ack_minutes": 5}, {"users": [BEA], "ack_minutes": 5}])
    with rt.ctx.db.uow() as s:
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        paging.start_paging(s, crisis, clock())
    deliver(rt, clock)
    assert any(NUMBER in m.get("text", "") for m in slack.messages(slack.dm_channel(ANA)))  # level 1 paged
    clock.advance(minutes=2)
    driver.command(ADMIN, "/crisis", "resolve False alarm", channel_id=CRISIS_CHANNEL)
    clock.advance(minutes=10)
    deliver(rt, clock)
    assert not any(NUMBER in m.get("text", "") for m in slack.messages(slack.dm_channel(BEA)))  # level 2: never
    stored = crisis_of(rt, cid).postmortem or ""
    assert f"- <@{ANA}> — level 1, round 1, 2026-03-02 09:00: no answer (closed)" in stored
    assert "- Time to acknowledge: not acknowledged" in stored
