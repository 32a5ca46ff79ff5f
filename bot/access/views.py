"""Shared pieces of the access feature: account lookup, workspace limits, views for rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.access.guides import network_role
from bot.accounts.lookup import split_ref
from bot.core.errors import NotFound, UsageError
from bot.core.parsing import parse_id
from storage.models import AccessRequest, Account, Commitment, Grant, Workspace

# Delivery kinds owned by this feature (handlers/access/notices.py renders them).
KIND_FULFIL = "access.fulfil"
KIND_WARNING = "access.expiry_warning"
KIND_REVOKE = "access.revoke_task"
KIND_REVIEW = "access.review"
KIND_REVIEW_REPORT = "access.review_report"
KIND_REVIEW_CYCLE = "access.review_cycle"

DAILY = timedelta(days=1)
WEEKLY = timedelta(days=7)
WARNINGS = (("1d", timedelta(days=1)), ("1h", timedelta(hours=1)))
OPEN_GRANT_STATES = ("awaiting_fulfilment", "active", "revoking")


@dataclass(frozen=True)
class Limits:
    approvals_channel: str | None
    timezone: str
    default_days: int
    max_days: int
    review_days: int


def limits(session: Session, team_id: str) -> Limits:
    """The workspace's access settings, with the documented defaults before setup."""
    ws = session.get(Workspace, team_id)
    if ws is None:
        return Limits(None, "UTC", 30, 180, 90)
    return Limits(ws.approvals_channel, ws.timezone or "UTC", ws.access_default_days or 30,
                  ws.access_max_days or 180, ws.review_days or 90)


def find_account(session: Session, team_id: str, text: str, *, usage_key: str) -> Account:
    """An active account by handle ("@acme", "acme") or "network:handle" when ambiguous.

    The reference is read as `/accounts` reads it (bot.accounts.lookup.split_ref): a handle that is
    also someone's Slack name arrives escaped as `<@U0123|acme>`, and network aliases (`ig:`) work.
    """
    network, handle = split_ref(text)
    if not handle:
        raise UsageError("access.error.unknown_account", usage_key=usage_key, text=text[:60] or "—")
    query = select(Account).where(Account.team_id == team_id, Account.status == "active",
                                  Account.handle == handle)
    if network:
        query = query.where(Account.network == network)
    found = list(session.scalars(query.order_by(Account.network)))
    if not found:
        raise UsageError("access.error.unknown_account", usage_key=usage_key, text=text[:60])
    if len(found) > 1:
        options = ", ".join(f"`{a.network}:{a.handle}`" for a in found)
        raise UsageError("access.error.ambiguous_account", usage_key=usage_key, text=text[:60], options=options)
    return found[0]


def account_choices(session: Session, team_id: str, limit: int = 101) -> list[str]:
    """Active accounts as "network:handle", for the request form's menu."""
    rows = session.scalars(select(Account).where(Account.team_id == team_id, Account.status == "active")
                           .order_by(Account.network, Account.handle).limit(limit))
    return [f"{a.network}:{a.handle}" for a in rows]


def get_request(session: Session, team_id: str, request_id: int) -> AccessRequest:
    # An id out of the database's range is unknown too, and never reaches the driver (it would
    # overflow on SQLite and fail the statement on PostgreSQL): callers other than the listeners
    # (events, the CLI) pass ints the parser never saw.
    req = session.get(AccessRequest, request_id) if parse_id(request_id) is not None else None
    if req is None or req.team_id != team_id:
        raise NotFound("access.error.request_not_found", id=request_id)
    return req


def get_grant(session: Session, team_id: str, grant_id: int) -> Grant:
    grant = session.get(Grant, grant_id) if parse_id(grant_id) is not None else None
    if grant is None or grant.team_id != team_id:
        raise NotFound("access.error.grant_not_found", id=grant_id)
    return grant


def get_account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    assert account is not None  # foreign key
    return account


def has_valid_commitment(session: Session, team_id: str, user_id: str, today: date) -> bool:
    found = session.scalar(
        select(Commitment.id).where(
            Commitment.team_id == team_id, Commitment.user_id == user_id,
            or_(Commitment.expires_on.is_(None), Commitment.expires_on >= today),
        ).limit(1)
    )
    return found is not None


@dataclass(frozen=True)
class AccountRef:
    id: int
    network: str
    handle: str
    custodian_id: str

    @classmethod
    def of(cls, account: Account) -> AccountRef:
        return cls(account.id, account.network, account.handle, account.custodian_id)


@dataclass(frozen=True)
class RequestView:
    id: int
    team_id: str
    requester_id: str
    account: AccountRef
    role: str
    role_name: str | None
    duration: timedelta
    reason: str
    shared_password: bool
    status: str
    external: bool | None
    has_commitment: bool
    extends_grant_id: int | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    message_channel: str | None
    message_ts: str | None
    timezone: str
    approvals_channel: str | None


def request_view(session: Session, req: AccessRequest, *, today: date | None = None) -> RequestView:
    account = get_account(session, req.account_id)
    lim = limits(session, req.team_id)
    today = today or req.created_at.date()
    return RequestView(
        id=req.id, team_id=req.team_id, requester_id=req.requester_id, account=AccountRef.of(account),
        role=req.role, role_name=network_role(account.network, req.role),
        duration=timedelta(seconds=req.duration_seconds), reason=req.reason,
        shared_password=req.shared_password, status=req.status, external=req.requester_external,
        has_commitment=has_valid_commitment(session, req.team_id, req.requester_id, today),
        extends_grant_id=req.extends_grant_id, decided_by=req.decided_by, decided_at=req.decided_at,
        decision_note=req.decision_note or req.fulfilment_note, message_channel=req.message_channel,
        message_ts=req.message_ts, timezone=lim.timezone, approvals_channel=lim.approvals_channel,
    )


@dataclass(frozen=True)
class GrantView:
    id: int
    team_id: str
    holder_id: str
    account: AccountRef
    role: str
    role_name: str | None
    shared_password: bool
    status: str
    expires_at: datetime | None
    holder_email: str | None
    request_id: int | None
    revoke_reason: str | None
    actor: str | None  # who did the step this view reports (fulfilled, revoked…)
    at: datetime | None
    timezone: str


def grant_view(session: Session, grant: Grant, *, actor: str | None = None,
               at: datetime | None = None) -> GrantView:
    account = get_account(session, grant.account_id)
    req = session.get(AccessRequest, grant.request_id) if grant.request_id else None
    return GrantView(
        id=grant.id, team_id=grant.team_id, holder_id=grant.holder_id, account=AccountRef.of(account),
        role=grant.role, role_name=network_role(account.network, grant.role),
        shared_password=grant.shared_password, status=grant.status, expires_at=grant.expires_at,
        holder_email=req.requester_email if req else None, request_id=grant.request_id,
        revoke_reason=grant.revoke_reason, actor=actor, at=at, timezone=limits(session, grant.team_id).timezone,
    )
