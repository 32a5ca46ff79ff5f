"""Bolt wiring shared by every feature: routing, acks, error replies, the request log, dedup.

Listeners ack in the request thread (the app runs with process_before_response=True)
and queue Web API calls on the Sender, so Slack's 3-second clock is never at risk.
Domain errors are turned into user-facing text here, in one place; any other exception
becomes an apology with a reference id (the same id is in the log with the traceback),
before the ack (`install_error_handler`) and after it (the Sender's `Notify`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from array import array
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltRequest, BoltResponse

from bot.core.authz import Actor
from bot.core.errors import DomainError, UsageError, ValidationFailed
from bot.core.i18n import DEFAULT_LANGUAGE, Translator
from bot.core.parsing import words
from handlers import metrics, slack
from handlers.blockkit import user_text
from handlers.calls import ActionCall, AlreadySubmitted, CommandCall, Later, ViewCall, ViewResult
from handlers.commands import SlashCommand
from handlers.outbound import Notify, error_ref, traceback_text
from handlers.router import ActionFn, Router, ViewFn
from storage import inbound

if TYPE_CHECKING:
    from handlers.runtime import Runtime

log = logging.getLogger("socialops.request")


def translator(rt: Runtime, team_id: str) -> Translator:
    return rt.translator(rt.language(team_id))


def error_text(tr: Translator, exc: DomainError, usage: str = "", *, markup: bool = True) -> str:
    """The rule's words for `exc`. Its parameters may be what the user typed (`<!channel>` is
    not a role): in mrkdwn (`markup`) they are neutralised like any user text; a modal's inline
    error is plain text, where Slack shows them as typed."""
    params = {k: user_text(v) if markup and isinstance(v, str) else v for k, v in exc.params.items()}
    text = tr(exc.key, **params)
    if isinstance(exc, UsageError):
        usage = tr(exc.usage_key) if exc.usage_key else usage
        if usage:
            text = f"{text}\n{tr('usage.header')}\n{usage}"
    return text


def failure_text(tr: Translator, exc: Exception, ref: str) -> str:
    """What the user reads when work failed: the rule's words, or an apology with `ref`."""
    return error_text(tr, exc) if isinstance(exc, DomainError) else tr("error.internal", ref=ref)


def _later(rt: Runtime, what: str, actor: Actor, channel: str, tr: Translator) -> Later:
    """`call.later`: the work runs on the Sender, which tells the actor (where they acted) if it fails."""
    notify = Notify(actor.user_id, channel, lambda exc, ref: failure_text(tr, exc, ref))
    return lambda work: rt.sender.submit(work, what=what, team_id=actor.team_id, notify=notify)


def request_team(body: dict[str, Any]) -> str:
    """The workspace an action or view submission came from: `team.id`.

    Not `user.team_id`: for a Slack Connect user that is their home workspace (and under an
    org-wide install an org id), so roles would be looked up where they do not apply. Slack
    sends `team: null` for org-installed apps; only then does the user's team say anything.
    """
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    user = body.get("user")
    return str(user.get("team_id") or "") if isinstance(user, dict) else ""


def _args_after(text: str, n_words: int) -> str:
    parts = re.split(r"\s+", text.strip(), maxsplit=n_words)
    return parts[n_words] if len(parts) > n_words else ""


def register_command(rt: Runtime, cmd: SlashCommand) -> None:
    def listener(ack: Ack, command: dict[str, Any]) -> None:
        actor = Actor(command["team_id"], command["user_id"])
        tr = translator(rt, actor.team_id)
        text = command.get("text") or ""
        sub, used = cmd.route(words(text))
        if sub is None:
            if [w.lower() for w in words(text)] == ["help"]:  # `/accounts help`: what a new user tries first
                ack(text=f"*{cmd.name}* — {tr(cmd.description_key)}\n{cmd.usage(tr)}")
                return
            ack(text=f"{tr('error.unknown_subcommand', command=cmd.name)}\n{cmd.usage(tr)}")
            return
        call = CommandCall(
            actor=actor, args=_args_after(text, used), channel_id=command.get("channel_id", ""),
            trigger_id=command.get("trigger_id", ""), response_url=command.get("response_url", ""),
            app=rt, tr=tr, later=_later(rt, cmd.name, actor, command.get("channel_id", ""), tr),
        )
        try:
            reply = sub.handler(call)
        except DomainError as exc:
            ack(text=error_text(tr, exc, tr(sub.usage_key)))
            return
        if reply is None:
            ack()
        else:
            ack(text=reply.text, blocks=reply.blocks)

    listener.__name__ = f"command_{cmd.name.strip('/')}"
    rt.app.command(cmd.name)(listener)


def notify_error(call_later: Callable[[Callable[[Any], Any]], object], actor: Actor, channel: str, text: str) -> None:
    def send(client: Any) -> None:
        slack.tell(client, actor.user_id, channel, text)

    call_later(send)


def install_router(rt: Runtime) -> Router:
    router = Router()

    def on_action(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        action_id = str(action.get("action_id", ""))
        fn = router.action(action_id)
        if fn is None:  # e.g. a link button: Slack still sends the click
            return
        actor = Actor(request_team(body), body["user"]["id"])
        tr = translator(rt, actor.team_id)
        channel = str((body.get("channel") or {}).get("id") or "")
        call = ActionCall(app=rt, actor=actor, action=action, body=body, tr=tr,
                          later=_later(rt, action_id, actor, channel, tr))
        try:
            fn(call)
        except DomainError as exc:
            notify_error(call.later, actor, call.channel_id, error_text(tr, exc))
            return
        rt.after_interaction(actor)

    def on_view(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        callback_id = str(view.get("callback_id", ""))
        fn = router.views.get(callback_id)
        if fn is None:
            ack()
            return
        _run_view(rt, fn, ack, body, view, callback_id)

    rt.app.action(re.compile(".+"))(on_action)
    rt.app.view(re.compile(".+"))(on_view)
    return router


def register_action(rt: Runtime, action_id: str | re.Pattern[str], fn: ActionFn) -> None:
    if isinstance(action_id, re.Pattern):
        rt.router.action_patterns.append((action_id, fn))
    else:
        rt.router.actions[str(action_id)] = fn


def register_view(rt: Runtime, callback_id: str, fn: ViewFn, *, once: bool = False) -> None:
    """`once=True` for a form that creates something: of several submissions of the same modal
    (a double click, a replay with fresh trigger ids) only the first runs; the others are acked
    and ignored. Only for a modal whose submission ends it: the claim is on the view id, which
    Slack keeps across `response_action: update`, so a later step of that modal would be ignored."""
    rt.router.views[str(callback_id)] = _first_submission_only(rt, str(callback_id), fn) if once else fn


def _view_claim_key(view_id: str) -> str:
    return f"view:{view_id}"[:64]  # the column's width; Slack's view ids are about a dozen characters


def _first_submission_only(rt: Runtime, callback_id: str, fn: ViewFn) -> ViewFn:
    def once(call: ViewCall) -> ViewResult:
        view_id = str(call.view.get("id") or "")
        if not view_id:  # nothing to key on (Slack always sends one): run as any view
            return fn(call)
        # Claimed in the form's own writing transaction (Call.run): nothing made (errors shown in
        # the modal, a refusal, a failure, the process killed) leaves no claim, and the user may
        # correct the form and submit this same view again.
        call.once_key = _view_claim_key(view_id)
        try:
            return fn(call)
        except AlreadySubmitted:
            log.info("repeated view submission ignored",
                     extra={"team": call.actor.team_id, "user": call.actor.user_id, "op": callback_id,
                            "view": view_id})
            return None

    return once


def _run_view(rt: Runtime, fn: ViewFn, ack: Ack, body: dict[str, Any], view: dict[str, Any], callback_id: str) -> None:
    actor = Actor(request_team(body), body["user"]["id"])
    tr = translator(rt, actor.team_id)
    call = ViewCall(app=rt, actor=actor, view=view, body=body, tr=tr, later=_later(rt, callback_id, actor, "", tr))
    try:
        result = fn(call)
    except ValidationFailed as invalid:
        ack(response_action="errors",
            errors={block: tr(key, **params) for block, (key, params) in invalid.errors.items()})
        return
    except DomainError as exc:
        first_input = _first_input(view)
        if first_input:
            ack(response_action="errors", errors={first_input: error_text(tr, exc, markup=False)[:1900]})
        else:
            ack()
            notify_error(call.later, actor, "", error_text(tr, exc))
        return
    if result is None:
        ack()
    else:
        ack(response_action="update", view=result)
    rt.after_interaction(actor)


def _first_input(view: dict[str, Any]) -> str | None:
    """The first input block of a modal: where an error that belongs to no field is shown."""
    blocks = view.get("blocks")
    return next(
        (str(b["block_id"]) for b in (blocks if isinstance(blocks, list) else [])
         if isinstance(b, dict) and b.get("type") == "input" and b.get("block_id")),
        None,
    )


def _describe(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """(kind, name, team, user) of a Slack payload, for the request log."""
    if "command" in body:
        return "command", f"{body['command']} {str(body.get('text', '')).split(' ', 1)[0]}".strip(), \
            str(body.get("team_id", "")), str(body.get("user_id", ""))
    kind = str(body.get("type", "unknown"))
    user = body.get("user") or {}
    team = request_team(body) or str(body.get("team_id") or "")
    if kind == "block_actions":
        name = ",".join(str(a.get("action_id")) for a in body.get("actions", []))
    elif kind in ("view_submission", "view_closed"):
        name = str((body.get("view") or {}).get("callback_id", ""))
    elif kind == "event_callback":
        event = body.get("event") or {}
        name, user = str(event.get("type", "")), {"id": event.get("user", "")}
    else:
        name = ""
    return kind, name, team, str(user.get("id", "") if isinstance(user, dict) else user)


_ACKED_KINDS = frozenset({"block_actions", "view_closed", "shortcut", "message_action"})


def _json_response(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(payload),
                        headers={"content-type": "application/json;charset=utf-8"})


def _safe_translator(rt: Runtime, team_id: str) -> Translator:
    """The workspace's language, or the deployment's when even that read fails (the database
    may be what broke)."""
    try:
        return translator(rt, team_id)
    except Exception:
        return rt.translator(rt.ctx.settings.socialops_language or DEFAULT_LANGUAGE)


def install_error_handler(rt: Runtime) -> None:
    """Bolt's handler of an exception no listener caught (and of a failing middleware).

    With process_before_response=True the response returned here is Slack's answer: never
    a bare 500 (Slack would show "dispatch_failed" and retry events). The user reads an
    apology with a reference id; the log has the traceback under that same id.
    """

    def on_error(error: Exception, request: BoltRequest, response: BoltResponse | None) -> BoltResponse:
        body: dict[str, Any] = request.body if isinstance(request.body, dict) else {}
        kind, name, team, user = _describe(body)
        ref = error_ref()
        request.context[OUTCOME] = "error"
        log.error("listener failed", exc_info=error,
                  extra={"ref": ref, "team": team, "user": user, "kind": kind, "op": name,
                         "error": type(error).__name__, "traceback": traceback_text(error)})
        if not user or kind == "event_callback":
            return BoltResponse(status=200, body="")  # nobody to tell; an event retried would fail again
        tr = _safe_translator(rt, team)
        apology = tr("error.internal", ref=ref)
        if kind == "command":
            return _json_response({"text": apology})  # shown to them only, like any command reply
        if kind == "view_submission":
            first_input = _first_input(body.get("view") or {})
            if first_input:  # keep the modal and what they typed: they can try again
                return _json_response({"response_action": "errors", "errors": {first_input: apology[:1900]}})
        if kind in _ACKED_KINDS or kind == "view_submission":
            channel = str((body.get("channel") or {}).get("id") or "") if isinstance(body.get("channel"), dict) else ""
            rt.sender.submit(lambda client: slack.tell(client, user, channel, apology), what="apology", team_id=team)
        return BoltResponse(status=200, body="")

    rt.app.error(on_error)


# When this request arrived (time.perf_counter()), set by the HTTP layer (bot/web.py) before it
# reads and checks the body, so the request log's latency covers that too; unset in Socket Mode
# and in-process dispatch, where the request arrives at Bolt's dispatch.
ARRIVED: ContextVar[float | None] = ContextVar("socialops_arrived", default=None)
# Set by the middleware or the error handler on the request's context: what the log calls the outcome.
OUTCOME = "socialops_outcome"
# Slack refuses to sign for more than five minutes (Bolt rejects older signatures): a replayed
# request must be seen within that window to be caught, so the set only remembers that long.
REPLAY_WINDOW_SECONDS = 5 * 60
# Bounded: one replica's commands and clicks in five minutes stay far below this (about 65 a
# second); past it the oldest are forgotten first.
REPLAY_MEMORY = 20_000
_DIGEST = 16  # bytes of blake2b kept per request: a false "replay" needs a 128-bit collision
_EMPTY = -1


class RecentSignatures:
    """The signatures of the requests of the last five minutes, in this process.

    Slack signs the timestamp with the body, so a second request with the same signature is
    the same bytes sent again: a replay (Slack never retries commands or interactions). No
    database write: the services' conditional updates are what make a repeated click or
    command harmless across replicas; this only drops byte-identical copies at no cost.

    Memory is allocated once, here (about 0.75 MB for 20,000): a ring of `limit` 16-byte
    digests and their times, oldest first, and an open-addressing index into the ring (linear
    probing, at most half full, backward-shift deletion so no tombstones pile up). A dict of
    signature strings cost about 300 bytes a request and grew the process for the whole
    five minutes (issue 16's memory goal); this stays flat from the first request. The digest
    is keyed with a per-process secret, so nobody can choose signatures that share a probe chain.
    """

    def __init__(self, window: float = REPLAY_WINDOW_SECONDS, limit: int = REPLAY_MEMORY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.window, self.limit, self.clock = window, limit, clock
        self._key = os.urandom(16)
        self._digests = bytearray(_DIGEST * limit)  # ring slot r holds bytes [16r, 16r + 16)
        self._times = array("d", bytes(8 * limit))
        self._head = 0  # the ring slot of the oldest entry
        self._count = 0
        size = 1 << max(2, (2 * limit - 1).bit_length())  # a power of two >= 2 * limit
        self._mask = size - 1
        self._index = array("i", [_EMPTY]) * size  # ring slot, or _EMPTY
        self._lock = threading.Lock()

    def first_time(self, signature: str) -> bool:
        digest = hashlib.blake2b(signature.encode(), digest_size=_DIGEST, key=self._key).digest()
        now = self.clock()
        with self._lock:
            while self._count and (self._count >= self.limit or self._times[self._head] < now - self.window):
                self._forget_oldest()
            found, pos = self._find(digest)
            if found:
                return False
            slot = (self._head + self._count) % self.limit
            self._digests[_DIGEST * slot:_DIGEST * (slot + 1)] = digest
            self._times[slot] = now
            self._index[pos] = slot
            self._count += 1
            return True

    def __len__(self) -> int:
        return self._count

    def _home(self, digest: bytes | bytearray) -> int:
        return int.from_bytes(digest[:8], "little") & self._mask

    def _slot_digest(self, slot: int) -> bytearray:
        return self._digests[_DIGEST * slot:_DIGEST * (slot + 1)]

    def _find(self, digest: bytes) -> tuple[bool, int]:
        """(True, its index position) if `digest` is remembered, else (False, the free position
        where it goes)."""
        pos = self._home(digest)
        while (slot := self._index[pos]) != _EMPTY:
            if self._slot_digest(slot) == digest:
                return True, pos
            pos = (pos + 1) & self._mask
        return False, pos

    def _forget_oldest(self) -> None:
        oldest = self._head
        pos = self._home(self._slot_digest(oldest))
        while self._index[pos] != oldest:  # it is on its probe chain, by construction
            pos = (pos + 1) & self._mask
        # Backward-shift deletion: pull later entries of the chain into the hole unless their
        # home lies cyclically in (hole, here], which would put them before their home.
        hole, here = pos, pos
        while True:
            here = (here + 1) & self._mask
            slot = self._index[here]
            if slot == _EMPTY:
                break
            home = self._home(self._slot_digest(slot))
            if (here - home) & self._mask >= (here - hole) & self._mask:
                self._index[hole] = slot
                hole = here
        self._index[hole] = _EMPTY
        self._head = (self._head + 1) % self.limit
        self._count -= 1


def _header(req: BoltRequest, name: str) -> str:
    values = req.headers.get(name) or [""]
    return str(values[0])


def log_request(*, kind: str, op: str, team: str, user: str, status: int, outcome: str, started: float,
                **extra: Any) -> None:
    """The request log: one line per request, from its arrival to the ack (the HTTP response)."""
    level = logging.WARNING if outcome == "refused" else logging.INFO
    log.log(level, "slack request",
            extra={"team": team, "user": user, "kind": kind, "op": op, "status": status, "outcome": outcome,
                   "latency_ms": round((time.perf_counter() - started) * 1000, 2), **extra})


def _outcome(req: BoltRequest, resp: BoltResponse) -> str:
    marked = req.context.get(OUTCOME)
    if marked:
        return str(marked)
    if resp.status in (401, 403):  # Bolt's signature check (or a middleware refusing)
        return "refused"
    if resp.status == 404:
        return "unhandled"
    return "ok" if resp.status < 400 else f"http_{resp.status}"


def install_request_log(rt: Runtime) -> None:
    """Log every request Bolt dispatches, Bolt's own refusals included, when its ack is ready,
    and observe the same latency in the `socialops_request_seconds` histogram (handlers/metrics.py).

    Not a Bolt middleware: middlewares run one after the other before any listener (their
    `next()` only sets a flag), so a middleware cannot see how long the listener took or what
    it answered. With process_before_response=True the ack is dispatch()'s return value.
    """
    dispatch = rt.app.dispatch

    def logged(req: BoltRequest) -> BoltResponse:
        started = ARRIVED.get() or time.perf_counter()
        resp = BoltResponse(status=500, body="")
        try:
            resp = dispatch(req)
            return resp
        finally:
            body = req.body if isinstance(req.body, dict) else {}
            kind, name, team, user = _describe(body)
            extra = {"retry": _header(req, "x-slack-retry-num")} if _header(req, "x-slack-retry-num") else {}
            outcome = _outcome(req, resp)
            log_request(kind=kind, op=name, team=team, user=user, status=resp.status,
                        outcome=outcome, started=started, **extra)
            metrics.observe_request(rt, body, name, outcome, time.perf_counter() - started)

    # The instance attribute shadows the method for every caller (the WSGI and Socket Mode
    # adapters, the test driver), which is the point.
    rt.app.dispatch = logged  # type: ignore[method-assign]


def without_nul(value: Any) -> Any:
    """`value` with every U+0000 removed from its strings, keys included. Slack never sends one in
    what a person typed, and PostgreSQL cannot store it in text: a forged one would otherwise turn
    any listener that keeps what was typed into the internal error."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    return value


def _may_hold_nul(raw: str) -> bool:
    # The raw body is form-encoded: a NUL is "%00" in a command's fields and "\u0000" (encoded as
    # "%5Cu0000") inside a JSON payload; a JSON body (events) holds "\u0000". A cheap first look,
    # so the common request pays one scan of its bytes and no walk.
    return "%00" in raw or "u0000" in raw


def install_middleware(rt: Runtime) -> None:
    recent = RecentSignatures()

    def dedupe(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        if isinstance(req.body, dict) and _may_hold_nul(req.raw_body or ""):
            req.body = without_nul(req.body)
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            # Slack retries an event it thinks failed (x-slack-retry-num): handle each event once,
            # across replicas, so the key is a row. Only events pay for this write.
            team = str(req.context.team_id or body.get("team_id") or "")
            if not inbound.claim(rt.ctx.db, hashlib.sha256(str(event_id).encode()).hexdigest(), team,
                                 rt.ctx.clock()):
                req.context[OUTCOME] = "duplicate"
                log.info("duplicate slack event ignored",
                         extra={"team": team, "retry": _header(req, "x-slack-retry-num") or "?"})
                return BoltResponse(status=200, body="")
            return next()
        signature = _header(req, "x-slack-signature")
        if signature and not recent.first_time(signature):
            req.context[OUTCOME] = "replay"
            log.warning("replayed slack request ignored", extra={"team": str(req.context.team_id or "")})
            return BoltResponse(status=200, body="")
        return next()

    install_request_log(rt)
    rt.app.use(dedupe)
