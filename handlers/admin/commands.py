"""`/socialops`: help, setup (SPEC §9) and roles (SPEC §1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.core import runner, workspace
from bot.core.authz import Role, require_role
from bot.core.errors import UsageError
from bot.core.parsing import parse_user, words
from handlers import slack
from handlers.admin import modals as blocks
from handlers.admin.ids import AdminIds
from handlers.calls import CommandCall, Reply, ViewCall, ViewResult
from handlers.kit import register_view

if TYPE_CHECKING:
    from handlers.runtime import Runtime


def _user_and_role(call: CommandCall, usage_key: str) -> tuple[str, Role]:
    parts = words(call.args)
    if len(parts) != 2:
        raise UsageError("error.bad_user", usage_key=usage_key, text=call.args or "—")
    user, role = parse_user(parts[0]), Role.parse(parts[1])
    if user is None:
        raise UsageError("error.bad_user", usage_key=usage_key, text=parts[0])
    if role is None:
        raise UsageError("error.bad_role", usage_key=usage_key, text=parts[1],
                         roles=", ".join(r.value for r in Role))
    return user, role


# Declared once: other modules add /socialops subcommands with rt.registry.command(*SOCIALOPS).
SOCIALOPS = ("/socialops", "cmd.socialops.description", "help | setup | role add @user <role> | roles | jobs")


def register(rt: Runtime) -> None:
    ctx = rt.ctx
    cmd = rt.registry.command(*SOCIALOPS)

    @cmd.sub("", "usage.socialops.help")
    def help_bare(call: CommandCall) -> Reply:
        return Reply(rt.registry.help_text(call.tr))

    @cmd.sub("help", "usage.socialops.help")
    def help_(call: CommandCall) -> Reply:
        return Reply(rt.registry.help_text(call.tr))

    @cmd.sub("setup", "usage.socialops.setup")
    def setup(call: CommandCall) -> Reply | None:
        if call.args.strip():
            change = blocks.parse_setup_words(call.args)
            ws = runner.run(ctx, call.actor,
                            lambda s: workspace.apply_setup(s, ctx.settings, call.actor, change, ctx.clock()))
            rt.forget_language(call.actor.team_id)
            return Reply(blocks.setup_saved_text(call.tr.in_language(ws.language), ws))

        def check(s: Any) -> Any:
            require_role(s, call.actor, Role.ADMIN, action="workspace.setup")
            return workspace.get_workspace(s, ctx.settings, call.actor.team_id)

        ws = runner.run(ctx, call.actor, check)
        view = blocks.setup_modal(call.tr, ws)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
        return None

    @cmd.sub("role add", "usage.socialops.role_add")
    def role_add(call: CommandCall) -> Reply:
        user, role = _user_and_role(call, "usage.socialops.role_add")
        added = runner.run(ctx, call.actor,
                           lambda s: workspace.add_role(s, call.actor, user, role, ctx.clock()))
        return Reply(call.tr("role.added" if added else "role.already", user=user, role=role.value))

    @cmd.sub("role remove", "usage.socialops.role_remove")
    def role_remove(call: CommandCall) -> Reply:
        user, role = _user_and_role(call, "usage.socialops.role_remove")
        runner.run(ctx, call.actor,
                   lambda s: workspace.remove_role(s, call.actor, user, role, ctx.clock()))
        return Reply(call.tr("role.removed", user=user, role=role.value))

    @cmd.sub("roles", "usage.socialops.roles")
    def roles(call: CommandCall) -> Reply:
        by_role = runner.run(ctx, call.actor, lambda s: workspace.list_roles(s, call.actor.team_id))
        return Reply(blocks.roles_text(call.tr, by_role))

    def setup_submitted(call: ViewCall) -> ViewResult:
        change = blocks.parse_setup_view(call.values)
        ws = runner.run(ctx, call.actor,
                        lambda s: workspace.apply_setup(s, ctx.settings, call.actor, change, ctx.clock()))
        rt.forget_language(call.actor.team_id)
        text = blocks.setup_saved_text(call.tr.in_language(ws.language), ws)
        user = call.actor.user_id

        def confirm(client: Any) -> None:
            slack.dm(client, user, text)

        call.later(confirm)
        return None

    register_view(rt, AdminIds.SETUP_VIEW, setup_submitted)
