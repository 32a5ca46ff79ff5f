"""Delegated access: requests, approvals, fulfilment, expiry and reviews (`/access`, SPEC §3)."""

from __future__ import annotations

from datetime import timedelta

from bot.access import catalog, grants, review
from bot.access.views import KIND_REVIEW_CYCLE
from bot.core.feature import Feature
from bot.core.periodic import Producer
from handlers.access import commands, notices
from handlers.access.ids import AccessIds

FEATURE = Feature(
    name="access",
    catalog=catalog.MESSAGES,
    register=commands.register,
    renderers=notices.RENDERERS,
    producers=(Producer(KIND_REVIEW_CYCLE, review.review_producer, every=timedelta(hours=1)),),
    subscribers=(
        ("revocation.needed", grants.on_revocation_needed),
        ("account.rotated", grants.on_account_rotated),
    ),
    ids=(AccessIds,),
)
