"""Posts forms: the new post, its edit, the reviewer's comment (changes or rejection).

Each submission that decides schedules what it tells others in its transaction (flows.notice),
sent after the ack by `call.send_notices` (handlers/posts/notices.py renders it)."""

from __future__ import annotations

from typing import Any

from bot.core.errors import NotFound
from bot.posts import approvals, drafts, publishing
from bot.posts.drafts import InvalidPost
from bot.posts.notify import KIND_NOTICE
from handlers.calls import ViewCall, ViewResult
from handlers.posts import flows
from handlers.posts.ids import PostsIds as I
from handlers.posts.modals import ModalState, field_errors, parse_comment, parse_post_modal, parse_url


def _networks(call: ViewCall) -> list[str]:
    """The networks the form offered a copy for (its own blocks say so)."""
    return [str(b.get("block_id", ""))[len(I.B_OVERRIDE_PREFIX):] for b in call.view.get("blocks") or []
            if str(b.get("block_id", "")).startswith(I.B_OVERRIDE_PREFIX)]


def new_submitted(call: ViewCall) -> ViewResult:
    draft = parse_post_modal(call.values, _networks(call))

    def create(s: Any) -> str:
        view = drafts.create_post(s, call.actor, draft, call.now())
        # Put up for approval (remembered where), then the author told where it went.
        return flows.notice(call, s, view, "submitted", dm=True)

    try:
        subject = call.run(create)
    except InvalidPost as exc:
        raise field_errors(exc, draft, call.values) from None
    call.send_notices(KIND_NOTICE, subject)
    return None


def edit_submitted(call: ViewCall) -> ViewResult:
    state = ModalState.load(call.private_metadata)
    if state is None or state.post_id is None or state.revision is None:
        raise NotFound("post.error.not_found", id="—")
    post_id, revision = state.post_id, state.revision
    draft = parse_post_modal(call.values, _networks(call))

    def edit(s: Any) -> str:
        view = drafts.edit_post(s, call.actor, post_id, revision, draft, call.now())
        # The message shows the new revision with fresh buttons, the thread what changed (the diff
        # is the edit's own: kept in the payload), the author told it is back in approval.
        return flows.notice(call, s, view, "edited", diff=[list(d) for d in view.diff])

    try:
        subject = call.run(edit)
    except InvalidPost as exc:
        raise field_errors(exc, draft, call.values) from None
    call.send_notices(KIND_NOTICE, subject)
    return None


def _decided(call: ViewCall, decision: str) -> ViewResult:
    state = ModalState.load(call.private_metadata)
    if state is None or state.post_id is None or state.revision is None:
        raise NotFound("post.error.not_found", id="—")
    post_id, revision = state.post_id, state.revision
    comment = parse_comment(call.values)

    def decide(s: Any) -> str:
        view = approvals.decide(s, call.actor, post_id, revision, decision, comment, call.now()).post
        # The message redrawn, the comment in its thread, the author told (with Edit for changes).
        return flows.notice(call, s, view, decision, comment=comment, status=view.status)

    call.send_notices(KIND_NOTICE, call.run(decide))
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

    def publish(s: Any) -> str:
        view = publishing.mark_published(s, call.actor, post_id, url, call.now())
        return flows.notice(call, s, view, "published", url=url, dm=True)  # the message; the publisher's DM

    call.send_notices(KIND_NOTICE, call.run(publish))
    return None
