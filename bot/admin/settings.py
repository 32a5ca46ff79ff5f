"""Workspace settings (SPEC §9) and role administration (SPEC §1): the admin's rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.admin.views import WorkspaceView, workspace_view
from bot.core.authz import Actor, Role, require_role
from bot.core.config import Settings
from bot.core.deployment import deployment_of
from bot.core.errors import Conflict, UsageError
from bot.core.i18n import LANGUAGES
from bot.core.workspace import get_workspace
from storage import audit
from storage.models import RoleAssignment
from storage.upsert import insert_ignore


@dataclass(frozen=True)
class SetupChange:
    approvals_channel: str | None = None
    crisis_channel: str | None = None
    digest_channel: str | None = None
    timezone: str | None = None
    language: str | None = None
    access_default_days: int | None = None
    access_max_days: int | None = None
    review_days: int | None = None
    rotation_days: int | None = None


def current_settings(session: Session, settings: Settings, actor: Actor) -> WorkspaceView:
    """What the setup form starts from (admins only)."""
    require_role(session, actor, Role.ADMIN, action="workspace.setup")
    return workspace_view(get_workspace(session, settings, actor.team_id))


def apply_setup(
    session: Session, settings: Settings, actor: Actor, change: SetupChange, now: datetime
) -> WorkspaceView:
    require_role(session, actor, Role.ADMIN, action="workspace.setup")
    if change.timezone is not None:
        try:
            ZoneInfo(change.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError("error.bad_timezone", usage_key="usage.socialops.setup", tz=change.timezone) from None
    if change.language is not None and change.language not in LANGUAGES:
        raise UsageError("error.bad_language", usage_key="usage.socialops.setup", lang=change.language)
    ws = get_workspace(session, settings, actor.team_id)
    if (
        change.access_default_days is not None
        and change.access_max_days is None
        and change.access_default_days > ws.access_max_days
    ):
        raise UsageError("error.default_over_max", usage_key="usage.socialops.setup")
    changed: dict[str, object] = {}
    for field, value in vars(change).items():
        if value is not None and getattr(ws, field) != value:
            setattr(ws, field, value)
            changed[field] = value
    if changed:
        ws.updated_at = now
        audit.append(
            session, team_id=actor.team_id, actor=actor.user_id, action="workspace.setup", at=now, detail=changed
        )
    return workspace_view(ws)


def add_role(session: Session, actor: Actor, user_id: str, role: Role, now: datetime) -> bool:
    """Grant `role`; False when the user already held it (idempotent)."""
    require_role(session, actor, Role.ADMIN, action="role.add", subject=f"{user_id}:{role}")
    inserted = insert_ignore(
        session,
        RoleAssignment,
        {"team_id": actor.team_id, "user_id": user_id, "role": role.value, "granted_by": actor.user_id,
         "granted_at": now},
    )
    if inserted:
        audit.append(
            session, team_id=actor.team_id, actor=actor.user_id, action="role.add", at=now,
            subject=user_id, detail={"role": role.value},
        )
    return inserted


def remove_role(session: Session, actor: Actor, user_id: str, role: Role, now: datetime) -> None:
    require_role(session, actor, Role.ADMIN, action="role.remove", subject=f"{user_id}:{role}")
    if role is Role.ADMIN and user_id in deployment_of(session).admins:
        raise Conflict("error.role_from_env", user=user_id)
    result = session.execute(
        delete(RoleAssignment).where(
            RoleAssignment.team_id == actor.team_id,
            RoleAssignment.user_id == user_id,
            RoleAssignment.role == role.value,
        )
    )
    if not getattr(result, "rowcount", 0):
        raise Conflict("error.role_not_held", user=user_id, role=role.value)
    audit.append(
        session, team_id=actor.team_id, actor=actor.user_id, action="role.remove", at=now,
        subject=user_id, detail={"role": role.value},
    )


def list_roles(session: Session, team_id: str) -> dict[str, list[str]]:
    """role → sorted user ids, the SOCIALOPS_ADMINS included under admin."""
    by_role: dict[str, set[str]] = {r.value: set() for r in Role}
    for ra in session.scalars(select(RoleAssignment).where(RoleAssignment.team_id == team_id)):
        by_role.setdefault(ra.role, set()).add(ra.user_id)
    by_role[Role.ADMIN.value].update(deployment_of(session).admins)
    return {role: sorted(users) for role, users in by_role.items()}
