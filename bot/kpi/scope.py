"""The agency scope (issue 14 §5, the input side): what was agreed with whoever runs the accounts.

Per account posts per week, the agreed average response time, the report cadence and up to
five custom deliverables with a due day of the month. The digest and the report measure what
was delivered against it (bot/kpi/digest.py reads `scope_of` and `delivered_months`).

Admins edit it (the form, or `/kpi scope <handle> <n>` for accounts the form has no room
for); every member reads it. A save is conditional on the version the form was opened with,
so two admins editing at once cannot silently undo each other; an unchanged save writes
nothing. A deliverable is known by its name: removing it from the form retires it (its
delivery marks stay on record), renaming it is retiring one and agreeing another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.accounts.lookup import find_account, no_such_account
from bot.core.authz import Actor, Role, has_role, require_role
from bot.core.errors import Conflict, NotFound, UsageError
from bot.kpi.definitions import account_label
from bot.kpi.parse_goals import USAGE_DELIVERED, USAGE_SCOPE, ScopeValues
from bot.kpi.periods import month_of
from bot.kpi.values import local_today
from storage import audit
from storage.models import Account
from storage.models.kpi import KpiDeliverable, KpiDelivery, KpiScope, KpiScopeAccount


@dataclass(frozen=True)
class ScopeView:
    provider: str
    report_cadence: str  # fortnightly | monthly
    response_minutes: int | None
    accounts: tuple[tuple[int, str, int], ...]  # (account id, "network @handle", posts per week)
    deliverables: tuple[tuple[int, str, int], ...]  # (id, name, due day), the ones not retired


@dataclass(frozen=True)
class AccountRow:
    account_id: int
    label: str
    posts_per_week: int | None  # None: nothing agreed


@dataclass(frozen=True)
class ScopeScreen:
    """What `/kpi scope` shows: the form for an admin, the scope as text for everyone else."""

    editable: bool
    scope: ScopeView | None
    version: int  # 0: never saved
    accounts: tuple[AccountRow, ...]  # the active inventory, with what was agreed for each


# ---- reading ---------------------------------------------------------------------------------

def _scope_row(session: Session, team_id: str, *, lock: bool = False) -> KpiScope | None:
    query = select(KpiScope).where(KpiScope.team_id == team_id)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def _active_deliverables(session: Session, scope_id: int) -> list[KpiDeliverable]:
    return list(session.scalars(select(KpiDeliverable).where(
        KpiDeliverable.scope_id == scope_id, KpiDeliverable.retired_at.is_(None)).order_by(KpiDeliverable.id)))


def _view(session: Session, row: KpiScope) -> ScopeView:
    accounts = session.execute(
        select(KpiScopeAccount.posts_per_week, Account).join(Account, Account.id == KpiScopeAccount.account_id)
        .where(KpiScopeAccount.scope_id == row.id, Account.status == "active")
        .order_by(Account.network, Account.handle)).tuples()
    return ScopeView(
        provider=row.provider, report_cadence=row.report_cadence, response_minutes=row.response_minutes,
        accounts=tuple((a.id, account_label(a), posts) for posts, a in accounts),
        deliverables=tuple((d.id, d.name, d.due_day) for d in _active_deliverables(session, row.id)))


def scope_of(session: Session, team_id: str) -> ScopeView | None:
    """The scope as agreed now (archived accounts left out: nothing is expected of them), or None."""
    row = _scope_row(session, team_id)
    return _view(session, row) if row is not None else None


def delivered_months(session: Session, team_id: str, deliverable_id: int) -> set[dt.date]:
    """The month starts a deliverable was marked delivered for."""
    return set(session.scalars(
        select(KpiDelivery.month_start).join(KpiDeliverable, KpiDeliverable.id == KpiDelivery.deliverable_id)
        .where(KpiDelivery.deliverable_id == deliverable_id, KpiDeliverable.team_id == team_id)))


def _agreed_posts(session: Session, scope_id: int) -> dict[int, int]:
    return {a: p for a, p in session.execute(select(KpiScopeAccount.account_id, KpiScopeAccount.posts_per_week)
                                             .where(KpiScopeAccount.scope_id == scope_id)).tuples()}


def _inventory(session: Session, team_id: str, scope_id: int | None) -> tuple[AccountRow, ...]:
    agreed = _agreed_posts(session, scope_id) if scope_id is not None else {}
    accounts = session.scalars(select(Account).where(Account.team_id == team_id, Account.status == "active")
                               .order_by(Account.brand, Account.network, Account.handle))
    return tuple(AccountRow(a.id, account_label(a), agreed.get(a.id)) for a in accounts)


def scope_screen(session: Session, actor: Actor) -> ScopeScreen:
    row = _scope_row(session, actor.team_id)
    editable = has_role(session, actor)  # admins only; everyone else reads it
    return ScopeScreen(editable=editable, scope=_view(session, row) if row else None,
                       version=row.version if row else 0,
                       accounts=_inventory(session, actor.team_id, row.id if row else None) if editable else ())


# ---- saving ------------------------------------------------------------------------------------

def check_can_edit(session: Session, actor: Actor) -> None:
    require_role(session, actor, action="kpi.scope")


def _set_posts(session: Session, team_id: str, scope_id: int, account_id: int, posts: int) -> None:
    row = session.scalars(select(KpiScopeAccount).where(
        KpiScopeAccount.scope_id == scope_id, KpiScopeAccount.account_id == account_id)).one_or_none()
    if posts == 0:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(KpiScopeAccount(team_id=team_id, scope_id=scope_id, account_id=account_id, posts_per_week=posts))
    else:
        row.posts_per_week = posts


def _deliverable_changes(current: list[KpiDeliverable], wanted: tuple[tuple[str, int], ...]
                         ) -> tuple[list[tuple[str, int]], list[tuple[KpiDeliverable, int]], list[KpiDeliverable]]:
    """(to create, to move to another due day, to retire), matching by name whatever its case."""
    by_name = {d.name.casefold(): d for d in current}
    create: list[tuple[str, int]] = []
    move: list[tuple[KpiDeliverable, int]] = []
    for name, due in wanted:
        found = by_name.pop(name.casefold(), None)
        if found is None:
            create.append((name, due))
        elif found.due_day != due or found.name != name:
            move.append((found, due))
    return create, move, list(by_name.values())


def save_scope(session: Session, actor: Actor, values: ScopeValues, expected_version: int,
               now: dt.datetime) -> ScopeView | None:
    """Store validated values; None when nothing changed (no row touched, nothing audited)."""
    check_can_edit(session, actor)
    row = _scope_row(session, actor.team_id, lock=True)
    if (row.version if row else 0) != expected_version:
        raise Conflict("kpi.goals.scope.error.changed")
    known = dict(session.execute(select(Account.id, Account.status).where(
        Account.team_id == actor.team_id, Account.id.in_(list(values.posts)))).tuples().all())
    if set(known) != set(values.posts):
        raise no_such_account()  # a block id the form never had (another workspace's account): forged
    # Archived since the form opened: nothing is expected of it any more, whatever the form says.
    values = replace(values, posts={a: p for a, p in values.posts.items() if known[a] == "active"})
    before_posts = _agreed_posts(session, row.id) if row else {}
    current = _active_deliverables(session, row.id) if row else []
    create, move, retire = _deliverable_changes(current, values.deliverables)
    changed: dict[str, Any] = {}
    for field, new in (("provider", values.provider), ("report_cadence", values.report_cadence),
                       ("response_minutes", values.response_minutes)):
        old = getattr(row, field) if row else None
        if old != new:
            changed[field] = {"from": old, "to": new}
    posts = {a: {"from": before_posts.get(a, 0), "to": p}
             for a, p in values.posts.items() if before_posts.get(a, 0) != p}
    if posts:
        changed["posts_per_week"] = {str(a): v for a, v in sorted(posts.items())}
    if create or move or retire:
        changed["deliverables"] = {"added": [list(c) for c in create], "due_day": [[d.id, due] for d, due in move],
                                   "retired": [d.id for d in retire]}
    if row is not None and not changed:
        return None
    if row is None:
        row = KpiScope(team_id=actor.team_id, provider=values.provider, report_cadence=values.report_cadence,
                       response_minutes=values.response_minutes, version=1, updated_by=actor.user_id, updated_at=now)
        try:
            with session.begin_nested():  # two admins saving the first scope at once: the unique key decides
                session.add(row)
        except IntegrityError:
            raise Conflict("kpi.goals.scope.error.changed") from None
    else:
        row.version += 1
        row.provider, row.report_cadence, row.response_minutes = (
            values.provider, values.report_cadence, values.response_minutes)
        row.updated_by, row.updated_at = actor.user_id, now
    for account_id in posts:
        _set_posts(session, actor.team_id, row.id, account_id, values.posts[account_id])
    for name, due in create:
        session.add(KpiDeliverable(team_id=actor.team_id, scope_id=row.id, name=name, due_day=due))
    for deliverable, due in move:
        deliverable.due_day = due
    for deliverable in retire:
        deliverable.retired_at = now
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="kpi.scope_saved",
                 subject=f"kpi_scope:{row.id}", at=now, detail={"version": row.version, "changed": changed})
    return _view(session, row)


def set_account_posts(session: Session, actor: Actor, ref: str, posts: int,
                      now: dt.datetime) -> tuple[str, ScopeView | None]:
    """`/kpi scope <handle> <n>`: one account's posts per week; (its label, None when unchanged)."""
    check_can_edit(session, actor)
    row = _scope_row(session, actor.team_id, lock=True)
    if row is None:
        raise UsageError("kpi.goals.scope.error.no_scope", usage_key=USAGE_SCOPE)
    account = find_account(session, actor.team_id, ref, usage_key=USAGE_SCOPE)
    label = account_label(account)
    before = session.scalars(select(KpiScopeAccount.posts_per_week).where(
        KpiScopeAccount.scope_id == row.id, KpiScopeAccount.account_id == account.id)).one_or_none() or 0
    if before == posts:
        return label, None
    _set_posts(session, actor.team_id, row.id, account.id, posts)
    row.version += 1
    row.updated_by, row.updated_at = actor.user_id, now
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="kpi.scope_saved",
                 subject=f"kpi_scope:{row.id}", at=now,
                 detail={"version": row.version, "changed": {"posts_per_week": {
                     str(account.id): {"from": before, "to": posts}}}})
    return label, _view(session, row)


# ---- deliverables marked delivered -------------------------------------------------------------

@dataclass(frozen=True)
class DeliveredView:
    deliverable_id: int
    name: str
    due_day: int
    month: dt.date


def mark_delivered(session: Session, actor: Actor, deliverable_id: int, month: dt.date | None,
                   now: dt.datetime) -> DeliveredView:
    """Once per deliverable and month (this month unless told; never a month still to come)."""
    require_role(session, actor, Role.PUBLISHER, action="kpi.delivered", subject=f"kpi_deliverable:{deliverable_id}")
    deliverable = session.scalars(select(KpiDeliverable).where(
        KpiDeliverable.id == deliverable_id, KpiDeliverable.team_id == actor.team_id,
        KpiDeliverable.retired_at.is_(None))).one_or_none()
    if deliverable is None:
        raise NotFound("kpi.goals.delivered.error.no_deliverable", id=deliverable_id)
    this_month = month_of(local_today(session, actor.team_id, now))
    month = month or this_month
    if month > this_month:
        raise UsageError("kpi.goals.delivered.error.future", usage_key=USAGE_DELIVERED, month=f"{month:%Y-%m}")
    taken = session.scalars(select(KpiDelivery).where(
        KpiDelivery.deliverable_id == deliverable.id, KpiDelivery.month_start == month)).one_or_none()
    if taken is None:
        try:
            with session.begin_nested():  # two people marking it at once: the unique key decides
                session.add(KpiDelivery(team_id=actor.team_id, deliverable_id=deliverable.id, month_start=month,
                                        delivered_at=now, marked_by=actor.user_id))
        except IntegrityError:
            taken = session.scalars(select(KpiDelivery).where(
                KpiDelivery.deliverable_id == deliverable.id, KpiDelivery.month_start == month)).one()
    if taken is not None:
        raise Conflict("kpi.goals.delivered.error.already", name=deliverable.name, month=f"{month:%Y-%m}",
                       user=taken.marked_by)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="kpi.delivered",
                 subject=f"kpi_deliverable:{deliverable.id}", at=now, detail={"month": f"{month:%Y-%m}"})
    return DeliveredView(deliverable.id, deliverable.name, deliverable.due_day, month)
