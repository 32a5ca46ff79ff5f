"""The reply templates a crisis channel shows when it opens (issue 13 §2 → §6): the approved ones of
category "crisis" in the workspace, best matches for the crisis summary first, then the most used."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from bot.replies.search import ranked, served
from storage.models import ReplyTemplate


@dataclass(frozen=True)
class CrisisTemplate:
    id: int
    title: str
    text: str  # as approved: the renderer neutralises it and shows it in a code block
    placeholders: tuple[str, ...]


def templates_for_crisis(session: Session, team_id: str, summary: str, *, limit: int = 3) -> list[CrisisTemplate]:
    ids = [h.template_id for h in ranked(session, team_id, summary, limit=limit, category="crisis")]
    if len(ids) < limit:  # fill up with the most used crisis templates the summary did not name
        more = session.scalars(
            select(ReplyTemplate.id).where(
                ReplyTemplate.team_id == team_id, ReplyTemplate.category == "crisis",
                ReplyTemplate.retired_at.is_(None), ReplyTemplate.served_version_id.is_not(None),
                ReplyTemplate.id.not_in(ids) if ids else ReplyTemplate.id.is_not(None))
            .order_by(desc(ReplyTemplate.usage_count), ReplyTemplate.id).limit(limit - len(ids)))
        ids += list(more)
    return [CrisisTemplate(s.template_id, s.title, s.text, s.placeholders) for s in served(session, team_id, ids)]
