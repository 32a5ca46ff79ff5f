"""The per-severity form's submission: check it, save it, tell the admin what was saved."""

from __future__ import annotations

from bot.core.errors import NotFound
from bot.crisis.setup import save, validate
from handlers import slack
from handlers.calls import ViewCall, ViewResult
from handlers.crisis.setup import blocks, modals
from handlers.crisis.setup.ids import ACK_BLOCKS, LEVEL_BLOCKS
from handlers.crisis.setup.ids import CrisisSetupIds as I
from storage.models import SEVERITIES


def setup_submitted(call: ViewCall) -> ViewResult:
    severity = call.private_metadata
    if severity not in SEVERITIES:  # only the app writes the metadata: anything else is forged
        raise NotFound("crisis.setup.error.no_severity")
    form = modals.parse_form(call.values)
    values = validate(severity, form, LEVEL_BLOCKS, ACK_BLOCKS, I.B_REPEATS, I.B_STATUS, I.B_PLAYBOOK)
    saved = call.run(lambda s: save(s, call.actor, severity, values, call.now()))
    if saved is None:
        text = call.tr("crisis.setup.unchanged", severity=severity)
    else:
        text = "\n".join([call.tr("crisis.setup.saved", severity=severity, version=saved.version),
                          *blocks.settings_lines(call.tr, saved)])
    user = call.actor.user_id
    call.later(lambda client: slack.tell(client, user, "", text))
    return None
