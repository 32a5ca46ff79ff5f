"""Work of `/accounts` done after the ack, on the Sender's threads: login e-mail checks through
the Web API, confirmation DMs, task messages settled, compromise alerts, the CSV export."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.accounts import email_checks
from bot.accounts import inventory as accounts
from bot.accounts.inventory import Saved
from bot.accounts.task_messages import KIND_SETTLED, Settlement, TaskMessage
from bot.core.i18n import Translator
from handlers import slack
from handlers.accounts import blocks
from handlers.calls import ActionCall, Call

log = logging.getLogger("socialops.accounts")


def _dm(client: Any, user: str, text: str) -> None:
    slack.dm(client, user, text)


def _member_domains(client: Any) -> set[str]:
    """The domains of the members' own addresses (guests and bots left out): the company's."""
    domains: set[str] = set()
    cursor = None
    for _ in range(50):  # 50 pages of 200: 10,000 members is plenty for this purpose
        page = client.users_list(limit=200, cursor=cursor) if cursor else client.users_list(limit=200)
        for member in page.get("members", []):
            if member.get("is_bot") or member.get("deleted") or member.get("is_restricted") \
                    or member.get("is_ultra_restricted") or member.get("id") == "USLACKBOT":
                continue
            email = (member.get("profile") or {}).get("email")
            if email:
                domains.add(email_checks.domain_of(email))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return domains


def _owner_of(client: Any, email: str) -> str | None:
    try:
        user = client.users_lookupByEmail(email=email)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") != "users_not_found":
            log.warning("users.lookupByEmail failed", extra={"error": exc.response.get("error")})
        return None
    return None if user.get("is_bot") else str(user["id"])


def after_save(call: Call, saved: Saved, key: str) -> None:
    """After the ack: look the login e-mail up, keep the findings, DM the confirmation + warnings."""
    team_id, actor, tr = call.actor.team_id, call.actor.user_id, call.tr

    def work(client: Any) -> None:
        owner = _owner_of(client, saved.login_email)
        try:
            domains = _member_domains(client)
        except SlackApiError as exc:
            log.warning("users.list failed", extra={"error": exc.response.get("error")})
            domains = set()
        found = email_checks.findings(saved.login_email, owner, domains)
        account = call.run(lambda s: accounts.record_email_findings(s, team_id, saved.account_id, found,
                                                                    call.now()))
        text = blocks.saved_text(tr, key, account) if account is not None else ""
        if text:
            _dm(client, actor, text)

    call.later(work)


def after_rotate(call: Call, text: str, settling: str | None) -> None:
    """The confirmation DM (only the rotator reads it), and the task DMs settled in place: the
    rotation scheduled that in its transaction (the outbox), so a crash does not leave their
    "Record new password" buttons behind."""
    user = call.actor.user_id
    call.later(lambda client: _dm(client, user, text))
    if settling is not None:
        call.send_notices(KIND_SETTLED, settling)


def settle_task_messages(client: Any, tr: Translator, settled: Settlement) -> None:
    """The task DMs keep their text; the button gives way to who rotated it and when."""
    for m in settled.messages:
        try:
            client.chat_update(channel=m.channel, ts=m.ts, text=m.text,
                               blocks=blocks.settled_task_blocks(tr, m.text, settled))
        except SlackApiError as exc:  # one deleted DM must not keep the others' buttons
            log.warning("rotation task not updated", extra={"channel": m.channel,
                                                            "error": exc.response.get("error")})


def stale_task(call: ActionCall, settled: Settlement) -> None:
    """A task button pressed when no rotation is owed: say so (only to the presser), and settle
    that message too (one posted while the rotation was being recorded was never updated)."""
    channel, ts, user, tr = call.channel_id, call.message_ts, call.actor.user_id, call.tr
    clicked = str((call.body.get("message") or {}).get("text") or "")
    text = settled.messages[0].text if settled.messages else clicked
    answer = blocks.stale_task_text(tr, settled)

    def work(client: Any) -> None:
        if channel and ts and text:
            settle_task_messages(client, tr, replace(settled, messages=(TaskMessage(channel, ts, text),)))
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=answer)
        else:
            _dm(client, user, answer)

    call.later(work)


def send_export(call: Call, content: str, filename: str) -> None:
    """The CSV, uploaded to the requester's DM."""
    comment = call.tr("accounts.export.comment")
    user = call.actor.user_id

    def upload(client: Any) -> None:
        client.files_upload_v2(channel=slack.dm_channel(client, user), content=content, filename=filename,
                               title=filename, initial_comment=comment)

    call.later(upload)
