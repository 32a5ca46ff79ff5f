"""SlackDriver: sends an app the signed requests Slack itself would send.

Payloads are derived from what the FakeSlack holds (messages, modal stacks, home
tabs), so a test can only click what a user could actually see.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from bot.devtools.slack.payloads import InteractionError, action_payload, build_state, find_element
from bot.devtools.slack.server import FakeSlack
from bot.devtools.slack.shapes import Json
from bot.devtools.slack.state import FakeSlackError
from bot.devtools.slack.transport import DriverResponse, SentRequest, http_post

Dispatch = Callable[[bytes, dict[str, str]], tuple[int, dict[str, str], str]]
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
FORM = "application/x-www-form-urlencoded"


def _ts_key(ts: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ts.split("."))


class SlackDriver:
    """Plays the Slack platform towards an app: slash commands, clicks, modal submits, events."""

    def __init__(self, fake: FakeSlack, signing_secret: str, *, url: str | None = None,
                 dispatch: Dispatch | None = None, clock: Callable[[], float] = time.time,
                 verification_token: str = "devslack-verification-token",  # noqa: S107 - fake, not a secret
                 strict: bool = True) -> None:
        if (url is None) == (dispatch is None):
            raise ValueError("pass exactly one of url= or dispatch=")
        self.fake = fake
        self.signing_secret = signing_secret
        self.url = url
        self.dispatch = dispatch
        self.clock = clock
        self.verification_token = verification_token
        self.strict = strict  # raise when the app answers something Slack would refuse
        self.last_request: SentRequest | None = None
        self._seq = itertools.count(1)

    # -- signing and transport -------------------------------------------------
    def sign(self, body: bytes, *, timestamp: int | None = None, secret: str | None = None) -> dict[str, str]:
        stamp = str(int(self.clock()) if timestamp is None else timestamp)
        base = b"v0:" + stamp.encode() + b":" + body
        digest = hmac.new((secret or self.signing_secret).encode(), base, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}

    def _send(self, request: SentRequest, *, retry_num: int | None = None, sign: bool = True,
              secret: str | None = None, timestamp: int | None = None) -> DriverResponse:
        headers = {"Content-Type": request.content_type, "User-Agent": USER_AGENT}
        if sign:
            headers.update(self.sign(request.body, timestamp=timestamp, secret=secret))
        if retry_num is not None:
            headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
        self.last_request = request
        if self.dispatch is not None:
            status, resp_headers, body = self.dispatch(request.body, headers)
        else:
            assert self.url is not None
            status, resp_headers, body = http_post(self.url, request.body, headers)
        response = DriverResponse(status, {k.lower(): v for k, v in resp_headers.items()}, body, request)
        if request.kind == "command":
            self._show_ack(response)
        return response

    def _fail(self, response: DriverResponse, problem: str) -> None:
        response.problems.append(problem)
        if self.strict:
            raise AssertionError(f"Slack would refuse the app's reply: {problem}")

    def resend(self, resp_or_request: DriverResponse | SentRequest | None = None, *,
               retry_num: int = 1) -> DriverResponse:
        """Replays a request byte for byte (same trigger_id) with retry headers and a fresh signature."""
        request = resp_or_request.request if isinstance(resp_or_request, DriverResponse) else resp_or_request
        request = request or self.last_request
        if request is None:
            raise LookupError("nothing has been sent yet")
        return self._send(request, retry_num=retry_num)

    # -- identity helpers ----------------------------------------------------------
    def _user_ref(self, user_id: str) -> Json:
        user = self.fake.user(user_id)
        return {"id": user_id, "username": user["name"], "name": user["name"], "team_id": user["team_id"]}

    def _team(self) -> Json:
        return {"id": self.fake.workspace.team_id, "domain": self.fake.workspace.domain}

    def _channel_name(self, channel_id: str) -> str:
        for channel in self.fake.channels():
            if channel["id"] == channel_id:
                if channel["is_im"]:
                    return "directmessage"
                return str(channel.get("name", channel_id))
        raise LookupError(f"unknown channel {channel_id!r}; call fake.add_channel() first")

    def _interaction(self, user_id: str, payload: Json) -> DriverResponse:
        base: Json = {"user": self._user_ref(user_id), "api_app_id": self.fake.workspace.app_id,
                      "token": self.verification_token, "team": self._team(), "enterprise": None,
                      "is_enterprise_install": False}
        body = urlencode({"payload": json.dumps({"type": payload["type"], **base, **payload})}).encode()
        return self._send(SentRequest("interaction", body, FORM, user_id))

    # -- slash commands ------------------------------------------------------------
    def command(self, user_id: str, command: str, text: str = "", *, channel_id: str = "C0GENERAL",
                team_id: str | None = None, retry_num: int | None = None, sign: bool = True,
                secret: str | None = None, timestamp: int | None = None) -> DriverResponse:
        user = self.fake.user(user_id)
        ws = self.fake.workspace
        fields = {
            "token": self.verification_token, "team_id": team_id or ws.team_id, "team_domain": ws.domain,
            "channel_id": channel_id, "channel_name": self._channel_name(channel_id), "user_id": user_id,
            "user_name": user["name"], "command": command, "text": text, "api_app_id": ws.app_id,
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(f"command-{next(self._seq)}", user_id=user_id,
                                                   channel_id=channel_id),
            "trigger_id": self.fake.issue_trigger_id(user_id),
        }
        request = SentRequest("command", urlencode(fields).encode(), FORM, user_id, channel_id)
        return self._send(request, retry_num=retry_num, sign=sign, secret=secret, timestamp=timestamp)

    def _show_ack(self, response: DriverResponse) -> None:
        """A command's HTTP reply is shown to the user like Slack shows it (ephemeral by default)."""
        request = response.request
        if response.status != 200 or not response.body.strip() or request is None or not request.user_id:
            return
        try:
            payload = json.loads(response.body)
        except ValueError:
            payload = {"text": response.body}  # Slack shows a plain-text body as the message text
        if not isinstance(payload, dict):
            self._fail(response, "command reply must be a JSON object or plain text")
            return
        for problem in self.fake.deliver_response(payload, user_id=request.user_id,
                                                  channel_id=request.channel_id):
            self._fail(response, problem)

    # -- block actions ---------------------------------------------------------------
    def click(self, user_id: str, action_id: str, *, value: str | None = None, channel: str | None = None,
              message_ts: str | None = None, view_id: str | None = None) -> DriverResponse:
        """Clicks/selects the element with ``action_id`` (and ``value``) that the user can see."""
        self.fake.user(user_id)
        action_ts = f"{self.clock():.6f}"
        views: list[Json] = []
        if view_id is not None:
            views = [self.fake.view(view_id)]
        elif channel is None and message_ts is None:
            views = self.fake.views(user_id)[-1:]
        for view in views:
            found = find_element(view["blocks"], action_id, value)
            if found is not None:
                return self._view_action(user_id, view, action_payload(*found, value, action_ts))
        if view_id is None:
            for channel_id, message, ephemeral in self._visible_messages(user_id, channel, message_ts):
                found = find_element(message.get("blocks"), action_id, value)
                if found is not None:
                    action = action_payload(*found, value, action_ts)
                    return self._message_action(user_id, channel_id, message, ephemeral, action)
            home = self.fake.home(user_id) if channel is None and message_ts is None else None
            found = find_element(home["blocks"], action_id, value) if home else None
            if home is not None and found is not None:
                return self._view_action(user_id, home, action_payload(*found, value, action_ts))
        raise LookupError(f"{user_id} sees no element action_id={action_id!r} value={value!r}")

    def forged_click(self, user_id: str, action_id: str, value: str, *, channel: str = "C0GENERAL",
                     block_id: str = "forged", message: Json | None = None) -> DriverResponse:
        """A signed block_actions payload for a button that need not exist, with any value: what a
        tampered client or a replayed, edited payload looks like. For hostile-input tests."""
        action: Json = {"type": "button", "action_id": str(action_id), "block_id": block_id, "value": value,
                        "text": {"type": "plain_text", "text": "forged"}, "action_ts": f"{self.clock():.6f}"}
        shown = message or {"type": "message", "ts": f"{self.clock():.6f}", "text": "", "blocks": []}
        return self._interaction(user_id, {
            "type": "block_actions", "trigger_id": self.fake.issue_trigger_id(user_id),
            "container": {"type": "message", "message_ts": shown["ts"], "channel_id": channel},
            "channel": {"id": channel, "name": self._channel_name(channel)}, "message": shown,
            "response_url": self.fake.response_url(f"forged-{next(self._seq)}", user_id=user_id, channel_id=channel),
            "actions": [action],
        })

    def _visible_messages(self, user_id: str, channel: str | None,
                          message_ts: str | None) -> list[tuple[str, Json, bool]]:
        found: list[tuple[str, Json, bool]] = []
        for info in self.fake.channels():
            member = user_id in info["members"]
            public = not info["is_im"] and not info.get("is_private", False)
            if (channel is None and (member or public)) or channel == info["id"]:
                found += [(info["id"], m, False) for m in self.fake.messages(info["id"])]
        found += [(str(e["channel"]), e, True) for e in self.fake.ephemerals(user_id)
                  if channel is None or e["channel"] == channel]
        if message_ts is not None:
            found = [f for f in found if f[1]["ts"] == message_ts]
        return sorted(found, key=lambda f: _ts_key(str(f[1]["ts"])), reverse=True)

    def _message_action(self, user_id: str, channel_id: str, message: Json, ephemeral: bool,
                        action: Json) -> DriverResponse:
        ts = str(message["ts"])
        payload: Json = {
            "type": "block_actions",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel_id, "is_ephemeral": ephemeral},
            "trigger_id": self.fake.issue_trigger_id(user_id),
            "channel": {"id": channel_id, "name": self._channel_name(channel_id)},
            "state": {"values": build_state(message.get("blocks"))},
            "response_url": self.fake.response_url(f"action-{next(self._seq)}", user_id=user_id,
                                                   channel_id=channel_id, message_ts=ts, is_ephemeral=ephemeral),
            "actions": [action],
        }
        if not ephemeral:  # Slack omits the message body for ephemeral containers
            payload["message"] = message
        return self._interaction(user_id, payload)

    def _view_action(self, user_id: str, view: Json, action: Json) -> DriverResponse:
        payload: Json = {
            "type": "block_actions",
            "container": {"type": "view", "view_id": view["id"]},
            "trigger_id": self.fake.issue_trigger_id(user_id),
            "view": {**view, "state": {"values": build_state(view["blocks"])}},
            "actions": [action],
        }
        return self._interaction(user_id, payload)

    # -- modals ------------------------------------------------------------------------
    def _modal(self, user_id: str, view_id: str | None) -> Json:
        if view_id is not None:
            return self.fake.view(view_id)
        stack = self.fake.views(user_id)
        if not stack:
            raise LookupError(f"{user_id} has no modal open")
        return stack[-1]

    def submit(self, user_id: str, values: Mapping[str, Any] | None = None, *,
               view_id: str | None = None) -> DriverResponse:
        """Submits the user's top modal (or ``view_id``) and applies the app's response_action."""
        view = self._modal(user_id, view_id)
        if view.get("submit") is None:
            raise InteractionError(f"view {view['id']} has no submit button")
        state = build_state(view["blocks"], values or {}, client_checks=True)
        payload: Json = {"type": "view_submission", "trigger_id": self.fake.issue_trigger_id(user_id),
                         "view": {**view, "state": {"values": state}}, "response_urls": []}
        response = self._interaction(user_id, payload)
        self._apply_submission(user_id, view, response)
        return response

    def _apply_submission(self, user_id: str, view: Json, response: DriverResponse) -> None:
        if response.status != 200:
            return  # Slack keeps the modal and shows a connection error
        if not response.body.strip():
            self.fake.close_view(user_id, view["id"])
            return
        try:
            reply = json.loads(response.body)
        except ValueError:
            self._fail(response, "view_submission reply is neither empty nor JSON")
            return
        action = reply.get("response_action") if isinstance(reply, dict) else None
        try:
            if action is None:
                self.fake.close_view(user_id, view["id"])
            elif action == "errors":
                self._show_errors(view, reply.get("errors"), response)
            elif action == "update":
                self.fake.replace_view(view["id"], reply.get("view"))
            elif action == "push":
                self.fake.push_view(user_id, reply.get("view"))
            elif action == "clear":
                self.fake.close_view(user_id, view["id"], clear=True)
            else:
                self._fail(response, f"unknown response_action {action!r}")
        except FakeSlackError as exc:
            self._fail(response, f"response_action={action}: {exc.error} {exc.messages}")

    def _show_errors(self, view: Json, errors: Any, response: DriverResponse) -> None:
        inputs = {b.get("block_id") for b in view["blocks"] if b.get("type") == "input"}
        if not isinstance(errors, dict) or not errors:
            self._fail(response, "response_action=errors needs a non-empty errors object")
            return
        for block_id, message in errors.items():
            if block_id not in inputs:
                self._fail(response, f"errors refer to {block_id!r}, which is not an input block")
            response.errors[str(block_id)] = str(message)

    def close(self, user_id: str, *, view_id: str | None = None) -> DriverResponse:
        """The user dismisses the modal; the app hears of it only with notify_on_close."""
        view = self._modal(user_id, view_id)
        cleared = bool(view.get("clear_on_close"))
        self.fake.close_view(user_id, view["id"], clear=cleared)
        if not view.get("notify_on_close"):
            return DriverResponse(0, {}, "", None, sent=False)
        payload: Json = {"type": "view_closed", "is_cleared": cleared,
                         "view": {**view, "state": {"values": build_state(view["blocks"])}}}
        return self._interaction(user_id, payload)

    # -- events ------------------------------------------------------------------------
    def send_event(self, event: Json, *, retry_num: int | None = None, sign: bool = True,
                   secret: str | None = None, timestamp: int | None = None) -> DriverResponse:
        """Wraps ``event`` in an Events API event_callback envelope and delivers it."""
        ws = self.fake.workspace
        envelope = {
            "token": self.verification_token, "team_id": ws.team_id, "context_team_id": ws.team_id,
            "api_app_id": ws.app_id, "event": event, "type": "event_callback",
            "event_id": f"Ev0DS{next(self._seq):08d}", "event_time": int(self.clock()),
            "authorizations": [{"enterprise_id": None, "team_id": ws.team_id, "user_id": ws.bot_user_id,
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
        }
        request = SentRequest("event", json.dumps(envelope).encode(), "application/json")
        return self._send(request, retry_num=retry_num, sign=sign, secret=secret, timestamp=timestamp)

    def app_uninstalled(self) -> DriverResponse:
        """The workspace removes the app: its tokens are revoked at the stand-in, then Slack sends
        `tokens_revoked` (the bot's) and `app_uninstalled` (in no guaranteed order: this order)."""
        self.fake.uninstall()
        self.send_event({"type": "tokens_revoked", "tokens": {"bot": [self.fake.workspace.bot_user_id]}})
        return self.send_event({"type": "app_uninstalled"})

    def tokens_revoked(self, *, bot: bool = True, oauth: tuple[str, ...] = ()) -> DriverResponse:
        """`tokens_revoked` for the bot's token (`bot`) and users' tokens (`oauth`: their ids).
        The stand-in revokes the workspace's tokens first when the bot's is among them."""
        tokens: Json = {}
        if oauth:
            tokens["oauth"] = list(oauth)
        if bot:
            self.fake.uninstall()
            tokens["bot"] = [self.fake.workspace.bot_user_id]
        return self.send_event({"type": "tokens_revoked", "tokens": tokens})

    def app_home_opened(self, user_id: str) -> DriverResponse:
        self.fake.user(user_id)
        event: Json = {"type": "app_home_opened", "user": user_id, "channel": self.fake.dm_channel(user_id),
                       "tab": "home", "event_ts": f"{self.clock():.6f}"}
        home = self.fake.home(user_id)
        if home is not None:
            event["view"] = home
        return self.send_event(event)

    def reaction_added(self, user_id: str, channel: str, ts: str, reaction: str, *,
                       retry_num: int | None = None) -> DriverResponse:
        """A `reaction_added` event, as Slack sends it to an app subscribed with reactions:read."""
        self.fake.user(user_id)
        message = next((m for m in self.fake.messages(channel) if m["ts"] == ts), None)
        if message is None:
            raise LookupError(f"no message {ts} in {channel}")
        event: Json = {"type": "reaction_added", "user": user_id, "reaction": reaction,
                       "item": {"type": "message", "channel": channel, "ts": ts},
                       "event_ts": f"{self.clock():.6f}"}
        if message.get("user"):
            event["item_user"] = message["user"]
        return self.send_event(event, retry_num=retry_num)

    def share_file_in_dm(self, user_id: str, filename: str, content: bytes, *, text: str = "",
                         mimetype: str | None = None, events: tuple[str, ...] = ("file_shared", "message"),
                         ) -> list[DriverResponse]:
        """`user_id` drops a file into their DM with the app: the DM message (subtype file_share) and
        the two events Slack sends for it, `file_shared` and `message`, in the order given."""
        public, message = self.fake.share_file(user_id, filename, content, text=text, mimetype=mimetype)
        channel = self.fake.dm_channel(user_id)
        shaped = {
            "file_shared": {"type": "file_shared", "channel_id": channel, "file_id": public["id"],
                            "user_id": user_id, "file": {"id": public["id"]}, "event_ts": message["ts"]},
            "message": {"type": "message", "subtype": "file_share", "text": text, "files": [public],
                        "upload": True, "user": user_id, "display_as_bot": False, "ts": message["ts"],
                        "channel": channel, "channel_type": "im", "event_ts": message["ts"]},
        }
        return [self.send_event(shaped[name]) for name in events]

    # -- shortcuts ---------------------------------------------------------------------
    def message_shortcut(self, user_id: str, channel: str, message_ts: str, callback_id: str) -> DriverResponse:
        """The user picks the app's message shortcut `callback_id` on a message they can see:
        Slack's `message_action` payload, with the message itself."""
        info = next((c for c in self.fake.channels() if c["id"] == channel), None)
        sees = info is not None and (user_id in info["members"] or not (info["is_im"] or info.get("is_private")))
        found = [m for _, m, eph in self._visible_messages(user_id, channel, message_ts) if not eph] if sees else []
        if not found:
            raise LookupError(f"{user_id} sees no message {message_ts} in {channel}")
        return self._interaction(user_id, {
            "type": "message_action", "callback_id": callback_id, "trigger_id": self.fake.issue_trigger_id(user_id),
            "action_ts": f"{self.clock():.6f}", "message_ts": message_ts,
            "channel": {"id": channel, "name": self._channel_name(channel)}, "message": found[0],
            "response_url": self.fake.response_url(f"shortcut-{next(self._seq)}", user_id=user_id,
                                                   channel_id=channel),
        })
