"""Web API work of the access feature, run after the ack (on the Sender's threads)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.access import requests as access_requests
from bot.access.views import RequestView
from bot.core.authz import Actor
from bot.core.errors import DomainError
from bot.core.i18n import Translator
from handlers import slack
from handlers.access import blocks
from handlers.calls import ActionCall, Call
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


def publish_request(call: Call, client: Any, request_id: int) -> None:
    """Look the requester up (guest? e-mail?), then post the request for approval and
    remember where, so the decision can update that very message."""
    actor, tr = call.actor, call.tr
    try:
        external, email = user_facts(client, actor.user_id, actor.team_id)
    except DomainError:
        external, email = False, None  # shown as unknown; approval checks again anyway
    view = call.run(lambda s: access_requests.record_requester_info(
        s, actor.team_id, request_id, external=external, email=email))
    channel = view.approvals_channel or ""
    try:
        sent = client.chat_postMessage(channel=channel, text=blocks.request_text(tr, view),
                                       blocks=blocks.request_blocks(tr, view))
    except SlackApiError as exc:
        log.warning("approvals post failed", extra={"team": actor.team_id, "error": slack_error_code(exc)})
        dm(client, actor.user_id, tr("access.error.post_failed", id=request_id, channel=channel))
        return
    call.run(lambda s: access_requests.record_message(
        s, actor.team_id, request_id, str(sent["channel"]), str(sent["ts"])))


def redraw_request(client: Any, tr: Translator, view: RequestView) -> None:
    """The approvals message drawn again (decided or withdrawn) where the request row says it was
    posted: never a place a click or a form names, which could be any message the bot wrote."""
    update_message(client, view.message_channel or "", view.message_ts or "",
                   blocks.request_text(tr, view), blocks.request_blocks(tr, view))


def approve(call: ActionCall, client: Any, request_id: int, requester: str) -> None:
    """The Approve button, after the ack: the rules need fresh users.info facts on the requester."""
    actor = call.actor

    def decide() -> access_requests.Decision:
        external, email = user_facts(client, requester, actor.team_id)
        return call.run(lambda s: access_requests.approve(
            s, actor, request_id, external=external, email=email, now=call.now()))

    decision = guarded(client, actor, call.channel_id, call.tr, decide)
    if decision is None:
        return
    view = decision.request
    redraw_request(client, call.tr, view)
    account = blocks.account_text(view.account)
    if decision.extended:
        dm(client, view.requester_id, call.tr("access.dm.extended", id=view.id, account=account,
                                              expires=blocks.when(decision.expires_at, view.timezone)))
    else:
        dm(client, view.requester_id, call.tr("access.dm.approved", id=view.id, account=account,
                                              role=view.role, custodian=view.account.custodian_id)
           + blocks.shared_badge(call.tr, view.shared_password))
