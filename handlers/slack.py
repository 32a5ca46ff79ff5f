"""The few Web API sequences every feature repeats, written once.

Flows and the scheduler reach a person through these: a DM (open the conversation, then
post), or an answer only they see (ephemeral in a channel, a DM elsewhere). Each takes the
Web API client of the workspace it acts for (today one bot token; an OAuth install will
hand each workspace its own client, and these stay as they are).
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError


def dm_channel(client: Any, user_id: str) -> str:
    """The id of the bot's DM with `user_id` (conversations.open is idempotent)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])


def dm(client: Any, user_id: str, text: str, blocks: list[dict[str, Any]] | None = None) -> Any:
    return client.chat_postMessage(channel=dm_channel(client, user_id), text=text, blocks=blocks)


def tell(client: Any, user_id: str, channel: str, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
    """An answer only `user_id` sees: ephemeral where they typed it, or a DM (from a DM or App Home)."""
    if channel and not channel.startswith("D"):
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, text=text, blocks=blocks)
            return
        except SlackApiError as exc:
            # The channel is not one Slack lets us answer them in (they clicked a message they
            # can see but are not a member of, a channel the bot left, a forged location):
            # they must still be told, so in a DM.
            if _error_of(exc) not in EPHEMERAL_ELSEWHERE:
                raise
    dm(client, user_id, text, blocks)


# chat.postEphemeral's errors that mean "not here", not "not at all".
EPHEMERAL_ELSEWHERE = frozenset({"user_not_in_channel", "channel_not_found", "not_in_channel", "is_archived"})


def _error_of(exc: SlackApiError) -> str:
    data = getattr(exc.response, "data", None)
    return str(data.get("error", "")) if isinstance(data, dict) else ""
