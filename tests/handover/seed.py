"""Records the handover tests start from, written the way the accounts and access features do.

Their code is not in this branch; their data models are the contract, so the tests create
Account / Grant / PasswordKnower rows directly and simulate their actions (Revoked, rotate)
by updating the rows and emitting the agreed events.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.events import emit
from storage.db import Database
from storage.models import Account, Grant, PasswordKnower, RoleAssignment, Workspace
from tests.conftest import listening


def add_account(
    s: Session, team: str, handle: str, *, network: str = "instagram", custodian: str, created_by: str,
    brand: str = "Acme", status: str = "active",
) -> Account:
    account = Account(
        team_id=team, brand=brand, network=network, handle=handle, login_email=f"social+{handle}@acme.example",
        created_by=created_by, custodian_id=custodian, status=status, has_password=True,
    )
    s.add(account)
    s.flush()
    return account


def add_grant(
    s: Session, team: str, account: Account, holder: str, *, role: str = "editor", status: str = "active",
    shared_password: bool = False,
) -> Grant:
    grant = Grant(team_id=team, account_id=account.id, holder_id=holder, role=role, status=status,
                  shared_password=shared_password)
    s.add(grant)
    s.flush()
    return grant


def add_knower(s: Session, team: str, account: Account, user: str, source: str = "revealed") -> None:
    s.add(PasswordKnower(team_id=team, account_id=account.id, user_id=user, source=source))
    s.flush()


def give_role(s: Session, team: str, user: str, role: str) -> None:
    s.add(RoleAssignment(team_id=team, user_id=user, role=role, granted_by="U0ADMIN"))
    s.flush()


def set_channel(s: Session, team: str, channel: str, *, language: str = "en", tz: str = "UTC") -> None:
    ws = s.get(Workspace, team)
    if ws is None:
        ws = Workspace(team_id=team)
        s.add(ws)
    ws.approvals_channel, ws.language, ws.timezone = channel, language, tz
    s.flush()


@dataclass
class Seeded:
    """The leaver's estate: 3 grants (one shared-password), custody of 2 accounts, 1 revealed."""

    grant_ids: list[int]
    shared_grant_account: int
    custody_ids: list[int]
    revealed_id: int
    unrelated_ids: list[int]


def seed_leaver(s: Session, team: str, leaver: str, custodian: str, admin: str) -> Seeded:
    ig = add_account(s, team, "acme", custodian=custodian, created_by=admin)
    fb = add_account(s, team, "acme.fb", network="facebook", custodian=custodian, created_by=admin)
    tt = add_account(s, team, "acme.tt", network="tiktok", custodian=custodian, created_by=admin)
    g1 = add_grant(s, team, ig, leaver, role="editor")
    g2 = add_grant(s, team, fb, leaver, role="admin", shared_password=True)
    g3 = add_grant(s, team, tt, leaver, role="analyst", status="awaiting_fulfilment")
    add_grant(s, team, tt, leaver, role="moderator", status="revoked")  # already over: not in the act
    own1 = add_account(s, team, "acme.li", network="linkedin", custodian=leaver, created_by=admin)
    own2 = add_account(s, team, "acme.yt", network="youtube", custodian=leaver, created_by=admin)
    add_account(s, team, "old", network="x", custodian=leaver, created_by=admin, status="archived")
    revealed = add_account(s, team, "acme.x", network="x", custodian=custodian, created_by=admin)
    add_knower(s, team, revealed, leaver, "revealed")
    other = add_account(s, team, "other", network="threads", custodian=custodian, created_by=admin)
    add_knower(s, team, other, custodian, "revealed")  # someone else's knowledge: not in the act
    return Seeded([g1.id, g2.id, g3.id], fb.id, [own1.id, own2.id], revealed.id, [other.id])


def access_revoked(s: Session, grant_id: int, by: str, at: datetime) -> None:
    """What the access feature does when the custodian presses Revoked."""
    grant = s.get(Grant, grant_id)
    assert grant is not None
    grant.status, grant.revoked_by, grant.revoked_at = "revoked", by, at
    emit(s, "grant.revoked", now=at, team_id=grant.team_id, grant_id=grant.id, account_id=grant.account_id,
         holder_id=grant.holder_id, actor=by)


def account_rotated(s: Session, account_id: int, by: str, at: datetime) -> None:
    """What the accounts feature does on `/accounts rotate`."""
    account = s.get(Account, account_id)
    assert account is not None
    account.last_rotated_at, account.rotation_requested_at, account.rotation_reason = at, None, None
    account.last_rotated_by = by
    emit(s, "account.rotated", now=at, team_id=account.team_id, account_id=account.id, actor=by)


def complete_everything(db: Any, settings: Any, team: str, act_id: int, seeded: Seeded, custodian: str,
                        now: datetime) -> None:
    """Do every item of the seeded leaver's act the way the features would: custody through the
    act's bulk button, revocations and rotations through the records and their events."""
    from datetime import timedelta

    from bot.core.authz import Actor
    from bot.handover import acts as svc
    from bot.handover.items import ACCOUNT_CUSTODY
    from tests.conftest import run_as

    actor = Actor(team, custodian)
    run_as(db, actor, lambda s: svc.perform_all(s, settings, actor, act_id, ACCOUNT_CUSTODY, now))
    with db.uow() as s:
        for grant_id in seeded.grant_ids:
            access_revoked(s, grant_id, custodian, now + timedelta(hours=1))
        for account_id in (seeded.revealed_id, seeded.shared_grant_account):
            account_rotated(s, account_id, custodian, now + timedelta(hours=2))


def captured(db: Database, *names: str) -> AbstractContextManager[list[tuple[str, dict[str, Any]]]]:
    """Record the domain events emitted while the block runs."""
    return listening(db, *names)
