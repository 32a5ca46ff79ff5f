"""All mapped classes, imported here so `Base.metadata` knows every table."""

from storage.models.access import ACCESS_ROLES, AccessRequest, Commitment, Grant
from storage.models.accounts import NETWORKS, Account, PasswordKnower, VaultSecret
from storage.models.base import Base, TeamScoped, utcnow
from storage.models.core import AuditEntry, AuditHead, InboundRequest, RoleAssignment, Workspace
from storage.models.scheduling import Delivery

__all__ = [
    "ACCESS_ROLES",
    "NETWORKS",
    "AccessRequest",
    "Account",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Commitment",
    "Delivery",
    "Grant",
    "InboundRequest",
    "PasswordKnower",
    "RoleAssignment",
    "TeamScoped",
    "VaultSecret",
    "Workspace",
    "utcnow",
]
