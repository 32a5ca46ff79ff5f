"""The stand-in's conversations.history and conversations.replies, read through a real WebClient, and
the driver's message shortcut and reaction_added: as Slack answers and sends them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.slack import FakeSlack, SlackDriver

TOKEN = "xoxb-devslack"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_user("U1", "alice")
        server.add_user("U2", "bob")
        server.add_channel("CBOT", "crisis", members=["U1", "U2", "U0BOT"])
        server.add_channel("CPUB", "general", members=["U1"])
        server.add_channel("CPRIV", "secret", members=["U1"], is_private=True)
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(base_url=fake.api_url, token=TOKEN, retry_handlers=[])


def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return str(info.value.response["error"])


def test_history_is_newest_first_and_bounded_by_latest(fake: FakeSlack, client: WebClient) -> None:
    first = fake.add_message("CBOT", "U1", "one")
    second = fake.add_message("CBOT", "U2", "two")
    fake.add_message("CBOT", "U1", "a reply", thread_ts=first)  # replies stay out of the history
    third = fake.add_message("CBOT", "U1", "three")
    everything = client.conversations_history(channel="CBOT")
    assert [m["text"] for m in everything["messages"]] == ["three", "two", "one"] and not everything["has_more"]
    exact = client.conversations_history(channel="CBOT", latest=second, inclusive=True, limit=1)
    assert [m["ts"] for m in exact["messages"]] == [second] and exact["has_more"]
    before = client.conversations_history(channel="CBOT", latest=second, limit=1)  # exclusive by default
    assert [m["ts"] for m in before["messages"]] == [first]
    after = client.conversations_history(channel="CBOT", oldest=second)
    assert [m["ts"] for m in after["messages"]] == [third]
    page = client.conversations_history(channel="CBOT", limit=2)
    nxt = client.conversations_history(channel="CBOT", limit=2, cursor=page["response_metadata"]["next_cursor"])
    assert [m["text"] for m in page["messages"] + nxt["messages"]] == ["three", "two", "one"]


def test_replies_answer_the_thread_from_any_of_its_messages(fake: FakeSlack, client: WebClient) -> None:
    root = fake.add_message("CBOT", "U1", "root")
    r1 = fake.add_message("CBOT", "U2", "r1", thread_ts=root)
    r2 = fake.add_message("CBOT", "U1", "r2", thread_ts=root)
    assert [m["text"] for m in client.conversations_replies(channel="CBOT", ts=root)["messages"]] == [
        "root", "r1", "r2"]
    upto = client.conversations_replies(channel="CBOT", ts=r1, latest=r1, inclusive=True)
    assert [m["ts"] for m in upto["messages"]] == [root, r1]
    assert r2 not in [m["ts"] for m in upto["messages"]]
    assert _error(lambda: client.conversations_replies(channel="CBOT", ts="1.000001")) == "thread_not_found"


def test_history_refuses_like_slack(fake: FakeSlack, client: WebClient) -> None:
    assert _error(lambda: client.conversations_history(channel="CNOPE")) == "channel_not_found"
    assert _error(lambda: client.conversations_history(channel="CPUB")) == "not_in_channel"
    assert _error(lambda: client.conversations_history(channel="CPRIV")) == "channel_not_found"
    assert _error(lambda: client.conversations_history(channel="CBOT", latest="yesterday")) == "invalid_ts_latest"
    assert _error(lambda: client.conversations_history(channel="CBOT", oldest="-1")) == "invalid_ts_oldest"
    assert _error(lambda: client.conversations_history(channel="CBOT", cursor="garbage")) == "invalid_cursor"
    assert _error(lambda: client.conversations_replies(channel="CPUB", ts="1.0")) == "not_in_channel"


def _recorder() -> tuple[list[dict[str, Any]], Any]:
    seen: list[dict[str, Any]] = []

    def dispatch(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        text = body.decode()
        if headers.get("Content-Type") == "application/json":
            seen.append(json.loads(text))
        else:
            seen.append(json.loads(parse_qs(text)["payload"][0]))
        return 200, {}, ""

    return seen, dispatch


def test_the_driver_sends_a_message_action_and_a_reaction_event(fake: FakeSlack) -> None:
    seen, dispatch = _recorder()
    driver = SlackDriver(fake, "secret", dispatch=dispatch)
    ts = fake.add_message("CBOT", "U1", "look at this")
    driver.message_shortcut("U2", "CBOT", ts, "crisis_note")
    action = seen[-1]
    assert (action["type"], action["callback_id"], action["message_ts"], action["channel"]["id"]) == (
        "message_action", "crisis_note", ts, "CBOT")
    assert (action["message"]["text"], action["message"]["user"], action["user"]["id"]) == ("look at this", "U1", "U2")
    assert action["trigger_id"] and action["response_url"]
    driver.reaction_added("U2", "CBOT", ts, "writing_hand")
    event = seen[-1]
    assert event["type"] == "event_callback" and event["event_id"]
    assert event["event"] == {"type": "reaction_added", "user": "U2", "reaction": "writing_hand",
                              "item": {"type": "message", "channel": "CBOT", "ts": ts}, "item_user": "U1",
                              "event_ts": event["event"]["event_ts"]}
    with pytest.raises(LookupError):  # a message Alice's channel does not have
        driver.reaction_added("U2", "CBOT", "9.000001", "writing_hand")
    with pytest.raises(LookupError):  # Bob cannot see a private channel he is not in
        driver.message_shortcut("U2", "CPRIV", fake.add_message("CPRIV", "U1", "x"), "crisis_note")
