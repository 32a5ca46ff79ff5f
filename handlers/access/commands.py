"""`/access` (SPEC §3): request, nda, list, revoke, mine, withdraw; the form when typed alone."""

from __future__ import annotations

from typing import Any

from bot.access import grants
from bot.access import outbox as access_outbox
from bot.access import requests as access_requests
from bot.access.parse import (
    parse_commitment,
    parse_grant_id,
    parse_list_target,
    parse_request,
    parse_request_id,
)
from bot.access.views import account_choices, limits
from handlers.access import blocks
from handlers.access.modals import request_modal
from handlers.blockkit import user_text
from handlers.calls import CommandCall, Reply


def bare(call: CommandCall) -> Reply | None:
    # `/access <unknown words>` never gets here: handlers/kit.py answers it, with the usage.
    def form_data(s: Any) -> tuple[list[str], int]:
        return account_choices(s, call.actor.team_id), limits(s, call.actor.team_id).default_days

    choices, default_days = call.run(form_data)
    view = request_modal(call.tr, choices, default_days=default_days)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
    return None


def request(call: CommandCall) -> Reply:
    draft = parse_request(call.args)
    view, notices = call.run(lambda s: access_outbox.request(s, call.actor, draft, call.now()))
    call.send_notices_in_order(notices)
    return Reply(call.tr("access.request.sent", id=view.id, channel=view.approvals_channel or ""))


def nda(call: CommandCall) -> Reply:
    draft = parse_commitment(call.args)
    call.run(lambda s: access_requests.record_commitment(s, call.actor, draft, call.now()))
    expires = (call.tr("access.nda.expires", date=draft.expires_on.isoformat()) if draft.expires_on
               else call.tr("access.nda.no_expiry"))
    return Reply(call.tr("access.nda.recorded", user=draft.user_id, url=user_text(draft.document_url),
                         expires=expires))


# The listings only read: read_only=True, so on SQLite they do not queue behind the writers
# (`/access list` was the slowest kind of the load benchmark's mix).
def list_(call: CommandCall) -> Reply:
    target = parse_list_target(call.args)
    views = call.run(lambda s: grants.list_grants(s, call.actor, target), read_only=True)
    return Reply(blocks.grants_text(call.tr, views, call.now()))


def pending(call: CommandCall) -> Reply:
    requests, total = call.run(lambda s: access_requests.pending_requests(s, call.actor), read_only=True)
    return Reply(blocks.pending_text(call.tr, requests, total))


def revoke(call: CommandCall) -> Reply:
    grant_id = parse_grant_id(call.args, "usage.access.revoke")
    view = call.run(lambda s: grants.request_revocation(s, call.actor, grant_id, call.now()))
    return Reply(call.tr("access.revoke.requested", id=view.id, custodian=view.account.custodian_id))


def mine(call: CommandCall) -> Reply:
    own, pending = call.run(lambda s: grants.mine(s, call.actor), read_only=True)
    return Reply(blocks.mine_text(call.tr, own, pending, call.now()))


def withdraw(call: CommandCall) -> Reply:
    request_id = parse_request_id(call.args, "usage.access.withdraw")
    view, notices = call.run(lambda s: access_outbox.withdraw(s, call.actor, request_id, call.now()))
    call.send_notices_in_order(notices)
    return Reply(call.tr("access.withdraw.done", id=view.id))
