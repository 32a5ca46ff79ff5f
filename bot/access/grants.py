"""Grants (SPEC §3): fulfilment by the custodian, expiry, revocation, listing.

A grant's life: awaiting_fulfilment → active → revoking → revoked. Every transition is
a conditional UPDATE on the current state, so a double click or two people at once
change it once. Reminders are durable deliveries scheduled in the same unit of work.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.access.parse import ListTarget
from bot.access.views import (
    DAILY,
    KIND_FULFIL,
    KIND_REVOKE,
    KIND_WARNING,
    OPEN_GRANT_STATES,
    WARNINGS,
    GrantView,
    RequestView,
    find_account,
    get_account,
    get_grant,
    grant_view,
    request_view,
)
from bot.core.authz import Actor, Role, has_role, require_role
from bot.core.errors import Conflict, Forbidden
from bot.core.events import emit
from bot.core.parsing import parse_id
from bot.core.schedule import cancel, schedule
from storage import audit
from storage.models import AccessRequest, AccessReview, Account, Grant, PasswordKnower, Workspace
from storage.upsert import insert_ignore

SYSTEM = "system"  # the actor of what time does (expiry)


def _move(session: Session, grant: Grant, from_states: tuple[str, ...], to: str, **values: Any) -> bool:
    result = session.execute(
        update(Grant).where(Grant.id == grant.id, Grant.status.in_(from_states))
        .values(status=to, **values).execution_options(synchronize_session=False)
    )
    session.refresh(grant)
    return bool(getattr(result, "rowcount", 0))


def _require_custodian(session: Session, actor: Actor, grant: Grant, *, action: str) -> None:
    """The platform steps (grant the role, say it cannot be done, remove it) are for the custodian
    of *this* grant's account, or an admin: holding the custodian role for other accounts is not
    enough. The account is read now, so a change of custody since the task was sent is respected."""
    custodian = get_account(session, grant.account_id).custodian_id
    if actor.user_id == custodian or has_role(session, actor):  # no roles named: admins only
        return
    raise Forbidden("access.error.not_custodian", action=action, subject=f"grant:{grant.id}", custodian=custodian)


def _state_conflict(grant: Grant) -> Conflict:
    return Conflict("access.error.grant_state", id=grant.id, status=grant.status)


def _cancel(session: Session, grant: Grant, *kinds: str) -> None:
    for kind in kinds:
        cancel(session, team_id=grant.team_id, kind=kind, subject_id=grant.id)


def _close_reviews(session: Session, grant: Grant) -> None:
    """A review question about a grant that ended (or is ending) no longer needs an answer."""
    session.execute(update(AccessReview).where(AccessReview.grant_id == grant.id, AccessReview.status == "pending")
                    .values(status="closed"))


def _schedule_expiry(session: Session, grant: Grant, now: datetime) -> None:
    assert grant.expires_at is not None
    for label, before in WARNINGS:
        at = grant.expires_at - before
        if at > now:  # a 12-hour grant gets no "1 day before" warning
            schedule(session, team_id=grant.team_id, kind=KIND_WARNING, subject_id=grant.id, at=at,
                     recipient=grant.holder_id,
                     payload={"before": label, "expires_at": grant.expires_at.isoformat()})
    # At expiry the custodian gets the revocation task, daily until Revoked is pressed.
    schedule(session, team_id=grant.team_id, kind=KIND_REVOKE, subject_id=grant.id, at=grant.expires_at,
             repeat=DAILY, payload={"reason": "expired"})


def create_awaiting(session: Session, req: AccessRequest, *, now: datetime) -> Grant:
    """An approved request becomes a grant the custodian must set up on the platform."""
    grant = Grant(team_id=req.team_id, request_id=req.id, account_id=req.account_id, holder_id=req.requester_id,
                  role=req.role, shared_password=req.shared_password, status="awaiting_fulfilment",
                  created_at=now)
    session.add(grant)
    session.flush()
    # The custodian is resolved when sending, so a change of custodian meanwhile is respected.
    schedule(session, team_id=req.team_id, kind=KIND_FULFIL, subject_id=grant.id, at=now, repeat=DAILY)
    return grant


def extend(session: Session, old: Grant, req: AccessRequest, *, actor: str, now: datetime) -> Grant:
    """An approved extension of a grant still active: the role is already on the platform."""
    assert old.expires_at is not None
    new = Grant(team_id=req.team_id, request_id=req.id, account_id=req.account_id, holder_id=req.requester_id,
                role=req.role, shared_password=old.shared_password, status="active", created_at=now,
                fulfilled_by=actor, fulfilled_at=now,
                expires_at=max(old.expires_at, now) + timedelta(seconds=req.duration_seconds))
    session.add(new)
    req.status = "fulfilled"
    _move(session, old, ("active",), "superseded")
    _cancel(session, old, KIND_WARNING, KIND_REVOKE)
    _close_reviews(session, old)
    session.flush()
    _schedule_expiry(session, new, now)
    audit.append(session, team_id=req.team_id, actor=actor, action="access.extended", subject=f"grant:{new.id}",
                 at=now, detail={"replaces": old.id, "expires_at": new.expires_at.isoformat() if new.expires_at
                                 else None})
    return new


def fulfil(session: Session, actor: Actor, grant_id: int, now: datetime) -> GrantView:
    """The account's custodian pressed Done: the grant is active from now for the requested duration."""
    grant = get_grant(session, actor.team_id, grant_id)
    _require_custodian(session, actor, grant, action="access.fulfil")
    req = session.get(AccessRequest, grant.request_id) if grant.request_id else None
    duration = timedelta(seconds=req.duration_seconds if req else 0)
    if not _move(session, grant, ("awaiting_fulfilment",), "active", fulfilled_by=actor.user_id,
                 fulfilled_at=now, expires_at=now + duration):
        raise _state_conflict(grant)
    if req is not None:
        req.status = "fulfilled"
    _cancel(session, grant, KIND_FULFIL)
    if grant.shared_password:
        insert_ignore(session, PasswordKnower, {"team_id": grant.team_id, "account_id": grant.account_id,
                                                "user_id": grant.holder_id, "source": "shared_grant",
                                                "since": now})
    _schedule_expiry(session, grant, now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="access.fulfilled",
                 subject=f"grant:{grant.id}", at=now,
                 detail={"expires_at": grant.expires_at.isoformat() if grant.expires_at else None,
                         "shared_password": grant.shared_password})
    return grant_view(session, grant, actor=actor.user_id, at=now)


def check_can_fulfil(session: Session, actor: Actor, grant_id: int) -> GrantView:
    """Before opening the "Can't do it" form: the account's custodian (or an admin), only while awaiting."""
    grant = get_grant(session, actor.team_id, grant_id)
    _require_custodian(session, actor, grant, action="access.unfulfillable")
    if grant.status != "awaiting_fulfilment":
        raise _state_conflict(grant)
    return grant_view(session, grant)


def cannot_fulfil(session: Session, actor: Actor, grant_id: int, reason: str,
                  now: datetime) -> GrantView:
    grant = get_grant(session, actor.team_id, grant_id)
    _require_custodian(session, actor, grant, action="access.unfulfillable")
    if not _move(session, grant, ("awaiting_fulfilment",), "unfulfillable", revoke_reason="unfulfillable"):
        raise _state_conflict(grant)
    req = session.get(AccessRequest, grant.request_id) if grant.request_id else None
    if req is not None:
        req.status, req.fulfilment_note = "unfulfillable", reason
    _cancel(session, grant, KIND_FULFIL)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="access.unfulfillable",
                 subject=f"grant:{grant.id}", at=now, detail={"reason": reason})
    return grant_view(session, grant, actor=actor.user_id, at=now)


def begin_revocation(session: Session, grant: Grant, *, actor_id: str, reason: str, now: datetime,
                     schedule_task: bool = True) -> bool:
    """The grant must end: a revocation task for the custodian, daily until Revoked is pressed.

    False when the grant was not open (already revoking or ended): nothing changes.
    """
    was_active = grant.status == "active"
    if not _move(session, grant, ("awaiting_fulfilment", "active"), "revoking", revoke_requested_by=actor_id,
                 revoke_requested_at=now, revoke_reason=reason[:64]):
        return False
    _cancel(session, grant, KIND_FULFIL, KIND_WARNING)
    _close_reviews(session, grant)
    if schedule_task:
        _cancel(session, grant, KIND_REVOKE)  # the future expiry task; this one starts now
        schedule(session, team_id=grant.team_id, kind=KIND_REVOKE, subject_id=grant.id, at=now, repeat=DAILY,
                 payload={"reason": reason[:64]})
    if grant.shared_password and was_active:
        # NIST SP 800-53 AC-2(k): a shared credential changes when someone who knew it loses access.
        emit(session, "rotation.needed", now=now, team_id=grant.team_id, account_id=grant.account_id,
             reason="shared_grant_ended", actor=actor_id, user_id=grant.holder_id)
    audit.append(session, team_id=grant.team_id, actor=actor_id, action="access.revocation_requested",
                 subject=f"grant:{grant.id}", at=now, detail={"reason": reason})
    return True


def expire_if_due(session: Session, grant: Grant, now: datetime) -> bool:
    """At expiry time: the grant stops being active (the task itself is already scheduled)."""
    if grant.status != "active" or grant.expires_at is None or grant.expires_at > now:
        return False
    return begin_revocation(session, grant, actor_id=SYSTEM, reason="expired", now=now, schedule_task=False)


def request_revocation(session: Session, actor: Actor, grant_id: int,
                       now: datetime, *, reason: str = "revoked") -> GrantView:
    """`/access revoke <id>` (custodian or admin)."""
    grant = get_grant(session, actor.team_id, grant_id)
    require_role(session, actor, Role.CUSTODIAN, action="access.revoke", subject=f"grant:{grant.id}")
    if not begin_revocation(session, grant, actor_id=actor.user_id, reason=reason, now=now):
        raise _state_conflict(grant)
    return grant_view(session, grant, actor=actor.user_id, at=now)


def _finish(session: Session, grant: Grant, *, actor_id: str, now: datetime) -> bool:
    if not _move(session, grant, ("revoking",), "revoked", revoked_by=actor_id, revoked_at=now):
        return False
    _cancel(session, grant, KIND_REVOKE)
    _close_reviews(session, grant)
    emit(session, "grant.revoked", now=now, team_id=grant.team_id, grant_id=grant.id, account_id=grant.account_id,
         holder_id=grant.holder_id, actor=actor_id)
    audit.append(session, team_id=grant.team_id, actor=actor_id, action="access.revoked",
                 subject=f"grant:{grant.id}", at=now, detail={"reason": grant.revoke_reason})
    return True


def confirm_revoked(session: Session, actor: Actor, grant_id: int,
                    now: datetime) -> GrantView:
    """The account's custodian pressed Revoked: the role is gone from the platform."""
    grant = get_grant(session, actor.team_id, grant_id)
    _require_custodian(session, actor, grant, action="access.revoked")
    expire_if_due(session, grant, now)  # in case the expiry was not processed yet
    if not _finish(session, grant, actor_id=actor.user_id, now=now):
        raise _state_conflict(grant)
    return grant_view(session, grant, actor=actor.user_id, at=now)


def on_revocation_needed(session: Session, data: dict[str, Any]) -> None:
    """From handover (someone leaves): the same as `/access revoke`, already authorized there."""
    grant_id = parse_id(data.get("grant_id"))
    grant = session.get(Grant, grant_id) if grant_id is not None else None
    if grant is None or grant.team_id != data["team_id"]:
        return
    now: datetime = data["now"]
    begin_revocation(session, grant, actor_id=str(data.get("actor") or SYSTEM),
                     reason=str(data.get("reason") or "handover"), now=now)


def on_account_rotated(session: Session, data: dict[str, Any]) -> None:
    """A new password ends every shared-password grant already being revoked on that account."""
    now: datetime = data["now"]
    account_id = parse_id(data.get("account_id"))
    if account_id is None:
        return
    for grant in session.scalars(select(Grant).where(
            Grant.team_id == data["team_id"], Grant.account_id == account_id,
            Grant.shared_password.is_(True), Grant.status == "revoking")):
        _finish(session, grant, actor_id=str(data.get("actor") or SYSTEM), now=now)


def _can_see_all(session: Session, actor: Actor) -> bool:
    return has_role(session, actor, Role.CUSTODIAN, Role.APPROVER, Role.AUDITOR)


def list_grants(session: Session, actor: Actor, target: ListTarget) -> list[GrantView]:
    """Open grants, all or for one person or account. Members may list only their own."""
    if target.user_id != actor.user_id and not _can_see_all(session, actor):
        raise Forbidden("error.forbidden_role", action="access.list", subject=target.user_id or target.account or "",
                        roles="custodian, approver, auditor")
    query = select(Grant).where(Grant.team_id == actor.team_id, Grant.status.in_(OPEN_GRANT_STATES))
    if target.user_id:
        query = query.where(Grant.holder_id == target.user_id)
    if target.account:
        account = find_account(session, actor.team_id, target.account, usage_key="usage.access.list")
        query = query.where(Grant.account_id == account.id)
    found = list(session.scalars(query.order_by(Grant.id).limit(200)))
    around = _load_around(session, found)  # held: the session keeps only weak references
    views = [grant_view(session, g) for g in found]
    del around
    return views


def _load_around(session: Session, found: list[Grant]) -> list[object]:
    """The grants' workspace, accounts and requests in three statements: `grant_view` then finds them in the
    session (`session.get`) instead of one query per grant (200 grants were 250 statements).
    The caller holds the list while it works: the session's identity map keeps weak references."""
    account_ids = {g.account_id for g in found}
    request_ids = {g.request_id for g in found if g.request_id}
    loaded: list[object] = [session.get(Workspace, g.team_id) for g in found[:1]]  # its time zone
    if account_ids:
        loaded += session.scalars(select(Account).where(Account.id.in_(account_ids))).all()
    if request_ids:
        loaded += session.scalars(select(AccessRequest).where(AccessRequest.id.in_(request_ids))).all()
    return loaded


def mine(session: Session, actor: Actor) -> tuple[list[GrantView], list[RequestView]]:
    open_grants = session.scalars(select(Grant).where(
        Grant.team_id == actor.team_id, Grant.holder_id == actor.user_id,
        Grant.status.in_(OPEN_GRANT_STATES)).order_by(Grant.id))
    pending = session.scalars(select(AccessRequest).where(
        AccessRequest.team_id == actor.team_id, AccessRequest.requester_id == actor.user_id,
        AccessRequest.status == "pending").order_by(AccessRequest.id))
    return [grant_view(session, g) for g in open_grants], [request_view(session, r) for r in pending]
