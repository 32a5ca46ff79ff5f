"""Web API work of `/handover`, run after the ack (on the Sender's threads).

Every service change marks its act, which schedules a redraw delivery in the same transaction
(bot/handover/refresh.py); after the commit the refresher below (registered in `register`)
sends it at once (also when the change came from another feature, e.g. `/access revoke` +
Revoked, through the domain events). What a decision owes others (the checklist posted,
redrawn, the sealed document) goes out through the outbox (handlers/handover/notices.py):
a kill after the commit leaves it to the scheduler. Only reads the decision needs (users.info,
conversations.info) and answers only the actor sees stay in this after-ack work.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.core import runner
from bot.core.authz import SYSTEM, Actor
from bot.core.context import AppContext
from bot.core.errors import DomainError, UsageError
from bot.handover import acts as service
from bot.handover import close as closing
from bot.handover import document as handover_doc
from bot.handover import refresh as handover_refresh
from bot.handover.acts import POST_KIND
from bot.handover.parse import StartRequest
from bot.handover.views import ActView, build_view
from handlers import slack
from handlers.calls import ActionCall, CommandCall
from handlers.handover import blocks
from handlers.kit import error_text, notify_error
from handlers.outbound import slack_error_code

if TYPE_CHECKING:
    from handlers.runtime import Runtime

log = logging.getLogger("socialops.handover")
Work = Callable[[Any], None]  # what call.later / the Sender runs, given the Web API client


def act_view(ctx: AppContext, team_id: str, act_id: int) -> ActView:
    """The act as it stands now, read for the workspace (not on behalf of whoever pressed)."""
    return runner.run(ctx, Actor(team_id, SYSTEM),
                      lambda s: build_view(s, service.get_act(s, team_id, act_id), ctx.settings))


def draw_up(call: CommandCall, wanted: StartRequest, facts: service.ChannelFacts | None = None) -> ActView:
    """Draw the act up (one unit of work) and read it back for the reply."""
    return call.run(
        lambda s: build_view(
            s,
            service.start_act(
                s,
                call.ctx.settings,
                call.actor,
                leaving=wanted.leaving,
                receiver=wanted.receiver,
                reason=wanted.reason,
                channel=wanted.channel,
                now=call.now(),
                channel_facts=facts,
            ),
            call.ctx.settings,
        ),
    )


def channel_facts(client: Any, channel: str) -> service.ChannelFacts:
    """conversations.info on a channel named in `/handover start … in #channel`.

    Slack answers `channel_not_found` for a private channel the bot is not in, exactly as for
    one that does not exist: both are "not a private channel the bot is in". Any other failure
    means Slack could not say, and the act is not drawn up on a guess.
    """
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except Exception as exc:
        error = slack_error_code(exc)
        if error == "channel_not_found":
            return service.ChannelFacts(private=False, bot_member=False)
        raise UsageError("handover.error.channel_check", channel=channel, error=error or type(exc).__name__) from None
    shared = bool(info.get("is_ext_shared") or info.get("is_shared") or info.get("is_org_shared"))
    private = bool(info.get("is_private")) and not info.get("is_im") and not info.get("is_mpim") and not shared
    # Slack shows a bot only the private channels it is in; `is_member`, when Slack sends it, must agree.
    return service.ChannelFacts(private=private, bot_member=info.get("is_member") is not False)


def _answer(client: Any, call: CommandCall, text: str) -> None:
    """Only the starter sees it: where they typed the command, or in a DM when the bot cannot post there."""
    try:
        slack.tell(client, call.actor.user_id, call.channel_id, text)
    except Exception:
        slack.dm(client, call.actor.user_id, text)


def start_in_channel(call: CommandCall, wanted: StartRequest, channel: str) -> Work:
    """`/handover start … in #channel` for a channel other than the approvals one: Slack says
    first what the channel is, then the rules decide; nothing is stored before that."""

    def check_and_start(client: Any) -> None:
        try:
            started = draw_up(call, wanted, channel_facts(client, channel))
        except DomainError as exc:
            _answer(client, call, error_text(call.tr, exc))
            return
        _answer(client, call, blocks.started_text(call.tr, started))
        # The decision scheduled the post in its transaction (bot/handover/acts.start_act).
        call.app.send_due(client, call.actor.team_id, POST_KIND, str(started.act.id))

    return check_and_start


def check_leaver(call: ActionCall, act_id: int) -> Work:
    """Ask Slack whether the leaver is gone, then record it (the witness signs in their place)."""

    def check_and_record(client: Any) -> None:
        try:
            leaving = call.run(lambda s: service.get_act(s, call.actor.team_id, act_id).leaving_id)
            gone = _left_workspace(client, leaving)
            if gone is None:
                raise UsageError("handover.error.leaver_check", user=leaving)
            call.run(
                lambda s: closing.record_leaver_unavailable(
                    s, call.ctx.settings, call.actor, act_id, leaver_gone=gone, now=call.now()
                ),
            )
        except DomainError as exc:
            notify_error(lambda work: work(client), call.actor, call.channel_id, error_text(call.tr, exc))

    return check_and_record


def _left_workspace(client: Any, user: str) -> bool | None:
    """True when Slack says the user is deactivated or unknown; None when Slack could not answer."""
    try:
        info = client.users_info(user=user)
    except Exception as exc:
        return True if slack_error_code(exc) in ("user_not_found", "users_not_found") else None
    return bool((info.get("user") or {}).get("deleted"))


def look_up_people(client: Any, user_ids: list[str]) -> dict[str, service.Person]:
    """users.info for each: the name and e-mail Slack shows now. Whoever Slack cannot answer for is
    left out (the act then shows their id alone); a deactivated person still has their name."""
    found: dict[str, service.Person] = {}
    for user_id in user_ids:
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except Exception as exc:  # no name then, only the id: never a reason to stop the act
            error = slack_error_code(exc) or type(exc).__name__
            log.warning("users.info failed for a handover name", extra={"error": error})
            continue
        profile = user.get("profile") or {}
        name = str(user.get("real_name") or profile.get("real_name") or user.get("name") or "").strip()
        if name:
            found[user_id] = service.Person(name=name, email=str(profile.get("email") or ""))
    return found


def remember_people(ctx: AppContext, client: Any, team_id: str, act_id: int) -> None:
    """Record the names of the act's people not named yet, as Slack gives them now."""
    system = Actor(team_id, SYSTEM)
    wanted = runner.run(ctx, system, lambda s: service.unnamed_people(s, team_id, act_id))
    if wanted:
        people = look_up_people(client, wanted)
        runner.run(ctx, system, lambda s: service.record_people(s, team_id, act_id, people))


def close_as(ctx: AppContext, tr: Any, actor: Actor, channel: str, act_id: int, at: Any, client: Any) -> bool:
    """A Close press's work (handlers/handover/notices.render_close): every check again, then the
    names of whoever is not named yet (the witness among them) from Slack, then the close that
    seals them at the press's time `at`, then the document drawn (its delivery, scheduled by the
    close, is sent next). A refusal is told to the witness where they pressed. True if closed."""
    settings = ctx.settings
    try:
        wanted = runner.run(ctx, actor, lambda s: closing.prepare_close(s, settings, actor, act_id, at))
        people = look_up_people(client, wanted)
        act = runner.run(ctx, actor, lambda s: closing.close_act(s, settings, actor, act_id, at, people=people))
    except closing.CannotClose as refused:  # every reason, the act named once
        text = blocks.cannot_close_text(tr, str(refused.params["act"]), refused.missing)
        notify_error(lambda work: work(client), actor, channel, text)
        return False
    except DomainError as exc:
        notify_error(lambda work: work(client), actor, channel, error_text(tr, exc))
        return False
    # The close scheduled the document in its transaction (bot/handover/close.close_act). Drawn
    # before its delivery is claimed, so the claim is held for the upload only, not the PDF.
    prepare_document(ctx, act.team_id, act.id)
    return True


# Documents drawn just before their delivery is sent (the close's after-ack work). Keyed by what
# the document is drawn from: the sealed act's content hash (the seal covers its items and names),
# its language and time zone, so a drawing is only ever used for the same content (the tests run
# several apps, each with its own database, in one process). A process that dies first takes its
# drawings with it, and the scheduler's send draws the document itself.
DocKey = tuple[str, int, str, str, str]
_drawn: dict[DocKey, tuple[str, bytes]] = {}
_drawn_lock = threading.Lock()
DRAWN_KEPT = 16


def _doc_key(view: ActView) -> DocKey:
    act = view.act
    return act.team_id, act.id, act.content_hash or "", view.language, str(view.tz)


def prepare_document(ctx: AppContext, team_id: str, act_id: int) -> None:
    view = act_view(ctx, team_id, act_id)
    drawn = handover_doc.render(view, ctx.registries.catalog)
    with _drawn_lock:
        while len(_drawn) >= DRAWN_KEPT:
            _drawn.pop(next(iter(_drawn)))
        _drawn[_doc_key(view)] = drawn


def document(ctx: AppContext, team_id: str, act_id: int) -> tuple[ActView, str, bytes]:
    """The closed act's view, Markdown and PDF: as drawn by prepare_document, or drawn now."""
    view = act_view(ctx, team_id, act_id)
    with _drawn_lock:
        drawn = _drawn.pop(_doc_key(view), None) if view.act.content_hash else None
    markdown, pdf = drawn if drawn is not None else handover_doc.render(view, ctx.registries.catalog)
    return view, markdown, pdf


def refresher(rt: Runtime) -> handover_refresh.Refresher:
    """After a commit that changed an act: send at once the redraws it scheduled (the outbox's
    fast path; the scheduler sends whatever this does not, e.g. after a kill)."""
    # Weak: the refresher is kept per engine for as long as the engine lives, and must not
    # keep the runtime (which holds that engine) alive with it.
    runtime_ref = weakref.ref(rt)

    def refresh(team_id: str, act_id: int) -> None:
        runtime = runtime_ref()
        if runtime is None:
            return

        def work(client: Any) -> None:
            subjects = runner.run(runtime.ctx, Actor(team_id, SYSTEM),
                                  lambda s: handover_refresh.refresh_subjects(s, team_id, act_id), read_only=True)
            for subject in subjects:
                runtime.send_due(client, team_id, handover_refresh.REFRESH_KIND, subject)

        try:
            runtime.sender.submit(work, what="handover.refresh", team_id=team_id)
        except RuntimeError:  # the runtime is shutting down: the scheduler sends the redraw
            return

    return refresh
