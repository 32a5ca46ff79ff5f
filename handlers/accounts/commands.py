"""`/accounts`: the inventory and the vault (SPEC §2). Parse → service → render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from bot.accounts import inventory as accounts
from bot.accounts import secrets as vault_ops
from bot.accounts.inventory import KIND_COMPROMISED
from bot.core.errors import DomainError, UsageError
from bot.core.parsing import words
from handlers.accounts import blocks, flows
from handlers.accounts import modals as forms
from handlers.accounts.vault import vault_of
from handlers.blockkit import user_text
from handlers.calls import CommandCall, Reply

R = TypeVar("R")
# Parameters of the rules' errors that carry what a person typed (`ref`) or wrote into a record
# (`handle`, and the `network:handle` choices); the reply they end up in is mrkdwn.
_ECHOED = frozenset({"ref", "handle", "choices"})


def _echo_safe(command: Callable[[CommandCall], R]) -> Callable[[CommandCall], R]:
    """The error reply is rendered from the exception's parameters (handlers/kit.py): the ones
    holding user-written text go through `user_text` on their way there, once."""

    @functools.wraps(command)
    def run(call: CommandCall) -> R:
        try:
            return command(call)
        except DomainError as exc:
            exc.params = {k: user_text(v) if k in _ECHOED and isinstance(v, str) else v
                          for k, v in exc.params.items()}
            raise

    return run


def _ref(call: CommandCall, usage_key: str) -> str:
    parts = words(call.args)
    if len(parts) != 1:
        raise UsageError("accounts.error.no_handle", usage_key=usage_key)
    return parts[0]


# The word that names the login mailbox's password in `reveal`/`rotate <handle> mailbox`.
_MAILBOX_WORDS = frozenset({"mailbox", "buzón", "buzon"})


def _ref_and_secret(call: CommandCall, usage_key: str) -> tuple[str, vault_ops.Secret]:
    """`<handle>` (the network's password) or `<handle> mailbox` (the login mailbox's)."""
    parts = words(call.args)
    if len(parts) == 2 and parts[1].casefold() in _MAILBOX_WORDS:
        return parts[0], vault_ops.MAILBOX
    if len(parts) != 1:
        raise UsageError("accounts.error.no_handle", usage_key=usage_key)
    return parts[0], vault_ops.PASSWORD


@_echo_safe
def list_(call: CommandCall) -> Reply:
    text, body = call.run(lambda s: blocks.inventory(
        call.tr, accounts.inventory_page(s, call.actor.team_id, 1), call.now()), read_only=True)
    return Reply(text, body)


@_echo_safe
def add(call: CommandCall) -> None:
    call.run(lambda s: accounts.check_add(s, call.actor))
    view = forms.account_modal(call.tr, call.actor.user_id)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


@_echo_safe
def show(call: CommandCall) -> Reply:
    ref = _ref(call, "usage.accounts.show")
    text, body = call.run(lambda s: blocks.detail(
        call.tr, accounts.show_account(s, call.actor, ref), call.now()))
    return Reply(text, body)


@_echo_safe
def edit(call: CommandCall) -> None:
    ref = _ref(call, "usage.accounts.edit")
    account = call.run(lambda s: accounts.check_edit(s, call.actor, ref))
    view = forms.account_modal(call.tr, call.actor.user_id, account)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


@_echo_safe
def archive(call: CommandCall) -> Reply:
    ref = _ref(call, "usage.accounts.archive")
    saved = call.run(lambda s: accounts.archive_account(s, call.actor, ref, call.now()))
    text = call.tr("accounts.archived", network=saved.network, handle=user_text(saved.handle))
    if saved.open_grants:
        text += "\n" + call.tr("accounts.archived_grants", n=saved.open_grants)
    return Reply(text)


@_echo_safe
def reveal(call: CommandCall) -> Reply:
    ref, secret = _ref_and_secret(call, "usage.accounts.reveal")
    shown = call.run(lambda s: vault_ops.reveal(s, vault_of(call.ctx), call.actor, ref, call.now(), secret=secret))
    if shown.problem:
        return Reply(blocks.problem_text(call.tr, shown))
    view = blocks.reveal_modal(call.tr, shown)
    # The only place a password leaves the vault: a modal for the authorized viewer.
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
    return Reply(call.tr("accounts.reveal.opened"))


@_echo_safe
def rotate(call: CommandCall) -> None:
    ref, secret = _ref_and_secret(call, "usage.accounts.rotate")
    target = call.run(lambda s: vault_ops.check_rotate(s, vault_of(call.ctx), call.actor, ref, secret=secret))
    view = forms.rotate_modal(call.tr, target)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


@_echo_safe
def compromised(call: CommandCall) -> Reply:
    ref = _ref(call, "usage.accounts.compromised")
    report = call.run(lambda s: accounts.report_compromised(s, call.actor, ref, call.now()))
    if report.notice is not None:  # None when the report joined an open one: nobody is alerted twice
        # The custodian and the admins are told through the outbox: the report scheduled it.
        call.send_notices(KIND_COMPROMISED, report.notice)
    return Reply(blocks.compromised_reply(call.tr, report))


@_echo_safe
def export(call: CommandCall) -> Reply:
    now = call.now()
    content, n = call.run(lambda s: accounts.export_csv(s, call.actor, now))
    flows.send_export(call, content, blocks.csv_filename(call.actor.team_id, now))
    return Reply(call.tr("accounts.export.done", n=n))
