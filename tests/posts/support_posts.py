"""Helpers for the posts core tests: a workspace with accounts and roles, a post sent through the
form, and reads of what was stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from storage.models import AuditEntry, Post, PostReview, PostVariant
from tests.access.support import give_role, make_account
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL

DANI = "U0DANI"  # a second approver
PAT = "U0PAT"  # a publisher


def posts_world(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    """Ana custodian and author, Bea and Dani approvers, Pat publisher; three accounts, one archived."""
    slack.add_user(DANI, "dani", real_name="Dani Approver", email="dani@example.com")
    slack.add_user(PAT, "pat", real_name="Pat Publisher", email="pat@example.com")
    slack.workspace.channels[APPROVALS].members += [DANI, PAT]  # approvers are in the approvals channel
    give_role(rt.ctx.db, DANI, "approver")
    give_role(rt.ctx.db, PAT, "publisher")
    db = rt.ctx.db
    return {
        "ig": make_account(db, "acmeshop", network="instagram", custodian=ANA),
        "x": make_account(db, "acmeshop", network="x", custodian=ANA),
        "old": make_account(db, "acmeold", network="facebook", custodian=ANA, status="archived"),
    }


def at(clock: Any, **delta: float) -> datetime:
    return clock() + timedelta(**delta)


def form_values(accounts: list[int], when: datetime, copy: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"posts_accounts": [str(a) for a in accounts], "posts_when": when,
                              "posts_copy": copy}
    names = {"link": "posts_link", "media": "posts_media", "campaign": "posts_campaign", "topic": "posts_topic",
             "publisher": "posts_publisher"}
    for key, value in extra.items():
        values[names.get(key, f"posts_copy_{key}")] = value
    return {f"{block}.value": value for block, value in values.items()}


def send_form(driver: Any, user: str, values: dict[str, Any]) -> Any:
    driver.command(user, "/post", "new")
    return driver.submit(user, values)


def post_row(rt: Any, post_id: int = 1) -> Post:
    with rt.ctx.db.uow() as s:
        post = s.get(Post, post_id)
        assert post is not None
        s.expunge(post)
        return post


def count(rt: Any, model: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def variants(rt: Any, post_id: int = 1) -> list[tuple[str, str | None, str | None]]:
    with rt.ctx.db.uow() as s:
        return [(v.network, v.copy_override, v.tagged_link) for v in s.scalars(
            select(PostVariant).where(PostVariant.post_id == post_id).order_by(PostVariant.network))]


def reviews(rt: Any) -> list[tuple[int, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(r.revision, r.reviewer_id, r.decision) for r in s.scalars(select(PostReview).order_by(PostReview.id))]


def audited(rt: Any, action: str) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)) or 0)


def refused(rt: Any) -> list[tuple[str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.outcome == "refused").order_by(AuditEntry.seq))]


__all__ = ["ADMIN", "ANA", "APPROVALS", "BEA", "CARL", "DANI", "PAT"]
