"""Helpers for scheduler tests: test kinds, a recording notifier, an AppContext."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.core.config import Settings
from bot.core.context import AppContext
from bot.core.feature import Feature
from bot.core.schedule import Outgoing, RenderContext, schedule
from bot.features import app_context
from scheduler.notifier import PermanentSendError, TransientSendError
from storage.db import Database
from storage.models import Delivery

TEAM = "T00000001"
ADMIN = "U0ADMIN"

# What the test kinds saw when rendered: (delivery id, late, late_by_seconds, coalesced).
RENDERED: list[tuple[int, bool, int, int]] = []


def render_ping(rc: RenderContext) -> list[Outgoing] | None:
    """Sends payload["text"] (or "ping #<id>") to the recipient; payload["done"] ends it."""
    RENDERED.append((rc.delivery.id, rc.late, rc.late_by_seconds, rc.coalesced))
    if rc.delivery.payload.get("done"):
        return None
    text = rc.delivery.payload.get("text") or f"ping #{rc.delivery.id}"
    if rc.late:
        text += f" (late, {rc.coalesced} missed)"
    return [Outgoing(to=rc.delivery.recipient or "C0GENERAL", text=text)]


def render_multi(rc: RenderContext) -> list[Outgoing] | None:
    """One DM per user in payload["users"]."""
    return [Outgoing(to=user, text=f"multi #{rc.delivery.id}") for user in rc.delivery.payload["users"]]


def render_broken(rc: RenderContext) -> list[Outgoing] | None:
    raise ValueError("renderer bug")


TEST_KINDS = Feature(
    name="test.kinds", renderers={"test.ping": render_ping, "test.multi": render_multi, "test.broken": render_broken},
)


@dataclass
class FakeNotifier:
    """Records what would be sent; `fail(to, exc, times)` makes sends to `to` raise."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, to: str, code: str, *, permanent: bool, times: int = 1) -> None:
        exc: Exception = PermanentSendError(code, to=to) if permanent else TransientSendError(code, to=to)
        self.failures.setdefault(to, []).extend([exc] * times)

    def send(self, out: Outgoing, *, team_id: str) -> tuple[str, str]:
        with self.lock:
            queue = self.failures.get(out.to)
            if queue:
                raise queue.pop(0)
            self.sent.append((out.to, out.text))
            return (out.to, f"{len(self.sent)}.000")

    def to(self, target: str) -> list[str]:
        return [text for to, text in self.sent if to == target]


def make_ctx(db: Database, clock: Any, *extra: Feature, **settings: Any) -> AppContext:
    """The scheduler's context with the test kinds (and `extra` test features) declared."""
    base: dict[str, Any] = {"database_url": str(db.engine.url), "socialops_admins": (ADMIN,)}
    base.update(settings)
    return app_context(Settings(**base), db, clock, extra=(TEST_KINDS, *extra))


def add(db: Database, at: datetime, *, kind: str = "test.ping", subject: str | int = "s1", to: str | None = None,
        repeat: timedelta | None = None, team: str = TEAM, **payload: Any) -> int:
    with db.uow() as session:
        schedule(session, team_id=team, kind=kind, subject_id=subject, at=at, recipient=to, payload=payload,
                 repeat=repeat)
        found = session.scalars(
            select(Delivery.id).where(Delivery.team_id == team, Delivery.kind == kind,
                                      Delivery.subject_id == str(subject), Delivery.occurrence_at == at)
        ).one()
        return int(found)


def row(db: Database, delivery_id: int) -> Delivery:
    with db.uow() as session:
        found = session.get(Delivery, delivery_id)
        assert found is not None
        return found


def rows(db: Database, **where: Any) -> list[Delivery]:
    with db.uow() as session:
        query = select(Delivery).order_by(Delivery.id)
        for key, value in where.items():
            query = query.where(getattr(Delivery, key) == value)
        return list(session.scalars(query))
