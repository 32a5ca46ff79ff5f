"""`/accounts` modal submissions: add, edit, rotate. Invalid input comes back inline."""

from __future__ import annotations

from bot.accounts import inventory as accounts
from bot.accounts import secrets as vault_ops
from bot.accounts.lookup import no_such_account
from bot.core.errors import ValidationFailed
from handlers.accounts import blocks, flows
from handlers.accounts import modals as forms
from handlers.accounts.vault import vault_of
from handlers.blockkit import user_text
from handlers.calls import ViewCall, ViewResult


def add_submitted(call: ViewCall) -> ViewResult:
    data, secret = forms.parse_account_view(call.values)
    try:
        saved = call.run(lambda s: accounts.add_account(
            s, vault_of(call.ctx), call.actor, data, secret, call.now()))
    except ValidationFailed as invalid:
        raise forms.to_blocks(invalid, call.tr) from None
    flows.after_save(call, saved, "accounts.added")
    if saved.generated:
        return blocks.generated_modal(call.tr, saved.network, saved.handle, saved.generated)
    return None


def edit_submitted(call: ViewCall) -> ViewResult:
    account_id = forms.read_ref(call.private_metadata)
    if account_id is None:  # edited metadata: answered inline, nothing read or written
        raise no_such_account()
    data, secret = forms.parse_account_view(call.values)
    try:
        saved = call.run(lambda s: accounts.edit_account(
            s, vault_of(call.ctx), call.actor, account_id, data, secret.recovery_codes, call.now()))
    except ValidationFailed as invalid:
        raise forms.to_blocks(invalid, call.tr) from None
    flows.after_save(call, saved, "accounts.edited")
    return None


def rotate_submitted(call: ViewCall) -> ViewResult:
    return _rotate(call, vault_ops.PASSWORD)


def rotate_mailbox_submitted(call: ViewCall) -> ViewResult:
    return _rotate(call, vault_ops.MAILBOX)


def _rotate(call: ViewCall, which: vault_ops.Secret) -> ViewResult:
    account_id = forms.read_ref(call.private_metadata)
    if account_id is None:  # edited metadata: answered inline, nothing read or written
        raise no_such_account()
    secret = forms.parse_rotate_view(call.values)
    try:
        done = call.run(lambda s: vault_ops.rotate(s, vault_of(call.ctx), call.actor, account_id, secret, call.now(),
                                                   which=which))
    except ValidationFailed as invalid:
        raise forms.to_blocks(invalid, call.tr) from None
    key = "accounts.rotated_mailbox" if which == vault_ops.MAILBOX else "accounts.rotated"
    text = call.tr(key, network=done.network, handle=user_text(done.handle))
    if done.tasks_cancelled:
        text += "\n" + call.tr("accounts.rotated_cancelled")
    flows.after_rotate(call, text, done.settling)
    if done.generated:
        # Shown once, in the modal's own response: never in a message or another API call.
        return blocks.generated_modal(call.tr, done.network, done.handle, done.generated)
    return None
