"""`/kpi define`, `list`, `remove`, `scope` and `delivered`: parse, run the rule, answer."""

from __future__ import annotations

from bot.kpi import definitions, metrics, parse_goals, scope
from handlers.calls import CommandCall, Reply
from handlers.kpi.goals import blocks, modals


def define(call: CommandCall) -> Reply:
    draft = parse_goals.parse_define(call.args)
    view = call.run(lambda s: definitions.define(s, call.actor, draft, call.now()))
    return Reply(blocks.defined_text(call.tr, view, metrics.parts_of(view.data_key, view.basis)))


def list_(call: CommandCall) -> Reply:
    views = call.run(lambda s: definitions.list_definitions(s, call.actor), read_only=True)
    return Reply(blocks.list_text(call.tr, views))


def remove(call: CommandCall) -> Reply:
    kpi_id = parse_goals.parse_remove(call.args)
    view = call.run(lambda s: definitions.remove(s, call.actor, kpi_id, call.now()))
    return Reply(call.tr("kpi.goals.removed", line=blocks.definition_text(call.tr, view)))


def scope_(call: CommandCall) -> Reply | None:
    """Alone: the form for an admin, the scope as text for everyone else. With `<handle> <n>`: one
    account's posts per week (admins; for the accounts the form has no room for)."""
    if call.args.strip():
        ref, posts = parse_goals.parse_scope_posts(call.args)
        label, saved = call.run(lambda s: scope.set_account_posts(s, call.actor, ref, posts, call.now()))
        if saved is None:
            return Reply(call.tr("kpi.goals.scope.posts_unchanged", account=label, posts=posts))
        key = "kpi.goals.scope.posts_removed" if posts == 0 else "kpi.goals.scope.posts_saved"
        return Reply(call.tr(key, account=label, posts=posts))
    screen = call.run(lambda s: scope.scope_screen(s, call.actor), read_only=True)
    if not screen.editable:
        return Reply(blocks.scope_text(call.tr, screen.scope) + "\n" + call.tr("kpi.goals.scope.read_only"))
    form = modals.scope_modal(call.tr, screen)
    trigger_id = call.trigger_id
    call.later(lambda client: client.views_open(trigger_id=trigger_id, view=form))
    return None


def delivered(call: CommandCall) -> Reply:
    deliverable_id, month = parse_goals.parse_delivered(call.args)
    view = call.run(lambda s: scope.mark_delivered(s, call.actor, deliverable_id, month, call.now()))
    return Reply(blocks.delivered_text(call.tr, view))
