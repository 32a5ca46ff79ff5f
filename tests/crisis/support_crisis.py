"""Helpers for the crisis tests (opening, paging, record): seed a severity's settings, open a crisis
through `/crisis open`, run the scheduler, and read back what was stored and posted.

The other crisis test files import these; their names and signatures stay put.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from scheduler.jobs import tick
from storage.models import AuditEntry, Crisis, CrisisEvent, CrisisSettings, Delivery
from tests.conftest import ADMIN, ANA, BEA, CARL, GENERAL, TEAM

DANI = "U0DANI"  # a second level-2 lead
EVA = "U0EVA"  # a third level


def add_leads(slack: Any) -> None:
    """Dani and Eva exist in Slack (ANA, BEA, CARL, ADMIN come with the `slack` fixture)."""
    slack.add_user(DANI, "dani", real_name="Dani Lead", email="dani@example.com")
    slack.add_user(EVA, "eva", real_name="Eva Lead", email="eva@example.com")


def seed_chain(rt: Any, severity: str = "sev1", levels: Sequence[Sequence[str]] = ((ANA,), (BEA,)), *,
               ack_minutes: Sequence[int] | int | None = None, repeats: int = 3,
               status_minutes: int | str | None = "default", playbook: Sequence[str] | None = None,
               team: str = TEAM) -> None:
    """Write (or overwrite) a severity's `crisis_settings` row directly, as a saved setup would.

    `ack_minutes`: one number for every level, or one per level; None is the severity's default.
    `status_minutes="default"` keeps the severity's default interval (sev3: none)."""
    from bot.crisis.settings import DEFAULT_ACK_MINUTES, DEFAULT_STATUS_MINUTES

    if ack_minutes is None:
        acks = [DEFAULT_ACK_MINUTES[severity]] * len(levels)
    elif isinstance(ack_minutes, int):
        acks = [ack_minutes] * len(levels)
    else:
        acks = list(ack_minutes)
    status = DEFAULT_STATUS_MINUTES[severity] if status_minutes == "default" else status_minutes
    rows = [{"users": list(users), "ack_minutes": ack} for users, ack in zip(levels, acks, strict=True)]
    with rt.ctx.db.uow() as s:
        row = s.scalars(select(CrisisSettings).where(CrisisSettings.team_id == team,
                                                     CrisisSettings.severity == severity)).one_or_none()
        if row is None:
            row = CrisisSettings(team_id=team, severity=severity, version=1)
            s.add(row)
        else:
            row.version += 1
        row.levels = rows
        row.repeats = repeats
        row.status_minutes = status if status is None else int(status)
        row.playbook = list(playbook) if playbook is not None else None
        row.updated_by = ADMIN


def open_crisis(driver: Any, user: str = CARL, text: str = "sev1 Viral video of a rude employee", *,
                channel_id: str = GENERAL) -> Any:
    """`/crisis open <text>` as `user`; the driver's response (its `.json()["text"]` is the answer)."""
    return driver.command(user, "/crisis", f"open {text}", channel_id=channel_id)


def answer(resp: Any) -> str:
    """The text of a slash command's immediate (ephemeral) answer."""
    data = resp.json() or {}
    return str(data.get("text", ""))


def run_scheduler(rt: Any, clock: Any, rounds: int = 3) -> None:
    """A few scheduler ticks at the clock's time: the channel step, then its follow-up posts."""
    for _ in range(rounds):
        tick(rt, now=clock())


def open_and_deliver(driver: Any, rt: Any, clock: Any, user: str = CARL,
                     text: str = "sev1 Viral video of a rude employee", *, channel_id: str = GENERAL) -> Crisis:
    """Open a crisis and run the scheduler until its channel exists and is set up; the stored crisis."""
    open_crisis(driver, user, text, channel_id=channel_id)
    run_scheduler(rt, clock)
    return latest_crisis(rt)


def crisis_row(rt: Any, ref: int | str = 1) -> Crisis:
    """A crisis by id or number (`CRI-2026-0001`), detached from its session."""
    with rt.ctx.db.uow() as s:
        query = select(Crisis).where(Crisis.team_id == TEAM)
        query = query.where(Crisis.number == ref) if isinstance(ref, str) else query.where(Crisis.id == ref)
        crisis: Crisis = s.scalars(query).one()
        s.expunge(crisis)
        return crisis


def latest_crisis(rt: Any) -> Crisis:
    with rt.ctx.db.uow() as s:
        crisis: Crisis = s.scalars(select(Crisis).order_by(Crisis.id.desc()).limit(1)).one()
        s.expunge(crisis)
        return crisis


def all_crises(rt: Any) -> list[Crisis]:
    with rt.ctx.db.uow() as s:
        rows = list(s.scalars(select(Crisis).order_by(Crisis.id)))
        for r in rows:
            s.expunge(r)
        return rows


def timeline_kinds(rt: Any, crisis_id: int) -> list[str]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(CrisisEvent.kind).where(CrisisEvent.crisis_id == crisis_id)
                              .order_by(CrisisEvent.at, CrisisEvent.id)))


def deliveries_of(rt: Any, kind_prefix: str = "crisis.") -> list[tuple[str, str, str]]:
    """(kind, subject, state) of the deliveries whose kind starts with `kind_prefix`, in id order."""
    with rt.ctx.db.uow() as s:
        return [(d.kind, d.subject_id, d.state) for d in s.scalars(
            select(Delivery).where(Delivery.kind.startswith(kind_prefix)).order_by(Delivery.id))]


def audit_actions(rt: Any, prefix: str = "crisis.") -> list[tuple[str, str, str]]:
    """(actor, action, outcome) of the audit entries whose action starts with `prefix`."""
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.outcome) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith(prefix)).order_by(AuditEntry.seq))]


def channel_by_name(slack: Any, name: str) -> dict[str, Any]:
    return next(c for c in slack.channels() if c.get("name") == name)


def channel_texts(slack: Any, channel_id: str) -> list[str]:
    """Every message in the channel as one string: its text and its blocks' texts."""
    out = []
    for m in slack.messages(channel_id):
        out.append("\n".join([str(m.get("text", "")), *_block_texts(m.get("blocks") or [])]))
    return out


def _block_texts(blocks: list[Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


def local_day(when: datetime) -> str:
    return when.strftime("%Y%m%d")


__all__ = ["ADMIN", "ANA", "BEA", "CARL", "DANI", "EVA", "GENERAL", "TEAM"]
