"""Helpers for the replies tests: a template through the form and the approvals button, or straight
through the rules (for a seeded library), and reads of what was stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.core.authz import Actor
from bot.replies import templates
from bot.replies.views import Draft
from storage.models import AuditEntry, ReplyTemplate, ReplyTemplateVersion
from tests.conftest import ADMIN, ANA, BEA, TEAM, run_as


def form(title: str, text: str, *, category: str = "question", tone: str = "", language: str = "es") -> dict[str, Any]:
    return {"replies_title.value": title, "replies_category.value": category, "replies_tone.value": tone,
            "replies_language.value": language, "replies_text.value": text}


def propose_by_form(driver: Any, user: str, values: dict[str, Any], *, edit: int | None = None) -> Any:
    driver.command(user, "/replies", "add" if edit is None else f"edit {edit}")
    return driver.submit(user, values)


def latest_version_id(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.max(ReplyTemplateVersion.id))) or 0)


def seed(rt: Any, clock: Any, title: str, text: str, *, category: str = "question", language: str = "es",
         tone: str = "", approve: bool = True) -> int:
    """A template proposed by Ana and (unless told) approved by Bea, through the rules."""
    db = rt.ctx.db
    proposed = run_as(db, Actor(TEAM, ANA), lambda s: templates.propose(
        s, Actor(TEAM, ANA), Draft(title, category, tone, language, text), clock()), clock())
    if approve:
        run_as(db, Actor(TEAM, BEA), lambda s: templates.decide(
            s, Actor(TEAM, BEA), proposed.version.id, "approve", clock()), clock())
    return proposed.version.template_id


def search_ids(driver: Any, query: str, user: str = ADMIN) -> list[int]:
    """The template ids a `/replies <query>` answer shows, in order (read off its Used it buttons)."""
    reply = driver.command(user, "/replies", query).json()
    return [int(e["value"]) for b in reply.get("blocks") or [] if b["type"] == "actions"
            for e in b["elements"] if e["action_id"] == "replies_used"]


def template_row(rt: Any, template_id: int) -> ReplyTemplate:
    with rt.ctx.db.uow() as s:
        row = s.get(ReplyTemplate, template_id)
        assert row is not None
        s.expunge(row)
        return row


def count(rt: Any, model: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def audited(rt: Any, action: str, outcome: str = "ok") -> list[str]:
    with rt.ctx.db.uow() as s:
        return [e.actor for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == action, AuditEntry.outcome == outcome).order_by(AuditEntry.seq))]
