"""The stand-in's files.info on the app's own uploads, which outbound's check after a lost
completion relies on: a completed upload says where it is shared as Slack's file object does
(`channels` / `groups` / `ims`, and `shares` by "public" / "private" conversation), one whose
completion never happened is `file_not_found`."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.slack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        slack.add_user("U0ANA", "ana")
        slack.add_channel("C0PUB", "pub", members=["U0ANA", "U0BOT"])
        slack.add_channel("G0PRIV", "priv", members=["U0ANA", "U0BOT"], is_private=True)
        yield slack


def _client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


def test_an_upload_to_a_dm_is_listed_in_ims_and_shared_privately(fake: FakeSlack) -> None:
    dm = fake.dm_channel("U0ANA")
    done = _client(fake).files_upload_v2(channel=dm, content=b"BEGIN:VCALENDAR", filename="cal.ics",
                                         initial_comment="your calendar")
    file_id = done["file"]["id"]
    info = _client(fake).files_info(file=file_id)["file"]
    assert (info["id"], info["name"], info["size"], info["user"]) == (file_id, "cal.ics", 15, fake.bot_user_id)
    assert (info["channels"], info["groups"], info["ims"]) == ([], [], [dm])
    [share] = info["shares"]["private"][dm]
    [message] = fake.messages(dm)
    assert share["ts"] == message["ts"] and "thread_ts" not in share and "public" not in info["shares"]
    assert message["files"][0]["id"] == file_id and message["text"] == "your calendar"


def test_an_upload_in_a_thread_of_a_public_channel_and_one_in_a_private_channel(fake: FakeSlack) -> None:
    client = _client(fake)
    parent = client.chat_postMessage(channel="C0PUB", text="the digest")["ts"]
    public = client.files_upload_v2(channel="C0PUB", thread_ts=parent, content=b"png", filename="chart.png")
    info = client.files_info(file=public["file"]["id"])["file"]
    assert (info["channels"], info["groups"], info["ims"], info["is_public"]) == (["C0PUB"], [], [], True)
    [share] = info["shares"]["public"]["C0PUB"]
    assert share["thread_ts"] == parent and share["ts"] != parent and share["channel_name"] == "pub"

    private = client.files_upload_v2(channel="G0PRIV", content=b"pdf", filename="report.pdf")
    info = client.files_info(file=private["file"]["id"])["file"]
    assert (info["channels"], info["groups"], info["is_public"]) == ([], ["G0PRIV"], False)
    assert list(info["shares"]["private"]) == ["G0PRIV"]


def test_an_upload_never_completed_is_not_found(fake: FakeSlack) -> None:
    client = _client(fake)
    started = client.files_getUploadURLExternal(filename="cal.ics", length=3)
    # The bytes go up (to the loopback stand-in's upload URL); the completion never comes.
    request = urllib.request.Request(started["upload_url"], data=b"abc", method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as resp:  # noqa: S310
        assert resp.status == 200
    with pytest.raises(SlackApiError) as info:
        client.files_info(file=started["file_id"])
    assert info.value.response["error"] == "file_not_found"
    assert fake.files() == []
