"""The crisis hold's Slack side (issue 12 §9): the held posts listed in the approvals channel, each
with Release and Reschedule (a small form with a datetimepicker)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.core.errors import NotFound, UsageError, ValidationFailed
from bot.core.i18n import Translator
from bot.core.schedule import Outgoing, RenderContext
from bot.posts import holds
from bot.posts.notify import KIND_NOTICE
from bot.posts.parse import parse_button
from bot.posts.views import STATUS_EMOJI, PostView
from handlers import slack
from handlers.blockkit import Block, actions, button, context, input_block, input_value, modal, section, user_text
from handlers.calls import ActionCall, ViewCall, ViewResult
from handlers.posts import blocks, flows
from handlers.posts.ids import PostsIds as I
from handlers.posts.modals import ModalState
from storage.models import Crisis

LISTED = 20  # two blocks a post, under Slack's 50 blocks a message


def held_list(tr: Translator, brand: str, reason: str, views: list[PostView]) -> tuple[str, list[Block]]:
    """The approvals channel's list of what a hold stopped; the buttons carry `<id>:<revision>`."""
    text = tr("post.hold.list", emoji=STATUS_EMOJI["held"], count=len(views), brand=user_text(brand),
              reason=user_text(reason))
    out: list[Block] = [section(text)]
    for view in views[:LISTED]:
        accounts = ", ".join(f"{v.network}:{user_text(v.handle)}" for v in view.variants)
        out.append(section(tr("post.hold.item", id=view.id, when=f"{blocks.when(view)} ({view.timezone})",
                              accounts=accounts)))
        value = f"{view.id}:{view.revision}"
        out.append(actions(button(tr("post.hold.release"), I.HOLD_RELEASE, value, style="primary"),
                           button(tr("post.hold.reschedule"), I.HOLD_RESCHEDULE, value)))
    if len(views) > LISTED:
        out.append(context(tr("post.hold.more", more=len(views) - LISTED)))
    return text, out


def _target(call: ActionCall) -> int:
    found = parse_button(call.value)
    if found is None:  # a value we never wrote: "no such post", without echoing it
        raise NotFound("post.error.not_found", id="—")
    return found[0]


def release(call: ActionCall) -> None:
    """A second press, or one after a reschedule, finds the post no longer held and says so."""
    post_id = _target(call)

    def released(s: Any) -> tuple[PostView, str]:
        view = holds.release(s, call.actor, post_id, call.now())
        return view, flows.notice(call, s, view, "released", status=view.status)  # the message, its thread

    view, subject = call.run(released)
    call.send_notices(KIND_NOTICE, subject)
    text = call.tr("post.hold.released", id=view.id, status=blocks.status_text(call.tr, view.status),
                   when=f"{blocks.when(view)} ({view.timezone})")
    # The approver's own answer, where they pressed: theirs alone, so after-ack work as before.
    call.later(lambda client: slack.tell(client, call.actor.user_id, call.channel_id, text))


def reschedule(call: ActionCall) -> None:
    post_id = _target(call)
    # Refused (role) or stale (no longer held) before the form opens, not after it is filled in.
    view = call.run(lambda s: holds.check_can_reschedule(s, call.actor, post_id, call.now()), read_only=True)
    picker: Block = {"type": "datetimepicker", "action_id": I.A_VALUE,
                     "initial_date_time": int(view.scheduled_at.timestamp())}
    form = modal(call.tr("post.hold.reschedule_title"), I.HOLD_RESCHEDULE_VIEW,
                 [section(call.tr("post.hold.reschedule_intro", id=view.id)),
                  input_block(I.B_HOLD_WHEN, call.tr("post.modal.when"), picker)],
                 submit=call.tr("post.modal.send"), private_metadata=ModalState(post_id=view.id).dump())
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=form))


def _when(values: dict[str, dict[str, Any]]) -> datetime:
    raw = input_value(values, I.B_HOLD_WHEN)
    try:
        # datetimepicker: a UNIX timestamp, the same instant in every zone
        return datetime.fromtimestamp(int(raw), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise ValidationFailed({I.B_HOLD_WHEN: ("post.error.bad_time", {"text": str(raw)[:40]})}) from None


def reschedule_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)
    if state is None or state.post_id is None:
        raise NotFound("post.error.not_found", id="—")
    post_id, when = state.post_id, _when(call.values)

    def rescheduled(s: Any) -> str:
        view = holds.reschedule(s, call.actor, post_id, when, call.now())
        # A new revision, pending: the approvals message with fresh buttons, its thread, the
        # approver and the author told.
        return flows.notice(call, s, view, "rescheduled")

    try:
        subject = call.run(rescheduled)
    except UsageError as exc:  # too soon: said next to the picker, nothing written
        raise ValidationFailed({I.B_HOLD_WHEN: (exc.key, dict(exc.params))}) from None
    call.send_notices(KIND_NOTICE, subject)
    return None


def render_hold_list(rc: RenderContext) -> list[Outgoing] | None:
    """`posts.hold_list`: the posts a crisis held that are still held, each with Release / Reschedule;
    to the approvals channel when the crisis holds them, to the crisis channel too when it is resolved.
    None (nothing sent) when every one was released or rescheduled meanwhile."""
    payload = rc.delivery.payload or {}
    team = rc.delivery.team_id
    ids = [int(p) for p in payload.get("posts") or [] if isinstance(p, int)]
    views = holds.still_held(rc.session, team, ids, rc.now)
    if not views:
        return None
    crisis = rc.session.get(Crisis, int(payload.get("crisis_id") or 0))
    number = crisis.number if crisis is not None and crisis.team_id == team else "—"
    reason = rc.tr("post.crisis.reason", number=number, summary=crisis.summary if crisis is not None else "")
    text, body = held_list(rc.tr, str(payload.get("brand") or ""), reason, views)
    targets = [views[0].approvals_channel]
    if payload.get("where") == "resolved":
        intro = rc.tr("post.crisis.resolved", number=number)
        text, body = intro, [section(intro), *body][:50]
        targets.insert(0, str(payload.get("channel_id") or ""))
    return [Outgoing(to=channel, text=text, blocks=body) for channel in dict.fromkeys(targets) if channel] or None
