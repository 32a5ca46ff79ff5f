"""FakeSlack answers a real slack_sdk WebClient the way Slack would, refusals included."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.devtools.slack import FakeSlack
from bot.devtools.slack.transport import http_post

TOKEN = "xoxb-devslack"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_user("U1", "alice", real_name="Alice A", email="alice@example.com", tz="Europe/Berlin")
        server.add_user("U2", "bob", email="bob@example.com", is_restricted=True)
        server.add_channel("CPUB", "announcements", members=["U1"])
        server.add_channel("CPRIV", "secret", members=["U1"], is_private=True)
        server.add_channel("CMINE", "ops", members=["U1", "U0BOT"], is_private=True)
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    # No retry handlers: each test states the retry behaviour it relies on.
    return WebClient(base_url=fake.api_url, token=TOKEN, retry_handlers=[])


def slack_error(call: Any) -> SlackApiError:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def modal(title: str = "Schedule", **extra: Any) -> dict[str, Any]:
    return {"type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": title},
            "submit": {"type": "plain_text", "text": "Save"},
            "blocks": [{"type": "input", "block_id": "b", "label": {"type": "plain_text", "text": "Name"},
                        "element": {"type": "plain_text_input", "action_id": "a"}}], **extra}


def test_post_update_delete_flow(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="CPUB", text="draft", blocks=[section("*draft*")])
    assert posted["ok"] and posted["channel"] == "CPUB"
    ts = posted["ts"]
    assert posted["message"]["text"] == "draft" and posted["message"]["user"] == "U0BOT"

    client.chat_postMessage(channel="CPUB", text="reply", thread_ts=ts)
    updated = client.chat_update(channel="CPUB", ts=ts, text="final", blocks=[section("*final*")])
    assert updated["ts"] == ts and updated["text"] == "final"

    stored = fake.messages("CPUB")
    assert [m["text"] for m in stored] == ["final", "reply"]
    assert stored[0]["blocks"][0]["text"]["text"] == "*final*"
    assert stored[0]["blocks"][0]["block_id"]  # Slack fills in block ids
    assert stored[0]["reply_count"] == 1 and stored[1]["thread_ts"] == ts
    assert "edited" in stored[0]

    client.chat_delete(channel="CPUB", ts=ts)
    assert [m["text"] for m in fake.messages("CPUB")] == ["reply"]
    assert slack_error(lambda: client.chat_update(channel="CPUB", ts=ts, text="x")).response["error"] == (
        "message_not_found")
    assert slack_error(lambda: client.chat_delete(channel="CPUB", ts=ts)).response["error"] == "message_not_found"
    assert [c.method for c in fake.calls_to("chat.update", ok=None)] == ["chat.update", "chat.update"]
    assert len(fake.calls_to("chat.update")) == 1


def test_message_refusals(fake: FakeSlack, client: WebClient) -> None:
    def error(**kwargs: Any) -> str:
        return str(slack_error(lambda: client.api_call("chat.postMessage", json=kwargs)).response["error"])

    assert error(channel="CPUB") == "no_text"
    assert error(text="hi") == "channel_not_found"
    assert error(channel="CNOPE", text="hi") == "channel_not_found"
    # A private channel the bot is not in does not exist, as far as Slack tells the bot.
    assert error(channel="CPRIV", text="hi") == "channel_not_found"
    assert slack_error(lambda: client.chat_update(channel="CPRIV", ts="1.000001", text="x")).response[
        "error"] == "channel_not_found"
    assert client.chat_postMessage(channel="CMINE", text="ok")["ok"]
    assert client.chat_postMessage(channel="CPUB", text="public without joining")["ok"]
    human_ts = fake.add_message("CPUB", "U1", "mine")
    err = slack_error(lambda: client.chat_update(channel="CPUB", ts=human_ts, text="x"))
    assert err.response["error"] == "cant_update_message"
    err = slack_error(lambda: client.api_call("chat.update", json={"channel": "CPUB", "text": "x"}))
    assert err.response["error"] == "invalid_arguments"
    long = client.chat_postMessage(channel="CPUB", text="y" * 40_050)
    assert len(long["message"]["text"]) == 40_000  # Slack truncates instead of refusing


def test_invalid_blocks_are_explained(client: WebClient) -> None:
    err = slack_error(lambda: client.chat_postMessage(channel="CPUB", text="x", blocks=[section("z" * 3001)]))
    assert err.response["error"] == "invalid_blocks"
    assert err.response["response_metadata"]["messages"] == [
        "[ERROR] blocks[0].text: must be at most 3000 characters"]
    too_many = [section("b")] * 51
    err = slack_error(lambda: client.chat_postMessage(channel="CPUB", text="x", blocks=too_many))
    assert "must have at most 50 blocks" in err.response["response_metadata"]["messages"][0]


def test_form_encoded_bodies_with_json_fields_and_token_field(fake: FakeSlack) -> None:
    body = urlencode({"token": TOKEN, "channel": "CPUB", "text": "hi", "blocks": json.dumps([section("f")])})
    status, _, raw = http_post(f"{fake.api_url}chat.postMessage", body.encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    answer = json.loads(raw)
    assert status == 200
    assert answer["ok"] is True
    assert fake.calls[-1].args["blocks"] == [section("f")]  # parsed, token stripped
    assert "token" not in fake.calls[-1].args
    assert fake.messages("CPUB")[-1]["blocks"][0]["text"]["text"] == "f"


def test_auth_is_required(fake: FakeSlack) -> None:
    anonymous = WebClient(base_url=fake.api_url, retry_handlers=[])
    assert slack_error(lambda: anonymous.chat_postMessage(channel="CPUB", text="x")).response["error"] == (
        "not_authed")
    wrong = WebClient(base_url=fake.api_url, token="xoxb-wrong", retry_handlers=[])
    assert slack_error(wrong.auth_test).response["error"] == "invalid_auth"
    assert fake.messages("CPUB") == []
    assert [c.error for c in fake.calls] == ["not_authed", "invalid_auth"]


def test_auth_test_and_users(fake: FakeSlack, client: WebClient) -> None:
    me = client.auth_test()
    assert (me["user_id"], me["team_id"], me["team"]) == ("U0BOT", "T00000001", "Demo")
    assert (fake.bot_user_id, fake.team_id, fake.bot_token, fake.domain) == ("U0BOT", "T00000001", TOKEN, "demo")
    alice = client.users_info(user="U1")["user"]
    assert alice["profile"]["email"] == "alice@example.com"
    assert alice["real_name"] == "Alice A" and alice["tz"] == "Europe/Berlin"
    assert alice["tz_offset"] in (3600, 7200)
    assert alice["deleted"] is False and alice["team_id"] == "T00000001"
    assert client.users_lookupByEmail(email="BOB@example.com")["user"]["is_restricted"] is True
    assert slack_error(lambda: client.users_lookupByEmail(email="x@y.z")).response["error"] == "users_not_found"
    assert slack_error(lambda: client.users_info(user="U404")).response["error"] == "user_not_found"
    first = client.users_list(limit=2)
    assert len(first["members"]) == 2 and first["response_metadata"]["next_cursor"]
    rest = client.users_list(limit=2, cursor=first["response_metadata"]["next_cursor"])
    ids = [u["id"] for u in first["members"] + rest["members"]]
    assert sorted(ids) == ["U0BOT", "U1", "U2"]
    assert not rest["response_metadata"]["next_cursor"]


def test_conversations(fake: FakeSlack, client: WebClient) -> None:
    opened = client.conversations_open(users="U1")
    assert opened["channel"]["id"] == fake.dm_channel("U1")
    again = client.conversations_open(users=["U1"])
    assert again["already_open"] is True and again["channel"]["id"] == opened["channel"]["id"]
    client.chat_postMessage(channel="U1", text="dm via user id")
    assert fake.messages(fake.dm_channel("U1"))[-1]["text"] == "dm via user id"
    assert slack_error(lambda: client.conversations_open(users="U404")).response["error"] == "user_not_found"

    assert slack_error(lambda: client.conversations_create(name="Bad Name")).response["error"] == (
        "invalid_name_specials")
    assert slack_error(lambda: client.conversations_create(name="x" * 81)).response["error"] == (
        "invalid_name_maxlength")
    assert slack_error(lambda: client.conversations_create(name="announcements")).response["error"] == "name_taken"
    created = client.conversations_create(name="launch-2026_q1", is_private=True)["channel"]
    assert created["is_private"] is True and created["name"] == "launch-2026_q1"
    client.conversations_invite(channel=created["id"], users="U1,U2")
    assert slack_error(lambda: client.conversations_invite(channel=created["id"], users="U1")).response[
        "error"] == "already_in_channel"
    assert slack_error(lambda: client.conversations_invite(channel="CPUB", users="U2")).response[
        "error"] == "not_in_channel"
    assert client.conversations_members(channel=created["id"])["members"] == ["U0BOT", "U1", "U2"]
    assert client.conversations_info(channel="CPUB")["channel"]["name"] == "announcements"
    assert slack_error(lambda: client.conversations_info(channel="CPRIV")).response["error"] == "channel_not_found"


def test_ephemeral_and_permalink(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postEphemeral(channel="CPUB", user="U1", text="only you")
    assert [e["text"] for e in fake.ephemerals("U1")] == ["only you"]
    assert fake.ephemerals("U1")[0]["channel"] == "CPUB"
    assert slack_error(lambda: client.chat_postEphemeral(channel="CPUB", user="U2", text="x")).response[
        "error"] == "user_not_in_channel"
    assert fake.messages("CPUB") == []
    ts = client.chat_postMessage(channel="CPUB", text="x")["ts"]
    link = client.chat_getPermalink(channel="CPUB", message_ts=ts)["permalink"]
    assert link.endswith("/archives/CPUB/p" + ts.replace(".", ""))


def test_trigger_ids_expire_and_are_single_use(fake: FakeSlack, client: WebClient) -> None:
    clock = ManualClock()
    fake.clock = clock
    stale = fake.issue_trigger_id("U1")
    clock.now += 3.5
    assert slack_error(lambda: client.views_open(trigger_id=stale, view=modal())).response["error"] == (
        "expired_trigger_id")
    fresh = fake.issue_trigger_id("U1")
    clock.now += 2.9
    view = client.views_open(trigger_id=fresh, view=modal())["view"]
    assert view["id"] and view["hash"] and view["callback_id"] == "cb"
    assert slack_error(lambda: client.views_open(trigger_id=fresh, view=modal())).response["error"] == (
        "exchanged_trigger_id")
    assert slack_error(lambda: client.views_open(trigger_id="1.2.3", view=modal())).response["error"] == (
        "invalid_trigger_id")
    assert [v["id"] for v in fake.views("U1")] == [view["id"]]


def test_views_open_update_push_publish(fake: FakeSlack, client: WebClient) -> None:
    opened = client.views_open(trigger_id=fake.issue_trigger_id("U1"), view=modal())["view"]
    invalid = slack_error(lambda: client.views_open(trigger_id=fake.issue_trigger_id("U1"), view=modal("t" * 25)))
    assert invalid.response["error"] == "invalid_arguments"
    assert invalid.response["response_metadata"]["messages"] == ["[ERROR] title: must be at most 24 characters"]

    updated = client.views_update(view_id=opened["id"], view=modal("Renamed"), hash=opened["hash"])["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert fake.view(opened["id"])["title"]["text"] == "Renamed"
    stale_hash = slack_error(lambda: client.views_update(view_id=opened["id"], view=modal(), hash=opened["hash"]))
    assert stale_hash.response["error"] == "hash_conflict"
    assert slack_error(lambda: client.views_update(view_id="V404", view=modal())).response["error"] == "not_found"

    pushed = client.views_push(trigger_id=fake.issue_trigger_id("U1"), view=modal("Step 2"))["view"]
    assert pushed["previous_view_id"] == opened["id"] and pushed["root_view_id"] == opened["id"]
    client.views_push(trigger_id=fake.issue_trigger_id("U1"), view=modal("Step 3"))
    limit = slack_error(lambda: client.views_push(trigger_id=fake.issue_trigger_id("U1"), view=modal("Step 4")))
    assert limit.response["error"] == "push_limit_reached"
    assert [v["title"]["text"] for v in fake.views("U1")] == ["Renamed", "Step 2", "Step 3"]

    home = client.views_publish(user_id="U2", view={"type": "home", "blocks": [section("hi")]})["view"]
    assert fake.home("U2") is not None and fake.home("U2")["id"] == home["id"]  # type: ignore[index]
    assert slack_error(lambda: client.views_publish(user_id="U2", view=modal())).response["error"] == (
        "invalid_arguments")


def test_files_upload_v2_flow(fake: FakeSlack, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="CPUB", text="report below")["ts"]
    result = client.files_upload_v2(channel="CPUB", content=b"a,b\n1,2\n", filename="report.csv",
                                    title="Weekly report", initial_comment="Here you go", thread_ts=parent)
    file_id = result["file"]["id"]
    [stored] = fake.files()
    assert stored["id"] == file_id and stored["content"] == b"a,b\n1,2\n"
    assert (stored["filename"], stored["title"], stored["channel_id"]) == ("report.csv", "Weekly report", "CPUB")
    assert stored["thread_ts"] == parent and stored["initial_comment"] == "Here you go"
    message = fake.messages("CPUB")[-1]
    assert message["files"][0]["id"] == file_id and message["text"] == "Here you go"
    assert [c.method for c in fake.calls[-3:]] == ["files.getUploadURLExternal", "upload",
                                                    "files.completeUploadExternal"]
    err = slack_error(lambda: client.files_completeUploadExternal(files=[{"id": "F404"}], channel_id="CPUB"))
    assert err.response["error"] == "file_not_found"


def test_fail_next_429_is_honoured_by_retry_handler(fake: FakeSlack) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    patient = WebClient(base_url=fake.api_url, token=TOKEN, retry_handlers=[RateLimitErrorRetryHandler()])
    started = time.monotonic()
    assert patient.chat_postMessage(channel="CPUB", text="eventually")["ok"]
    assert time.monotonic() - started >= 1.0
    attempts = fake.calls_to("chat.postMessage", ok=None)
    assert [(c.status, c.error) for c in attempts] == [(429, "ratelimited"), (200, None)]
    assert len(fake.messages("CPUB")) == 1


def test_fail_next_server_errors_and_error_codes(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", status=503)
    assert slack_error(lambda: client.chat_postMessage(channel="CPUB", text="x")).response.status_code == 503
    fake.fail_next("chat.postMessage", status=500)
    resilient = WebClient(base_url=fake.api_url, token=TOKEN, retry_handlers=[ServerErrorRetryHandler()])
    assert resilient.chat_postMessage(channel="CPUB", text="after 500")["ok"]
    fake.fail_next("users.info", error="fatal_error", times=2)
    assert slack_error(lambda: client.users_info(user="U1")).response["error"] == "fatal_error"
    assert slack_error(lambda: client.users_info(user="U1")).response["error"] == "fatal_error"
    assert client.users_info(user="U1")["ok"]
    assert [m["text"] for m in fake.messages("CPUB")] == ["after 500"]


def test_fail_next_drop_closes_the_connection(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", drop=True)
    with pytest.raises(OSError):
        client.chat_postMessage(channel="CPUB", text="lost")
    fake.fail_next("chat.postMessage", drop=True)
    default_client = WebClient(base_url=fake.api_url, token=TOKEN)  # retries connection errors once
    assert default_client.chat_postMessage(channel="CPUB", text="retried")["ok"]
    assert [m["text"] for m in fake.messages("CPUB")] == ["retried"]
    assert [c.error for c in fake.calls_to("chat.postMessage", ok=False)] == ["connection_dropped"] * 2


def test_rate_limits_per_channel_and_tier(fake: FakeSlack, client: WebClient) -> None:
    clock = ManualClock()
    fake.clock = clock
    assert client.chat_postMessage(channel="CPUB", text="unlimited by default")["ok"]
    fake.set_rate_limits(per_channel_per_sec=1.0, burst=2, tier_per_minute={"users.info": 2})
    client.chat_postMessage(channel="CPUB", text="1")
    client.chat_postMessage(channel="CPUB", text="2")
    limited = slack_error(lambda: client.chat_postMessage(channel="CPUB", text="3"))
    assert limited.response.status_code == 429
    assert limited.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel="CMINE", text="other channel")["ok"]
    clock.now += 1.0
    assert client.chat_postMessage(channel="CPUB", text="after waiting")["ok"]

    client.users_info(user="U1")
    client.users_info(user="U1")
    tier = slack_error(lambda: client.users_info(user="U1"))
    assert tier.response.status_code == 429 and int(tier.response.headers["Retry-After"]) == 30
    fake.set_rate_limits(per_channel_per_sec=None)
    assert all(client.chat_postMessage(channel="CPUB", text=str(i))["ok"] for i in range(5))


def test_response_urls_are_recorded_and_applied(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="CPUB", text="original")["ts"]
    url = fake.response_url("k1", user_id="U1", channel_id="CPUB", message_ts=ts)

    def post(payload: dict[str, Any]) -> int:
        return http_post(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})[0]

    assert post({"text": "just for you"}) == 200
    assert fake.ephemerals("U1")[-1]["text"] == "just for you"
    assert post({"text": "everyone", "response_type": "in_channel"}) == 200
    assert post({"text": "replaced", "replace_original": True}) == 200
    assert [m["text"] for m in fake.messages("CPUB")] == ["replaced", "everyone"]
    assert post({"blocks": [{"type": "section"}]}) == 400
    assert post({"delete_original": True}) == 200
    assert [m["text"] for m in fake.messages("CPUB")] == ["everyone"]
    assert post({"text": "sixth"}) == 404  # Slack honours a response_url five times
    assert [r.get("text") for r in fake.responses("k1")][:3] == ["just for you", "everyone", "replaced"]


def test_reset_keeps_directory(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="CPUB", text="x")
    fake.reset()
    assert fake.calls == [] and fake.messages("CPUB") == []
    assert client.users_info(user="U1")["user"]["name"] == "alice"
    assert client.conversations_info(channel="CPUB")["ok"]
