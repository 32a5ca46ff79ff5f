"""Roles (SPEC §1) and the one guard every privileged action goes through."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.deployment import deployment_of
from bot.core.errors import Forbidden
from storage.models import RoleAssignment


class Role(StrEnum):
    ADMIN = "admin"
    CUSTODIAN = "custodian"
    APPROVER = "approver"
    CRISIS_LEAD = "crisis_lead"
    PUBLISHER = "publisher"
    AUDITOR = "auditor"

    @classmethod
    def parse(cls, text: str) -> Role | None:
        norm = text.strip().lower().replace("-", "_").replace(" ", "_")
        aliases = {"crisis": "crisis_lead", "lead": "crisis_lead"}
        try:
            return cls(aliases.get(norm, norm))
        except ValueError:
            return None


# Who acts when nobody pressed anything: the scheduler, or the app refreshing its own messages.
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who acts, always taken from the signed payload (never from a button value)."""

    team_id: str
    user_id: str


def roles_of(session: Session, actor: Actor) -> set[Role]:
    roles = {
        Role(r)
        for r in session.scalars(
            select(RoleAssignment.role).where(
                RoleAssignment.team_id == actor.team_id, RoleAssignment.user_id == actor.user_id
            )
        )
    }
    if actor.user_id in deployment_of(session).admins:  # SOCIALOPS_ADMINS: admins everywhere
        roles.add(Role.ADMIN)
    return roles


def has_role(session: Session, actor: Actor, *allowed: Role) -> bool:
    held = roles_of(session, actor)
    return Role.ADMIN in held or any(r in held for r in allowed)


def require_role(
    session: Session, actor: Actor, *allowed: Role, action: str, subject: str = ""
) -> None:
    """Raise Forbidden unless the actor holds one of `allowed` (admins always pass).

    The refusal is audited by the service runner after the rollback (see runner.run).
    """
    if not has_role(session, actor, *allowed):
        raise Forbidden(
            "error.forbidden_role",
            action=action,
            subject=subject,
            roles=", ".join(r.value for r in allowed) or Role.ADMIN.value,
        )


def admin_ids(session: Session, team_id: str) -> list[str]:
    """Everyone who is an admin here: SOCIALOPS_ADMINS and the admin role holders."""
    held = set(session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.team_id == team_id, RoleAssignment.role == Role.ADMIN.value)))
    return sorted(held | deployment_of(session).admins)
