"""Access buttons: approve/deny, done/can't, revoked, extend, review keep/revoke."""

from __future__ import annotations

from typing import Any

from bot.access import grants
from bot.access import outbox as access_outbox
from bot.access import requests as access_requests
from bot.access.review import ReviewItem
from bot.access.views import account_choices, limits
from bot.core.errors import NotFound
from bot.core.parsing import parse_id
from handlers.access import blocks, flows
from handlers.access.ids import AccessIds as I
from handlers.access.modals import ModalState, reason_modal, request_modal
from handlers.blockkit import Block
from handlers.calls import ActionCall


def _id(call: ActionCall, not_found_key: str) -> int:
    """The row a button names. A value no row can have (`⁷⁷⁷`, `①`, 25 digits) is answered like an
    unknown id, before any work is queued: "no such …", never a 500 and never a write. The value
    itself is not echoed: nobody typed it, and it could be anything."""
    found = parse_id(call.value)
    if found is None:
        raise NotFound(not_found_key, id="—")
    return found


def _request_id(call: ActionCall) -> int:
    return _id(call, "access.error.request_not_found")


def _grant_id(call: ActionCall) -> int:
    return _id(call, "access.error.grant_not_found")


def _message_blocks(call: ActionCall) -> list[dict[str, Any]]:
    return list((call.body.get("message") or {}).get("blocks") or [])


def _message_text(call: ActionCall, fallback: str) -> str:
    """The pressed message's own notification text: updating its buttons keeps it."""
    return str((call.body.get("message") or {}).get("text") or fallback)


# ---- approvals ----------------------------------------------------------------------------

def approve(call: ActionCall) -> None:
    request_id = _request_id(call)
    # The press is written before the ack (an unknown request is answered at once); users.info and
    # the decision are its delivery's work, sent at once after the ack, then the notices it made
    # (bot/access/outbox.approval_pressed): killed after the ack, the scheduler still decides.
    notices = call.run(lambda s: access_outbox.approval_pressed(s, call.actor, request_id, call.channel_id,
                                                                call.now()))
    call.send_notices_in_order(notices)


def deny(call: ActionCall) -> None:
    request_id = _request_id(call)
    call.run(lambda s: access_requests.check_can_decide(s, call.actor, request_id))
    state = ModalState(request_id=request_id)
    view = reason_modal(call.tr, I.DENY_VIEW, "access.modal.deny_title",
                        call.tr("access.deny.intro", id=request_id), state)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


# ---- fulfilment ---------------------------------------------------------------------------

def done(call: ActionCall) -> None:
    grant_id = _grant_id(call)
    view, recorded, notices = call.run(lambda s: access_outbox.fulfilled(s, call.actor, grant_id, call.now()))
    line = blocks.done_line(call.tr, "access.fulfil.done_line", call.actor.user_id, view.at or call.now(),
                            view.timezone)
    text = call.tr("access.dm.active", id=view.id, role=view.role, account=blocks.account_text(view.account),
                   expires=blocks.when(view.expires_at, view.timezone))
    _close_pressed(call, recorded, line, text)
    call.send_notices_in_order(notices)


def _close_pressed(call: ActionCall, recorded: bool, line: Block, fallback: str) -> None:
    """The task's recorded messages are closed by its notice (notices.render_tasks_closed). None
    recorded (a task posted before they were): the pressed message itself, its buttons replaced by
    who answered — the actor's own DM, so an update only they see, left to the after-ack work."""
    if recorded or not call.message_ts:
        return
    channel, ts = call.channel_id, call.message_ts
    text, updated = _message_text(call, fallback), blocks.replace_actions(_message_blocks(call), line)
    call.later(lambda client: flows.update_message(client, channel, ts, text, updated))


def cannot(call: ActionCall) -> None:
    grant_id = _grant_id(call)
    call.run(lambda s: grants.check_can_fulfil(s, call.actor, grant_id))
    state = ModalState(grant_id=grant_id)
    view = reason_modal(call.tr, I.CANNOT_VIEW, "access.modal.cannot_title",
                        call.tr("access.cannot.intro", id=grant_id), state)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


# ---- revocation and extension -------------------------------------------------------------

def revoked(call: ActionCall) -> None:
    grant_id = _grant_id(call)
    view, recorded, notices = call.run(lambda s: access_outbox.revoked(s, call.actor, grant_id, call.now()))
    line = blocks.done_line(call.tr, "access.revoke.done_line", call.actor.user_id, view.at or call.now(),
                            view.timezone)
    text = call.tr("access.dm.revoked", id=view.id, role=view.role, account=blocks.account_text(
        view.account)) + blocks.shared_badge(call.tr, view.shared_password)
    _close_pressed(call, recorded, line, text)
    call.send_notices_in_order(notices)


def extend(call: ActionCall) -> None:
    grant_id = _grant_id(call)

    def prefill(s: Any) -> tuple[access_requests.ExtensionPrefill, list[str], int]:
        pre = access_requests.extension_prefill(s, call.actor, grant_id)
        return pre, account_choices(s, call.actor.team_id), limits(s, call.actor.team_id).default_days

    pre, choices, default_days = call.run(prefill)
    view = request_modal(call.tr, choices, default_days=default_days, account=pre.account, role=pre.role,
                         shared=pre.shared_password, extends_grant_id=pre.grant_id,
                         reason=call.tr("access.modal.extension_reason", id=pre.grant_id))
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


# ---- access review ------------------------------------------------------------------------

def _review(call: ActionCall, *, keep: bool) -> None:
    review_id = _id(call, "access.error.review_not_found")

    def draw(item: ReviewItem) -> tuple[str, str, str, list[dict[str, Any]]]:
        # The pressed review message as Slack sent it (signed; the review messages are not recorded):
        # its renderer replaces the buttons of every review in it answered by then (notices.py).
        text = _message_text(call, blocks.grant_line(call.tr, item.grant, call.now()))
        return call.channel_id, call.message_ts, text, _message_blocks(call)

    call.send_notices_in_order(call.run(lambda s: access_outbox.answer_review(
        s, call.actor, review_id, keep=keep, now=call.now(), draw=draw)))


def review_keep(call: ActionCall) -> None:
    _review(call, keep=True)


def review_revoke(call: ActionCall) -> None:
    _review(call, keep=False)
