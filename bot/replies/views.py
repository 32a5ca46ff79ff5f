"""What the replies rules return: frozen views of templates and versions (no ORM rows leave)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.errors import NotFound
from bot.core.parsing import parse_id
from storage.models import ReplyTemplate, ReplyTemplateVersion

# Server-side limits, whatever max_length the form said.
TITLE_MAX = 100
TONE_MAX = 300
TEXT_MAX = 2000


@dataclass(frozen=True)
class Draft:
    """What the form (or an edit's prefill) holds: as typed, checked by `templates.check_draft`."""

    title: str
    category: str
    tone: str
    language: str
    text: str


@dataclass(frozen=True)
class VersionView:
    id: int
    template_id: int
    version: int
    title: str
    category: str
    tone: str
    language: str
    text: str
    placeholders: tuple[str, ...]
    state: str
    author_id: str
    decided_by: str | None
    message_channel: str | None
    message_ts: str | None
    served_version: int | None  # the template's served version number now (None: never approved)
    retired: bool

    @property
    def draft(self) -> Draft:
        return Draft(self.title, self.category, self.tone, self.language, self.text)


@dataclass(frozen=True)
class Served:
    """A template as people are served it: its approved version, and how often it was used."""

    template_id: int
    version: int
    title: str
    category: str
    tone: str
    language: str
    text: str
    placeholders: tuple[str, ...]
    usage_count: int


def get_template(session: Session, team_id: str, template_id: object, *, lock: bool = False) -> ReplyTemplate:
    """A template of this workspace; another workspace's is "no such template", as an unknown one."""
    tid = parse_id(template_id)
    if tid is None:
        raise NotFound("replies.error.not_found", id="—")
    query = select(ReplyTemplate).where(ReplyTemplate.id == tid, ReplyTemplate.team_id == team_id)
    if lock:  # decisions on one template queue here (PostgreSQL); SQLite writers are serial anyway
        query = query.with_for_update()
    found = session.scalars(query).one_or_none()
    if found is None:
        raise NotFound("replies.error.not_found", id=tid)
    return found


def get_version(session: Session, team_id: str, version_id: object) -> ReplyTemplateVersion:
    vid = parse_id(version_id)
    if vid is None:
        raise NotFound("replies.error.not_found", id="—")
    found = session.scalars(select(ReplyTemplateVersion).where(
        ReplyTemplateVersion.id == vid, ReplyTemplateVersion.team_id == team_id)).one_or_none()
    if found is None:
        raise NotFound("replies.error.not_found", id="—")
    return found


def version_view(session: Session, version: ReplyTemplateVersion, template: ReplyTemplate) -> VersionView:
    served = session.get(ReplyTemplateVersion, template.served_version_id) if template.served_version_id else None
    return VersionView(
        id=version.id, template_id=template.id, version=version.version, title=version.title,
        category=version.category, tone=version.tone, language=version.language, text=version.text,
        placeholders=tuple(version.placeholders or ()), state=version.state, author_id=version.author_id,
        decided_by=version.decided_by, message_channel=version.message_channel, message_ts=version.message_ts,
        served_version=served.version if served else None, retired=template.retired_at is not None,
    )


def served_view(template: ReplyTemplate, version: ReplyTemplateVersion) -> Served:
    return Served(
        template_id=template.id, version=version.version, title=version.title, category=version.category,
        tone=version.tone, language=version.language, text=version.text,
        placeholders=tuple(version.placeholders or ()), usage_count=template.usage_count,
    )
