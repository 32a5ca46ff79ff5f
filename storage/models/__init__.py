"""All mapped classes, imported here so `Base.metadata` knows every table."""

from storage.models.base import Base, TeamScoped, utcnow
from storage.models.core import AuditEntry, AuditHead, InboundRequest, RoleAssignment, Workspace

__all__ = [
    "AuditEntry",
    "AuditHead",
    "Base",
    "InboundRequest",
    "RoleAssignment",
    "TeamScoped",
    "Workspace",
    "utcnow",
]
