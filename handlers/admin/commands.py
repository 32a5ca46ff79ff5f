"""`/socialops`: help, setup (SPEC §9) and roles (SPEC §1)."""

from __future__ import annotations

from bot.admin import settings as admin
from bot.admin.parse import parse_role_change, parse_setup_words
from handlers.admin import modals as blocks
from handlers.calls import CommandCall, Reply

# Declared once: other features add /socialops subcommands with rt.registry.command(*SOCIALOPS).
SOCIALOPS = ("/socialops", "cmd.socialops.description",
             "help | setup | role add @user <role> | roles | jobs | brand [<brand>]")


def help_(call: CommandCall) -> Reply:
    return Reply(call.app.help_text(call.tr))


def setup(call: CommandCall) -> Reply | None:
    """With words, the settings change at once; alone, the setup form opens."""
    if call.args.strip():
        change = parse_setup_words(call.args)
        ws = call.run(lambda s: admin.apply_setup(s, call.ctx.settings, call.actor, change, call.now()))
        call.app.forget_language(call.actor.team_id)
        return Reply(blocks.setup_saved_text(call.tr.in_language(ws.language), ws))
    ws = call.run(lambda s: admin.current_settings(s, call.ctx.settings, call.actor))
    view = blocks.setup_modal(call.tr, ws)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
    return None


def role_add(call: CommandCall) -> Reply:
    user, role = parse_role_change(call.args, "usage.socialops.role_add")
    added = call.run(lambda s: admin.add_role(s, call.actor, user, role, call.now()))
    return Reply(call.tr("role.added" if added else "role.already", user=user, role=role.value))


def role_remove(call: CommandCall) -> Reply:
    user, role = parse_role_change(call.args, "usage.socialops.role_remove")
    call.run(lambda s: admin.remove_role(s, call.actor, user, role, call.now()))
    return Reply(call.tr("role.removed", user=user, role=role.value))


def roles(call: CommandCall) -> Reply:
    by_role = call.run(lambda s: admin.list_roles(s, call.actor.team_id))
    return Reply(blocks.roles_text(call.tr, by_role))
