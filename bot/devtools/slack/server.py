"""FakeSlack: a loopback stand-in for Slack's Web API that rejects what Slack rejects."""

from __future__ import annotations

import base64
import binascii
import copy
import random
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from bot.devtools.slack import hooks, methods, methods_files, methods_views
from bot.devtools.slack.oauth import OAuthIssuer
from bot.devtools.slack.shapes import Channel, Json, make_user
from bot.devtools.slack.state import Call, FakeSlackError, ResponseTarget, Workspace
from bot.devtools.slack.wire import DEFAULT_DELAY, Fault, Limits, LoopbackServer, Reply, decode_json_fields, parse_body

HANDLERS = {**methods.HANDLERS, **methods_views.HANDLERS, **methods_files.HANDLERS}


class _Identity:
    """Read-only passthrough to a workspace identity field, so callers can write ``fake.bot_user_id``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: FakeSlack, objtype: type | None = None) -> str:
        return str(getattr(obj.workspace, self.name))


class FakeSlack:
    """Records every Web API call and answers like Slack, including its refusals.

    ``calls`` also holds two pseudo-methods for the non-API URLs: "upload" (the bytes
    POSTed to a files.getUploadURLExternal URL) and "response_url" (posts to a
    response_url). The workspace starts with the bot user and #general (C0GENERAL),
    which every added user joins.

    Several workspaces (OAuth installs): `add_workspace` adds one beside the first, with its
    own team, users, channels and bot token; `team(team_id)` is a FakeSlack for that one
    (same server, same `calls`), to seed it and to give a SlackDriver. A call is routed by
    its token (`Call.team` says where it went); a token the stand-in never issued is
    `invalid_auth`. `authorize` / `oauth.v2.access` / token rotation: bot/devtools/slack/oauth.py.
    """

    def __init__(
        self,
        *,
        team_id: str = "T00000001",
        team_name: str = "Demo",
        bot_user_id: str = "U0BOT",
        bot_token: str = "xoxb-devslack",  # noqa: S107 - a loopback fake's token, not a secret
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._ws = Workspace(team_id=team_id, team_name=team_name, bot_user_id=bot_user_id,
                             bot_token=bot_token, clock=time.monotonic)
        self._lock = self._ws.lock
        self._answer = threading.local()  # per request thread: is this answer to be cut off?
        self._primary = self._ws
        self._workspaces: dict[str, Workspace] = {team_id: self._ws}
        # Tokens expire by the first workspace's clock (`fake.clock`): one clock for the stand-in.
        self._oauth = OAuthIssuer(lambda: self._primary.clock())
        self._oauth.register(bot_token, team_id)
        self._host, self._port = host, port
        self._server: LoopbackServer | None = None
        self._thread: threading.Thread | None = None
        self.calls: list[Call] = []
        self._limits = Limits()
        self._seed_workspace(self._ws)

    def _seed_workspace(self, ws: Workspace) -> None:
        """The bot user, and the #general everyone is in (the driver defaults to it)."""
        user = make_user(ws.bot_user_id, ws.bot_name, team_id=ws.team_id, real_name="SocialOps", email=None,
                         is_admin=False, is_restricted=False, is_ultra_restricted=False, tz="UTC", deleted=False)
        with self._lock:
            ws.add_user(user)
            ws.users[ws.bot_user_id].update({"is_bot": True, "is_app_user": False})
            ws.users[ws.bot_user_id]["profile"]["bot_id"] = ws.bot_id
            general = Channel("C0GENERAL", "general", members=list(ws.users), is_general=True)
            ws.channels[general.id] = general

    # -- several workspaces ----------------------------------------------------------
    def add_workspace(self, team_id: str, team_name: str, *, bot_user_id: str = "U0BOT",
                      bot_token: str | None = None) -> FakeSlack:
        """Another workspace the app can be installed in; its FakeSlack (see `team`).

        `bot_token`: a token already valid there (never expiring); without one the workspace
        only gets a token through an install (`authorize` then `oauth.v2.access`)."""
        ws = Workspace(team_id=team_id, team_name=team_name, bot_user_id=bot_user_id,
                       bot_token=bot_token or "", clock=self._primary.clock)
        ws.lock = self._lock  # one lock for the whole stand-in: a call may touch the registry too
        ws.bot_id = f"B0{team_id[1:]}"[:11]
        ws.app_id = self._primary.app_id  # the same app, installed in another workspace
        ws.base_url = self._primary.base_url
        with self._lock:
            if team_id in self._workspaces:
                raise ValueError(f"workspace {team_id} already exists")
            self._workspaces[team_id] = ws
            if bot_token:
                self._oauth.register(bot_token, team_id)
        self._seed_workspace(ws)
        return self.team(team_id)

    def team(self, team_id: str) -> FakeSlack:
        """This stand-in seen from one workspace: seeding and inspection act there, the server,
        `calls` and faults are shared. Do not start or stop it (the first FakeSlack does)."""
        with self._lock:
            ws = self._workspaces.get(team_id)
        if ws is None:
            raise KeyError(f"unknown workspace {team_id!r}; call add_workspace() first")
        view = copy.copy(self)
        view._ws = ws
        return view

    @property
    def oauth(self) -> OAuthIssuer:
        """The app's OAuth settings as Slack knows them (client_id, client_secret, rotation,
        lifetime), and the tokens, codes and refresh tokens issued."""
        return self._oauth

    def authorize(self, authorize_url: str = "", *, user_id: str) -> tuple[str, str | None]:
        """The installer presses *Allow* on Slack's consent page for this workspace: (code, state),
        what Slack appends to the app's Redirect URL."""
        with self._lock:
            self._ws.user(user_id)  # an installer is a member of the workspace
            return self._oauth.authorize(self._ws.team_id, user_id, authorize_url)

    def uninstall(self) -> int:
        """The workspace removes the app: every token of it revoked (the driver then sends the
        `tokens_revoked` and `app_uninstalled` events); how many tokens."""
        with self._lock:
            return self._oauth.revoke_team(self._ws.team_id)

    def refreshes(self) -> int:
        """Successful `oauth.v2.access` refresh_token exchanges so far (all workspaces)."""
        with self._lock:
            return self._oauth.refreshes(list(self.calls))

    # -- lifecycle ------------------------------------------------------------
    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = LoopbackServer((self._host, self._port), self.handle_http)
            host, port = self._server.server_address[:2]
            for ws in self._workspaces.values():
                ws.base_url = f"http://{host!s}:{port}/"
            # A short poll interval keeps stop() (and so every test teardown) fast.
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="devslack",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        if not self._ws.base_url:
            raise RuntimeError("FakeSlack is not started")
        return f"{self._ws.base_url}api/"

    @property
    def clock(self) -> Callable[[], float]:
        return self._ws.clock

    @clock.setter
    def clock(self, value: Callable[[], float]) -> None:
        # One clock for every workspace (and the tokens' expiry).
        with self._lock:
            for ws in self._workspaces.values():
                ws.clock = value

    team_id = _Identity()
    team_name = _Identity()
    domain = _Identity()
    bot_user_id = _Identity()
    bot_id = _Identity()
    bot_token = _Identity()
    app_id = _Identity()

    @property
    def workspace(self) -> Workspace:
        """Read-only identity fields (team_id, domain, bot_user_id, app_id...); mutate via FakeSlack."""
        return self._ws

    # -- seeding ----------------------------------------------------------------
    def add_user(self, user_id: str, name: str, *, real_name: str | None = None, email: str | None = None,
                 is_admin: bool = False, is_restricted: bool = False, is_ultra_restricted: bool = False,
                 team_id: str | None = None, tz: str = "UTC", deleted: bool = False) -> None:
        user = make_user(user_id, name, team_id=team_id or self._ws.team_id, real_name=real_name,
                         email=email, is_admin=is_admin, is_restricted=is_restricted,
                         is_ultra_restricted=is_ultra_restricted, tz=tz, deleted=deleted)
        with self._lock:
            self._ws.add_user(user)

    def add_channel(self, channel_id: str, name: str, *, members: Iterable[str] = (),
                    is_private: bool = False) -> None:
        with self._lock:
            self._ws.channels[channel_id] = Channel(channel_id, name, is_private, list(members))

    def add_message(self, channel: str, user_id: str, text: str, *, blocks: list[Json] | None = None,
                    thread_ts: str | None = None) -> str:
        """Seeds a message written by a person (the app cannot edit or delete it)."""
        with self._lock:
            target = self._ws.resolve_channel(channel)
            message: Json = {"user": user_id, "text": text}
            if blocks is not None:
                message["blocks"] = copy.deepcopy(blocks)
            if thread_ts is not None:
                message["thread_ts"] = thread_ts
            return str(self._ws.store_message(target, message)["ts"])

    def issue_trigger_id(self, user_id: str | None = None) -> str:
        """A trigger_id valid for 3 s and one use; ``user_id`` owns any modal it opens."""
        with self._lock:
            return self._ws.issue_trigger(user_id)

    # -- inspection -------------------------------------------------------------
    def calls_to(self, method: str, *, ok: bool | None = True) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def messages(self, channel: str) -> list[Json]:
        with self._lock:
            try:
                channel_id = self._ws.resolve_channel(channel).id
            except FakeSlackError:
                raise KeyError(f"unknown channel {channel!r}") from None
            return copy.deepcopy(self._ws.messages.get(channel_id, []))

    def channels(self) -> list[Json]:
        with self._lock:
            return [{**c.to_api(), "members": list(c.members)} for c in self._ws.channels.values()]

    def dm_channel(self, user_id: str) -> str:
        with self._lock:
            try:
                return self._ws.dm_for(user_id).id
            except FakeSlackError:
                raise KeyError(f"unknown user {user_id!r}") from None

    def ephemerals(self, user_id: str) -> list[Json]:
        with self._lock:
            return copy.deepcopy(self._ws.ephemerals.get(user_id, []))

    def user(self, user_id: str) -> Json:
        with self._lock:
            if user_id not in self._ws.users:
                raise KeyError(f"unknown user {user_id!r}; call add_user() first")
            return copy.deepcopy(self._ws.users[user_id])

    def deliver_response(self, payload: Json, *, user_id: str, channel_id: str | None,
                         source: str = "command") -> list[str]:
        """Shows a reply the app gave outside the Web API (e.g. a slash-command ack body) the way Slack
        would: in the channel for response_type=in_channel, else as an ephemeral. Returns block errors
        (and shows nothing) when Slack would refuse the blocks."""
        problems = hooks.payload_problems(payload)
        if not problems:
            with self._lock:
                hooks.apply_response(self._ws, ResponseTarget(user_id, channel_id, None), payload, source)
        return problems

    def views(self, user_id: str) -> list[Json]:
        with self._lock:
            return copy.deepcopy(self._ws.modals.get(user_id, []))

    def home(self, user_id: str) -> Json | None:
        with self._lock:
            return copy.deepcopy(self._ws.homes.get(user_id))

    def view(self, view_id: str) -> Json:
        with self._lock:
            try:
                return copy.deepcopy(self._ws.locate_view(view_id)[1])
            except FakeSlackError:
                raise KeyError(f"unknown view {view_id!r}") from None

    def view_owner(self, view_id: str) -> str:
        with self._lock:
            return self._ws.locate_view(view_id)[0]

    def push_view(self, user_id: str, view: Json) -> Json:
        """Applies response_action=push; raises FakeSlackError if Slack would refuse the view."""
        with self._lock:
            return copy.deepcopy(self._ws.push_modal(user_id, methods_views.checked_view(view, "modal")))

    def replace_view(self, view_id: str, view: Json) -> Json:
        with self._lock:
            return copy.deepcopy(self._ws.replace_view(view_id, methods_views.checked_view(view, "modal")))

    def close_view(self, user_id: str, view_id: str, *, clear: bool = False) -> None:
        with self._lock:
            self._ws.close_modal(user_id, view_id, clear=clear)

    def files(self) -> list[Json]:
        with self._lock:
            return copy.deepcopy(self._ws.files)

    def share_file(self, user_id: str, filename: str, content: bytes, *, text: str = "",
                   mimetype: str | None = None) -> tuple[Json, Json]:
        """`user_id` sends a file to the app in their DM (the driver emits the events): file and message."""
        with self._lock:
            return methods_files.share_user_file(self._ws, user_id, filename, content, text=text, mimetype=mimetype)

    def response_url(self, key: str, *, user_id: str | None = None, channel_id: str | None = None,
                     message_ts: str | None = None, is_ephemeral: bool = False) -> str:
        """A URL on this server; posts to it are recorded and applied to the context given here."""
        with self._lock:
            self._ws.response_targets[key] = ResponseTarget(user_id, channel_id, message_ts, is_ephemeral)
        return f"{self._ws.base_url}response/{quote(key, safe='')}"

    def responses(self, key: str) -> list[Json]:
        with self._lock:
            return copy.deepcopy(self._ws.responses.get(key, []))

    # -- fault injection and limits ---------------------------------------------
    def fail_next(self, method: str, *, status: int = 429, retry_after: int | None = None,
                  error: str | None = None, drop: bool = False, times: int = 1,
                  slow: bool = False, delay: float | None = None, reset: bool = False) -> None:
        """The next `times` calls of `method` ("*": of any method) fail: a 429 with Retry-After
        (the default), another `status` with Slack's body (500 fatal_error, 503
        service_unavailable), an `error` code in a 200, a `drop`ped connection (nothing done).
        `slow` answers normally `delay` seconds late (2 s when not given); `reset` does the call
        and resets the connection half-way through the answer."""
        fault = self._fault(status, retry_after, error, drop, times, slow, delay, reset)
        with self._lock:
            self._limits.add_fault(method, fault)

    def fail_every(self, method: str, *, seconds: float | None = None, probability: float = 1.0,
                   seed: int = 0, status: int = 429, retry_after: int | None = None,
                   error: str | None = None, drop: bool = False, slow: bool = False,
                   delay: float | None = None, reset: bool = False) -> None:
        """Every call of `method` ("*": of any method) fails as fail_next() says, for `seconds`
        (None: until reset()), each call with `probability`, drawn from a generator seeded with
        `seed` (the same seed, the same calls hit)."""
        fault = self._fault(status, retry_after, error, drop, None, slow, delay, reset)
        fault.until = None if seconds is None else time.monotonic() + seconds
        fault.probability = probability
        fault.rng = random.Random(seed)
        with self._lock:
            self._limits.add_fault(method, fault)

    def clear_faults(self, method: str | None = None) -> None:
        """Ends the injected faults of `method` (of every method when None); the calls stay."""
        with self._lock:
            self._limits.clear_faults(method)

    @staticmethod
    def _fault(status: int, retry_after: int | None, error: str | None, drop: bool, times: int | None,
               slow: bool, delay: float | None, reset: bool) -> Fault:
        seconds = (DEFAULT_DELAY if delay is None else delay) if slow or delay is not None else 0.0
        return Fault(status, retry_after, error, drop, times, delay=seconds, reset=reset)

    def set_rate_limits(self, *, per_channel_per_sec: float | None = 1.0,
                        tier_per_minute: dict[str, int] | None = None, burst: int = 3) -> None:
        """Turns on Slack-like limits (None everywhere turns them off again)."""
        with self._lock:
            self._limits.set_rates(per_channel_per_sec, tier_per_minute, burst)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._ws.reset()
            self._limits.clear()

    # -- request handling ---------------------------------------------------------
    def handle_http(self, path: str, headers: dict[str, str], raw: bytes) -> Reply | None:
        parts = urlsplit(path)
        route = parts.path.strip("/").split("/", 1)
        tail = route[1] if len(route) > 1 else ""
        if route[0] == "upload":
            return self._upload(tail, headers, raw)
        if route[0] == methods_files.DOWNLOAD_ROUTE:
            return self._download(tail, headers)
        try:
            fields, _ = parse_body(headers.get("content-type", ""), raw)
        except (ValueError, UnicodeDecodeError):
            method = tail if route[0] == "api" else "response_url"
            return self._record(method, {}, Reply.json({"ok": False, "error": "invalid_json"}, 400))
        if route[0] == "response":
            return self._respond(tail, fields)
        if route[0] != "api" or not tail:
            return Reply.json({"ok": False, "error": "unknown_method"}, 404)
        args = decode_json_fields({**dict(parse_qsl(parts.query)), **fields})
        token = args.pop("token", None)
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif auth.lower().startswith("basic "):
            # oauth.v2.access: the SDK sends the app's client id and secret as HTTP Basic.
            try:
                pair = base64.b64decode(auth[6:].strip()).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                pair = ""
            client_id, _, client_secret = pair.partition(":")
            args.setdefault("client_id", unquote(client_id))
            args.setdefault("client_secret", unquote(client_secret))
        return self._api(tail, args, token)

    def _record(self, method: str, args: Json, reply: Reply | None, error: str | None = None,
                team: str | None = None) -> Reply | None:
        body = reply.json_body() if reply is not None else {}
        ok = bool(body.get("ok", reply is not None and reply.status == 200))
        status = reply.status if reply is not None else 0
        if getattr(self._answer, "reset", False):
            # Slack did the work (body says what), but the client never reads this answer.
            ok, error, status = False, "connection_reset", 0
        with self._lock:
            self.calls.append(Call(method, copy.deepcopy(args), ok, error or body.get("error"),
                                   status, copy.deepcopy(body),
                                   team=self._ws.team_id if team is None else team))
        return reply

    def _oauth_access(self, args: Json) -> Reply | None:
        try:
            team_id, token, extra = self._oauth.exchange(args)
        except FakeSlackError as exc:
            return self._record("oauth.v2.access", args, Reply.json(exc.body()), team="")
        ws = self._workspaces[team_id]
        ws.bot_token = token  # the workspace's current token (what `fake.team(t).bot_token` shows)
        body: Json = {
            "ok": True, "access_token": token, "token_type": "bot", "scope": ",".join(sorted(ws.scopes)),
            "bot_user_id": ws.bot_user_id, "app_id": ws.app_id,
            "team": {"id": ws.team_id, "name": ws.team_name}, "enterprise": None,
            "is_enterprise_install": False, **extra,
        }
        return self._record("oauth.v2.access", args, Reply.json(body), team=team_id)

    def _api(self, method: str, args: Json, token: str | None) -> Reply | None:
        with self._lock:
            fault = self._limits.take_fault(method, time.monotonic())
            if fault is not None and not fault.answers_normally:
                return self._record(method, args, fault.reply(), fault.code)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)  # outside the lock: other calls are answered meanwhile
        self._answer.reset = fault is not None and fault.reset
        try:
            reply = self._serve_api(method, args, token)
        finally:
            self._answer.reset = False
        if fault is not None and fault.reset and reply is not None:
            reply.reset = True
        return reply

    def _serve_api(self, method: str, args: Json, token: str | None) -> Reply | None:
        with self._lock:
            if method == "oauth.v2.access":  # the app's client id and secret, no token
                return self._oauth_access(args)
            if not token:
                return self._record(method, args, Reply.json({"ok": False, "error": "not_authed"}), team="")
            try:
                ws = self._workspaces[self._oauth.check(token)]
            except FakeSlackError as exc:
                return self._record(method, args, Reply.json(exc.body()), team="")
            if method == "auth.revoke":
                revoked = self._oauth.grants[token]
                revoked.revoked = True
                return self._record(method, args, Reply.json({"ok": True, "revoked": True}), team=ws.team_id)
            handler = HANDLERS.get(method)
            if handler is None:
                return self._record(method, args, Reply.json({"ok": False, "error": "unknown_method"}),
                                    team=ws.team_id)
            wait = self._limits.throttle(method, args, ws.clock())
            if wait:
                limited = Reply.json({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(wait)})
                return self._record(method, args, limited, team=ws.team_id)
            try:
                body: Json = {"ok": True, **handler(ws, args)}
            except FakeSlackError as exc:
                body = exc.body()
            return self._record(method, args, Reply.json(body), team=ws.team_id)

    def _holding(self, has: Callable[[Workspace], bool]) -> Workspace:
        """The workspace an upload URL or a response_url belongs to (the first one's if none)."""
        return next((ws for ws in self._workspaces.values() if has(ws)), self._primary)

    def _upload(self, file_id: str, headers: dict[str, str], raw: bytes) -> Reply | None:
        with self._lock:
            ws = self._holding(lambda w: file_id in w.uploads)
            reply, args = hooks.receive_upload(ws, file_id, headers.get("content-type", ""), raw)
            return self._record("upload", args, reply, team=ws.team_id)

    def _download(self, tail: str, headers: dict[str, str]) -> Reply | None:
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        team = tail.split("/", 1)[0].partition("-")[0]
        with self._lock:
            ws = self._workspaces.get(team, self._primary)
            reply, args = methods_files.serve_download(ws, tail, token)
            return self._record("file_download", args, reply, team=ws.team_id)

    def _respond(self, key: str, payload: Json) -> Reply | None:
        with self._lock:
            ws = self._holding(lambda w: key in w.response_targets)
            reply = hooks.receive_response(ws, key, payload)
            return self._record("response_url", {"key": key, **payload}, reply, team=ws.team_id)
