"""What the admin's rules return: the workspace settings as the forms and replies show them."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Workspace


@dataclass(frozen=True)
class WorkspaceView:
    team_id: str
    approvals_channel: str | None
    crisis_channel: str | None
    digest_channel: str | None
    timezone: str
    language: str
    access_default_days: int
    access_max_days: int
    review_days: int


def workspace_view(ws: Workspace) -> WorkspaceView:
    return WorkspaceView(
        team_id=ws.team_id, approvals_channel=ws.approvals_channel, crisis_channel=ws.crisis_channel,
        digest_channel=ws.digest_channel, timezone=ws.timezone, language=ws.language,
        access_default_days=ws.access_default_days, access_max_days=ws.access_max_days, review_days=ws.review_days,
    )
