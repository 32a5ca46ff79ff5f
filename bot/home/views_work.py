"""What the App Home's *My work* and *My access* parts show (frozen domain views, no Slack)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

# The kinds of item in *My work*, in the order the Home shows them: what cannot wait first.
PAGE = "crisis.page"
STATEMENT = "crisis.statement"
ACCESS_REQUEST = "access.request"
POST = "posts.approval"
REPLY = "replies.approval"
HANDOVER_DELIVER = "handover.deliver"
HANDOVER_RECEIVE = "handover.receive"
FULFIL = "access.fulfil"
REVOKE = "access.revoke"
ROTATION = "accounts.rotation"


@dataclass(frozen=True)
class WorkItem:
    """One decision or task. `value` is the button value the feature's own listener expects;
    `params` fill the item's line (every one of them is rendered as user text)."""

    kind: str
    value: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkGroup:
    kind: str
    items: tuple[WorkItem, ...]  # the first ones (at most the load limit)
    total: int  # how many there are in all


@dataclass(frozen=True)
class MyGrant:
    id: int
    network: str
    handle: str
    role: str
    status: str  # active | awaiting_fulfilment | revoking
    expires_at: datetime | None
    shared_password: bool


@dataclass(frozen=True)
class MyAccess:
    grants: tuple[MyGrant, ...]
    total: int


@dataclass(frozen=True)
class MyWork:
    groups: tuple[WorkGroup, ...]  # only the kinds with something in them, in the order above
    decides: bool  # the viewer holds a role that decides or does tasks (else: no decisions to show)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


@dataclass(frozen=True)
class WorkAndAccess:
    work: MyWork
    access: MyAccess
    timezone: str
