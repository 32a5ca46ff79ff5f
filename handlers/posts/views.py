"""Posts forms: the new post, its edit, the reviewer's comment (changes or rejection)."""

from __future__ import annotations

from typing import Any

from bot.core.errors import NotFound
from bot.posts import approvals, drafts, publishing
from bot.posts.drafts import InvalidPost
from bot.posts.views import STATUS_EMOJI
from handlers.blockkit import user_text
from handlers.calls import ViewCall, ViewResult
from handlers.posts import blocks, flows
from handlers.posts.ids import PostsIds as I
from handlers.posts.modals import ModalState, field_errors, parse_comment, parse_post_modal, parse_url


def _networks(call: ViewCall) -> list[str]:
    """The networks the form offered a copy for (its own blocks say so)."""
    return [str(b.get("block_id", ""))[len(I.B_OVERRIDE_PREFIX):] for b in call.view.get("blocks") or []
            if str(b.get("block_id", "")).startswith(I.B_OVERRIDE_PREFIX)]


def new_submitted(call: ViewCall) -> ViewResult:
    draft = parse_post_modal(call.values, _networks(call))
    try:
        view = call.run(lambda s: drafts.create_post(s, call.actor, draft, call.now()))
    except InvalidPost as exc:
        raise field_errors(exc, draft, call.values) from None
    sent = call.tr("post.sent", id=view.id, channel=view.approvals_channel or "")

    def publish(client: Any) -> None:
        flows.publish(call, client, view)
        flows.dm(client, call.actor.user_id, sent)

    call.later(publish)
    return None


def edit_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)
    if state is None or state.post_id is None or state.revision is None:
        raise NotFound("post.error.not_found", id="—")
    post_id, revision = state.post_id, state.revision
    draft = parse_post_modal(call.values, _networks(call))
    try:
        view = call.run(lambda s: drafts.edit_post(s, call.actor, post_id, revision, draft, call.now()))
    except InvalidPost as exc:
        raise field_errors(exc, draft, call.values) from None
    text = call.tr("post.edited", id=view.id, revision=view.revision)

    def notify(client: Any) -> None:
        flows.resubmitted(call, client, view)
        flows.dm(client, call.actor.user_id, text)

    call.later(notify)
    return None


def _decided(call: ViewCall, decision: str) -> ViewResult:
    state = ModalState.load(call.private_metadata)
    if state is None or state.post_id is None or state.revision is None:
        raise NotFound("post.error.not_found", id="—")
    post_id, revision = state.post_id, state.revision
    comment = parse_comment(call.values)
    done = call.run(lambda s: approvals.decide(s, call.actor, post_id, revision, decision, comment, call.now()))
    view = done.post
    emoji = STATUS_EMOJI[view.status]
    note = call.tr("post.thread.comment", emoji=emoji, user=call.actor.user_id,
                   status=blocks.status_text(call.tr, view.status), comment=user_text(comment))
    if decision == "changes":
        dm_text = call.tr("post.dm.changes", emoji=emoji, user=call.actor.user_id, id=view.id,
                          comment=user_text(comment))
        dm_blocks = blocks.edit_blocks(call.tr, dm_text, view)
    else:
        dm_text = call.tr("post.dm.rejected", emoji=emoji, user=call.actor.user_id, id=view.id,
                          comment=user_text(comment))
        dm_blocks = None

    def notify(client: Any) -> None:
        flows.redraw(client, call.tr, view)
        flows.in_thread(client, view, note)
        flows.dm(client, view.author_id, dm_text, dm_blocks)

    call.later(notify)
    return None


def changes_submitted(call: ViewCall) -> ViewResult:
    return _decided(call, "changes")


def reject_submitted(call: ViewCall) -> ViewResult:
    return _decided(call, "reject")


def published_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)
    if state is None or state.post_id is None:
        raise NotFound("post.error.not_found", id="—")
    post_id = state.post_id
    url = parse_url(call.values)
    view = call.run(lambda s: publishing.mark_published(s, call.actor, post_id, url, call.now()))
    text = call.tr("post.published", emoji=STATUS_EMOJI["published"], id=view.id, url=user_text(url))

    def notify(client: Any) -> None:
        flows.redraw(client, call.tr, view)
        flows.dm(client, call.actor.user_id, text)

    call.later(notify)
    return None
