"""Access buttons and forms: approve/deny, done/can't, revoked, extend, review keep/revoke."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.access import grants
from bot.access import requests as access_requests
from bot.access import review as access_review
from bot.access.views import account_choices, limits
from bot.core import runner
from bot.core.errors import NotFound, UsageError, ValidationFailed
from handlers.access import blocks
from handlers.access import notices as access_notices
from handlers.access.flows import dm, guarded, publish_request, update_message, user_facts
from handlers.access.ids import AccessIds as I
from handlers.access.modals import (
    FIELD_OF_ERROR,
    ModalState,
    parse_reason,
    parse_request_modal,
    reason_modal,
    request_modal,
)
from handlers.calls import ActionCall, ViewCall, ViewResult
from handlers.kit import register_action, register_view

if TYPE_CHECKING:
    from handlers.runtime import Runtime


def _id(value: str) -> int:
    if not value.isdigit():
        raise NotFound("access.error.request_not_found", id=value[:20] or "—")
    return int(value)


def _message_blocks(call: ActionCall) -> list[dict[str, Any]]:
    return list((call.body.get("message") or {}).get("blocks") or [])


def _message_text(call: ActionCall, fallback: str) -> str:
    """The pressed message's own notification text: updating its buttons keeps it."""
    return str((call.body.get("message") or {}).get("text") or fallback)


def register(rt: Runtime) -> None:
    ctx = rt.ctx

    # ---- approvals ----------------------------------------------------------------------

    def approve(call: ActionCall) -> None:
        request_id, actor, channel, ts = _id(call.value), call.actor, call.channel_id, call.message_ts

        def work(client: Any) -> None:
            def decide() -> access_requests.Decision:
                holder = runner.run(ctx, actor, lambda s: access_requests.requester_of(s, actor.team_id, request_id))
                external, email = user_facts(client, holder, actor.team_id)
                return runner.run(ctx, actor, lambda s: access_requests.approve(
                    s, actor, request_id, external=external, email=email, now=ctx.clock()))

            decision = guarded(client, actor, channel, call.tr, decide)
            if decision is None:
                return
            view = decision.request
            update_message(client, channel or view.message_channel or "", ts or view.message_ts or "",
                           blocks.request_text(call.tr, view), blocks.request_blocks(call.tr, view))
            account = blocks.account_text(view.account)
            if decision.extended:
                dm(client, view.requester_id, call.tr("access.dm.extended", id=view.id, account=account,
                                                      expires=blocks.when(decision.expires_at, view.timezone)))
            else:
                dm(client, view.requester_id, call.tr("access.dm.approved", id=view.id, account=account,
                                                      role=view.role, custodian=view.account.custodian_id)
                   + blocks.shared_badge(call.tr, view.shared_password))

        call.later(work)

    def deny(call: ActionCall) -> None:
        request_id = _id(call.value)
        runner.run(ctx, call.actor, lambda s: access_requests.check_can_decide(s, call.actor, request_id))
        state = ModalState(request_id=request_id, channel=call.channel_id, ts=call.message_ts)
        view = reason_modal(call.tr, I.DENY_VIEW, "access.modal.deny_title",
                            call.tr("access.deny.intro", id=request_id), state)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    def deny_submitted(call: ViewCall) -> ViewResult:
        state, reason = ModalState.load(call.private_metadata), parse_reason(call.values)
        decision = runner.run(ctx, call.actor, lambda s: access_requests.deny(
            s, call.actor, state.request_id or 0, reason, ctx.clock()))
        view = decision.request

        def notify(client: Any) -> None:
            update_message(client, state.channel or view.message_channel or "", state.ts or view.message_ts or "",
                           blocks.request_text(call.tr, view), blocks.request_blocks(call.tr, view))
            dm(client, view.requester_id, call.tr("access.dm.denied", id=view.id, account=blocks.account_text(
                view.account), reason=reason, user=call.actor.user_id))

        call.later(notify)
        return None

    # ---- fulfilment ---------------------------------------------------------------------

    def done(call: ActionCall) -> None:
        view = runner.run(ctx, call.actor, lambda s: grants.fulfil(s, call.actor, _id(call.value),
                                                                 ctx.clock()))
        line = blocks.done_line(call.tr, "access.fulfil.done_line", call.actor.user_id, view.at or ctx.clock(),
                                view.timezone)
        text = call.tr("access.dm.active", id=view.id, role=view.role, account=blocks.account_text(view.account),
                       expires=blocks.when(view.expires_at, view.timezone))

        def notify(client: Any) -> None:
            update_message(client, call.channel_id, call.message_ts, _message_text(call, text),
                           blocks.replace_actions(_message_blocks(call), line))
            dm(client, view.holder_id, text + blocks.shared_badge(call.tr, view.shared_password))

        call.later(notify)

    def cannot(call: ActionCall) -> None:
        grant_id = _id(call.value)
        runner.run(ctx, call.actor, lambda s: grants.check_can_fulfil(s, call.actor, grant_id))
        state = ModalState(grant_id=grant_id, channel=call.channel_id, ts=call.message_ts)
        view = reason_modal(call.tr, I.CANNOT_VIEW, "access.modal.cannot_title",
                            call.tr("access.cannot.intro", id=grant_id), state)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    def cannot_submitted(call: ViewCall) -> ViewResult:
        state, reason = ModalState.load(call.private_metadata), parse_reason(call.values)
        view = runner.run(ctx, call.actor, lambda s: grants.cannot_fulfil(
            s, call.actor, state.grant_id or 0, reason, ctx.clock()))
        line = blocks.done_line(call.tr, "access.fulfil.cannot_line", call.actor.user_id, view.at or ctx.clock(),
                                view.timezone)
        text = call.tr("access.dm.unfulfillable", id=view.id, account=blocks.account_text(view.account),
                       reason=reason)

        # The form does not carry the task message: draw it again, its buttons replaced.
        task_text, task = runner.run(ctx, call.actor, lambda s: access_notices.fulfil_message_of(
            s, call.tr, call.actor.team_id, view.id, reminder=False))

        def notify(client: Any) -> None:
            update_message(client, state.channel, state.ts, task_text, blocks.replace_actions(task, line))
            dm(client, view.holder_id, text)

        call.later(notify)
        return None

    # ---- revocation and extension ---------------------------------------------------------

    def revoked(call: ActionCall) -> None:
        view = runner.run(ctx, call.actor, lambda s: grants.confirm_revoked(
            s, call.actor, _id(call.value), ctx.clock()))
        line = blocks.done_line(call.tr, "access.revoke.done_line", call.actor.user_id, view.at or ctx.clock(),
                                view.timezone)
        text = call.tr("access.dm.revoked", id=view.id, role=view.role, account=blocks.account_text(
            view.account)) + blocks.shared_badge(call.tr, view.shared_password)

        def notify(client: Any) -> None:
            update_message(client, call.channel_id, call.message_ts, _message_text(call, text),
                           blocks.replace_actions(_message_blocks(call), line))
            dm(client, view.holder_id, text)

        call.later(notify)

    def extend(call: ActionCall) -> None:
        grant_id = _id(call.value)

        def prefill(s: Any) -> tuple[access_requests.ExtensionPrefill, list[str], int]:
            pre = access_requests.extension_prefill(s, call.actor, grant_id)
            return pre, account_choices(s, call.actor.team_id), limits(s, call.actor.team_id).default_days

        pre, choices, default_days = runner.run(ctx, call.actor, prefill)
        view = request_modal(call.tr, choices, default_days=default_days, account=pre.account, role=pre.role,
                             shared=pre.shared_password, extends_grant_id=pre.grant_id,
                             reason=call.tr("access.modal.extension_reason", id=pre.grant_id))
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    def request_submitted(call: ViewCall) -> ViewResult:
        draft = parse_request_modal(call.values)
        state = ModalState.load(call.private_metadata)
        try:
            view = runner.run(ctx, call.actor, lambda s: access_requests.create_request(
                s, call.actor, draft, ctx.clock(), extends_grant_id=state.extends_grant_id))
        except UsageError as exc:
            field = FIELD_OF_ERROR.get(exc.key)
            if field is None:
                raise
            raise ValidationFailed({field: (exc.key, dict(exc.params))}) from None
        sent = call.tr("access.request.sent", id=view.id, channel=view.approvals_channel or "")

        def publish(client: Any) -> None:
            publish_request(rt, client, call.actor, view.id, call.tr)
            dm(client, call.actor.user_id, sent)

        call.later(publish)
        return None

    # ---- access review --------------------------------------------------------------------

    def review(keep: bool) -> Any:
        def decide(call: ActionCall) -> None:
            review_id = _id(call.value)
            item = runner.run(ctx, call.actor, lambda s: access_review.decide(
                s, call.actor, review_id, keep=keep, now=ctx.clock()))
            key = "access.review.kept_line" if keep else "access.review.revoked_line"
            line = blocks.done_line(call.tr, key, call.actor.user_id, item.grant.at or ctx.clock(),
                                    item.grant.timezone)
            updated = blocks.replace_actions(_message_blocks(call), line, f"{I.B_REVIEW_PREFIX}{review_id}")
            text = _message_text(call, blocks.grant_line(call.tr, item.grant, ctx.clock()))
            call.later(lambda client: update_message(client, call.channel_id, call.message_ts, text, updated))

        decide.__name__ = "review_keep" if keep else "review_revoke"
        return decide

    register_action(rt, I.APPROVE, approve)
    register_action(rt, I.DENY, deny)
    register_action(rt, I.DONE, done)
    register_action(rt, I.CANNOT, cannot)
    register_action(rt, I.REVOKED, revoked)
    register_action(rt, I.EXTEND, extend)
    register_action(rt, I.REVIEW_KEEP, review(True))
    register_action(rt, I.REVIEW_REVOKE, review(False))
    register_view(rt, I.DENY_VIEW, deny_submitted)
    register_view(rt, I.CANNOT_VIEW, cannot_submitted)
    register_view(rt, I.REQUEST_VIEW, request_submitted)
