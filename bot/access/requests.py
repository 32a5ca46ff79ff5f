"""Access requests (SPEC §3): ask, approve (four eyes), deny; confidentiality commitments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.access import grants
from bot.access.guides import network_role, roles_available
from bot.access.parse import CommitmentDraft, RequestDraft
from bot.access.views import (
    RequestView,
    find_account,
    get_account,
    get_grant,
    get_request,
    has_valid_commitment,
    limits,
    request_view,
)
from bot.core.authz import Actor, Role, require_role
from bot.core.errors import Conflict, DomainError, Forbidden, UsageError
from storage import audit
from storage.models import AccessRequest, Commitment, Grant

USAGE = "usage.access.request"


def create_request(
    session: Session, actor: Actor, draft: RequestDraft, now: datetime, *, extends_grant_id: int | None = None
) -> RequestView:
    """Validate everything first: a refused request leaves no row behind."""
    lim = limits(session, actor.team_id)
    if not lim.approvals_channel:
        raise DomainError("access.error.no_approvals_channel")
    account = find_account(session, actor.team_id, draft.account, usage_key=USAGE)
    if network_role(account.network, draft.role) is None and not draft.shared_password:
        available = ", ".join(roles_available(account.network)) or "—"
        raise UsageError("access.error.role_unavailable", usage_key=USAGE, role=draft.role,
                         network=account.network, available=available)
    duration = draft.duration or timedelta(days=lim.default_days)
    if duration > timedelta(days=lim.max_days):
        raise UsageError("access.error.too_long", usage_key=USAGE, max_days=lim.max_days)
    # Checked here rather than in the parser: for `/access request acme editor` the unknown
    # account is the first thing to fix, not the missing reason.
    if not draft.reason.strip():
        raise UsageError("access.error.missing_reason", usage_key=USAGE)
    # One pending request per person, account and role: a second is what a user sends again
    # when Slack showed a timeout although the first went through (the process died before its
    # answer), or a double submission; told where the first one is, nothing written.
    pending = session.scalar(select(AccessRequest.id).where(
        AccessRequest.team_id == actor.team_id, AccessRequest.requester_id == actor.user_id,
        AccessRequest.account_id == account.id, AccessRequest.role == draft.role,
        AccessRequest.status == "pending").order_by(AccessRequest.id).limit(1))
    if pending is not None:
        raise Conflict("access.error.already_pending", id=pending, role=draft.role,
                       account=f"{account.network}:{account.handle}", channel=lim.approvals_channel)
    if extends_grant_id is not None:
        # The extension form names the grant; one that does not exist here is "no such grant".
        old = get_grant(session, actor.team_id, extends_grant_id)
        # Only a like-for-like extension of the requester's own grant skips the platform step.
        if old.holder_id != actor.user_id or old.account_id != account.id or old.role != draft.role:
            extends_grant_id = None
    req = AccessRequest(
        team_id=actor.team_id, account_id=account.id, requester_id=actor.user_id, role=draft.role,
        duration_seconds=int(duration.total_seconds()), reason=draft.reason,
        shared_password=draft.shared_password, status="pending", created_at=now,
        extends_grant_id=extends_grant_id,
    )
    session.add(req)
    session.flush()
    audit.append(
        session, team_id=actor.team_id, actor=actor.user_id, action="access.requested", subject=f"request:{req.id}",
        at=now, detail={"account": f"{account.network}:{account.handle}", "role": draft.role,
                        "duration_s": req.duration_seconds, "shared_password": draft.shared_password,
                        "extends_grant": extends_grant_id},
    )
    return request_view(session, req, today=now.date())


def record_requester_info(session: Session, team_id: str, request_id: int, *, external: bool,
                          email: str | None) -> RequestView:
    """Remember what users.info said (guest or Slack Connect; the e-mail for the custodian)."""
    req = get_request(session, team_id, request_id)
    req.requester_external = external
    req.requester_email = email
    return request_view(session, req)


def record_message(session: Session, team_id: str, request_id: int, channel: str, ts: str) -> None:
    """Where the approvals message is, for a later chat.update."""
    req = get_request(session, team_id, request_id)
    req.message_channel, req.message_ts = channel, ts


def requester_of(session: Session, team_id: str, request_id: int) -> str:
    return get_request(session, team_id, request_id).requester_id


def _check_decider(session: Session, actor: Actor, req: AccessRequest,
                   action: str) -> None:
    subject = f"request:{req.id}"
    require_role(session, actor, Role.APPROVER, action=action, subject=subject)
    if actor.user_id == req.requester_id:
        raise Forbidden("access.error.own_request", action=action, subject=subject)


def _already(req: AccessRequest) -> Conflict:
    return Conflict("access.error.already_decided", id=req.id, status=req.status, by=req.decided_by or "—")


PENDING_LISTED = 50  # one ephemeral message; the rest are counted


def pending_requests(session: Session, actor: Actor) -> tuple[list[RequestView], int]:
    """The requests waiting for a decision the actor may take (approvers; not their own), oldest
    first, and how many there are in all."""
    require_role(session, actor, Role.APPROVER, action="access.pending", subject="")
    waiting = (AccessRequest.team_id == actor.team_id, AccessRequest.status == "pending",
               AccessRequest.requester_id != actor.user_id)
    total = session.scalar(select(func.count()).select_from(AccessRequest).where(*waiting)) or 0
    rows = session.scalars(select(AccessRequest).where(*waiting).order_by(AccessRequest.id).limit(PENDING_LISTED))
    return [request_view(session, r) for r in rows], total


def check_can_decide(session: Session, actor: Actor, request_id: int, action: str = "access.deny") -> RequestView:
    """Before opening the Deny modal, or writing an Approve press: refuse the requester and
    non-approvers at once (audited as `action`), and a request already decided."""
    req = get_request(session, actor.team_id, request_id)
    _check_decider(session, actor, req, action)
    if req.status != "pending":
        raise _already(req)
    return request_view(session, req)


def _claim(session: Session, req: AccessRequest, status: str, actor: Actor, now: datetime,
           note: str | None = None, **extra: object) -> None:
    """The single decision: a conditional UPDATE; whoever comes second changes nothing."""
    result = session.execute(
        update(AccessRequest)
        .where(AccessRequest.id == req.id, AccessRequest.status == "pending")
        .values(status=status, decided_by=actor.user_id, decided_at=now, decision_note=note, **extra)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        session.refresh(req)
        raise _already(req)
    session.refresh(req)


@dataclass(frozen=True)
class Decision:
    request: RequestView
    grant_id: int | None
    extended: bool  # an extension approved in place: no fulfilment step
    expires_at: datetime | None = None  # known at once only for an extension


def approve(session: Session, actor: Actor, request_id: int, *, external: bool,
            email: str | None, now: datetime) -> Decision:
    """Approve a pending request; `external` and `email` come fresh from users.info."""
    req = get_request(session, actor.team_id, request_id)
    _check_decider(session, actor, req, "access.approve")
    if req.status != "pending":
        raise _already(req)
    if external and not has_valid_commitment(session, actor.team_id, req.requester_id, now.date()):
        raise Forbidden("access.error.needs_commitment", action="access.approve", subject=f"request:{req.id}",
                        user=req.requester_id)
    _claim(session, req, "approved", actor, now, requester_external=external, requester_email=email)
    extended = False
    old = session.get(Grant, req.extends_grant_id) if req.extends_grant_id else None
    if old is not None and old.status == "active" and old.expires_at is not None and old.expires_at > now:
        grant = grants.extend(session, old, req, actor=actor.user_id, now=now)
        extended = True
    else:
        grant = grants.create_awaiting(session, req, now=now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="access.approved",
                 subject=f"request:{req.id}", at=now,
                 detail={"grant": grant.id, "external": external, "extension": extended})
    return Decision(request_view(session, req, today=now.date()), grant.id, extended, grant.expires_at)


def deny(session: Session, actor: Actor, request_id: int, reason: str,
         now: datetime) -> Decision:
    req = get_request(session, actor.team_id, request_id)
    _check_decider(session, actor, req, "access.deny")
    if req.status != "pending":
        raise _already(req)
    _claim(session, req, "denied", actor, now, note=reason)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="access.denied",
                 subject=f"request:{req.id}", at=now, detail={"reason": reason})
    return Decision(request_view(session, req, today=now.date()), None, False)


def withdraw(session: Session, actor: Actor, request_id: int, now: datetime) -> RequestView:
    """`/access withdraw <id>`: the requester takes back a request nobody has decided yet.

    The same conditional update as a decision, so a withdrawal and an approval racing each
    other change the request once; `decided_by` is then the requester.
    """
    req = get_request(session, actor.team_id, request_id)
    if actor.user_id != req.requester_id:
        raise Forbidden("access.error.not_requester", action="access.withdraw", subject=f"request:{req.id}")
    if req.status != "pending":
        raise _already(req)
    _claim(session, req, "cancelled", actor, now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="access.withdrawn",
                 subject=f"request:{req.id}", at=now)
    return request_view(session, req, today=now.date())


def record_commitment(session: Session, actor: Actor, draft: CommitmentDraft,
                      now: datetime) -> Commitment:
    require_role(session, actor, Role.CUSTODIAN, action="access.commitment", subject=draft.user_id)
    if draft.expires_on is not None and draft.expires_on < now.date():
        raise UsageError("access.error.date_past", usage_key="usage.access.nda", date=draft.expires_on.isoformat())
    row = Commitment(team_id=actor.team_id, user_id=draft.user_id, document_url=draft.document_url,
                     expires_on=draft.expires_on, recorded_by=actor.user_id, recorded_at=now)
    session.add(row)
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="access.commitment_recorded",
                 subject=draft.user_id, at=now, detail={"document": draft.document_url,
                                                "expires_on": draft.expires_on.isoformat() if draft.expires_on
                                                else None})
    return row


@dataclass(frozen=True)
class ExtensionPrefill:
    account: str  # network:handle
    role: str
    shared_password: bool
    grant_id: int


def extension_prefill(session: Session, actor: Actor, grant_id: int) -> ExtensionPrefill:
    """What the extension button pre-fills; only the holder may extend their own grant."""
    grant = get_grant(session, actor.team_id, grant_id)
    if grant.holder_id != actor.user_id:
        raise Forbidden("access.error.not_holder", action="access.extend", subject=f"grant:{grant.id}")
    account = get_account(session, grant.account_id)
    return ExtensionPrefill(f"{account.network}:{account.handle}", grant.role, grant.shared_password, grant.id)
