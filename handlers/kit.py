"""Bolt wiring shared by every feature: routing, acks, error replies, logging, dedup.

Listeners ack in the request thread (the app runs with process_before_response=True)
and queue Web API calls on the Sender, so Slack's 3-second clock is never at risk.
Domain errors are turned into user-facing text here, in one place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltRequest, BoltResponse
from sqlalchemy.exc import IntegrityError

from bot.core.authz import Actor
from bot.core.errors import DomainError, UsageError, ValidationFailed
from bot.core.i18n import Translator
from bot.core.parsing import words
from handlers import slack
from handlers.calls import ActionCall, CommandCall, ViewCall
from handlers.commands import SlashCommand
from handlers.router import ActionFn, Router, ViewFn
from storage.models import InboundRequest

if TYPE_CHECKING:
    from handlers.runtime import Runtime

log = logging.getLogger("socialops.request")


def translator(rt: Runtime, team_id: str) -> Translator:
    return rt.translator(rt.language(team_id))


def error_text(tr: Translator, exc: DomainError, usage: str = "") -> str:
    text = tr(exc.key, **exc.params)
    if isinstance(exc, UsageError):
        usage = tr(exc.usage_key) if exc.usage_key else usage
        if usage:
            text = f"{text}\n{tr('usage.header')}\n{usage}"
    return text


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
            app=rt, tr=tr, later=lambda work: rt.sender.submit(work, what=cmd.name, team_id=actor.team_id),
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
        actor = Actor(body["user"].get("team_id") or body["team"]["id"], body["user"]["id"])
        tr = translator(rt, actor.team_id)
        call = ActionCall(app=rt, actor=actor, action=action, body=body, tr=tr,
                          later=lambda work: rt.sender.submit(work, what=action_id, team_id=actor.team_id))
        try:
            fn(call)
        except DomainError as exc:
            notify_error(call.later, actor, call.channel_id, error_text(tr, exc))

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


def register_view(rt: Runtime, callback_id: str, fn: ViewFn) -> None:
    rt.router.views[str(callback_id)] = fn


def _run_view(rt: Runtime, fn: ViewFn, ack: Ack, body: dict[str, Any], view: dict[str, Any], callback_id: str) -> None:
    actor = Actor(body["user"].get("team_id") or body["team"]["id"], body["user"]["id"])
    tr = translator(rt, actor.team_id)
    call = ViewCall(app=rt, actor=actor, view=view, body=body, tr=tr,
                    later=lambda work: rt.sender.submit(work, what=callback_id, team_id=actor.team_id))
    try:
        result = fn(call)
    except ValidationFailed as invalid:
        ack(response_action="errors",
            errors={block: tr(key, **params) for block, (key, params) in invalid.errors.items()})
        return
    except DomainError as exc:
        first_input = next(
            (b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input" and "block_id" in b),
            None,
        )
        if first_input:
            ack(response_action="errors", errors={first_input: error_text(tr, exc)[:1900]})
        else:
            ack()
            notify_error(call.later, actor, "", error_text(tr, exc))
        return
    if result is None:
        ack()
    else:
        ack(response_action="update", view=result)


def _describe(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """(kind, name, team, user) of a Slack payload, for the request log."""
    if "command" in body:
        return "command", f"{body['command']} {str(body.get('text', '')).split(' ', 1)[0]}".strip(), \
            str(body.get("team_id", "")), str(body.get("user_id", ""))
    kind = str(body.get("type", "unknown"))
    user = body.get("user") or {}
    team = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
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


def install_middleware(rt: Runtime) -> None:
    def request_log(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        started = time.perf_counter()
        outcome = "error"
        try:
            result = next()
            outcome = "ok" if result is None or result.status < 400 else f"http_{result.status}"
            return result
        finally:
            kind, name, team, user = _describe(req.body)
            log.info(
                "slack request",
                extra={"team": team, "user": user, "kind": kind, "op": name, "outcome": outcome,
                       "latency_ms": round((time.perf_counter() - started) * 1000, 2)},
            )

    def dedupe(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body
        event_id = body.get("event_id") if isinstance(body, dict) else None
        raw = req.raw_body if isinstance(req.raw_body, str) else json.dumps(body, sort_keys=True)
        key = hashlib.sha256((event_id or raw).encode()).hexdigest()
        team = str(req.context.team_id or "")
        try:
            with rt.ctx.db.uow() as session:
                session.add(InboundRequest(key=key, team_id=team, received_at=rt.ctx.clock()))
        except IntegrityError:
            retry = req.headers.get("x-slack-retry-num", ["?"])[0]
            log.info("duplicate slack request ignored", extra={"team": team, "retry": retry})
            return BoltResponse(status=200, body="")
        return next()

    rt.app.use(request_log)
    rt.app.use(dedupe)
