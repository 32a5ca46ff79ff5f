"""The stand-in's channel methods answer and refuse as Slack does (read through a real WebClient):
conversations.create (names, `name_taken`, the scope it needs), invite, setTopic, info and list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.slack import FakeSlack

TOKEN = "xoxb-devslack"
BOT = "U0BOT"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_user("U1", "alice")
        server.add_user("U2", "bob")
        server.add_user("UGONE", "gone", deleted=True)
        server.add_user("UGUEST", "guest", is_restricted=True, is_ultra_restricted=True)
        server.add_channel("CPUB", "general", members=["U1", BOT])
        server.add_channel("CPRIV", "secret", members=["U1"], is_private=True)
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(base_url=fake.api_url, token=TOKEN, retry_handlers=[])


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return str(info.value.response["error"])


def test_create_answers_the_channel_with_the_bot_as_its_creator_and_member(client: WebClient) -> None:
    made = client.conversations_create(name="crisis-20261202-viral-video")["channel"]
    assert (made["name"], made["creator"], made["is_private"], made["is_archived"]) == (
        "crisis-20261202-viral-video", BOT, False, False)
    assert client.conversations_members(channel=made["id"])["members"] == [BOT]


@pytest.mark.parametrize(("name", "error"), [
    ("", "invalid_name_required"), ("x" * 81, "invalid_name_maxlength"), ("Crisis Room", "invalid_name_specials"),
    ("---", "invalid_name_punctuation"), ("general", "name_taken"), ("secret", "name_taken"),
])
def test_create_refuses_names_as_slack_does(client: WebClient, name: str, error: str) -> None:
    assert _error(lambda: client.conversations_create(name=name)) == error


def test_create_without_the_scope_is_missing_scope(fake: FakeSlack, client: WebClient) -> None:
    fake.workspace.scopes.discard("channels:manage")
    assert _error(lambda: client.conversations_create(name="crisis-a")) == "missing_scope"
    made = client.conversations_create(name="crisis-b", is_private=True)["channel"]  # groups:write is there
    assert made["is_private"] is True
    fake.workspace.scopes.discard("groups:write")
    assert _error(lambda: client.conversations_create(name="crisis-c", is_private=True)) == "missing_scope"


def test_invite_adds_people_and_refuses_what_slack_refuses(fake: FakeSlack, client: WebClient) -> None:
    cid = client.conversations_create(name="crisis-room")["channel"]["id"]
    client.conversations_invite(channel=cid, users="U1,U2")
    assert sorted(client.conversations_members(channel=cid)["members"]) == sorted([BOT, "U1", "U2"])
    assert _error(lambda: client.conversations_invite(channel=cid, users="U1")) == "already_in_channel"
    assert _error(lambda: client.conversations_invite(channel=cid, users="UNOPE")) == "user_not_found"
    assert _error(lambda: client.conversations_invite(channel=cid, users="UGONE")) == "cant_invite"
    assert _error(lambda: client.conversations_invite(channel=cid, users="UGUEST")) == "user_is_ultra_restricted"
    assert _error(lambda: client.conversations_invite(channel=cid, users=BOT)) == "cant_invite_self"
    assert _error(lambda: client.conversations_invite(channel=cid, users="")) == "no_user"
    assert _error(lambda: client.conversations_invite(channel="CNOPE", users="U1")) == "channel_not_found"
    assert _error(lambda: client.conversations_invite(channel="CPRIV", users="U2")) == "channel_not_found"
    fake.workspace.channels["CPUB"].members.remove(BOT)
    assert _error(lambda: client.conversations_invite(channel="CPUB", users="U2")) == "not_in_channel"
    fake.workspace.archived.add(cid)
    assert _error(lambda: client.conversations_invite(channel=cid, users="U2")) == "is_archived"


def test_set_topic_is_kept_and_shown_and_refused_as_slack_does(fake: FakeSlack, client: WebClient) -> None:
    cid = client.conversations_create(name="crisis-topic")["channel"]["id"]
    answer = client.conversations_setTopic(channel=cid, topic="CRI-2026-0001 · sev1 · Viral video")
    assert answer["channel"]["topic"]["value"] == "CRI-2026-0001 · sev1 · Viral video"
    assert client.conversations_info(channel=cid)["channel"]["topic"]["value"] == "CRI-2026-0001 · sev1 · Viral video"
    client.conversations_setTopic(channel=cid, topic="t" * 250)  # the limit itself is fine
    assert _error(lambda: client.conversations_setTopic(channel=cid, topic="t" * 251)) == "too_long"
    assert _error(lambda: client.conversations_setTopic(channel="CNOPE", topic="x")) == "channel_not_found"
    assert _error(lambda: client.conversations_setTopic(channel="CPRIV", topic="x")) == "channel_not_found"
    fake.workspace.channels["CPUB"].members.remove(BOT)
    assert _error(lambda: client.conversations_setTopic(channel="CPUB", topic="x")) == "not_in_channel"
    fake.workspace.archived.add(cid)
    assert _error(lambda: client.conversations_setTopic(channel=cid, topic="x")) == "is_archived"
    assert client.conversations_info(channel=cid)["channel"]["is_archived"] is True


def test_list_shows_public_channels_and_the_private_ones_the_bot_is_in(fake: FakeSlack, client: WebClient) -> None:
    mine = client.conversations_create(name="crisis-private", is_private=True)["channel"]["id"]
    public = [c["name"] for c in client.conversations_list()["channels"]]
    assert "general" in public and "crisis-private" not in public
    both = [c["name"] for c in client.conversations_list(types="public_channel,private_channel")["channels"]]
    assert "crisis-private" in both and "secret" not in both  # the bot is not in #secret: invisible
    fake.workspace.archived.add(mine)
    live = client.conversations_list(types="private_channel", exclude_archived=True)["channels"]
    assert [c["name"] for c in live] == []
    assert _error(lambda: client.conversations_list(types="rooms")) == "invalid_types"


def test_list_pages_with_a_cursor(client: WebClient) -> None:
    for n in range(5):
        client.conversations_create(name=f"crisis-{n}")
    everything = [c["id"] for c in client.conversations_list(limit=1000)["channels"]]
    seen, cursor = [], None
    while True:
        page = client.conversations_list(limit=3, cursor=cursor)
        seen += [c["id"] for c in page["channels"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert seen == everything and len(set(seen)) == len(seen)
    names = {c["name"] for c in client.conversations_list(limit=1000)["channels"]}
    assert {f"crisis-{n}" for n in range(5)} <= names
