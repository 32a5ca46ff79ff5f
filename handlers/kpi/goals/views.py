"""The scope form's submission: check it, save it (conditional on its version), tell the admin."""

from __future__ import annotations

from bot.kpi.parse_goals import validate
from bot.kpi.scope import save_scope
from handlers import slack
from handlers.calls import ViewCall, ViewResult
from handlers.kpi.goals import blocks, modals


def scope_submitted(call: ViewCall) -> ViewResult:
    version = modals.form_version(call.private_metadata)
    values = validate(modals.parse_form(call.values))
    saved = call.run(lambda s: save_scope(s, call.actor, values, version, call.now()))
    if saved is None:
        text = call.tr("kpi.goals.scope.unchanged")
    else:
        text = "\n".join([call.tr("kpi.goals.scope.saved", version=version + 1), *blocks.scope_lines(call.tr, saved)])
    user = call.actor.user_id
    call.later(lambda client: slack.tell(client, user, "", text))
    return None
