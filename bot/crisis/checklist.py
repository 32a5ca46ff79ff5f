"""The crisis checklist (issue 13 §2): each playbook step ticked (or unticked) by a button in the
crisis channel. Decisions are taken under the crisis's row lock, so two people pressing at once
both land, one after the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.errors import Conflict, NotFound
from bot.crisis import timeline
from bot.crisis.lookup import get_crisis
from bot.crisis.views import CrisisView, crisis_view
from storage.models import Crisis


@dataclass(frozen=True)
class Step:
    text: str  # as the team wrote it: neutralised when rendered
    done_by: str | None
    done_at: datetime | None


@dataclass(frozen=True)
class Checklist:
    crisis: CrisisView
    steps: tuple[Step, ...]
    channel_id: str | None
    message_ts: str | None
    changed: int | None = None  # the step just toggled


def _steps(raw: list[dict[str, Any]]) -> tuple[Step, ...]:
    out = []
    for item in raw:
        at = item.get("done_at")
        out.append(Step(str(item.get("text", "")), str(item["done_by"]) if item.get("done_by") else None,
                        datetime.fromisoformat(at) if isinstance(at, str) else None))
    return tuple(out)


def checklist_of(crisis_row: Crisis) -> Checklist:
    return Checklist(crisis_view(crisis_row), _steps(crisis_row.checklist), crisis_row.channel_id,
                     crisis_row.checklist_ts)


def checklist_in(session: Session, team_id: str, crisis_id: int) -> Checklist | None:
    """A crisis's checklist as its channel shows it; None for no crisis of this workspace."""
    crisis = session.get(Crisis, crisis_id)
    return checklist_of(crisis) if crisis is not None and crisis.team_id == team_id else None


def toggle_step(session: Session, actor: Actor, crisis_id: int, index: int, done: bool, now: datetime) -> Checklist:
    """Tick (`done`) or untick one step. Any member of the channel may: the checklist is the team's.
    A resolved crisis, an unknown step, or a step already in the asked state answer instead of acting."""
    crisis = get_crisis(session, actor.team_id, crisis_id, lock=True)
    if crisis.status != "open":
        raise Conflict("crisis.open.error.resolved", number=crisis.number)
    items = [dict(item) for item in crisis.checklist]
    if not 0 <= index < len(items):
        raise NotFound("crisis.open.error.no_step", number=crisis.number)
    if bool(items[index].get("done_by")) == done:
        key = "crisis.open.error.step_done" if done else "crisis.open.error.step_open"
        raise Conflict(key, n=index + 1)
    items[index].update({"done_by": actor.user_id if done else None, "done_at": now.isoformat() if done else None})
    crisis.checklist = items  # a new list: the JSON column sees the change
    timeline.record(session, crisis, timeline.STEP_DONE, actor=actor.user_id, at=now, text=str(items[index]["text"]),
                    detail={"step": index + 1, "done": done})
    session.flush()
    return Checklist(crisis_view(crisis), _steps(items), crisis.channel_id, crisis.checklist_ts, index)
