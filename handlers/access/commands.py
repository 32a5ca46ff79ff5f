"""`/access` (SPEC §3): request, nda, list, revoke, mine; the form when typed alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.access import grants
from bot.access import requests as access_requests
from bot.access.parse import parse_commitment, parse_grant_id, parse_list_target, parse_request
from bot.access.views import account_choices, limits
from bot.core import runner
from handlers.access import actions as access_actions
from handlers.access import blocks
from handlers.access.flows import publish_request
from handlers.access.modals import request_modal
from handlers.calls import CommandCall, Reply

if TYPE_CHECKING:
    from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    ctx = rt.ctx
    hint = "request <handle> <role> [for 7d] <reason> | list | mine | revoke <id> | nda @user <link>"
    cmd = rt.registry.command("/access", "cmd.access.description", hint)

    @cmd.sub("", "usage.access.request")
    def bare(call: CommandCall) -> Reply | None:
        if call.args.strip():
            return Reply(f"{call.tr('error.unknown_subcommand', command='/access')}\n{cmd.usage(call.tr)}")

        def form_data(s: Any) -> tuple[list[str], int]:
            return account_choices(s, call.actor.team_id), limits(s, call.actor.team_id).default_days

        choices, default_days = runner.run(ctx, call.actor, form_data)
        view = request_modal(call.tr, choices, default_days=default_days)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
        return None

    @cmd.sub("request", "usage.access.request")
    def request(call: CommandCall) -> Reply:
        draft = parse_request(call.args)
        view = runner.run(ctx, call.actor,
                          lambda s: access_requests.create_request(s, call.actor, draft, ctx.clock()))
        call.later(lambda client: publish_request(rt, client, call.actor, view.id, call.tr))
        return Reply(call.tr("access.request.sent", id=view.id, channel=view.approvals_channel or ""))

    @cmd.sub("nda", "usage.access.nda")
    def nda(call: CommandCall) -> Reply:
        draft = parse_commitment(call.args)
        runner.run(ctx, call.actor,
                   lambda s: access_requests.record_commitment(s, call.actor, draft, ctx.clock()))
        expires = (call.tr("access.nda.expires", date=draft.expires_on.isoformat()) if draft.expires_on
                   else call.tr("access.nda.no_expiry"))
        return Reply(call.tr("access.nda.recorded", user=draft.user_id, url=draft.document_url, expires=expires))

    @cmd.sub("list", "usage.access.list")
    def list_(call: CommandCall) -> Reply:
        target = parse_list_target(call.args)
        views = runner.run(ctx, call.actor, lambda s: grants.list_grants(s, call.actor, target))
        return Reply(blocks.grants_text(call.tr, views, ctx.clock()))

    @cmd.sub("revoke", "usage.access.revoke")
    def revoke(call: CommandCall) -> Reply:
        grant_id = parse_grant_id(call.args, "usage.access.revoke")
        view = runner.run(ctx, call.actor, lambda s: grants.request_revocation(
            s, call.actor, grant_id, ctx.clock()))
        return Reply(call.tr("access.revoke.requested", id=view.id, custodian=view.account.custodian_id))

    @cmd.sub("mine", "usage.access.mine")
    def mine(call: CommandCall) -> Reply:
        own, pending = runner.run(ctx, call.actor, lambda s: grants.mine(s, call.actor))
        return Reply(blocks.mine_text(call.tr, own, pending, ctx.clock()))

    access_actions.register(rt)
