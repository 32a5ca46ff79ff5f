"""The buttons: the rotation task's (opens the rotate modal, or says no rotation is owed) and
the inventory's previous/next (the page replaces the message it was clicked in)."""

from __future__ import annotations

from bot.accounts import inventory as accounts
from bot.accounts import secrets as vault_ops
from bot.accounts.lookup import no_such_account
from bot.accounts.task_messages import Settlement
from bot.core.errors import NotFound
from bot.core.parsing import parse_id
from handlers.accounts import blocks, flows
from handlers.accounts import modals as forms
from handlers.accounts.vault import vault_of
from handlers.calls import ActionCall
from handlers.paging import replace_page


def rotate_clicked(call: ActionCall) -> None:
    # The value comes back from the client: anything but a valid id (Unicode digits, more than
    # the database holds) is no account, answered as one, never a database error.
    account_id = parse_id(call.value)
    if account_id is None:
        raise no_such_account()
    channel, ts = call.channel_id, call.message_ts
    target = call.run(lambda s: vault_ops.check_rotate_task(
        s, vault_of(call.ctx), call.actor, account_id, channel, ts))
    if isinstance(target, Settlement):
        flows.stale_task(call, target)
        return
    view = forms.rotate_modal(call.tr, target)
    trigger = call.trigger_id
    call.later(lambda client: client.views_open(trigger_id=trigger, view=view))


def page_clicked(call: ActionCall) -> None:
    """Anyone may list the inventory, so a page needs no role; its number comes back from the
    client: anything but a page that exists (a word, ², 10**30, a page since emptied) is a
    clear answer to the presser, never a database error or an empty page."""
    number = parse_id(call.value)
    if number is None:
        raise NotFound("accounts.error.bad_page")
    text, body = call.run(lambda s: blocks.inventory(
        call.tr, accounts.inventory_page(s, call.actor.team_id, number), call.now()), read_only=True)
    replace_page(call, text, body)
