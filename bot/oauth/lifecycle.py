"""A workspace installs, uninstalls, or has its bot token revoked (OAuth mode).

Uninstalled (`app_uninstalled`, or `tokens_revoked` naming the bot): the workspace is marked
(`uninstalled_at`), its install rows and so its tokens are deleted, its pending deliveries are
suspended (cancelled with the reason `SUSPENDED`: the scheduler sends none of them) and the
producers skip it (scheduler/jobs.py). Every other record is kept: nothing else is deleted.
A re-install clears the mark, resumes the suspended deliveries still in the future (past ones
stay cancelled: a week-old reminder is noise) and the producers pick the workspace up again.
Each is one entry in the workspace's audit chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from bot.core.config import Settings
from bot.core.workspace import get_workspace
from storage import audit
from storage.models import Delivery, SlackBot, SlackInstallation

SUSPENDED = "workspace_uninstalled"  # the `last_error` of a delivery suspended by an uninstall
SLACK = "slack"  # the audit actor of what Slack told us (no user acted in this app)


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def installed(session: Session, settings: Settings, team_id: str, installer: str, now: datetime) -> int:
    """After the install's tokens were stored: the workspace is active again; how many suspended
    deliveries were resumed."""
    ws = get_workspace(session, settings, team_id)
    again = ws.uninstalled_at is not None
    ws.uninstalled_at = None
    resumed = _count(session.execute(
        update(Delivery)
        .where(Delivery.team_id == team_id, Delivery.state == "cancelled", Delivery.last_error == SUSPENDED,
               Delivery.due_at > now)
        .values(state="pending", last_error=None)
    ))
    audit.append(session, team_id=team_id, actor=installer, action="oauth.installed", at=now,
                 detail={"reinstall": again, "resumed": resumed})
    return resumed


def uninstalled(session: Session, settings: Settings, team_id: str, *, reason: str, now: datetime) -> int:
    """`reason`: "app_uninstalled" or "tokens_revoked". How many deliveries were suspended."""
    ws = get_workspace(session, settings, team_id)
    if ws.uninstalled_at is None:
        ws.uninstalled_at = now
    tokens = 0
    for model in (SlackBot, SlackInstallation):
        tokens += _count(session.execute(delete(model).where(model.team_id == team_id)))
    suspended = _count(session.execute(
        update(Delivery).where(Delivery.team_id == team_id, Delivery.state == "pending")
        .values(state="cancelled", last_error=SUSPENDED)
    ))
    audit.append(session, team_id=team_id, actor=SLACK, action=f"oauth.{reason}", at=now,
                 detail={"install_rows_deleted": tokens, "deliveries_suspended": suspended})
    return suspended


def user_tokens_revoked(session: Session, team_id: str, user_ids: Iterable[str], now: datetime) -> None:
    """Users' own tokens revoked (the app asks for none today, so usually nothing to clear)."""
    users = sorted(set(user_ids))
    session.execute(
        update(SlackInstallation).where(SlackInstallation.team_id == team_id, SlackInstallation.user_id.in_(users))
        .values(user_token=None, user_refresh_token=None, user_token_expires_at=None)
    )
    audit.append(session, team_id=team_id, actor=SLACK, action="oauth.user_tokens_revoked", at=now,
                 detail={"users": users})
