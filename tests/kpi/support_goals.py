"""Helpers for the KPI goals tests: inventory rows, the `/kpi` answers, the scope form, the stored rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from handlers.kpi.goals.ids import DELIVERABLE_BLOCKS, posts_block
from handlers.kpi.goals.ids import KpiGoalsIds as I
from storage.models import Account, AuditEntry
from storage.models.kpi import KpiDefinition, KpiDeliverable, KpiDelivery, KpiScope, KpiScopeAccount
from tests.conftest import ADMIN, TEAM

V = I.A_VALUE


def add_account(rt: Any, handle: str, *, network: str = "instagram", brand: str = "Acme", team: str = TEAM,
                status: str = "active") -> int:
    with rt.ctx.db.uow() as s:
        account = Account(team_id=team, brand=brand, network=network, handle=handle.lower(),
                          login_email=f"social+{handle}@{brand.replace(' ', '').lower()}.example",
                          created_by="U0ANA", custodian_id="U0ANA", status=status)
        s.add(account)
        s.flush()
        return int(account.id)


def kpi(driver: Any, user: str, text: str) -> str:
    """The immediate (ephemeral) answer to `/kpi <text>`."""
    resp = driver.command(user, "/kpi", text)
    assert resp.status == 200, resp.body
    data = resp.json() or {}
    return str(data.get("text", ""))


def definitions(rt: Any, *, team: str = TEAM) -> list[KpiDefinition]:
    with rt.ctx.db.uow() as s:
        rows = list(s.scalars(select(KpiDefinition).where(KpiDefinition.team_id == team).order_by(KpiDefinition.id)))
        s.expunge_all()
        return rows


def audit_actions(rt: Any, prefix: str = "kpi.") -> list[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action.startswith(prefix))
                            .order_by(AuditEntry.team_id, AuditEntry.seq))
        return [(e.actor, e.action, e.outcome) for e in entries]


def scope_form(slack: Any, user: str = ADMIN) -> dict[str, Any]:
    views = [v for v in slack.views(user) if v.get("callback_id") == I.SCOPE_VIEW]
    assert views, f"{user} has no scope form open"
    return dict(views[-1])


def open_scope(driver: Any, slack: Any, user: str = ADMIN) -> dict[str, Any]:
    resp = driver.command(user, "/kpi", "scope")
    assert resp.status == 200, resp.body
    return scope_form(slack, user)


def scope_values(provider: str = "Agencia Norte", cadence: str = "monthly", response: str = "",
                 posts: dict[int, str] | None = None, deliverables: list[str] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {f"{I.B_PROVIDER}.{V}": provider, f"{I.B_CADENCE}.{V}": cadence,
                              f"{I.B_RESPONSE}.{V}": response}
    for account_id, text in (posts or {}).items():
        values[f"{posts_block(account_id)}.{V}"] = text
    for n, text in enumerate(deliverables or []):
        values[f"{DELIVERABLE_BLOCKS[n]}.{V}"] = text
    return values


def scope_rows(rt: Any, team: str = TEAM) -> dict[str, Any]:
    """Everything the scope stored, as plain values (what an unchanged or refused save must leave as is)."""
    with rt.ctx.db.uow() as s:
        scope = s.scalars(select(KpiScope).where(KpiScope.team_id == team)).one_or_none()
        return {
            "scope": (scope.provider, scope.report_cadence, scope.response_minutes, scope.version) if scope else None,
            "accounts": sorted((r.account_id, r.posts_per_week) for r in s.scalars(
                select(KpiScopeAccount).where(KpiScopeAccount.team_id == team))),
            "deliverables": [(d.id, d.name, d.due_day, d.retired_at is not None) for d in s.scalars(
                select(KpiDeliverable).where(KpiDeliverable.team_id == team).order_by(KpiDeliverable.id))],
            "marks": sorted((m.deliverable_id, m.month_start, m.marked_by) for m in s.scalars(
                select(KpiDelivery).where(KpiDelivery.team_id == team))),
        }


def dm_texts(slack: Any, user: str = ADMIN) -> list[str]:
    try:
        return [str(m.get("text", "")) for m in slack.messages(slack.dm_channel(user))]
    except KeyError:
        return []
