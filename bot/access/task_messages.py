"""Where the custodian's tasks landed (fulfil a grant, remove one), so a later answer updates
those very messages.

"Done", "Can't do it" and "Revoked" close the task: its buttons must give way to who answered
and when, also when the answer came from the App Home, where no task message was pressed.
The form itself is no place to keep the message's location (a location read back from it could
point at any message the bot wrote, a handover checklist say), so the scheduler tells us where
each task was posted (`Outgoing.on_sent`) and we keep it with that occurrence: the
`access.fulfil` / `access.revoke_task` delivery row's payload (each occurrence is its own row). Only rows of this
grant's task are read back, so whatever a form says, only the grant's own task messages change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.access.views import KIND_FULFIL, KIND_REVOKE, get_grant
from storage.models import Delivery

# A repeat is a reminder; the first occurrence is the task itself.
FIRST_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class TaskMessage:
    channel: str
    ts: str
    reminder: bool  # drawn with the "Reminder:" prefix


TASK_KINDS = (KIND_FULFIL, KIND_REVOKE)


def remember(team_id: str, delivery_id: int, kind: str = KIND_FULFIL) -> Callable[[Session, str, str], None]:
    """An `on_sent` hook keeping where this occurrence of the task was posted."""
    assert kind in TASK_KINDS

    def hook(session: Session, channel: str, ts: str) -> None:
        row = session.get(Delivery, delivery_id)
        if row is None or row.team_id != team_id or row.kind != kind:
            return
        # A new dict, so the JSON column sees the change.
        row.payload = {**(row.payload or {}), "message": {"channel": channel, "ts": ts}}

    return hook


def task_messages(session: Session, team_id: str, grant_id: int, kind: str = KIND_FULFIL) -> list[TaskMessage]:
    """Every message of the grant's task of `kind` (fulfil, or remove) that was posted, oldest first."""
    assert kind in TASK_KINDS
    grant = get_grant(session, team_id, grant_id)
    rows = session.scalars(select(Delivery).where(
        Delivery.team_id == team_id, Delivery.kind == kind, Delivery.subject_id == str(grant.id),
    ).order_by(Delivery.occurrence_at, Delivery.id))
    # A reminder is an occurrence an hour or more after the task began (as the renderers draw it).
    started = grant.created_at if kind == KIND_FULFIL else grant.revoke_requested_at
    found: dict[tuple[str, str], TaskMessage] = {}
    for row in rows:
        message = (row.payload or {}).get("message")
        if not isinstance(message, dict):
            continue
        channel, ts = str(message.get("channel") or ""), str(message.get("ts") or "")
        if channel and ts and (channel, ts) not in found:  # should a repeat inherit one
            reminder = started is not None and row.occurrence_at - started >= FIRST_WINDOW
            found[(channel, ts)] = TaskMessage(channel, ts, reminder)
    return list(found.values())
