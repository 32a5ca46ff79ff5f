"""When a password must change (SPEC §2; NIST SP 800-63B-4, SP 800-53 AC-2(k)).

No forced periodic changes by default. A rotation is owed when there is evidence of
compromise, or when someone who knew a shared password leaves or loses access; then a
task goes to the account's custodian and is repeated daily until the rotation is
recorded. Other features ask for it with the `rotation.needed` event (or by calling
`request_rotation`); a recorded rotation emits `account.rotated`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.accounts.lookup import subject
from bot.core import schedule as sched
from storage import audit
from storage.models import Account, Delivery, Workspace

ROTATION_KIND = "accounts.rotation_task"
REASONS = ("compromised", "shared_grant_ended", "handover", "periodic")
DAILY = timedelta(days=1)
WEEKLY = timedelta(days=7)
HOURLY = timedelta(hours=1)  # how often the periodic producer looks
LIVE_STATES = ("pending", "claimed")

def task_pending(session: Session, team_id: str, account_id: int) -> bool:
    return session.scalar(
        select(Delivery.id).where(
            Delivery.team_id == team_id, Delivery.kind == ROTATION_KIND, Delivery.subject_id == str(account_id),
            Delivery.state.in_(LIVE_STATES),
        ).limit(1)
    ) is not None


def request_rotation(
    session: Session, team_id: str, account_id: int, reason: str, actor: str, user_id: str | None = None,
    *, now: datetime, first_at: datetime | None = None,
) -> bool:
    """Record that the password must change and start the custodian's repeating task.

    Idempotent: while a rotation is owed, a second request is audited but starts no
    second task. Returns True when this call started a task. `first_at` delays the first
    reminder (the compromise report alerts people at once itself).
    """
    account = session.get(Account, account_id)
    if account is None or account.team_id != team_id or account.status != "active":
        return False
    reason = reason if reason in REASONS else "compromised"
    if account.rotation_requested_at is None:
        account.rotation_requested_at = now
        account.rotation_reason = reason
    started = False
    if not task_pending(session, team_id, account.id):
        started = sched.schedule(
            session, team_id=team_id, kind=ROTATION_KIND, subject_id=account.id, at=first_at or now,
            recipient=account.custodian_id, payload={"reason": reason},
            repeat=WEEKLY if reason == "periodic" else DAILY,
        )
    audit.append(session, team_id=team_id, actor=actor, action="account.rotation_requested",
                 subject=subject(account), at=now,
                 detail={"reason": reason, "knew_it": user_id, "task_started": started})
    return started


def clear_rotation(session: Session, account: Account) -> int:
    """A rotation was recorded: nothing is owed any more; stop the reminders."""
    account.rotation_requested_at = None
    account.rotation_reason = None
    return sched.cancel(session, team_id=account.team_id, kind=ROTATION_KIND, subject_id=account.id)


def on_rotation_needed(session: Session, data: dict[str, Any]) -> None:
    """{team_id, account_id, reason, actor, user_id?, now} from access, handover, or us."""
    request_rotation(
        session, str(data["team_id"]), int(data["account_id"]), str(data.get("reason") or "compromised"),
        str(data.get("actor") or "system"), data.get("user_id"), now=data["now"],
    )


def due_periodic(session: Session, team_id: str, now: datetime) -> int:
    """Periodic producer for a workspace whose own policy demands rotation every N days.

    Off by default (`Workspace.rotation_days` is None): NIST SP 800-63B-4 says not to force
    periodic changes. Starts a weekly reminder for each active account whose last rotation
    (or registration) is older than the period. Returns how many tasks it started.
    """
    ws = session.get(Workspace, team_id)
    if ws is None or not ws.rotation_days:
        return 0
    cutoff = now - timedelta(days=ws.rotation_days)
    due = session.scalars(
        select(Account.id).where(
            Account.team_id == team_id, Account.status == "active", Account.has_password.is_(True),
            Account.rotation_requested_at.is_(None),
            or_(Account.last_rotated_at <= cutoff,
                and_(Account.last_rotated_at.is_(None), Account.created_at <= cutoff)),
        )
    ).all()
    return sum(request_rotation(session, team_id, account_id, "periodic", "system", now=now) for account_id in due)
