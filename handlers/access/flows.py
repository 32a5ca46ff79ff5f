"""Web API work of the access feature, run after the ack (on the Sender's threads), and the
after-ack send of the notices a decision scheduled (bot/access/outbox.py)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.access.outbox import Notice
from bot.core.authz import Actor
from bot.core.errors import DomainError
from bot.core.i18n import Translator
from handlers import slack
from handlers.calls import Call
from handlers.kit import error_text
from handlers.outbound import slack_error_code

log = logging.getLogger("socialops.access")


def user_facts(client: Any, user_id: str, team_id: str) -> tuple[bool, str | None]:
    """(external, e-mail) from users.info. External: a Slack guest (single- or multi-channel)
    or someone from another organisation over Slack Connect (another team id)."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        log.warning("users.info failed", extra={"team": team_id, "error": slack_error_code(exc)})
        raise DomainError("access.error.user_lookup") from None
    home = str(user.get("team_id") or "")
    external = bool(user.get("is_restricted") or user.get("is_ultra_restricted")) or (home not in ("", team_id))
    email = (user.get("profile") or {}).get("email")
    return external, str(email) if email else None


def dm(client: Any, user_id: str, text: str, blocks_: list[dict[str, Any]] | None = None) -> None:
    slack.dm(client, user_id, text, blocks_)


def tell(client: Any, actor: Actor, channel: str, text: str) -> None:
    """An answer only the actor sees: ephemeral in a channel, or a DM."""
    slack.tell(client, actor.user_id, channel, text)


def guarded(client: Any, actor: Actor, channel: str, tr: Translator, work: Any) -> Any:
    """Run `work()`; a rule saying no becomes an answer to the actor (after the ack)."""
    try:
        return work()
    except DomainError as exc:
        tell(client, actor, channel, error_text(tr, exc))
        return None


def update_message(client: Any, channel: str, ts: str, text: str, blocks_: list[dict[str, Any]]) -> None:
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks_)


def send_now(call: Call, client: Any, notices: list[Notice]) -> None:
    """Send at once, in order, the notices the decision scheduled in its transaction (one delivery
    after the other, each recorded as sent before the next goes: a crash between them repeats only
    the one in flight). Anything not sent here (this process died, Slack failed for now) is the
    scheduler's to send on its next tick (bot/access/outbox.py)."""
    for kind, subject in notices:
        call.app.send_due(client, call.actor.team_id, kind, subject)
