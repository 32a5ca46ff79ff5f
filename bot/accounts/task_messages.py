"""The rotation-task DMs already posted, so a recorded rotation can settle them in place.

Each task DM carries a "Record new password" button. Once the password is rotated those
buttons must go (ARCHITECTURE: a completion updates the original message, replacing its
buttons with who did it and when), so nobody records it twice. The scheduler tells us where
each task landed (`Outgoing.on_sent`); the rotation takes the list and the handler does the
chat.update calls after the ack (services never talk to Slack).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Account, RotationTaskMessage, Workspace
from storage.upsert import insert_ignore


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
