"""The stand-in's files.info and private file downloads answer and refuse like Slack."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.slack import FakeSlack
from handlers.kpi.data.flows import DownloadFailed, download


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        slack.add_user("U0ANA", "ana")
        yield slack


def _client(fake: FakeSlack, token: str | None = None) -> WebClient:
    return WebClient(token=token or fake.bot_token, base_url=fake.api_url)


def _get(url: str, token: str | None) -> tuple[int, str, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as resp:  # noqa: S310
        return resp.status, str(resp.headers.get("Content-Type")), resp.read()


def test_files_info_describes_a_file_shared_in_a_dm(fake: FakeSlack) -> None:
    public, message = fake.share_file("U0ANA", "week 9.csv", b"a,b\n1,2\n", text="for acme")
    info = _client(fake).files_info(file=public["id"])["file"]
    assert (info["name"], info["size"], info["mimetype"], info["filetype"]) == ("week 9.csv", 8, "text/csv", "csv")
    assert info["ims"] == [fake.dm_channel("U0ANA")] and info["url_private_download"].endswith("/week%209.csv")
    assert message["subtype"] == "file_share" and message["files"][0]["id"] == public["id"]
    assert fake.messages(fake.dm_channel("U0ANA"))[-1]["text"] == "for acme"


@pytest.mark.parametrize(("file_id", "error"), [("F0NOPE", "file_not_found"), ("", "invalid_arguments")])
def test_files_info_refuses_what_slack_refuses(fake: FakeSlack, file_id: str, error: str) -> None:
    with pytest.raises(SlackApiError) as info:
        _client(fake).files_info(file=file_id)
    assert info.value.response["error"] == error


def test_files_info_needs_files_read(fake: FakeSlack) -> None:
    public, _ = fake.share_file("U0ANA", "a.csv", b"x")
    fake.workspace.scopes.discard("files:read")
    with pytest.raises(SlackApiError) as info:
        _client(fake).files_info(file=public["id"])
    assert info.value.response["error"] == "missing_scope"


def test_the_bytes_need_the_bot_token_else_slack_answers_its_sign_in_page(fake: FakeSlack) -> None:
    public, _ = fake.share_file("U0ANA", "a.csv", b"date,account\n")
    url = public["url_private_download"]
    assert _get(url, fake.bot_token) == (200, "text/csv", b"date,account\n")
    for token in (None, "xoxb-someone-else"):
        status, kind, body = _get(url, token)
        assert status == 200 and kind.startswith("text/html") and b"Sign in" in body
    assert [c.args["authorized"] for c in fake.calls_to("file_download", ok=None)] == [True, False, False]
    assert download(url, fake.bot_token, 1000, api_url=fake.api_url) == b"date,account\n"
    with pytest.raises(DownloadFailed, match="login page"):
        download(url, "xoxb-wrong", 1000, api_url=fake.api_url)
    with pytest.raises(DownloadFailed, match="larger than"):
        download(url, fake.bot_token, 5, api_url=fake.api_url)


def test_a_reset_forgets_the_shared_files(fake: FakeSlack) -> None:
    public, _ = fake.share_file("U0ANA", "a.csv", b"x")
    fake.reset()
    with pytest.raises(SlackApiError):
        _client(fake).files_info(file=public["id"])
