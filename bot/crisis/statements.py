"""The public holding statement (issue 13 §4): drafted in a modal, approved by someone else.

Its parts are the CDC CERC first message (Crisis and Emergency Risk Communication, 2018): express
empathy, the facts confirmed, what is not known yet, what is being done, when the next update
comes, where to learn more. Each draft is a new version; an older pending one is superseded. An
approver or admin other than its author decides, once: the decision is a conditional update on
`pending`, so of two presses the first wins and the second is told it was already decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, require_role
from bot.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from bot.core.parsing import parse_id
from bot.core.schedule import schedule
from bot.crisis import lookup, timeline
from bot.crisis.views import CrisisView, crisis_view
from storage import audit
from storage.models import Crisis, CrisisStatement

KIND_STATEMENT = "crisis.statement"  # posts the draft, or redraws it in place once decided
USAGE_STATEMENT = "usage.crisis.statement"
# (field, required, server-side limit): the modal says the same limits.
FIELDS: tuple[tuple[str, bool, int], ...] = (
    ("empathy", True, 500), ("facts", True, 1500), ("unknowns", True, 1000), ("actions", True, 1500),
    ("next_update", True, 300), ("more_info", False, 500),
)
COMMENT_MAX = 1000


@dataclass(frozen=True)
class StatementView:
    id: int
    crisis: CrisisView
    version: int
    author_id: str
    parts: dict[str, str]  # field → text as typed
    status: str
    decided_by: str | None
    decided_at: datetime | None
    comment: str | None


def statement_view(crisis: Crisis, st: CrisisStatement) -> StatementView:
    parts = {name: str(getattr(st, name) or "") for name, _, _ in FIELDS}
    return StatementView(st.id, crisis_view(crisis), st.version, st.author_id, parts, st.status, st.decided_by,
                         st.decided_at, st.decision_comment)


@dataclass(frozen=True)
class StatementForm:
    crisis: CrisisView
    draft: dict[str, str]  # the latest version's parts, or empty


def _open(crisis: Crisis) -> None:
    if crisis.status != "open":
        raise Conflict("crisis.statement.error.resolved", number=crisis.number)


def latest(session: Session, crisis: Crisis) -> CrisisStatement | None:
    return session.scalars(select(CrisisStatement).where(CrisisStatement.crisis_id == crisis.id)
                           .order_by(CrisisStatement.version.desc()).limit(1)).first()


def form_for(session: Session, actor: Actor, channel_id: str | None, ref: str | None) -> StatementForm:
    """What the modal opens with: the crisis (open) and the latest draft, to edit rather than retype."""
    crisis = lookup.target(session, actor.team_id, channel_id, ref, usage_key=USAGE_STATEMENT)
    _open(crisis)
    last = latest(session, crisis)
    draft = {name: str(getattr(last, name) or "") for name, _, _ in FIELDS} if last is not None else {}
    return StatementForm(crisis_view(crisis), draft)


def check_parts(values: dict[str, str]) -> dict[str, str]:
    """Trimmed parts; a missing required part or one over its limit is an inline error, keyed by field."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    parts: dict[str, str] = {}
    for name, required, limit in FIELDS:
        text = (values.get(name) or "").strip()
        if required and not text:
            errors[name] = ("crisis.statement.error.required", {})
        elif len(text) > limit:
            errors[name] = ("crisis.statement.error.long", {"max": limit, "length": len(text)})
        parts[name] = text
    if errors:
        raise ValidationFailed(errors)
    return parts


def draft(session: Session, actor: Actor, crisis_id: object, values: dict[str, str], now: datetime) -> StatementView:
    """A new version, pending; the older pending ones superseded (and redrawn without buttons)."""
    parts = check_parts(values)
    crisis = lookup.get_crisis(session, actor.team_id, crisis_id, lock=True)
    _open(crisis)
    older = list(session.scalars(select(CrisisStatement.id).where(
        CrisisStatement.crisis_id == crisis.id, CrisisStatement.status == "pending",
        CrisisStatement.message_ts.is_not(None))))
    session.execute(update(CrisisStatement).where(CrisisStatement.crisis_id == crisis.id,
                                                  CrisisStatement.status == "pending")
                    .values(status="superseded").execution_options(synchronize_session=False))
    version = (session.scalar(select(func.max(CrisisStatement.version))
                              .where(CrisisStatement.crisis_id == crisis.id)) or 0) + 1
    st = CrisisStatement(team_id=crisis.team_id, crisis_id=crisis.id, version=version, author_id=actor.user_id,
                         status="pending", created_at=now, more_info=parts.pop("more_info") or None, **parts)
    session.add(st)
    session.flush()
    timeline.record(session, crisis, timeline.STATEMENT_DRAFTED, actor=actor.user_id, at=now,
                    detail={"statement": st.id, "version": version})
    audit.append(session, team_id=crisis.team_id, actor=actor.user_id, action="crisis.statement_drafted",
                 subject=f"crisis:{crisis.id}", at=now, detail={"statement": st.id, "version": version})
    # One delivery per statement and state (each state is reached once): a redraw landing on the
    # same instant as the first post is not taken for the same occurrence.
    schedule(session, team_id=crisis.team_id, kind=KIND_STATEMENT, subject_id=f"{st.id}:pending", at=now)
    for old in older:
        schedule(session, team_id=crisis.team_id, kind=KIND_STATEMENT, subject_id=f"{old}:superseded", at=now)
    return statement_view(crisis, st)


def _statement(session: Session, team_id: str, statement_id: object, *,
               lock: bool) -> tuple[Crisis, CrisisStatement]:
    sid = parse_id(statement_id)
    st = session.scalars(select(CrisisStatement).where(CrisisStatement.id == sid, CrisisStatement.team_id == team_id)
                         ).one_or_none() if sid is not None else None
    if st is None:
        raise NotFound("crisis.statement.error.not_found")
    return lookup.get_crisis(session, team_id, st.crisis_id, lock=lock), st


def check_can_decide(session: Session, actor: Actor, statement_id: object, *, lock: bool = False) -> StatementView:
    """Refused (a member, the author), stale (decided, superseded) or resolved: said before anything
    (before the Reject form opens, too)."""
    crisis, st = _statement(session, actor.team_id, statement_id, lock=lock)
    require_role(session, actor, Role.APPROVER, action="crisis.statement.decide", subject=f"statement:{st.id}")
    if st.author_id == actor.user_id:
        raise Forbidden("crisis.statement.error.own", action="crisis.statement.decide", subject=f"statement:{st.id}")
    _open(crisis)
    if st.status != "pending":
        raise Conflict("crisis.statement.error.decided", version=st.version,
                       status=st.status)
    return statement_view(crisis, st)


def decide(session: Session, actor: Actor, statement_id: object, *, approve: bool, comment: str | None,
           now: datetime) -> StatementView:
    check_can_decide(session, actor, statement_id, lock=True)  # decisions on one crisis queue on its row
    crisis, st = _statement(session, actor.team_id, statement_id, lock=False)
    note = (comment or "").strip()[:COMMENT_MAX] or None
    status = "approved" if approve else "rejected"
    done = session.execute(
        update(CrisisStatement).where(CrisisStatement.id == st.id, CrisisStatement.status == "pending")
        .values(status=status, decided_by=actor.user_id, decided_at=now, decision_comment=note)
        .execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):  # another approver's press landed first
        session.refresh(st)
        raise Conflict("crisis.statement.error.decided", version=st.version, status=st.status)
    session.refresh(st)
    kind = timeline.STATEMENT_APPROVED if approve else timeline.STATEMENT_REJECTED
    timeline.record(session, crisis, kind, actor=actor.user_id, at=now, text=note or "",
                    detail={"statement": st.id, "version": st.version})
    audit.append(session, team_id=crisis.team_id, actor=actor.user_id, action=f"crisis.statement_{status}",
                 subject=f"crisis:{crisis.id}", at=now, detail={"statement": st.id, "version": st.version})
    schedule(session, team_id=crisis.team_id, kind=KIND_STATEMENT, subject_id=f"{st.id}:{status}", at=now,
             payload={"announce": status})
    return statement_view(crisis, st)


def remember_message(session: Session, statement_id: int, channel: str, ts: str) -> None:
    """on_sent of the first post: later decisions update this message in place."""
    session.execute(update(CrisisStatement).where(CrisisStatement.id == statement_id,
                                                  CrisisStatement.message_ts.is_(None))
                    .values(message_channel=channel, message_ts=ts).execution_options(synchronize_session=False))


def for_render(session: Session, team_id: str, subject: object) -> tuple[StatementView, str | None, str | None]:
    """The statement as it is now, with where its message is (channel, ts) if posted; `subject` is
    the delivery's `<id>:<state>`."""
    sid = parse_id(str(subject).partition(":")[0])
    st = session.get(CrisisStatement, sid) if sid is not None else None
    if st is None or st.team_id != team_id:
        raise NotFound("crisis.statement.error.not_found")
    crisis = session.get(Crisis, st.crisis_id)
    assert crisis is not None
    return statement_view(crisis, st), st.message_channel, st.message_ts
