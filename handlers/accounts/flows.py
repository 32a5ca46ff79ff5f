"""`/accounts` modal submissions, the rotation-task button, and the work done after the ack
(login e-mail checks through the Web API, confirmation DMs, compromise alerts)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.accounts import email_checks
from bot.accounts import inventory as accounts
from bot.accounts import secrets as vault_ops
from bot.accounts.inventory import Compromised, Saved
from bot.accounts.task_messages import Settlement, TaskMessage
from bot.core import runner
from bot.core.errors import NotFound, ValidationFailed
from bot.core.i18n import Translator
from handlers import slack
from handlers.accounts import blocks
from handlers.accounts import modals as forms
from handlers.calls import ActionCall, ViewCall, ViewResult
from storage.vault import Vault

if TYPE_CHECKING:
    from handlers.runtime import Runtime

log = logging.getLogger("socialops.accounts")
Later = Callable[[Callable[[Any], Any]], object]


class _NoDebugBodies(logging.Filter):
    """Bolt (at DEBUG) logs every response body and the SDK every request body: a reveal modal
    or a generated password would land in the logs. Drop those DEBUG records at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def guard_secret_logs() -> None:
    for name in ("socialops.bolt", "slack_bolt", "slack_sdk.web.base_client", "slack_sdk.web.client"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoDebugBodies) for f in logger.filters):
            logger.addFilter(_NoDebugBodies())


def vault_of(rt: Runtime) -> Vault | None:
    vault = rt.ctx.extras.get("vault")
    return vault if isinstance(vault, Vault) else None


def _dm(client: Any, user: str, text: str) -> None:
    slack.dm(client, user, text)


def _member_domains(client: Any) -> set[str]:
    """The domains of the members' own addresses (guests and bots left out): the company's."""
    domains: set[str] = set()
    cursor = None
    for _ in range(50):  # 50 pages of 200: 10,000 members is plenty for this purpose
        page = client.users_list(limit=200, cursor=cursor) if cursor else client.users_list(limit=200)
        for member in page.get("members", []):
            if member.get("is_bot") or member.get("deleted") or member.get("is_restricted") \
                    or member.get("is_ultra_restricted") or member.get("id") == "USLACKBOT":
                continue
            email = (member.get("profile") or {}).get("email")
            if email:
                domains.add(email_checks.domain_of(email))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return domains


def _owner_of(client: Any, email: str) -> str | None:
    try:
        user = client.users_lookupByEmail(email=email)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") != "users_not_found":
            log.warning("users.lookupByEmail failed", extra={"error": exc.response.get("error")})
        return None
    return None if user.get("is_bot") else str(user["id"])


def after_save(rt: Runtime, later: Later, team_id: str, actor: str, saved: Saved, tr: Translator,
               key: str) -> None:
    """After the ack: look the login e-mail up, keep the findings, DM the confirmation + warnings."""
    db, clock = rt.ctx.db, rt.ctx.clock

    def work(client: Any) -> None:
        owner = _owner_of(client, saved.login_email)
        try:
            domains = _member_domains(client)
        except SlackApiError as exc:
            log.warning("users.list failed", extra={"error": exc.response.get("error")})
            domains = set()
        found = email_checks.findings(saved.login_email, owner, domains)
        with db.uow() as session:
            account = accounts.record_email_findings(session, team_id, saved.account_id, found, clock())
            text = blocks.saved_text(tr, key, account) if account is not None else ""
        if text:
            _dm(client, actor, text)

    later(work)


def add_submitted(rt: Runtime, call: ViewCall) -> ViewResult:
    ctx = rt.ctx
    data, secret = forms.parse_account_view(call.values)
    try:
        saved = runner.run(ctx, call.actor, lambda s: accounts.add_account(
            s, vault_of(rt), call.actor, data, secret, ctx.clock()))
    except ValidationFailed as invalid:
        raise forms.to_blocks(invalid, call.tr) from None
    after_save(rt, call.later, call.actor.team_id, call.actor.user_id, saved, call.tr, "accounts.added")
    if saved.generated:
        return blocks.generated_modal(call.tr, saved.network, saved.handle, saved.generated)
    return None


def edit_submitted(rt: Runtime, call: ViewCall) -> ViewResult:
    ctx = rt.ctx
    account_id = forms.read_ref(call.private_metadata)
    if account_id is None:
        raise NotFound("accounts.error.not_found", ref="?")
    data, secret = forms.parse_account_view(call.values)
    try:
        saved = runner.run(ctx, call.actor, lambda s: accounts.edit_account(
            s, vault_of(rt), call.actor, account_id, data, secret.recovery_codes, ctx.clock()))
    except ValidationFailed as invalid:
        raise forms.to_blocks(invalid, call.tr) from None
    after_save(rt, call.later, call.actor.team_id, call.actor.user_id, saved, call.tr, "accounts.edited")
    return None


def rotate_submitted(rt: Runtime, call: ViewCall) -> ViewResult:
    ctx = rt.ctx
    account_id = forms.read_ref(call.private_metadata)
    if account_id is None:
        raise NotFound("accounts.error.not_found", ref="?")
    secret = forms.parse_rotate_view(call.values)
    try:
        done = runner.run(ctx, call.actor, lambda s: vault_ops.rotate(
            s, vault_of(rt), call.actor, account_id, secret, ctx.clock()))
    except ValidationFailed as invalid:
        raise forms.to_blocks(invalid, call.tr) from None
    text = call.tr("accounts.rotated", network=done.network, handle=done.handle)
    if done.tasks_cancelled:
        text += "\n" + call.tr("accounts.rotated_cancelled")
    user, tr = call.actor.user_id, call.tr
    call.later(lambda client: _dm(client, user, text))
    if done.settled.messages:
        call.later(lambda client: settle_task_messages(client, tr, done.settled))
    if done.generated:
        # Shown once, in the modal's own response: never in a message or another API call.
        return blocks.generated_modal(call.tr, done.network, done.handle, done.generated)
    return None


def rotate_button(rt: Runtime, call: ActionCall) -> None:
    ctx = rt.ctx
    try:
        account_id = int(call.value)
    except ValueError:
        return
    channel, ts = call.channel_id, call.message_ts
    target = runner.run(ctx, call.actor, lambda s: vault_ops.check_rotate_task(
        s, vault_of(rt), call.actor, account_id, channel, ts))
    if isinstance(target, Settlement):
        stale_task(call, target)
        return
    view = forms.rotate_modal(call.tr, target)
    trigger = call.trigger_id
    call.later(lambda client: client.views_open(trigger_id=trigger, view=view))


def settle_task_messages(client: Any, tr: Translator, settled: Settlement) -> None:
    """The task DMs keep their text; the button gives way to who rotated it and when."""
    for m in settled.messages:
        try:
            client.chat_update(channel=m.channel, ts=m.ts, text=m.text,
                               blocks=blocks.settled_task_blocks(tr, m.text, settled))
        except SlackApiError as exc:  # one deleted DM must not keep the others' buttons
            log.warning("rotation task not updated", extra={"channel": m.channel,
                                                            "error": exc.response.get("error")})


def stale_task(call: ActionCall, settled: Settlement) -> None:
    """A task button pressed when no rotation is owed: say so (only to the presser), and settle
    that message too (one posted while the rotation was being recorded was never updated)."""
    channel, ts, user, tr = call.channel_id, call.message_ts, call.actor.user_id, call.tr
    clicked = str((call.body.get("message") or {}).get("text") or "")
    text = settled.messages[0].text if settled.messages else clicked
    answer = blocks.stale_task_text(tr, settled)

    def work(client: Any) -> None:
        if channel and ts and text:
            settle_task_messages(client, tr, replace(settled, messages=(TaskMessage(channel, ts, text),)))
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=answer)
        else:
            _dm(client, user, answer)

    call.later(work)


def alert_compromised(rt: Runtime, later: Later, team_id: str, report: Compromised) -> None:
    """The custodian and every admin hear at once (a DM each, in the workspace language)."""
    from handlers.kit import translator

    tr = translator(rt, team_id)
    text = blocks.compromised_alert(tr, report)

    def send(client: Any) -> None:
        for user in report.alert:
            try:
                _dm(client, user, text)
            except SlackApiError as exc:  # one unreachable admin must not silence the others
                log.warning("compromise alert not delivered", extra={"user": user,
                                                                     "error": exc.response.get("error")})

    later(send)
