"""The crisis channel (issue 13 §2): made by the scheduler after the ack, named
`crisis-<yyyymmdd>-<slug>`, `-2` on `name_taken`, the reporter and level 1 invited, the topic set,
the first messages posted; never a second channel for one crisis, also after a crash; a refusal by
Slack tells the reporter and the admins while the crisis still pages."""

from __future__ import annotations

from typing import Any

import pytest

from bot.crisis import opening
from tests.conftest import ADMIN, ANA, BEA, CARL
from tests.crisis.support_crisis import (
    channel_by_name,
    channel_texts,
    crisis_row,
    deliveries_of,
    open_crisis,
    run_scheduler,
    seed_chain,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")
NAME = "crisis-20260302-viral-video-of-a-rude-employee"


def _crisis_channels(slack: Any) -> list[dict[str, Any]]:
    return [c for c in slack.channels() if str(c.get("name", "")).startswith("crisis-")]


def test_sev1_gets_its_channel_with_the_reporter_and_level_1_the_topic_and_the_checklist(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    seed_chain(rt, "sev1", [[ANA], [BEA]])
    open_crisis(driver, CARL, "sev1 Viral video of a rude employee")
    assert slack.calls_to("conversations.create") == []  # after the ack, by the scheduler
    run_scheduler(rt, clock)
    crisis = crisis_row(rt, 1)
    channel = channel_by_name(slack, NAME)
    assert (crisis.channel_id, crisis.channel_name) == (channel["id"], NAME)
    assert {CARL, ANA} <= set(channel["members"]) and BEA not in channel["members"]  # level 2 is not in yet
    topic = slack.workspace.topics[channel["id"]]["value"]
    assert crisis.number in topic and "sev1" in topic and "Viral video" in topic
    texts = "\n".join(channel_texts(slack, channel["id"]))
    assert crisis.number in texts
    assert crisis.checklist and crisis.checklist[0]["text"] in texts
    assert crisis.checklist_ts is not None
    assert deliveries_of(rt, "crisis.channel")[0][2] == "sent"


def test_two_crises_the_same_day_with_one_summary_get_distinct_channels(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    seed_chain(rt, "sev2", [[ANA]])
    open_crisis(driver, CARL, "sev2 Viral video of a rude employee")
    open_crisis(driver, BEA, "sev2 Viral video of a rude employee")
    run_scheduler(rt, clock)
    first, second = crisis_row(rt, 1), crisis_row(rt, 2)
    assert (first.channel_name, second.channel_name) == (NAME, f"{NAME}-2")
    assert first.channel_id != second.channel_id
    assert len(_crisis_channels(slack)) == 2


def test_a_name_slack_already_has_is_name_taken_and_the_next_one_is_used(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    slack.add_channel("C0TAKEN", NAME, members=[ANA])  # somebody else's channel, not the bot's
    seed_chain(rt, "sev1", [[ANA]])
    open_crisis(driver, CARL, "sev1 Viral video of a rude employee")
    run_scheduler(rt, clock)
    crisis = crisis_row(rt, 1)
    assert crisis.channel_name == f"{NAME}-2" and crisis.channel_id != "C0TAKEN"
    assert [c.error for c in slack.calls_to("conversations.create", ok=None)] == ["name_taken", None]


def test_a_crash_between_create_and_store_makes_no_second_channel(
        driver: Any, slack: Any, rt: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_chain(rt, "sev1", [[ANA]])
    real = opening.store_channel
    crashes: list[int] = []

    def crash_once(*args: Any, **kwargs: Any) -> bool:
        if not crashes:
            crashes.append(1)
            raise RuntimeError("the process died here")
        return real(*args, **kwargs)

    monkeypatch.setattr(opening, "store_channel", crash_once)
    open_crisis(driver, CARL, "sev1 Viral video of a rude employee")
    run_scheduler(rt, clock, rounds=1)
    assert crisis_row(rt, 1).channel_id is None  # Slack made it; we never stored it
    assert len(_crisis_channels(slack)) == 1
    clock.advance(minutes=10)  # the crashed run's lease runs out: another run takes it
    run_scheduler(rt, clock)
    crisis = crisis_row(rt, 1)
    assert len(_crisis_channels(slack)) == 1  # the retry adopted it
    assert crisis.channel_id == channel_by_name(slack, NAME)["id"]
    assert len(slack.calls_to("conversations.create")) == 1
    assert crisis.checklist_ts is not None  # and the follow-up went on
    clock.advance(minutes=30)
    run_scheduler(rt, clock)
    assert len(_crisis_channels(slack)) == 1


def test_missing_scope_tells_the_reporter_and_admins_and_the_crisis_still_pages(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    slack.workspace.scopes.discard("channels:manage")
    seed_chain(rt, "sev1", [[ANA]])
    open_crisis(driver, CARL, "sev1 Viral video of a rude employee")
    run_scheduler(rt, clock)
    crisis = crisis_row(rt, 1)
    assert crisis.channel_id is None and _crisis_channels(slack) == []
    for user in (CARL, ADMIN):
        texts = [m["text"] for m in slack.messages(slack.dm_channel(user))]
        assert any(crisis.number in t and "missing_scope" in t for t in texts), (user, texts)
    paged = [m["text"] for m in slack.messages(slack.dm_channel(ANA))]
    assert any(crisis.number in t for t in paged)  # level 1 was paged all the same
