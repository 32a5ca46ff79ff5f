"""SlackDriver builds and signs requests exactly as Slack sends them to an app."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import Ack, App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.signature import Clock, SignatureVerifier

from bot.devtools.slack import FakeSlack, InteractionError, SlackDriver
from bot.devtools.slack.transport import http_post

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = 1_770_000_000.0


class Recorder:
    """An in-process 'app' that records what it was sent and answers a canned reply."""

    def __init__(self) -> None:
        self.requests: list[tuple[bytes, dict[str, str]]] = []
        self.reply: tuple[int, dict[str, str], str] = (200, {}, "")

    def __call__(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        self.requests.append((body, headers))
        return self.reply

    def form(self, index: int = -1) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.requests[index][0].decode(), keep_blank_values=True).items()}

    def payload(self, index: int = -1) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.form(index)["payload"])
        return data

    def headers(self, index: int = -1) -> dict[str, str]:
        return self.requests[index][1]


class FixedClock(Clock):
    def now(self) -> float:
        return NOW


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_user("U1", "alice", email="alice@example.com")
        server.add_user("U2", "bob")
        server.add_channel("CPRIV", "secret", members=["U1", "U0BOT"], is_private=True)
        yield server


@pytest.fixture
def web(fake: FakeSlack) -> WebClient:
    return WebClient(base_url=fake.api_url, token="xoxb-devslack", retry_handlers=[])


@pytest.fixture
def app() -> Recorder:
    return Recorder()


@pytest.fixture
def driver(fake: FakeSlack, app: Recorder) -> SlackDriver:
    return SlackDriver(fake, SECRET, dispatch=app, clock=lambda: NOW)


def verifies(body: bytes, headers: dict[str, str]) -> bool:
    return SignatureVerifier(SECRET, clock=FixedClock()).is_valid_request(body, headers)


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def option(value: str) -> dict[str, Any]:
    return {"text": plain(value.title()), "value": value}


def test_signatures_verify_with_slack_sdk(driver: SlackDriver, app: Recorder) -> None:
    driver.command("U1", "/post", "hello")
    body, headers = app.requests[-1]
    assert headers["X-Slack-Request-Timestamp"] == str(int(NOW))
    assert verifies(body, headers)
    driver.command("U1", "/post", secret="not-the-secret")
    assert not verifies(*app.requests[-1])
    driver.command("U1", "/post", timestamp=int(NOW) - 600)
    assert not verifies(*app.requests[-1])  # stale: outside Slack's five minutes
    driver.command("U1", "/post", sign=False)
    assert "X-Slack-Signature" not in app.headers()


def test_command_payload_fields(fake: FakeSlack, driver: SlackDriver, app: Recorder, web: WebClient) -> None:
    driver.command("U1", "/post", "schedule tomorrow", channel_id="CPRIV")
    form = app.form()
    assert app.headers()["Content-Type"] == "application/x-www-form-urlencoded"
    assert {k: form[k] for k in ("team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
                                 "command", "text", "api_app_id", "is_enterprise_install")} == {
        "team_id": "T00000001", "team_domain": "demo", "channel_id": "CPRIV", "channel_name": "secret",
        "user_id": "U1", "user_name": "alice", "command": "/post", "text": "schedule tomorrow",
        "api_app_id": "A0DEVSLACK", "is_enterprise_install": "false"}
    assert form["token"] and form["response_url"].startswith(fake.api_url.removesuffix("api/"))
    view = web.views_open(trigger_id=form["trigger_id"], view={"type": "modal", "title": plain("Hi"), "blocks": []})
    assert fake.views("U1")[0]["id"] == view["view"]["id"]  # the trigger belongs to the invoking user
    with pytest.raises(KeyError):
        driver.command("U404", "/post")


def test_retries_resend_same_body_with_fresh_signature(driver: SlackDriver, app: Recorder) -> None:
    first = driver.command("U1", "/post", "x", retry_num=None)
    assert "X-Slack-Retry-Num" not in app.headers()
    driver.clock = lambda: NOW + 30
    driver.resend(first, retry_num=2)
    assert app.requests[1][0] == app.requests[0][0]  # same trigger_id, byte for byte
    assert app.headers()["X-Slack-Retry-Num"] == "2" and app.headers()["X-Slack-Retry-Reason"] == "http_timeout"
    assert app.headers()["X-Slack-Request-Timestamp"] == str(int(NOW + 30))
    assert SignatureVerifier(SECRET, clock=type("C", (Clock,), {"now": lambda self: NOW + 30})()).is_valid_request(
        *app.requests[1])
    driver.command("U1", "/post", retry_num=1)
    assert app.headers()["X-Slack-Retry-Num"] == "1"


def test_command_ack_is_shown_like_slack(fake: FakeSlack, driver: SlackDriver, app: Recorder) -> None:
    app.reply = (200, {"content-type": "application/json"}, json.dumps({"text": "Scheduled!"}))
    response = driver.command("U1", "/post")
    assert response.json() == {"text": "Scheduled!"}
    assert [(e["text"], e["source"], e["channel"]) for e in fake.ephemerals("U1")] == [
        ("Scheduled!", "command", "C0GENERAL")]
    app.reply = (200, {}, json.dumps({"text": "Everyone sees this", "response_type": "in_channel"}))
    driver.command("U1", "/post")
    assert fake.messages("C0GENERAL")[-1]["text"] == "Everyone sees this"
    app.reply = (200, {}, "plain text ack")
    assert driver.command("U1", "/post").json() == {"text": "plain text ack"}  # how Slack reads a text body
    assert fake.ephemerals("U1")[-1]["text"] == "plain text ack"
    app.reply = (200, {}, json.dumps({"blocks": [{"type": "section"}]}))
    with pytest.raises(AssertionError, match="section needs text or fields"):
        driver.command("U1", "/post")
    lenient = SlackDriver(fake, SECRET, dispatch=app, strict=False)
    assert lenient.command("U1", "/post").problems == ["blocks[0]: section needs text or fields"]


def test_click_builds_block_actions_from_stored_message(fake: FakeSlack, driver: SlackDriver, app: Recorder,
                                                        web: WebClient) -> None:
    blocks: list[dict[str, Any]] = [{"type": "section", "text": plain("Post #7")},
              {"type": "actions", "block_id": "review", "elements": [
                  {"type": "button", "action_id": "approve", "text": plain("Approve"), "value": "7",
                   "style": "primary"},
                  {"type": "static_select", "action_id": "network", "options": [option("li"), option("x")]}]}]
    ts = web.chat_postMessage(channel="C0GENERAL", text="Post #7", blocks=blocks)["ts"]
    web.chat_postMessage(channel="C0GENERAL", text="newer, no buttons")
    driver.click("U2", "approve", value="7")
    payload = app.payload()
    assert verifies(*app.requests[-1])
    assert payload["type"] == "block_actions"
    assert payload["user"] == {"id": "U2", "username": "bob", "name": "bob", "team_id": "T00000001"}
    assert payload["team"] == {"id": "T00000001", "domain": "demo"} and payload["api_app_id"] == "A0DEVSLACK"
    assert payload["container"] == {"type": "message", "message_ts": ts, "channel_id": "C0GENERAL",
                                    "is_ephemeral": False}
    assert payload["channel"] == {"id": "C0GENERAL", "name": "general"}
    assert payload["message"]["ts"] == ts and payload["message"]["text"] == "Post #7"
    [action] = payload["actions"]
    assert {k: action[k] for k in ("type", "action_id", "block_id", "value", "style")} == {
        "type": "button", "action_id": "approve", "block_id": "review", "value": "7", "style": "primary"}
    assert action["text"] == plain("Approve") and action["action_ts"]
    assert payload["trigger_id"] and payload["response_url"]

    driver.click("U2", "network", value="x")
    assert app.payload()["actions"][0]["selected_option"] == option("x")
    with pytest.raises(LookupError):
        driver.click("U2", "network", value="tiktok")
    with pytest.raises(LookupError):
        driver.click("U2", "approve", value="8")

    # The response_url replaces the clicked message, as Slack does.
    replace = json.dumps({"replace_original": True, "text": "Approved by bob"}).encode()
    assert http_post(payload["response_url"], replace, {"Content-Type": "application/json"})[0] == 200
    assert fake.messages("C0GENERAL")[0]["text"] == "Approved by bob"


def test_click_respects_visibility(fake: FakeSlack, driver: SlackDriver, web: WebClient, app: Recorder) -> None:
    button = {"type": "actions", "elements": [{"type": "button", "action_id": "go", "text": plain("Go")}]}
    web.chat_postMessage(channel="CPRIV", text="private", blocks=[button])
    with pytest.raises(LookupError):
        driver.click("U2", "go")  # bob is not in the private channel
    driver.click("U1", "go")
    assert app.payload()["container"]["channel_id"] == "CPRIV"
    web.chat_postEphemeral(channel="CPRIV", user="U1", text="eph", blocks=[button])
    driver.click("U1", "go")
    assert app.payload()["container"]["is_ephemeral"] is True and "message" not in app.payload()


ALL_INPUTS: list[dict[str, Any]] = [
    {"block_id": "title", "element": {"type": "plain_text_input", "action_id": "v", "max_length": 10}},
    {"block_id": "mail", "element": {"type": "email_text_input", "action_id": "v"}},
    {"block_id": "site", "optional": True, "element": {"type": "url_text_input", "action_id": "v"}},
    {"block_id": "count", "element": {"type": "number_input", "action_id": "v", "is_decimal_allowed": False}},
    {"block_id": "net", "element": {"type": "static_select", "action_id": "v", "options": [option("li"), option("x")],
                                    "initial_option": option("li")}},
    {"block_id": "kind", "element": {"type": "radio_buttons", "action_id": "v", "options": [option("a"), option("b")]}},
    {"block_id": "tags", "element": {"type": "multi_static_select", "action_id": "v",
                                     "options": [option("p"), option("q"), option("r")]}},
    {"block_id": "flags", "optional": True, "element": {"type": "checkboxes", "action_id": "v",
                                                        "options": [option("pin")]}},
    {"block_id": "owner", "element": {"type": "users_select", "action_id": "v"}},
    {"block_id": "team", "optional": True, "element": {"type": "multi_users_select", "action_id": "v",
                                                       "initial_users": ["U2"]}},
    {"block_id": "conv", "element": {"type": "conversations_select", "action_id": "v"}},
    {"block_id": "chan", "element": {"type": "channels_select", "action_id": "v"}},
    {"block_id": "day", "element": {"type": "datepicker", "action_id": "v"}},
    {"block_id": "time", "element": {"type": "timepicker", "action_id": "v"}},
    {"block_id": "at", "element": {"type": "datetimepicker", "action_id": "v"}},
    {"block_id": "note", "optional": True, "element": {"type": "plain_text_input", "action_id": "note",
                                                       "initial_value": "n/a"}},
]


def open_modal(fake: FakeSlack, web: WebClient, user: str = "U1", **extra: Any) -> dict[str, Any]:
    blocks = [{"type": "input", "label": plain(b["block_id"]), **b} for b in ALL_INPUTS]
    view = {"type": "modal", "callback_id": "everything", "private_metadata": "pm-1", "title": plain("All"),
            "submit": plain("Save"), "blocks": blocks, **extra}
    opened: dict[str, Any] = web.views_open(trigger_id=fake.issue_trigger_id(user), view=view)["view"]
    return opened


def full_values() -> dict[str, Any]:
    return {"title.v": "Launch", "mail.v": "a@b.c", "count.v": 3, "kind.v": "b", "tags.v": ["p", "r"],
            "owner.v": "U1", "conv.v": "C0GENERAL", "chan.v": "CPRIV", "day.v": dt.date(2026, 3, 2),
            "time.v": dt.time(9, 30), "at.v": 1_772_442_000}


def test_submit_builds_state_per_element_type(fake: FakeSlack, driver: SlackDriver, app: Recorder,
                                              web: WebClient) -> None:
    view = open_modal(fake, web)
    driver.submit("U1", full_values())
    payload = app.payload()
    assert payload["type"] == "view_submission" and payload["response_urls"] == [] and payload["trigger_id"]
    sent_view = payload["view"]
    assert (sent_view["id"], sent_view["callback_id"], sent_view["private_metadata"], sent_view["hash"]) == (
        view["id"], "everything", "pm-1", view["hash"])
    values = sent_view["state"]["values"]
    assert values["title"]["v"] == {"type": "plain_text_input", "value": "Launch"}
    assert values["mail"]["v"] == {"type": "email_text_input", "value": "a@b.c"}
    assert values["site"]["v"] == {"type": "url_text_input", "value": None}
    assert values["count"]["v"] == {"type": "number_input", "value": "3"}
    assert values["net"]["v"] == {"type": "static_select", "selected_option": option("li")}  # initial kept
    assert values["kind"]["v"] == {"type": "radio_buttons", "selected_option": option("b")}
    assert values["tags"]["v"] == {"type": "multi_static_select", "selected_options": [option("p"), option("r")]}
    assert values["flags"]["v"] == {"type": "checkboxes", "selected_options": []}
    assert values["owner"]["v"] == {"type": "users_select", "selected_user": "U1"}
    assert values["team"]["v"] == {"type": "multi_users_select", "selected_users": ["U2"]}
    assert values["conv"]["v"] == {"type": "conversations_select", "selected_conversation": "C0GENERAL"}
    assert values["chan"]["v"] == {"type": "channels_select", "selected_channel": "CPRIV"}
    assert values["day"]["v"] == {"type": "datepicker", "selected_date": "2026-03-02"}
    assert values["time"]["v"] == {"type": "timepicker", "selected_time": "09:30"}
    assert values["at"]["v"] == {"type": "datetimepicker", "selected_date_time": 1_772_442_000}
    assert values["note"]["note"] == {"type": "plain_text_input", "value": "n/a"}
    assert fake.views("U1") == []  # the app answered an empty 200: the modal closes


def test_submit_refuses_what_the_client_would(fake: FakeSlack, driver: SlackDriver, app: Recorder,
                                              web: WebClient) -> None:
    open_modal(fake, web)
    with pytest.raises(InteractionError, match="owner"):
        driver.submit("U1", {k: v for k, v in full_values().items() if k != "owner.v"})
    with pytest.raises(InteractionError, match="max_length"):
        driver.submit("U1", {**full_values(), "title.v": "x" * 11})
    with pytest.raises(LookupError, match="nope"):
        driver.submit("U1", {**full_values(), "nope": 1})
    with pytest.raises(LookupError, match="offers no option"):
        driver.submit("U1", {**full_values(), "kind.v": "zzz"})
    assert app.requests == [] and len(fake.views("U1")) == 1
    with pytest.raises(LookupError):
        driver.submit("U2", {})  # bob has no modal open


def test_view_response_actions(fake: FakeSlack, driver: SlackDriver, app: Recorder, web: WebClient) -> None:
    view = open_modal(fake, web)
    app.reply = (200, {}, json.dumps({"response_action": "errors", "errors": {"title": "Too vague"}}))
    response = driver.submit("U1", full_values())
    assert response.errors == {"title": "Too vague"} and [v["id"] for v in fake.views("U1")] == [view["id"]]

    step2 = {"type": "modal", "title": plain("Confirm"), "blocks": [{"type": "section", "text": plain("Sure?")}]}
    app.reply = (200, {}, json.dumps({"response_action": "update", "view": step2}))
    driver.submit("U1", full_values())
    [updated] = fake.views("U1")
    assert updated["id"] == view["id"] and updated["title"]["text"] == "Confirm"

    with pytest.raises(InteractionError, match="no submit button"):
        driver.submit("U1", {})
    web.views_update(view_id=view["id"], view={**step2, "submit": plain("Next")})
    app.reply = (200, {}, json.dumps({"response_action": "push",
                                      "view": {**step2, "title": plain("Step 2"), "submit": plain("Done")}}))
    driver.submit("U1", {})
    assert [v["title"]["text"] for v in fake.views("U1")] == ["Confirm", "Step 2"]

    app.reply = (200, {}, json.dumps({"response_action": "clear"}))
    driver.submit("U1", {})
    assert fake.views("U1") == []

    open_modal(fake, web)
    bad = {**step2, "title": plain("x" * 30)}
    app.reply = (200, {}, json.dumps({"response_action": "update", "view": bad}))
    with pytest.raises(AssertionError, match="title: must be at most 24"):
        driver.submit("U1", full_values())
    assert fake.views("U1")[0]["title"]["text"] == "All"  # Slack keeps the modal unchanged


def test_click_in_modal_and_close(fake: FakeSlack, driver: SlackDriver, app: Recorder, web: WebClient) -> None:
    extra_block = {"type": "actions", "block_id": "tools", "elements": [
        {"type": "button", "action_id": "add_row", "text": plain("Add row")}]}
    view = open_modal(fake, web, notify_on_close=True)
    web.views_update(view_id=view["id"], view={
        "type": "modal", "title": plain("All"), "submit": plain("Save"), "notify_on_close": True,
        "blocks": [extra_block, {"type": "input", "block_id": "title", "label": plain("t"),
                                 "element": {"type": "plain_text_input", "action_id": "v", "initial_value": "x"}}]})
    driver.click("U1", "add_row")
    payload = app.payload()
    assert payload["container"] == {"type": "view", "view_id": view["id"]}
    assert payload["view"]["state"]["values"] == {"title": {"v": {"type": "plain_text_input", "value": "x"}}}
    assert "response_url" not in payload

    closed = driver.close("U1")
    assert closed.sent and app.payload()["type"] == "view_closed" and app.payload()["is_cleared"] is False
    assert fake.views("U1") == []
    open_modal(fake, web)  # notify_on_close not set: Slack tells the app nothing
    before = len(app.requests)
    assert driver.close("U1").sent is False and len(app.requests) == before


def test_app_home_opened_event_over_http(fake: FakeSlack) -> None:
    received: list[tuple[bytes, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, dict(self.headers.items())))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        driver = SlackDriver(fake, SECRET, url=f"http://127.0.0.1:{server.server_address[1]}/slack/events",
                             clock=lambda: NOW)
        response = driver.app_home_opened("U1")
    finally:
        server.shutdown()
        server.server_close()
    assert response.status == 200
    body, headers = received[0]
    assert headers["Content-Type"] == "application/json" and verifies(body, headers)
    envelope = json.loads(body)
    assert envelope["type"] == "event_callback" and envelope["event_id"].startswith("Ev")
    assert envelope["team_id"] == "T00000001" and envelope["event_time"] == int(NOW)
    assert envelope["event"] == {"type": "app_home_opened", "user": "U1", "channel": fake.dm_channel("U1"),
                                 "tab": "home", "event_ts": f"{NOW:.6f}"}


def test_with_a_real_bolt_app(fake: FakeSlack) -> None:
    """End to end through Bolt: signature checks, ack bodies, trigger_ids and response_action."""
    bolt = App(client=WebClient(base_url=fake.api_url, token="xoxb-devslack"), signing_secret=SECRET,
               process_before_response=True)

    @bolt.command("/schedule")
    def schedule(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view={
            "type": "modal", "callback_id": "schedule", "title": plain("Schedule"), "submit": plain("Go"),
            "blocks": [{"type": "input", "block_id": "when", "label": plain("When"),
                        "element": {"type": "datepicker", "action_id": "day"}}]})

    @bolt.view("schedule")
    def submitted(ack: Ack, view: dict[str, Any]) -> None:
        day = view["state"]["values"]["when"]["day"]["selected_date"]
        if day < "2026-01-01":
            ack(response_action="errors", errors={"when": "Pick a future date"})
        else:
            ack()

    def dispatch(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        resp = bolt.dispatch(BoltRequest(body=body.decode(), headers=dict(headers.items())))
        return resp.status, {k: v[0] for k, v in resp.headers.items()}, resp.body

    driver = SlackDriver(fake, SECRET, dispatch=dispatch)
    assert driver.command("U1", "/schedule", secret="wrong").status == 401
    assert driver.command("U1", "/schedule").status == 200
    assert len(fake.views("U1")) == 1
    assert driver.submit("U1", {"day": dt.date(2025, 1, 1)}).errors == {"when": "Pick a future date"}
    assert driver.submit("U1", {"day": dt.date(2026, 5, 1)}).status == 200
    assert fake.views("U1") == []
