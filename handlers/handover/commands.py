"""`/handover` (SPEC §4): parse → service → render; the checklist message updates itself.

Every service change marks its act; after the commit the refresher registered here
re-reads the act and `chat.update`s the message (also when the change came from another
feature, e.g. `/access revoke` + Revoked, through the domain events).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from bot.core import runner
from bot.core.authz import SYSTEM, Actor
from bot.core.errors import DomainError, UsageError
from bot.core.parsing import parse_channel, parse_user
from bot.handover import acts as service
from bot.handover import close as closing
from bot.handover import document as handover_doc
from bot.handover import refresh as handover_refresh
from bot.handover.views import build_view
from handlers.calls import ActionCall, CommandCall, Reply
from handlers.handover import blocks
from handlers.handover.ids import HandoverIds
from handlers.kit import error_text, notify_error, register_action
from handlers.outbound import slack_error_code

if TYPE_CHECKING:
    from handlers.runtime import Runtime

ACT_RE = re.compile(r"^ACT-\d{4}-\d{4,}$", re.IGNORECASE)


def parse_start(text: str) -> tuple[str, str | None, str | None, str]:
    """`@leaving [to @receiver] [in #channel] [reason…]` → (leaving, receiver, channel, reason)."""
    tokens = text.split()
    leaving = parse_user(tokens[0]) if tokens else None
    if leaving is None:
        raise UsageError("handover.error.bad_start", usage_key="usage.handover.start", text=text or "—")
    receiver = channel = None
    rest = tokens[1:]
    while len(rest) >= 2 and rest[0].lower() in ("to", "in"):
        if rest[0].lower() == "to" and receiver is None and (user := parse_user(rest[1])):
            receiver = user
        elif rest[0].lower() == "in" and channel is None and (chan := parse_channel(rest[1])):
            channel = chan
        else:
            raise UsageError("handover.error.bad_start", usage_key="usage.handover.start", text=" ".join(rest[:2]))
        rest = rest[2:]
    return leaving, receiver, channel, " ".join(rest)


def parse_act(text: str, usage_key: str) -> str:
    ref = text.split()[0] if text.split() else ""
    if not ACT_RE.match(ref):
        raise UsageError("handover.error.bad_act", usage_key=usage_key, text=ref or "—")
    return ref


def _ids(value: str, *, numeric_rest: bool = False) -> tuple[int, str]:
    """A button value "<act_id>[:<rest>]" (ids only: who may act is decided from the payload's user)."""
    act, _, rest = value.partition(":")
    if not act.isdigit() or (numeric_rest and not rest.isdigit()):
        raise UsageError("handover.error.bad_act", text=value or "—")
    return int(act), rest


def register(rt: Runtime) -> None:
    ctx = rt.ctx
    cmd = rt.registry.command(
        "/handover", "cmd.handover.description", "start @leaving [to @receiver] [reason] | list | show <act>"
    )
    handover_refresh.register_refresher(ctx.db.engine, _refresher(rt))

    def message(act_id: int, team_id: str) -> Any:
        view = runner.run(ctx, Actor(team_id, SYSTEM),
                          lambda s: build_view(s, service.get_act(s, team_id, act_id), ctx.settings))
        return view, blocks.act_message(rt.translator(view.language), view)

    @cmd.sub("start", "usage.handover.start")
    def start(call: CommandCall) -> Reply:
        leaving, receiver, channel, reason = parse_start(call.args)
        started = runner.run(
            ctx,
            call.actor,
            lambda s: build_view(
                s,
                service.start_act(
                    s,
                    ctx.settings,
                    call.actor,
                    leaving=leaving,
                    receiver=receiver,
                    reason=reason,
                    channel=channel,
                    now=ctx.clock(),
                ),
                ctx.settings,
            ),
        )
        team, act_id, where = call.actor.team_id, started.act.id, started.act.channel_id

        def post(client: Any) -> None:
            view, (text, body) = message(act_id, team)
            try:
                sent = client.chat_postMessage(channel=where, text=text, blocks=body)
            except Exception as exc:  # e.g. the bot is not in that channel: tell the person who started it
                error = slack_error_code(exc) or type(exc).__name__
                failed = call.tr("handover.error.post_failed", act=view.act.number, channel=f"<#{where}>", error=error)
                notify_error(lambda work: work(client), call.actor, "", failed)
                raise
            runner.run(ctx, call.actor,
                       lambda s: service.record_message(s, team, act_id, str(sent["channel"]), str(sent["ts"])))

        call.later(post)
        return Reply(blocks.started_text(call.tr, started))

    @cmd.sub("receiver", "usage.handover.receiver")
    def receiver(call: CommandCall) -> Reply:
        ref = parse_act(call.args, "usage.handover.receiver")
        parts = call.args.split()
        user = parse_user(parts[1]) if len(parts) == 2 else None
        if user is None:
            raise UsageError("error.bad_user", usage_key="usage.handover.receiver", text=" ".join(parts[1:]) or "—")
        act = runner.run(
            ctx,
            call.actor,
            lambda s: service.set_receiver(
                s,
                ctx.settings,
                call.actor,
                service.find_act(s, call.actor.team_id, ref).id,
                user,
                ctx.clock(),
            ),
        )
        return Reply(call.tr("handover.receiver_set", act=act.number, user=user))

    @cmd.sub("list", "usage.handover.list")
    def list_(call: CommandCall) -> Reply:
        word = call.args.strip().lower()
        if word not in ("", "open", "closed", "all"):
            raise UsageError("handover.error.bad_filter", usage_key="usage.handover.list", text=word)
        status = None if word in ("", "all") else word

        def views(s: Any) -> Any:
            return [build_view(s, a, ctx.settings) for a in service.list_acts(s, ctx.settings, call.actor, status)]

        return Reply(blocks.list_text(call.tr, runner.run(ctx, call.actor, views)))

    @cmd.sub("show", "usage.handover.show")
    def show(call: CommandCall) -> Reply:
        ref = parse_act(call.args, "usage.handover.show")

        def load(s: Any) -> Any:
            act = service.find_act(s, call.actor.team_id, ref)
            service.require_reader(s, ctx.settings, call.actor, act)
            return build_view(s, act, ctx.settings)

        text, body = blocks.show_blocks(call.tr, runner.run(ctx, call.actor, load))
        return Reply(text, body)

    _register_buttons(rt)


def _register_buttons(rt: Runtime) -> None:
    ctx = rt.ctx

    def item(call: ActionCall) -> None:
        act_id, item_id = _ids(call.value, numeric_rest=True)
        runner.run(
            ctx,
            call.actor,
            lambda s: service.perform_item(s, ctx.settings, call.actor, act_id, int(item_id), ctx.clock()),
        )

    def all_of_kind(call: ActionCall) -> None:
        act_id, _ = _ids(call.value)
        kind = str(call.action.get("action_id", "")).partition(":")[2]
        runner.run(
            ctx,
            call.actor,
            lambda s: service.perform_all(s, ctx.settings, call.actor, act_id, kind, ctx.clock()),
        )

    def deliver(call: ActionCall) -> None:
        act_id, _ = _ids(call.value)
        runner.run(ctx, call.actor, lambda s: closing.sign_deliver(s, call.actor, act_id, ctx.clock()))

    def receive(call: ActionCall) -> None:
        act_id, _ = _ids(call.value)
        runner.run(ctx, call.actor, lambda s: closing.sign_receive(s, call.actor, act_id, ctx.clock()))

    def close(call: ActionCall) -> None:
        act_id, _ = _ids(call.value)
        act = runner.run(
            ctx, call.actor, lambda s: closing.close_act(s, ctx.settings, call.actor, act_id, ctx.clock())
        )
        call.later(_upload_document(rt, act.team_id, act.id))

    def leaver_gone(call: ActionCall) -> None:
        act_id, _ = _ids(call.value)

        def check_and_record(client: Any) -> None:
            try:
                leaving = runner.run(ctx, call.actor,
                                     lambda s: service.get_act(s, call.actor.team_id, act_id).leaving_id)
                gone = _left_workspace(client, leaving)
                if gone is None:
                    raise UsageError("handover.error.leaver_check", user=leaving)
                runner.run(
                    ctx,
                    call.actor,
                    lambda s: closing.record_leaver_unavailable(
                        s, ctx.settings, call.actor, act_id, leaver_gone=gone, now=ctx.clock()
                    ),
                )
            except DomainError as exc:
                notify_error(lambda work: work(client), call.actor, call.channel_id, error_text(call.tr, exc))

        call.later(check_and_record)

    def page(call: ActionCall) -> None:
        act_id, number = _ids(call.value, numeric_rest=True)
        runner.run(ctx, call.actor, lambda s: service.set_page(s, call.actor.team_id, act_id, int(number)))

    def pick_receiver(call: ActionCall) -> None:
        act_id, _ = _ids(str(call.action.get("block_id", "")).partition(":")[2])
        user = str(call.action.get("selected_user") or "")
        if user:
            runner.run(
                ctx,
                call.actor,
                lambda s: service.set_receiver(s, ctx.settings, call.actor, act_id, user, ctx.clock()),
            )

    for action_id, fn in (
        (HandoverIds.A_ITEM, item),
        (re.compile(rf"^{HandoverIds.A_ALL}:"), all_of_kind),
        (HandoverIds.A_DELIVER, deliver),
        (HandoverIds.A_RECEIVE, receive),
        (HandoverIds.A_CLOSE, close),
        (HandoverIds.A_LEAVER_GONE, leaver_gone),
        (HandoverIds.A_PAGE_PREV, page),
        (HandoverIds.A_PAGE_NEXT, page),
        (HandoverIds.A_RECEIVER, pick_receiver),
    ):
        register_action(rt, action_id, fn)


def _left_workspace(client: Any, user: str) -> bool | None:
    """True when Slack says the user is deactivated or unknown; None when Slack could not answer."""
    try:
        info = client.users_info(user=user)
    except Exception as exc:
        return True if slack_error_code(exc) in ("user_not_found", "users_not_found") else None
    return bool((info.get("user") or {}).get("deleted"))


def _refresher(rt: Runtime) -> handover_refresh.Refresher:
    """chat.update the act's message; one refresh at a time per act, each reading fresh state."""
    runtime_ref = weakref.ref(rt)
    locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)

    def refresh(team_id: str, act_id: int) -> None:
        runtime = runtime_ref()
        if runtime is None:
            return

        def work(client: Any) -> None:
            with locks[act_id]:
                view = runner.run(runtime.ctx, Actor(team_id, SYSTEM), lambda s: build_view(
                    s, service.get_act(s, team_id, act_id), runtime.ctx.settings))
                if not (view.act.channel_id and view.act.message_ts):
                    return  # not posted yet: the first post renders the current state anyway
                text, body = blocks.act_message(runtime.translator(view.language), view)
                client.chat_update(channel=view.act.channel_id, ts=view.act.message_ts, text=text, blocks=body)

        try:
            runtime.sender.submit(work, what="handover.refresh")
        except RuntimeError:  # the runtime is shutting down
            return

    return refresh


def _upload_document(rt: Runtime, team_id: str, act_id: int) -> Any:
    def upload(client: Any) -> None:
        view = runner.run(rt.ctx, Actor(team_id, SYSTEM),
                          lambda s: build_view(s, service.get_act(s, team_id, act_id), rt.ctx.settings))
        markdown, pdf = handover_doc.render(view, rt.ctx.registries.catalog)
        tr = rt.translator(view.language)
        act = view.act
        client.files_upload_v2(
            channel=act.channel_id,
            thread_ts=act.message_ts or None,
            initial_comment=tr("handover.doc_posted", act=act.number),
            file_uploads=[
                {"file": pdf, "filename": handover_doc.filename(view, "pdf"), "title": f"{act.number}.pdf"},
                {
                    "content": markdown,
                    "filename": handover_doc.filename(view, "md"),
                    "title": f"{act.number}.md",
                },
            ],
        )

    return upload
