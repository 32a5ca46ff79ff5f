"""`/accounts`: the inventory and the vault (SPEC §2). Parse → service → render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.accounts import inventory as accounts
from bot.accounts import secrets as vault_ops
from bot.core import runner
from bot.core.errors import UsageError
from bot.core.parsing import words
from handlers import slack
from handlers.accounts import blocks, flows
from handlers.accounts import modals as forms
from handlers.accounts.ids import AccountsIds
from handlers.calls import CommandCall, Reply
from handlers.kit import register_action, register_view
from storage.vault import vault_from_settings

if TYPE_CHECKING:
    from handlers.runtime import Runtime


def _ref(call: CommandCall, usage_key: str) -> str:
    parts = words(call.args)
    if len(parts) != 1:
        raise UsageError("accounts.error.no_handle", usage_key=usage_key)
    return parts[0]


def register(rt: Runtime) -> None:
    ctx = rt.ctx
    # Keys come from the settings, never from the database; None = no key configured.
    ctx.extras["vault"] = vault_from_settings(ctx.settings)
    flows.guard_secret_logs()
    cmd = rt.registry.command(
        "/accounts", "cmd.accounts.description",
        "[add | show | edit | archive | reveal | rotate | compromised <handle> | export]",
    )

    @cmd.sub("list", "usage.accounts.list")
    @cmd.sub("", "usage.accounts.list")
    def list_(call: CommandCall) -> Reply:
        text, body = runner.run(ctx, call.actor, lambda s: blocks.inventory(
            call.tr, accounts.list_inventory(s, call.actor.team_id), ctx.clock()))
        return Reply(text, body)

    @cmd.sub("add", "usage.accounts.add")
    def add(call: CommandCall) -> None:
        runner.run(ctx, call.actor, lambda s: accounts.check_add(s, call.actor))
        view = forms.account_modal(call.tr, call.actor.user_id)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    @cmd.sub("show", "usage.accounts.show")
    def show(call: CommandCall) -> Reply:
        ref = _ref(call, "usage.accounts.show")
        text, body = runner.run(ctx, call.actor, lambda s: blocks.detail(
            call.tr, accounts.show_account(s, call.actor, ref), ctx.clock()))
        return Reply(text, body)

    @cmd.sub("edit", "usage.accounts.edit")
    def edit(call: CommandCall) -> None:
        ref = _ref(call, "usage.accounts.edit")
        account = runner.run(ctx, call.actor, lambda s: accounts.check_edit(s, call.actor, ref))
        view = forms.account_modal(call.tr, call.actor.user_id, account)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    @cmd.sub("archive", "usage.accounts.archive")
    def archive(call: CommandCall) -> Reply:
        ref = _ref(call, "usage.accounts.archive")
        saved = runner.run(ctx, call.actor,
                           lambda s: accounts.archive_account(s, call.actor, ref, ctx.clock()))
        text = call.tr("accounts.archived", network=saved.network, handle=saved.handle)
        if saved.open_grants:
            text += "\n" + call.tr("accounts.archived_grants", n=saved.open_grants)
        return Reply(text)

    @cmd.sub("reveal", "usage.accounts.reveal")
    def reveal(call: CommandCall) -> Reply:
        ref = _ref(call, "usage.accounts.reveal")
        shown = runner.run(ctx, call.actor, lambda s: vault_ops.reveal(
            s, flows.vault_of(rt), call.actor, ref, ctx.clock()))
        if shown.problem:
            return Reply(blocks.problem_text(call.tr, shown))
        view = blocks.reveal_modal(call.tr, shown)
        # The only place a password leaves the vault: a modal for the authorized viewer.
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
        return Reply(call.tr("accounts.reveal.opened"))

    @cmd.sub("rotate", "usage.accounts.rotate")
    def rotate(call: CommandCall) -> None:
        ref = _ref(call, "usage.accounts.rotate")
        target = runner.run(ctx, call.actor, lambda s: vault_ops.check_rotate(
            s, flows.vault_of(rt), call.actor, ref))
        view = forms.rotate_modal(call.tr, target)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    @cmd.sub("compromised", "usage.accounts.compromised")
    def compromised(call: CommandCall) -> Reply:
        ref = _ref(call, "usage.accounts.compromised")
        report = runner.run(ctx, call.actor, lambda s: accounts.report_compromised(
            s, call.actor, ref, ctx.clock()))
        flows.alert_compromised(rt, call.later, call.actor.team_id, report)
        return Reply(call.tr("accounts.compromised.reported", network=report.network, handle=report.handle,
                             custodian=report.custodian_id))

    @cmd.sub("export", "usage.accounts.export")
    def export(call: CommandCall) -> Reply:
        now = ctx.clock()
        content, n = runner.run(ctx, call.actor, lambda s: accounts.export_csv(s, call.actor, now))
        filename = blocks.csv_filename(call.actor.team_id, now)
        comment = call.tr("accounts.export.comment")
        user = call.actor.user_id

        def upload(client: Any) -> None:
            client.files_upload_v2(channel=slack.dm_channel(client, user), content=content, filename=filename,
                                   title=filename, initial_comment=comment)

        call.later(upload)
        return Reply(call.tr("accounts.export.done", n=n))

    register_view(rt, AccountsIds.ADD_VIEW, lambda call: flows.add_submitted(rt, call))
    register_view(rt, AccountsIds.EDIT_VIEW, lambda call: flows.edit_submitted(rt, call))
    register_view(rt, AccountsIds.ROTATE_VIEW, lambda call: flows.rotate_submitted(rt, call))
    register_action(rt, AccountsIds.A_ROTATE_OPEN, lambda call: flows.rotate_button(rt, call))
