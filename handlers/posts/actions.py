"""Posts buttons: Approve, Request changes, Reject (approvals message), Edit (the author's DM).

What a decision tells others is scheduled with it (bot/posts/notify.py) and sent after the ack by
`call.send_notices`; `call.later` keeps only modals and answers the actor alone sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot.core.errors import Conflict, NotFound
from bot.posts import approvals, drafts, publishing
from bot.posts.approvals import Decision
from bot.posts.notify import KIND_NOTICE
from bot.posts.parse import parse_button
from handlers import slack
from handlers.calls import ActionCall
from handlers.posts import flows
from handlers.posts.ids import PostsIds as I
from handlers.posts.modals import ModalState, comment_modal, post_modal, url_modal

T = TypeVar("T")


def _target(call: ActionCall) -> tuple[int, int]:
    """(post, revision) a button names. A value we never wrote is "no such post", before any work
    and without echoing it (nobody typed it)."""
    found = parse_button(call.value)
    if found is None:
        raise NotFound("post.error.not_found", id="—")
    return found


def _redrawn_when_stale(call: ActionCall, post_id: int, work: Callable[[Any], T]) -> T:
    """A button on the message of a post that expired answers why, and the message is drawn again
    from the post's row, so nobody presses it again: the expiry updates the message itself, but
    that update may still be waiting for a retry. (Every other way out of pending redraws it too.)
    A repair after a refusal, not a decision: it stays after-ack work (a kill loses only this
    redraw; the expiry's own delivery draws the message too)."""
    try:
        return call.run(work)
    except Conflict as exc:
        if exc.key == "post.error.state" and exc.params.get("status") == "expired":
            view = call.run(lambda s: drafts.show_post(s, call.actor, post_id, call.now()), read_only=True)
            call.later(lambda client: flows.redraw(client, call.tr, view))
        raise


def approve(call: ActionCall) -> None:
    post_id, revision = _target(call)

    def decide(s: Any) -> tuple[Decision, str]:
        # The notices (the message redrawn, the author told) in the decision's own transaction.
        decision = approvals.decide(s, call.actor, post_id, revision, "approve", None, call.now())
        return decision, flows.notice(call, s, decision.post, "approve", changed=decision.changed,
                                      count=decision.count)

    decision, subject = _redrawn_when_stale(call, post_id, decide)
    call.send_notices(KIND_NOTICE, subject)
    if not decision.changed:
        # One of two approvals: the approver hears it counted, where they pressed (theirs alone).
        view = decision.post
        call.later(lambda client: slack.tell(client, call.actor.user_id, call.channel_id, call.tr(
            "post.approval_counted", id=view.id, count=decision.count, required=view.approvals_required)))


def _comment_form(call: ActionCall, decision: str, callback_id: str, title_key: str, intro_key: str) -> None:
    post_id, revision = _target(call)
    _redrawn_when_stale(call, post_id, lambda s: approvals.check_can_decide(s, call.actor, post_id, revision, decision))
    view = comment_modal(call.tr, callback_id, title_key, call.tr(intro_key, id=post_id),
                         ModalState(post_id=post_id, revision=revision))
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


def changes(call: ActionCall) -> None:
    _comment_form(call, "changes", I.CHANGES_VIEW, "post.modal.changes_title", "post.modal.changes_intro")


def reject(call: ActionCall) -> None:
    _comment_form(call, "reject", I.REJECT_VIEW, "post.modal.reject_title", "post.modal.reject_intro")


def edit(call: ActionCall) -> None:
    post_id, _ = _target(call)
    view, form = call.run(lambda s: drafts.edit_prefill(s, call.actor, post_id, call.now()), read_only=True)
    modal = post_modal(call.tr, form, author=call.actor.user_id, now=call.now(), view=view)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=modal))


def mark_published(call: ActionCall) -> None:
    """Mark published (the publisher's reminder): asks for the live URL."""
    post_id, _ = _target(call)
    call.run(lambda s: publishing.check_can_publish(s, call.actor, post_id, call.now()), read_only=True)
    view = url_modal(call.tr, post_id)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
