"""Run a use case in one unit of work; audit refusals after the rollback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.context import AppContext
from bot.core.errors import Forbidden
from storage import audit

T = TypeVar("T")
log = logging.getLogger("socialops.authz")


def run(ctx: AppContext, actor: Actor, use_case: Callable[[Session], T]) -> T:
    try:
        with ctx.db.uow() as session:
            return use_case(session)
    except Forbidden as refused:
        # The refused attempt is itself a fact worth keeping (SPEC §0.9), stamped by the app's clock.
        with ctx.db.uow() as session:
            audit.append(
                session, team_id=actor.team_id, actor=actor.user_id, action=refused.action,
                subject=refused.subject, outcome="refused", at=ctx.clock(),
            )
        log.warning(
            "refused", extra={"team": actor.team_id, "user": actor.user_id, "action": refused.action}
        )
        raise
