"""KPI definitions (issue 14 §1): objectives for the workspace, a brand or an account.

Admins define and remove them; everyone reads them (SPEC §0.8: the company sees how it is
doing at any time). A removal is soft (`removed_at`), so a past digest or report still says
what the objective was. Derived metrics are defined like any other: they are computed from
their parts when the digest runs, never typed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.lookup import find_account
from bot.brands.parse import brand_key
from bot.core.authz import Actor, require_role
from bot.core.errors import Conflict, NotFound
from bot.kpi import metrics
from bot.kpi.parse_goals import USAGE_DEFINE, DefineDraft
from bot.kpi.views import DefinitionView
from storage import audit
from storage.models import Account, Workspace
from storage.models.kpi import KpiDefinition


def account_label(account: Account) -> str:
    """How an account is named in every KPI text: "instagram @acme"."""
    return f"{account.network} @{account.handle}"


def _brand_names(session: Session, team_id: str) -> dict[str, str]:
    """brand_key → the inventory's spelling (of an active account first, archived otherwise)."""
    rows = session.execute(select(Account.brand, Account.status).where(Account.team_id == team_id)
                           .distinct().order_by(Account.status, Account.brand)).tuples()
    names: dict[str, str] = {}
    for brand, _status in rows:  # "active" sorts before "archived"
        names.setdefault(brand_key(brand), brand)
    return names


def _view(row: KpiDefinition, account: Account | None, brands: dict[str, str]) -> DefinitionView:
    custom = row.metric == metrics.CUSTOM
    return DefinitionView(
        id=row.id, metric=row.metric, name=(row.custom_name or "") if custom else row.metric,
        data_key=(row.custom_key or "") if custom else row.metric,
        unit=metrics.unit_of(row.metric, row.unit), basis=row.basis,
        account_id=row.account_id, account_label=account_label(account) if account is not None else None,
        brand=brands.get(row.brand_key, row.brand_key) if row.brand_key else None,
        target=row.target, period=row.period, direction=row.direction,
    )


def active_definitions(session: Session, team_id: str) -> list[DefinitionView]:
    """Every objective not removed, in the order they were defined (one query, plus the brands)."""
    rows = session.execute(
        select(KpiDefinition, Account).outerjoin(Account, Account.id == KpiDefinition.account_id)
        .where(KpiDefinition.team_id == team_id, KpiDefinition.removed_at.is_(None))
        .order_by(KpiDefinition.id)).tuples().all()
    brands = _brand_names(session, team_id) if any(d.brand_key for d, _ in rows) else {}
    return [_view(d, a, brands) for d, a in rows]


def list_definitions(session: Session, actor: Actor) -> list[DefinitionView]:
    """Everyone in the workspace may read them: KPIs are not secrets."""
    return active_definitions(session, actor.team_id)


def _resolve_subject(session: Session, team_id: str, draft: DefineDraft) -> tuple[Account | None, str | None]:
    """The account or the brand key the objective is for. A word that is both a handle and a brand
    names the account (`brand:<name>` says otherwise); neither is "there is no account or brand"."""
    if draft.subject is None:
        return None, None
    if not draft.brand_only:
        try:
            return find_account(session, team_id, draft.subject, usage_key=USAGE_DEFINE), None
        except NotFound:
            pass
    key = brand_key(draft.subject)
    brands = _brand_names(session, team_id)
    if key in brands:
        return None, key
    if draft.brand_only:
        shown = ", ".join(sorted(brands.values(), key=str.casefold)[:20]) or "—"
        raise NotFound("kpi.goals.error.no_brand", brand=draft.subject, brands=shown)
    raise NotFound("kpi.goals.error.no_subject", ref=draft.subject)


def _same(row: KpiDefinition, draft: DefineDraft, account: Account | None, brand: str | None) -> bool:
    custom = metrics.custom_key(draft.custom_name) if draft.custom_name else None
    return (row.metric == draft.metric and row.custom_key == custom and row.basis == draft.basis
            and row.account_id == (account.id if account else None) and row.brand_key == brand
            and row.period == draft.period)


def define(session: Session, actor: Actor, draft: DefineDraft, now: datetime) -> DefinitionView:
    """A new objective, or Conflict naming the active one that already says the same."""
    require_role(session, actor, action="kpi.define", subject=f"metric:{draft.metric}")
    # Two admins defining the same objective at once: the workspace row serialises them.
    session.scalars(select(Workspace).where(Workspace.team_id == actor.team_id).with_for_update()).one_or_none()
    account, brand = _resolve_subject(session, actor.team_id, draft)
    existing = session.scalars(select(KpiDefinition).where(
        KpiDefinition.team_id == actor.team_id, KpiDefinition.removed_at.is_(None),
        KpiDefinition.metric == draft.metric)).all()
    twin = next((row for row in existing if _same(row, draft, account, brand)), None)
    if twin is not None:
        raise Conflict("kpi.goals.error.duplicate", id=twin.id)
    row = KpiDefinition(
        team_id=actor.team_id, metric=draft.metric, custom_name=draft.custom_name,
        custom_key=metrics.custom_key(draft.custom_name) if draft.custom_name else None,
        unit=draft.unit, basis=draft.basis, account_id=account.id if account else None, brand_key=brand,
        target=draft.target, period=draft.period, direction=draft.direction,
        created_by=actor.user_id, created_at=now)
    session.add(row)
    session.flush()
    view = _view(row, account, _brand_names(session, actor.team_id) if brand else {})
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="kpi.defined", subject=f"kpi:{row.id}",
                 at=now, detail={"metric": row.metric, "custom": row.custom_key, "basis": row.basis,
                                 "account": row.account_id, "brand": row.brand_key, "target": row.target,
                                 "period": row.period, "direction": row.direction})
    return view


def remove(session: Session, actor: Actor, kpi_id: int, now: datetime) -> DefinitionView:
    """Soft delete. Another workspace's id, or one already removed, is "there is no KPI <id>"."""
    require_role(session, actor, action="kpi.remove", subject=f"kpi:{kpi_id}")
    row = session.scalars(select(KpiDefinition).where(
        KpiDefinition.id == kpi_id, KpiDefinition.team_id == actor.team_id,
        KpiDefinition.removed_at.is_(None)).with_for_update()).one_or_none()
    if row is None:
        raise NotFound("kpi.goals.error.no_kpi", id=kpi_id)
    account = session.get(Account, row.account_id) if row.account_id is not None else None
    view = _view(row, account, _brand_names(session, actor.team_id) if row.brand_key else {})
    row.removed_at, row.removed_by = now, actor.user_id
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="kpi.removed", subject=f"kpi:{row.id}",
                 at=now, detail={"metric": row.metric, "custom": row.custom_key, "target": row.target})
    return view

