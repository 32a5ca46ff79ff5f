"""Proposing, approving, retiring and using reply templates (SPEC §7).

A proposal (new template or edit) is a pending version; the served version stays served until
an approver who is not the version's author approves the new one. Decisions are a conditional
update on the version's state under the template's row lock: the first decision wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, has_role, require_role
from bot.core.errors import Conflict, DomainError, Forbidden
from bot.core.schedule import schedule
from bot.replies import placeholders
from bot.replies.search import reindex, unindex
from bot.replies.views import (
    TEXT_MAX,
    TITLE_MAX,
    TONE_MAX,
    Draft,
    VersionView,
    get_template,
    get_version,
    version_view,
)
from storage import audit
from storage.models import REPLY_CATEGORIES, REPLY_LANGUAGES, ReplyTemplate, ReplyTemplateVersion, ReplyUse, Workspace
from storage.upsert import insert_ignore

Errors = dict[str, tuple[str, dict[str, object]]]

# The outbox deliveries a decision schedules in its own transaction (handlers/replies/notices.py
# renders them; the request's after-ack work sends them at once, the scheduler after a kill):
# a proposal's approvals post (and the redraw of the version it replaced, the author's DM), and a
# decision's redraw of that post with the author's DM. Subject "<version id>:<event>": a version
# is proposed once and decided once.
KIND_PROPOSED = "replies.proposed"
KIND_DECIDED = "replies.decided"


def notice_subject(version_id: int, event: str) -> str:
    return f"{version_id}:{event}"


class InvalidTemplate(DomainError):
    """The form's problems, field → (catalog key, params): shown inline, nothing stored."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("replies.error.invalid")
        self.errors = errors


def check_draft(draft: Draft) -> tuple[Draft, tuple[str, ...]]:
    """The draft trimmed, and its placeholders; every problem at once otherwise."""
    errors: Errors = {}
    title, tone, text = draft.title.strip(), draft.tone.strip(), draft.text.strip()
    if not title:
        errors["title"] = ("replies.error.required", {})
    elif len(title) > TITLE_MAX:
        errors["title"] = ("replies.error.too_long", {"max": TITLE_MAX})
    if draft.category not in REPLY_CATEGORIES:
        errors["category"] = ("replies.error.required", {})
    if draft.language not in REPLY_LANGUAGES:
        errors["language"] = ("replies.error.required", {})
    if len(tone) > TONE_MAX:
        errors["tone"] = ("replies.error.too_long", {"max": TONE_MAX})
    names: list[str] = []
    if not text:
        errors["text"] = ("replies.error.required", {})
    elif len(text) > TEXT_MAX:
        errors["text"] = ("replies.error.too_long", {"max": TEXT_MAX})
    else:
        names, problem = placeholders.scan(text)
        if problem is not None:
            errors["text"] = (problem.key, {"text": problem.text})
    if errors:
        raise InvalidTemplate(errors)
    return Draft(title, draft.category, tone, draft.language, text), tuple(names)


def approvals_channel(session: Session, team_id: str) -> str:
    ws = session.get(Workspace, team_id)
    if ws is None or not ws.approvals_channel:
        raise Conflict("replies.error.no_approvals_channel")
    return ws.approvals_channel


def _can_edit(session: Session, actor: Actor, template: ReplyTemplate) -> None:
    if actor.user_id != template.author_id:
        require_role(session, actor, Role.APPROVER, action="replies.edit", subject=f"reply:{template.id}")
    if template.retired_at is not None:
        raise Conflict("replies.error.retired", id=template.id)


def edit_prefill(session: Session, actor: Actor, template_id: int) -> VersionView:
    """`/replies edit <id>`: the latest version (a pending one if any), for the form."""
    template = get_template(session, actor.team_id, template_id)
    _can_edit(session, actor, template)
    latest = session.scalars(select(ReplyTemplateVersion).where(ReplyTemplateVersion.template_id == template.id)
                             .order_by(ReplyTemplateVersion.version.desc()).limit(1)).one()
    return version_view(session, latest, template)


@dataclass(frozen=True)
class Proposed:
    version: VersionView
    channel: str
    superseded: VersionView | None  # a pending version this one replaced (its message goes stale)


def propose(session: Session, actor: Actor, draft: Draft, now: datetime, *, template_id: int | None = None) -> Proposed:
    clean, names = check_draft(draft)
    channel = approvals_channel(session, actor.team_id)
    replaced: ReplyTemplateVersion | None = None
    if template_id is None:
        template = ReplyTemplate(team_id=actor.team_id, author_id=actor.user_id, last_version=1, usage_count=0,
                                 created_at=now)
        session.add(template)
        session.flush()
        number = 1
    else:
        template = get_template(session, actor.team_id, template_id, lock=True)
        _can_edit(session, actor, template)
        # One version waits at a time: a newer proposal replaces the one nobody decided yet.
        replaced = session.scalars(select(ReplyTemplateVersion).where(
            ReplyTemplateVersion.template_id == template.id, ReplyTemplateVersion.state == "pending")).first()
        if replaced is not None:
            replaced.state = "superseded"
            replaced.decided_at = now
        template.last_version += 1
        number = template.last_version
    version = ReplyTemplateVersion(
        team_id=actor.team_id, template_id=template.id, version=number, title=clean.title, category=clean.category,
        tone=clean.tone, language=clean.language, text=clean.text, placeholders=list(names), state="pending",
        author_id=actor.user_id, created_at=now)
    session.add(version)
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="replies.propose",
                 subject=f"reply:{template.id}", at=now, detail={"version": number, "category": clean.category})
    schedule(session, team_id=actor.team_id, kind=KIND_PROPOSED, subject_id=notice_subject(version.id, "proposed"),
             at=now, payload={"channel": channel, "superseded": replaced.id if replaced is not None else None})
    return Proposed(version_view(session, version, template), channel,
                    version_view(session, replaced, template) if replaced is not None else None)


def record_message(session: Session, team_id: str, version_id: int, channel: str, ts: str) -> None:
    version = get_version(session, team_id, version_id)
    version.message_channel, version.message_ts = channel, ts


def show_version(session: Session, actor: Actor, version_id: object) -> VersionView:
    version = get_version(session, actor.team_id, version_id)
    return version_view(session, version, get_template(session, actor.team_id, version.template_id))


def _checked(session: Session, actor: Actor, version_id: object, decision: str) -> tuple[ReplyTemplate,
                                                                                          ReplyTemplateVersion]:
    version = get_version(session, actor.team_id, version_id)
    template = get_template(session, actor.team_id, version.template_id, lock=True)
    action, subject = f"replies.{decision}", f"reply:{template.id}"
    require_role(session, actor, Role.APPROVER, action=action, subject=subject)
    if actor.user_id == version.author_id:
        raise Forbidden("replies.error.own_template", action=action, subject=subject)
    if template.retired_at is not None:
        raise Conflict("replies.error.retired", id=template.id)
    session.refresh(version)
    if version.state != "pending":
        raise Conflict("replies.error.decided", id=template.id, version=version.version, state=version.state)
    return template, version


def decide(session: Session, actor: Actor, version_id: object, decision: str, now: datetime) -> VersionView:
    """Approve or reject a pending version; the first decision wins, a later click answers."""
    template, version = _checked(session, actor, version_id, decision)
    state = "approved" if decision == "approve" else "rejected"
    done = session.execute(
        update(ReplyTemplateVersion)
        .where(ReplyTemplateVersion.id == version.id, ReplyTemplateVersion.state == "pending")
        .values(state=state, decided_by=actor.user_id, decided_at=now).execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        session.refresh(version)
        raise Conflict("replies.error.decided", id=template.id, version=version.version, state=version.state)
    session.refresh(version)
    if state == "approved":
        if template.served_version_id is not None:
            old = session.get(ReplyTemplateVersion, template.served_version_id)
            if old is not None:
                old.state = "superseded"
        template.served_version_id, template.category = version.id, version.category
        session.flush()
        reindex(session, template, version)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action=f"replies.{decision}",
                 subject=f"reply:{template.id}", at=now, detail={"version": version.version})
    schedule(session, team_id=actor.team_id, kind=KIND_DECIDED, subject_id=notice_subject(version.id, state), at=now)
    return version_view(session, version, template)


def retire(session: Session, actor: Actor, template_id: int, now: datetime) -> int:
    template = get_template(session, actor.team_id, template_id, lock=True)
    require_role(session, actor, Role.APPROVER, action="replies.retire", subject=f"reply:{template.id}")
    if template.retired_at is not None:
        raise Conflict("replies.error.retired", id=template.id)
    template.retired_at, template.retired_by = now, actor.user_id
    unindex(session, template.id)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="replies.retire",
                 subject=f"reply:{template.id}", at=now)
    return template.id


def can_review(session: Session, actor: Actor) -> bool:
    return has_role(session, actor, Role.APPROVER)


@dataclass(frozen=True)
class Use:
    template_id: int
    counted: bool  # False: this person already counted it this hour (a double click, a second copy)
    usage_count: int


def use(session: Session, actor: Actor, template_id: object, now: datetime) -> Use:
    """*Used it*: one count per person, template and clock hour."""
    template = get_template(session, actor.team_id, template_id)
    if template.retired_at is not None or template.served_version_id is None:
        raise Conflict("replies.error.retired", id=template.id)
    hour = now.replace(minute=0, second=0, microsecond=0)
    counted = insert_ignore(session, ReplyUse, {"team_id": actor.team_id, "template_id": template.id,
                                                "user_id": actor.user_id, "hour": hour, "used_at": now})
    if counted:
        session.execute(update(ReplyTemplate).where(ReplyTemplate.id == template.id)
                        .values(usage_count=ReplyTemplate.usage_count + 1).execution_options(synchronize_session=False))
        audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="replies.used",
                     subject=f"reply:{template.id}", at=now)
    session.refresh(template)
    return Use(template.id, counted, template.usage_count)
