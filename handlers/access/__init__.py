"""Delegated access: requests, approvals, fulfilment, expiry and reviews (`/access`, SPEC §3)."""

from __future__ import annotations

from datetime import timedelta

from bot.access import catalog, grants, review
from bot.access.views import KIND_REVIEW_CYCLE
from bot.core.feature import Feature
from bot.core.periodic import Producer
from handlers.access import actions, commands, notices, views
from handlers.access.ids import AccessIds
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only, in the order `/access help` lists them: /access and its subcommands, the buttons, the forms."""
    hint = "request <handle> <role> [for 7d] <reason> | list | mine | revoke <id> | nda @user <link>"
    cmd = rt.registry.command("/access", "cmd.access.description", hint)
    cmd.sub("", "usage.access.request")(commands.bare)
    cmd.sub("request", "usage.access.request")(commands.request)
    cmd.sub("nda", "usage.access.nda")(commands.nda)
    cmd.sub("list", "usage.access.list")(commands.list_)
    cmd.sub("pending", "usage.access.pending")(commands.pending)
    cmd.sub("revoke", "usage.access.revoke")(commands.revoke)
    cmd.sub("mine", "usage.access.mine")(commands.mine)
    cmd.sub("withdraw", "usage.access.withdraw")(commands.withdraw)
    register_action(rt, AccessIds.APPROVE, actions.approve)
    register_action(rt, AccessIds.DENY, actions.deny)
    register_action(rt, AccessIds.DONE, actions.done)
    register_action(rt, AccessIds.CANNOT, actions.cannot)
    register_action(rt, AccessIds.REVOKED, actions.revoked)
    register_action(rt, AccessIds.EXTEND, actions.extend)
    register_action(rt, AccessIds.REVIEW_KEEP, actions.review_keep)
    register_action(rt, AccessIds.REVIEW_REVOKE, actions.review_revoke)
    register_view(rt, AccessIds.DENY_VIEW, views.deny_submitted)
    register_view(rt, AccessIds.CANNOT_VIEW, views.cannot_submitted)
    register_view(rt, AccessIds.REQUEST_VIEW, views.request_submitted, once=True)  # creates a request


FEATURE = Feature(
    name="access",
    catalog=catalog.MESSAGES,
    register=register,
    renderers=notices.RENDERERS,
    producers=(Producer(KIND_REVIEW_CYCLE, review.review_producer, every=timedelta(hours=1)),),
    subscribers=(
        ("revocation.needed", grants.on_revocation_needed),
        ("account.rotated", grants.on_account_rotated),
    ),
    ids=(AccessIds,),
)
