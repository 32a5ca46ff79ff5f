"""Helpers for the record part's tests (notes, statement, resolve, post-mortem): a crisis row and
its channel seeded directly, as the opening part leaves them, so these tests do not depend on the
channel's creation flow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from scheduler.jobs import tick
from storage.models import AuditEntry, Crisis, CrisisEvent, CrisisStatement
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM

CRISIS_CHANNEL = "C0CRI0001"
NUMBER = "CRI-2026-0001"


def seed_crisis(rt: Any, slack: Any, clock: Any, *, number: str = NUMBER, channel: str = CRISIS_CHANNEL,
                severity: str = "sev1", summary: str = "Viral video of a rude employee", brand: str | None = "Acme",
                reporter: str = CARL, chain: list[dict[str, Any]] | None = None, opened_at: datetime | None = None,
                held: list[int] | None = None, checklist: list[dict[str, Any]] | None = None) -> int:
    """A crisis row with its channel in the stand-in (reporter, the chain and the bot as members); its id."""
    members = [ADMIN, ANA, BEA, CARL, "U0BOT"]
    slack.add_channel(channel, f"crisis-20260302-{number[-4:]}", members=members)
    year, seq = int(number[4:8]), int(number[9:])
    with rt.ctx.db.uow() as s:
        crisis = Crisis(team_id=TEAM, number=number, year=year, seq=seq, severity=severity, summary=summary,
                        brand=brand, reporter_id=reporter, status="open", opened_at=opened_at or clock(),
                        channel_id=channel, channel_name=f"crisis-20260302-{number[-4:]}",
                        chain=chain if chain is not None else [{"users": [ANA], "ack_minutes": 5}],
                        held_posts=held or [], checklist=checklist or [])
        s.add(crisis)
        s.flush()
        return crisis.id


def crisis_of(rt: Any, crisis_id: int) -> Crisis:
    with rt.ctx.db.uow() as s:
        crisis = s.get(Crisis, crisis_id)
        assert crisis is not None
        s.expunge(crisis)
        return crisis


def events_of(rt: Any, crisis_id: int) -> list[CrisisEvent]:
    with rt.ctx.db.uow() as s:
        rows = list(s.scalars(select(CrisisEvent).where(CrisisEvent.crisis_id == crisis_id)
                              .order_by(CrisisEvent.at, CrisisEvent.id)))
        for r in rows:
            s.expunge(r)
        return rows


def statements_of(rt: Any, crisis_id: int) -> list[CrisisStatement]:
    with rt.ctx.db.uow() as s:
        rows = list(s.scalars(select(CrisisStatement).where(CrisisStatement.crisis_id == crisis_id)
                              .order_by(CrisisStatement.version)))
        for r in rows:
            s.expunge(r)
        return rows


def audit_of(rt: Any, action: str) -> list[AuditEntry]:
    with rt.ctx.db.uow() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))
        for r in rows:
            s.expunge(r)
        return rows


def refusals(rt: Any) -> list[tuple[str, str]]:
    """(actor, action) of the refused attempts in the audit chain."""
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.outcome != "ok").order_by(AuditEntry.seq))]


def deliver(rt: Any, clock: Any, rounds: int = 2) -> None:
    for _ in range(rounds):
        tick(rt, now=clock())


def texts(slack: Any, channel: str) -> list[str]:
    return [str(m.get("text", "")) for m in slack.messages(channel)]


def ephemeral_texts(slack: Any, user: str) -> list[str]:
    return [str(e.get("text", "")) for e in slack.ephemerals(user)]


def answer(resp: Any) -> str:
    return str((resp.json() or {}).get("text", ""))
