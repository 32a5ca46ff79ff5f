"""The setup form's submission."""

from __future__ import annotations

from bot.admin import settings as admin
from handlers import slack
from handlers.admin import modals as blocks
from handlers.calls import ViewCall, ViewResult


def setup_submitted(call: ViewCall) -> ViewResult:
    change = blocks.parse_setup_view(call.values)
    ws = call.run(lambda s: admin.apply_setup(s, call.ctx.settings, call.actor, change, call.now()))
    call.app.forget_language(call.actor.team_id)
    text, user = blocks.setup_saved_text(call.tr.in_language(ws.language), ws), call.actor.user_id
    call.later(lambda client: slack.dm(client, user, text))  # the modal closes; the summary stays in a DM
    return None
