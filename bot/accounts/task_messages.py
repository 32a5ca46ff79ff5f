"""The rotation-task DMs already posted, so a recorded rotation can settle them in place.

Each task DM carries a "Record new password" button. Once the password is rotated those
buttons must go (ARCHITECTURE: a completion updates the original message, replacing its
buttons with who did it and when), so nobody records it twice. The scheduler tells us where
each task landed (`Outgoing.on_sent`); the rotation takes the list and, in its own transaction,
schedules their settling (KIND_SETTLED, the transactional outbox): sent at once after the ack,
by the scheduler when the process died first (services never talk to Slack). The messages
are forgotten as they are taken, so the delivery's payload carries them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.schedule import schedule
from storage.models import Account, Delivery, RotationTaskMessage, Workspace
from storage.upsert import insert_ignore

# The settling of a rotation's task messages (rendered by handlers/accounts/notices.py).
KIND_SETTLED = "accounts.task_settled"


@dataclass(frozen=True)
class TaskMessage:
    channel: str
    ts: str
    text: str


@dataclass(frozen=True)
class Settlement:
    """Who settled the rotation and when (shown in the workspace time zone), and which task
    messages to update. `by` is None when nobody rotated it (e.g. the account was archived)."""

    network: str
    handle: str
    by: str | None
    at: datetime | None
    timezone: str
    messages: tuple[TaskMessage, ...] = ()


def remember(team_id: str, account_id: int, text: str) -> Callable[[Session, str, str], None]:
    """An `on_sent` hook recording where a task message was posted (idempotent per message)."""

    def hook(session: Session, channel: str, ts: str) -> None:
        insert_ignore(session, RotationTaskMessage, {"team_id": team_id, "account_id": account_id,
                                                     "channel": channel, "ts": ts, "text": text})

    return hook


def take(session: Session, account: Account, *, channel: str | None = None,
         ts: str | None = None) -> tuple[TaskMessage, ...]:
    """The account's remembered task messages (or just the one at channel/ts), forgotten as
    they are handed out: each is settled once."""
    where = [RotationTaskMessage.team_id == account.team_id, RotationTaskMessage.account_id == account.id]
    if channel is not None and ts is not None:
        where += [RotationTaskMessage.channel == channel, RotationTaskMessage.ts == ts]
    rows = session.scalars(select(RotationTaskMessage).where(*where).order_by(RotationTaskMessage.id)).all()
    found = tuple(TaskMessage(r.channel, r.ts, r.text) for r in rows)
    if rows:
        session.execute(delete(RotationTaskMessage).where(RotationTaskMessage.id.in_([r.id for r in rows])))
    return found


def settlement(session: Session, account: Account, messages: tuple[TaskMessage, ...] = ()) -> Settlement:
    ws = session.get(Workspace, account.team_id)
    timezone = (ws.timezone if ws is not None else None) or "UTC"
    if account.status != "active" or account.last_rotated_by is None:
        return Settlement(account.network, account.handle, None, None, timezone, messages)
    return Settlement(account.network, account.handle, account.last_rotated_by, account.last_rotated_at,
                      timezone, messages)


def schedule_settling(session: Session, team_id: str, account_id: int, settled: Settlement,
                      now: datetime) -> str | None:
    """Schedule the chat.update of the settled task messages; the delivery's subject, or None when
    there is none to settle (schedule_numbered)."""
    if not settled.messages:
        return None
    payload: dict[str, Any] = {
        "network": settled.network, "handle": settled.handle, "by": settled.by,
        "at": settled.at.isoformat() if settled.at is not None else None, "timezone": settled.timezone,
        "messages": [{"channel": m.channel, "ts": m.ts, "text": m.text} for m in settled.messages],
    }
    return schedule_numbered(session, team_id, KIND_SETTLED, account_id, now, payload)


def schedule_numbered(session: Session, team_id: str, kind: str, account_id: int, now: datetime,
                      payload: dict[str, Any]) -> str:
    """Schedule one delivery of `kind` for the account, due now, under the subject "<account id>:<n>"
    with n one past the account's last of that kind; its subject. Not keyed by the time: under the
    tests' still clock two decisions at the same `now` each get their own (an insert that meets an
    existing row, e.g. a concurrent decision's on PostgreSQL, tries the next number)."""
    taken = session.scalars(select(Delivery.subject_id).where(
        Delivery.team_id == team_id, Delivery.kind == kind, Delivery.subject_id.startswith(f"{account_id}:")))
    n = max((int(t) for t in (x.rpartition(":")[2] for x in taken) if t.isascii() and t.isdigit()), default=0)
    while True:
        n += 1
        subject = f"{account_id}:{n}"
        if schedule(session, team_id=team_id, kind=kind, subject_id=subject, at=now, payload=payload):
            return subject


def settlement_of(payload: dict[str, Any]) -> Settlement:
    """The Settlement a KIND_SETTLED delivery carries (written by schedule_settling)."""
    at = payload.get("at")
    messages = tuple(TaskMessage(str(m.get("channel") or ""), str(m.get("ts") or ""), str(m.get("text") or ""))
                     for m in payload.get("messages") or [] if isinstance(m, dict))
    return Settlement(str(payload.get("network") or ""), str(payload.get("handle") or ""),
                      str(payload["by"]) if payload.get("by") else None,
                      datetime.fromisoformat(at) if isinstance(at, str) else None,
                      str(payload.get("timezone") or "UTC"), messages)
