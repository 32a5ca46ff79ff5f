"""A paged message's buttons replace the message they are on (the inventory, the calendar…).

An ephemeral reply can only be changed through the click's `response_url`, which comes in the
payload: posting to whatever it names would let a forged click make the app send requests
anywhere, so only Slack's own hooks (or the stand-in's, next to the configured Web API) are used.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.webhook import WebhookClient

from handlers import slack
from handlers.blockkit import Block
from handlers.calls import ActionCall

log = logging.getLogger("socialops.paging")

# Where Slack's response_url points; the stand-in serves its own next to its Web API.
SLACK_HOOKS = "https://hooks.slack.com/"


def trusted_response_url(url: str, slack_api_url: str) -> bool:
    """Only Slack's hooks, or the origin of the Web API the app is configured with (the stand-in
    in tests and the console), are posted to."""
    if url.startswith(SLACK_HOOKS):
        return True
    api = urlsplit(slack_api_url)
    target = urlsplit(url)
    return bool(api.scheme and api.netloc) and (target.scheme, target.netloc) == (api.scheme, api.netloc) \
        and target.path.startswith("/") and not target.path.startswith("/api/")


def replace_page(call: ActionCall, text: str, body: list[Block]) -> None:
    """The page replaces the message whose button was pressed; without a usable response_url,
    the page comes as a new answer only the presser sees."""
    url = str(call.body.get("response_url") or "")
    api_url = call.ctx.settings.slack_api_url
    user, channel, what = call.actor.user_id, call.channel_id, call.action.get("action_id", "")

    def work(client: Any) -> None:
        if url and trusted_response_url(url, api_url):
            sent = WebhookClient(url, timeout=10).send(text=text, blocks=body, replace_original=True)
            if sent.status_code != 200:  # expired (30 minutes, five uses): the presser asks again
                log.warning("page not replaced", extra={"op": what, "status": sent.status_code, "error": sent.body})
            return
        if url:
            log.warning("response_url not trusted: page sent as a new answer", extra={"op": what})
        slack.tell(client, user, channel, text, body)

    call.later(work)
