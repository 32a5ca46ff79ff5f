"""Web API work after the ack: opening the form, showing a profile to whoever picked it."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from handlers import slack
from handlers.blockkit import Block


def open_form(client: Any, trigger_id: str, view: Block) -> None:
    client.views_open(trigger_id=trigger_id, view=view)


def show_only_to(client: Any, user_id: str, channel: str, text: str, blocks: list[Block]) -> None:
    """The read-only profile, seen by `user_id` only: ephemeral where they picked the brand, or a
    DM where Slack will not show one there (a DM, a channel they are not in)."""
    if channel and not channel.startswith("D"):
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, text=text, blocks=blocks)
            return
        except SlackApiError as exc:
            if str(exc.response.get("error", "")) not in slack.EPHEMERAL_ELSEWHERE:
                raise
    slack.dm(client, user_id, text, blocks)
