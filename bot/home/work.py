"""The App Home's *My work* and *My access*: what waits on the viewer, in a constant number of
statements (one per kind of item, whatever the number of items: no N+1).

Each query mirrors who the feature's own rule lets decide (approvers but never on their own
request, post, template or statement; the account's custodian for its tasks; the person named
for a signature or a page), so a button shown here is one the viewer may press. The rule still
decides when it is pressed: the Home only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, cast, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

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


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _local(at: datetime | None, tz: str) -> str:
    return at.astimezone(_zone(tz)).strftime("%Y-%m-%d %H:%M") if at else "—"


def _rows(session: Session, query: Select[Any]) -> tuple[list[Any], int]:
    """The first LOAD rows and how many there are in all, in one statement (a window count)."""
    rows = list(session.execute(query.add_columns(func.count().over().label("total")).limit(LOAD)))
    return rows, (int(rows[0].total) if rows else 0)


def _group(kind: str, rows: Sequence[Any], total: int, item: Any) -> WorkGroup:
    return WorkGroup(kind, tuple(item(r) for r in rows), total)


def _account(network: str, handle: str) -> str:
    return f"{network} @{handle}"


def _access_requests(session: Session, actor: Actor) -> WorkGroup:
    rows, total = _rows(session, select(
        AccessRequest.id, AccessRequest.requester_id, AccessRequest.role, AccessRequest.reason,
        AccessRequest.shared_password, Account.network, Account.handle,
    ).join(Account, Account.id == AccessRequest.account_id).where(
        AccessRequest.team_id == actor.team_id, AccessRequest.status == "pending",
        AccessRequest.requester_id != actor.user_id,
    ).order_by(AccessRequest.id))
    return _group(ACCESS_REQUEST, rows, total, lambda r: WorkItem(ACCESS_REQUEST, str(r.id), {
        "id": str(r.id), "user": r.requester_id, "role": r.role, "account": _account(r.network, r.handle),
        "reason": r.reason, "shared": "1" if r.shared_password else ""}))


def _posts(session: Session, actor: Actor, tz: str) -> WorkGroup:
    mine = exists().where(PostReview.post_id == Post.id, PostReview.revision == Post.revision,
                          PostReview.reviewer_id == actor.user_id)
    rows, total = _rows(session, select(
        Post.id, Post.revision, Post.author_id, Post.scheduled_at, Post.copy,
    ).where(
        Post.team_id == actor.team_id, Post.status == "pending", Post.author_id != actor.user_id, ~mine,
    ).order_by(Post.scheduled_at, Post.id))
    return _group(POST, rows, total, lambda r: WorkItem(POST, f"{r.id}:{r.revision}", {
        "id": str(r.id), "user": r.author_id, "when": _local(r.scheduled_at, tz),
        "copy": (r.copy.splitlines() or [""])[0]}))


def _replies(session: Session, actor: Actor) -> WorkGroup:
    rows, total = _rows(session, select(
        ReplyTemplateVersion.id, ReplyTemplateVersion.template_id, ReplyTemplateVersion.version,
        ReplyTemplateVersion.title, ReplyTemplateVersion.author_id,
    ).join(ReplyTemplate, ReplyTemplate.id == ReplyTemplateVersion.template_id).where(
        ReplyTemplateVersion.team_id == actor.team_id, ReplyTemplateVersion.state == "pending",
        ReplyTemplateVersion.author_id != actor.user_id, ReplyTemplate.retired_at.is_(None),
    ).order_by(ReplyTemplateVersion.id))
    return _group(REPLY, rows, total, lambda r: WorkItem(REPLY, str(r.id), {
        "id": str(r.template_id), "version": str(r.version), "title": r.title, "user": r.author_id}))


def _statements(session: Session, actor: Actor) -> WorkGroup:
    rows, total = _rows(session, select(
        CrisisStatement.id, CrisisStatement.version, CrisisStatement.author_id, Crisis.number,
    ).join(Crisis, Crisis.id == CrisisStatement.crisis_id).where(
        CrisisStatement.team_id == actor.team_id, CrisisStatement.status == "pending",
        CrisisStatement.author_id != actor.user_id, Crisis.status == "open",
    ).order_by(CrisisStatement.id))
    return _group(STATEMENT, rows, total, lambda r: WorkItem(STATEMENT, str(r.id), {
        "number": r.number, "version": str(r.version), "user": r.author_id}))


def _handover(session: Session, actor: Actor) -> tuple[WorkGroup, WorkGroup]:
    open_act = and_(HandoverAct.team_id == actor.team_id, HandoverAct.status == "open")
    deliver, d_total = _rows(session, select(HandoverAct.id, HandoverAct.number, HandoverAct.receiver_id).where(
        open_act, HandoverAct.leaving_id == actor.user_id, HandoverAct.delivered_at.is_(None),
        HandoverAct.leaver_unavailable_at.is_(None)).order_by(HandoverAct.id))
    receive, r_total = _rows(session, select(HandoverAct.id, HandoverAct.number, HandoverAct.leaving_id).where(
        open_act, HandoverAct.receiver_id == actor.user_id, HandoverAct.received_at.is_(None),
    ).order_by(HandoverAct.id))
    return (
        _group(HANDOVER_DELIVER, deliver, d_total, lambda r: WorkItem(HANDOVER_DELIVER, str(r.id), {
            "number": r.number, "user": r.receiver_id or "—"})),
        _group(HANDOVER_RECEIVE, receive, r_total, lambda r: WorkItem(HANDOVER_RECEIVE, str(r.id), {
            "number": r.number, "user": r.leaving_id})),
    )


def _custody_tasks(session: Session, actor: Actor, status: str, kind: str) -> WorkGroup:
    rows, total = _rows(session, select(
        Grant.id, Grant.holder_id, Grant.role, Grant.shared_password, Account.network, Account.handle,
    ).join(Account, Account.id == Grant.account_id).where(
        Grant.team_id == actor.team_id, Grant.status == status, Account.custodian_id == actor.user_id,
    ).order_by(Grant.id))
    return _group(kind, rows, total, lambda r: WorkItem(kind, str(r.id), {
        "id": str(r.id), "user": r.holder_id, "role": r.role, "account": _account(r.network, r.handle),
        "shared": "1" if r.shared_password else ""}))


def _rotations(session: Session, actor: Actor) -> WorkGroup:
    owed = exists().where(Delivery.team_id == Account.team_id, Delivery.kind == ROTATION_KIND,
                          Delivery.subject_id == cast(Account.id, String), Delivery.state.in_(LIVE))
    rows, total = _rows(session, select(Account.id, Account.network, Account.handle).where(
        Account.team_id == actor.team_id, Account.custodian_id == actor.user_id, owed,
    ).order_by(Account.id))
    return _group(ROTATION, rows, total, lambda r: WorkItem(ROTATION, "", {
        "account": _account(r.network, r.handle), "handle": r.handle}))


def _pages(session: Session, actor: Actor) -> WorkGroup:
    # A page of an older generation (the severity changed since) answers instead of acting: not shown.
    paged = exists().where(CrisisPage.crisis_id == Crisis.id, CrisisPage.generation == Crisis.generation,
                           CrisisPage.user_id == actor.user_id, CrisisPage.state == "open")
    rows, total = _rows(session, select(
        Crisis.id, Crisis.generation, Crisis.number, Crisis.severity, Crisis.summary,
    ).where(Crisis.team_id == actor.team_id, Crisis.status == "open", Crisis.acknowledged_at.is_(None), paged)
        .order_by(Crisis.id))
    return _group(PAGE, rows, total, lambda r: WorkItem(PAGE, f"{r.id}:{r.generation}", {
        "number": r.number, "severity": r.severity, "summary": r.summary}))


def my_work(session: Session, actor: Actor, *, tz: str) -> MyWork:
    """Decisions and tasks waiting on `actor`, in the Home's order (pages first)."""
    roles = roles_of(session, actor)
    approver = bool(roles & {Role.ADMIN, Role.APPROVER})
    groups: list[WorkGroup] = [_pages(session, actor)]
    if approver:
        groups += [_statements(session, actor), _access_requests(session, actor), _posts(session, actor, tz),
                   _replies(session, actor)]
    groups += [*_handover(session, actor), _custody_tasks(session, actor, "awaiting_fulfilment", FULFIL),
               _custody_tasks(session, actor, "revoking", REVOKE), _rotations(session, actor)]
    kept = tuple(g for g in groups if g.total)
    return MyWork(kept, decides=approver or Role.CUSTODIAN in roles or bool(kept))


def my_access(session: Session, actor: Actor, now: datetime) -> MyAccess:
    """The viewer's open grants, the soonest to end first. An active grant whose end has passed is
    over (the scheduler is about to start its removal): not offered for extension."""
    ended = and_(Grant.status == "active", Grant.expires_at.is_not(None), Grant.expires_at <= now)
    rows, total = _rows(session, select(
        Grant.id, Grant.role, Grant.status, Grant.expires_at, Grant.shared_password, Account.network, Account.handle,
    ).join(Account, Account.id == Grant.account_id).where(
        Grant.team_id == actor.team_id, Grant.holder_id == actor.user_id, Grant.status.in_(OPEN_GRANTS), ~ended,
    ).order_by(Grant.expires_at.is_(None), Grant.expires_at, Grant.id))
    return MyAccess(tuple(MyGrant(r.id, r.network, r.handle, r.role, r.status, r.expires_at, r.shared_password)
                          for r in rows), total)


def work_and_access(session: Session, actor: Actor, now: datetime) -> WorkAndAccess:
    """Everything *My work* and *My access* show, read in one (read-only) unit of work."""
    ws = session.get(Workspace, actor.team_id)
    tz = (ws.timezone if ws is not None else None) or "UTC"
    return WorkAndAccess(my_work(session, actor, tz=tz), my_access(session, actor, now), tz)
