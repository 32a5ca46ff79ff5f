"""`/post settings cadence …` (issue 12 §8): an account's posts per week, by its custodian or an admin.

Kept out of the accounts form on purpose: the cadence belongs to posting, and the form to the
inventory feature."""

from __future__ import annotations

from bot.posts import cadence
from handlers.blockkit import user_text
from handlers.calls import CommandCall, Reply


def settings_cadence(call: CommandCall, raw: str) -> Reply:
    change = cadence.parse_cadence(raw)
    done = call.run(lambda s: cadence.set_cadence(s, call.actor, change, call.now()))
    key = "post.cadence.saved_default" if done.is_default else "post.cadence.saved"
    return Reply(call.tr(key, network=done.network, handle=user_text(done.handle), minimum=done.minimum,
                         target=done.target))
