"""All mapped classes, imported here so `Base.metadata` knows every table."""

from storage.models.access import (
    ACCESS_ROLES,
    AccessRequest,
    AccessReview,
    AccessReviewCycle,
    Commitment,
    Grant,
)
from storage.models.accounts import NETWORKS, Account, PasswordKnower, RotationTaskMessage, VaultSecret
from storage.models.base import Base, TeamScoped, utcnow
from storage.models.brands import BrandProfile, BrandProfileVersion
from storage.models.core import AuditEntry, AuditHead, InboundRequest, RefusalWindow, RoleAssignment, Workspace
from storage.models.crisis import (
    SEVERITIES,
    Crisis,
    CrisisCounter,
    CrisisEvent,
    CrisisPage,
    CrisisSettings,
    CrisisStatement,
)
from storage.models.handover import ActCounter, HandoverAct, HandoverItem
from storage.models.posts import POST_STATES, Post, PostReview, PostSettings, PostVariant
from storage.models.replies import (
    REPLY_CATEGORIES,
    REPLY_LANGUAGES,
    REPLY_VERSION_STATES,
    ReplyTemplate,
    ReplyTemplateVersion,
    ReplyTerm,
    ReplyUse,
)
from storage.models.scheduling import DELIVERY_STATES, Delivery, SchedulerLock

__all__ = [
    "ACCESS_ROLES",
    "DELIVERY_STATES",
    "NETWORKS",
    "POST_STATES",
    "REPLY_CATEGORIES",
    "REPLY_LANGUAGES",
    "REPLY_VERSION_STATES",
    "SEVERITIES",
    "AccessRequest",
    "AccessReview",
    "AccessReviewCycle",
    "Account",
    "ActCounter",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BrandProfile",
    "BrandProfileVersion",
    "Commitment",
    "Crisis",
    "CrisisCounter",
    "CrisisEvent",
    "CrisisPage",
    "CrisisSettings",
    "CrisisStatement",
    "Delivery",
    "Grant",
    "HandoverAct",
    "HandoverItem",
    "InboundRequest",
    "PasswordKnower",
    "Post",
    "PostReview",
    "PostSettings",
    "PostVariant",
    "RefusalWindow",
    "ReplyTemplate",
    "ReplyTemplateVersion",
    "ReplyTerm",
    "ReplyUse",
    "RoleAssignment",
    "RotationTaskMessage",
    "SchedulerLock",
    "TeamScoped",
    "VaultSecret",
    "Workspace",
    "utcnow",
]
