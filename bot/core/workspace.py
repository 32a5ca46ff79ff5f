"""The workspace row: created with the deployment's defaults on first contact; its language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.core.config import Settings
from storage.models import Workspace
from storage.upsert import insert_ignore


def get_workspace(session: Session, settings: Settings, team_id: str) -> Workspace:
    """The workspace row, created with the deployment's defaults on first contact."""
    ws = session.get(Workspace, team_id)
    if ws is None:
        insert_ignore(
            session,
            Workspace,
            {
                "team_id": team_id,
                "timezone": settings.socialops_timezone,
                "language": settings.socialops_language,
            },
        )
        ws = session.get(Workspace, team_id)
        assert ws is not None
    return ws


def language_of(session: Session, settings: Settings, team_id: str) -> str:
    ws = session.get(Workspace, team_id)
    return ws.language if ws is not None else settings.socialops_language
