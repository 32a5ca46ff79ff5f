"""The brand profile form's submission."""

from __future__ import annotations

from bot.brands import profiles
from handlers import slack
from handlers.brands import blocks
from handlers.brands.modals import parse_profile_view, read_metadata
from handlers.calls import ViewCall, ViewResult


def profile_submitted(call: ViewCall) -> ViewResult:
    brand, opened_at = read_metadata(call.private_metadata)
    content = parse_profile_view(call.values)
    # The saver's Slack name, from the signed payload: only to name them in another editor's
    # conflict error, which is plain text where a <@U…> mention would not render.
    user = call.body.get("user")
    name = str(user.get("name") or user.get("username") or "") if isinstance(user, dict) else ""
    saved = call.run(lambda s: profiles.save_profile(s, call.actor, brand, opened_at, content, call.now(),
                                                     actor_name=name))
    text, who = blocks.saved_text(call.tr, saved.profile, saved.changed), call.actor.user_id
    call.later(lambda client: slack.dm(client, who, text))  # the modal closes; the outcome stays in a DM
    return None
