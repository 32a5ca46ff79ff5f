"""FakeSlack: a loopback stand-in for Slack's Web API that rejects what Slack rejects."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from urllib.parse import parse_qsl, quote, urlsplit

from bot.devtools.slack import hooks, methods, methods_files, methods_views
from bot.devtools.slack.shapes import Channel, Json, make_user
from bot.devtools.slack.state import Call, FakeSlackError, ResponseTarget, Workspace
from bot.devtools.slack.wire import Fault, Limits, LoopbackServer, Reply, decode_json_fields, parse_body

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
        self._host, self._port = host, port
        self._server: LoopbackServer | None = None
        self._thread: threading.Thread | None = None
        self.calls: list[Call] = []
        self._limits = Limits()
        self.add_user(bot_user_id, self._ws.bot_name, real_name="SocialOps")
        self._ws.users[bot_user_id].update({"is_bot": True, "is_app_user": False})
        self._ws.users[bot_user_id]["profile"]["bot_id"] = self._ws.bot_id
        # Every workspace has a #general everyone is in; the driver defaults to it.
        general = Channel("C0GENERAL", "general", members=list(self._ws.users), is_general=True)
        self._ws.channels[general.id] = general

    # -- lifecycle ------------------------------------------------------------
    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = LoopbackServer((self._host, self._port), self.handle_http)
            host, port = self._server.server_address[:2]
            self._ws.base_url = f"http://{host!s}:{port}/"
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
        self._ws.clock = value

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
                  error: str | None = None, drop: bool = False, times: int = 1) -> None:
        with self._lock:
            self._limits.add_fault(method, Fault(status, retry_after, error, drop, times))

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
        return self._api(tail, args, token)

    def _record(self, method: str, args: Json, reply: Reply | None, error: str | None = None) -> Reply | None:
        body = reply.json_body() if reply is not None else {}
        ok = bool(body.get("ok", reply is not None and reply.status == 200))
        with self._lock:
            self.calls.append(Call(method, copy.deepcopy(args), ok, error or body.get("error"),
                                   reply.status if reply is not None else 0, copy.deepcopy(body)))
        return reply

    def _api(self, method: str, args: Json, token: str | None) -> Reply | None:
        with self._lock:
            fault = self._limits.take_fault(method)
            if fault is not None:
                return self._record(method, args, fault.reply(), fault.code)
            if not token:
                return self._record(method, args, Reply.json({"ok": False, "error": "not_authed"}))
            if token != self._ws.bot_token:
                return self._record(method, args, Reply.json({"ok": False, "error": "invalid_auth"}))
            handler = HANDLERS.get(method)
            if handler is None:
                return self._record(method, args, Reply.json({"ok": False, "error": "unknown_method"}))
            wait = self._limits.throttle(method, args, self._ws.clock())
            if wait:
                limited = Reply.json({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(wait)})
                return self._record(method, args, limited)
            try:
                body: Json = {"ok": True, **handler(self._ws, args)}
            except FakeSlackError as exc:
                body = exc.body()
            return self._record(method, args, Reply.json(body))

    def _upload(self, file_id: str, headers: dict[str, str], raw: bytes) -> Reply | None:
        with self._lock:
            reply, args = hooks.receive_upload(self._ws, file_id, headers.get("content-type", ""), raw)
            return self._record("upload", args, reply)

    def _download(self, tail: str, headers: dict[str, str]) -> Reply | None:
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        with self._lock:
            reply, args = methods_files.serve_download(self._ws, tail, token)
            return self._record("file_download", args, reply)

    def _respond(self, key: str, payload: Json) -> Reply | None:
        with self._lock:
            reply = hooks.receive_response(self._ws, key, payload)
            return self._record("response_url", {"key": key, **payload}, reply)
