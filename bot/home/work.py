"""The App Home's *My work* and *My access*: what waits on the viewer, in a constant number of
statements whatever the number of items (no N+1): the roles, the workspace, one statement for
every kind of item together, one for the viewer's grants.

Each kind is one branch of a `UNION ALL` with the same columns (`kind`, `rn` its position,
`total` its count, the row id, six text slots and a time), so a Home costs one round trip to
the database for all its work, not one per kind: on PostgreSQL the round trips were the cost.
Each branch mirrors who the feature's own rule lets decide (approvers but never on their own
request, post, template or statement; the account's custodian for its tasks; the person named
for a signature or a page), so a button shown here is one the viewer may press. The rule still
decides when it is pressed: the Home only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    DateTime,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    label,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import BindParameter

from bot.core.authz import Actor, Role, roles_of
from bot.home.views_work import (
    ACCESS_REQUEST,
    FULFIL,
    HANDOVER_DELIVER,
    HANDOVER_RECEIVE,
    PAGE,
    POST,
    REPLY,
    REVOKE,
    ROTATION,
    STATEMENT,
    MyAccess,
    MyGrant,
    MyWork,
    WorkAndAccess,
    WorkGroup,
    WorkItem,
)
from storage.models import (
    AccessRequest,
    Account,
    Crisis,
    CrisisPage,
    CrisisStatement,
    Delivery,
    Grant,
    HandoverAct,
    Post,
    PostReview,
    ReplyTemplate,
    ReplyTemplateVersion,
    Workspace,
)

# Rows read per kind: more than the Home can ever show (100 blocks), so the count is what grows.
LOAD = 50
OPEN_GRANTS = ("active", "awaiting_fulfilment", "revoking")
# The accounts feature's rotation task (bot/accounts/rotation.py): live while pending or claimed.
ROTATION_KIND = "accounts.rotation_task"
LIVE = ("pending", "claimed")
SLOTS = ("a", "b", "c", "d", "e", "f")


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _local(at: datetime | None, tz: str) -> str:
    return at.astimezone(_zone(tz)).strftime("%Y-%m-%d %H:%M") if at else "—"


def _flag(column: ColumnExpressionArgument[bool]) -> ColumnElement[str]:
    return case((column, "1"), else_="")


@dataclass(frozen=True)
class _Kind:
    """One branch: the kind, its rows' id, text slots and time, its filter and order, and how a
    row (slots by name) becomes the item the Home shows."""

    kind: str
    id: ColumnExpressionArgument[int]
    slots: tuple[ColumnExpressionArgument[Any], ...]
    where: tuple[ColumnExpressionArgument[bool], ...]
    order_by: tuple[ColumnExpressionArgument[Any], ...]
    item: Callable[[Any, str], WorkItem]
    joins: tuple[tuple[Any, ColumnExpressionArgument[bool]], ...] = ()
    at: ColumnExpressionArgument[datetime] | None = None


def _branch(position: int, k: _Kind) -> Select[Any]:
    slots = [cast(s, String).label(n) for s, n in zip(k.slots, SLOTS, strict=False)]
    slots += [cast(null(), String).label(n) for n in SLOTS[len(k.slots):]]
    # Typed alike in every branch: the union's rows are read with the first branch's types.
    # PostgreSQL wants the NULL of the other branches typed as the time column (timestamptz).
    at = type_coerce(k.at if k.at is not None else cast(null(), DateTime(timezone=True)),
                     Post.scheduled_at.type).label("at")
    query = select(literal(position).label("kind"), func.row_number().over(order_by=k.order_by).label("rn"),
                   func.count().over().label("total"), label("id", k.id), *slots, at)
    for target, on in k.joins:
        query = query.join(target, on)
    return query.where(*k.where)


def _account(network: str, handle: str) -> str:
    return f"{network} @{handle}"


def _kinds(approver: bool) -> list[_Kind]:
    """Every kind of item, in the Home's order (pages first), for the viewer `:me` of `:team`."""
    team, me = bindparam("team", type_=String), bindparam("me", type_=String)
    # A page of an older generation (the severity changed since) answers instead of acting: not shown.
    paged = exists().where(CrisisPage.crisis_id == Crisis.id, CrisisPage.generation == Crisis.generation,
                           CrisisPage.user_id == me, CrisisPage.state == "open")
    kinds = [_Kind(
        PAGE, Crisis.id, (Crisis.generation, Crisis.number, Crisis.severity, Crisis.summary),
        (Crisis.team_id == team, Crisis.status == "open", Crisis.acknowledged_at.is_(None), paged), (Crisis.id,),
        lambda r, _tz: WorkItem(PAGE, f"{r.id}:{r.a}", {"number": r.b, "severity": r.c, "summary": r.d}))]
    if approver:
        reviewed = exists().where(PostReview.post_id == Post.id, PostReview.revision == Post.revision,
                                  PostReview.reviewer_id == me)
        kinds += [
            _Kind(STATEMENT, CrisisStatement.id, (CrisisStatement.version, CrisisStatement.author_id, Crisis.number),
                  (CrisisStatement.team_id == team, CrisisStatement.status == "pending",
                   CrisisStatement.author_id != me, Crisis.status == "open"), (CrisisStatement.id,),
                  lambda r, _tz: WorkItem(STATEMENT, str(r.id), {"version": r.a, "user": r.b, "number": r.c}),
                  joins=((Crisis, Crisis.id == CrisisStatement.crisis_id),)),
            _Kind(ACCESS_REQUEST, AccessRequest.id,
                  (AccessRequest.requester_id, AccessRequest.role, AccessRequest.reason,
                   _flag(AccessRequest.shared_password), Account.network, Account.handle),
                  (AccessRequest.team_id == team, AccessRequest.status == "pending", AccessRequest.requester_id != me),
                  (AccessRequest.id,),
                  lambda r, _tz: WorkItem(ACCESS_REQUEST, str(r.id), {
                      "id": str(r.id), "user": r.a, "role": r.b, "reason": r.c, "shared": r.d or "",
                      "account": _account(r.e, r.f)}),
                  joins=((Account, Account.id == AccessRequest.account_id),)),
            _Kind(POST, Post.id, (Post.revision, Post.author_id, Post.copy),
                  (Post.team_id == team, Post.status == "pending", Post.author_id != me, ~reviewed),
                  (Post.scheduled_at, Post.id),
                  lambda r, tz: WorkItem(POST, f"{r.id}:{r.a}", {
                      "id": str(r.id), "user": r.b, "when": _local(r.at, tz), "copy": (r.c.splitlines() or [""])[0]}),
                  at=Post.scheduled_at),
            _Kind(REPLY, ReplyTemplateVersion.id,
                  (ReplyTemplateVersion.template_id, ReplyTemplateVersion.version, ReplyTemplateVersion.title,
                   ReplyTemplateVersion.author_id),
                  (ReplyTemplateVersion.team_id == team, ReplyTemplateVersion.state == "pending",
                   ReplyTemplateVersion.author_id != me, ReplyTemplate.retired_at.is_(None)),
                  (ReplyTemplateVersion.id,),
                  lambda r, _tz: WorkItem(REPLY, str(r.id), {"id": r.a, "version": r.b, "title": r.c, "user": r.d}),
                  joins=((ReplyTemplate, ReplyTemplate.id == ReplyTemplateVersion.template_id),)),
        ]
    open_act = and_(HandoverAct.team_id == team, HandoverAct.status == "open")
    owed = exists().where(Delivery.team_id == Account.team_id, Delivery.kind == ROTATION_KIND,
                          Delivery.subject_id == cast(Account.id, String), Delivery.state.in_(LIVE))
    kinds += [
        _Kind(HANDOVER_DELIVER, HandoverAct.id, (HandoverAct.number, HandoverAct.receiver_id),
              (open_act, HandoverAct.leaving_id == me, HandoverAct.delivered_at.is_(None),
               HandoverAct.leaver_unavailable_at.is_(None)), (HandoverAct.id,),
              lambda r, _tz: WorkItem(HANDOVER_DELIVER, str(r.id), {"number": r.a, "user": r.b or "—"})),
        _Kind(HANDOVER_RECEIVE, HandoverAct.id, (HandoverAct.number, HandoverAct.leaving_id),
              (open_act, HandoverAct.receiver_id == me, HandoverAct.received_at.is_(None)), (HandoverAct.id,),
              lambda r, _tz: WorkItem(HANDOVER_RECEIVE, str(r.id), {"number": r.a, "user": r.b})),
        _custody(team, me, "awaiting_fulfilment", FULFIL),
        _custody(team, me, "revoking", REVOKE),
        _Kind(ROTATION, Account.id, (Account.network, Account.handle),
              (Account.team_id == team, Account.custodian_id == me, owed), (Account.id,),
              lambda r, _tz: WorkItem(ROTATION, "", {"account": _account(r.a, r.b), "handle": r.b})),
    ]
    return kinds


def _custody(team: BindParameter[str], me: BindParameter[str], status: str, kind: str) -> _Kind:
    return _Kind(kind, Grant.id, (Grant.holder_id, Grant.role, _flag(Grant.shared_password), Account.network,
                                  Account.handle),
                 (Grant.team_id == team, Grant.status == status, Account.custodian_id == me), (Grant.id,),
                 lambda r, _tz: WorkItem(kind, str(r.id), {
                     "id": str(r.id), "user": r.a, "role": r.b, "shared": r.c or "", "account": _account(r.d, r.e)}),
                 joins=((Account, Account.id == Grant.account_id),))


@lru_cache(maxsize=2)
def _statement(approver: bool) -> tuple[list[_Kind], Select[Any]]:
    """The one statement of *My work*, built once per shape (an approver's has five kinds more):
    building this many branches on every Home took longer than running them."""
    kinds = _kinds(approver)
    every = union_all(*(_branch(n, k) for n, k in enumerate(kinds))).subquery()
    return kinds, select(every).where(every.c.rn <= LOAD).order_by(every.c.kind, every.c.rn)


def my_work(session: Session, actor: Actor, *, tz: str) -> MyWork:
    """Decisions and tasks waiting on `actor`, in the Home's order (pages first): one statement."""
    roles = roles_of(session, actor)
    approver = bool(roles & {Role.ADMIN, Role.APPROVER})
    kinds, statement = _statement(approver)
    rows = session.execute(statement, {"team": actor.team_id, "me": actor.user_id}).all()
    by_kind: dict[int, list[Any]] = {}
    for row in rows:
        by_kind.setdefault(int(row.kind), []).append(row)
    groups = tuple(WorkGroup(kinds[n].kind, tuple(kinds[n].item(r, tz) for r in found), int(found[0].total))
                   for n, found in sorted(by_kind.items()))
    return MyWork(groups, decides=approver or Role.CUSTODIAN in roles or bool(groups))


def my_access(session: Session, actor: Actor, now: datetime) -> MyAccess:
    """The viewer's open grants, the soonest to end first. An active grant whose end has passed is
    over (the scheduler is about to start its removal): not offered for extension."""
    ended = and_(Grant.status == "active", Grant.expires_at.is_not(None), Grant.expires_at <= now)
    rows = list(session.execute(select(
        Grant.id, Grant.role, Grant.status, Grant.expires_at, Grant.shared_password, Account.network, Account.handle,
        func.count().over().label("total"),
    ).join(Account, Account.id == Grant.account_id).where(
        Grant.team_id == actor.team_id, Grant.holder_id == actor.user_id, Grant.status.in_(OPEN_GRANTS), ~ended,
    ).order_by(Grant.expires_at.is_(None), Grant.expires_at, Grant.id).limit(LOAD)))
    return MyAccess(tuple(MyGrant(r.id, r.network, r.handle, r.role, r.status, r.expires_at, r.shared_password)
                          for r in rows), int(rows[0].total) if rows else 0)


def work_and_access(session: Session, actor: Actor, now: datetime) -> WorkAndAccess:
    """Everything *My work* and *My access* show, read in one (read-only) unit of work."""
    ws = session.get(Workspace, actor.team_id)
    tz = (ws.timezone if ws is not None else None) or "UTC"
    return WorkAndAccess(my_work(session, actor, tz=tz), my_access(session, actor, now), tz)
