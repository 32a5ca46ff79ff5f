"""Finding approved templates (SPEC §7): a term table and one ranking query, on either database.

Only a served version has terms (`reindex` on approval, `unindex` on retirement), so pending,
rejected and retired texts are never candidates. The ranking is one indexed statement: the
rows of the query's terms in the workspace (index `team_id, term, template_id, weight`),
summed per template — a title word weighs 3, a text word 1 — ties broken by usage, then by
the oldest template. Why not FTS5 / tsvector: docs/replies.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, desc, func, insert, select
from sqlalchemy.orm import Session

from bot.replies import terms
from bot.replies.parse import CATEGORY_WORDS
from bot.replies.views import Served, served_view
from storage.models import ReplyTemplate, ReplyTemplateVersion, ReplyTerm


def category_words(category: str) -> tuple[str, ...]:
    """A template can be found by its category's name in either language ("queja", "crisis")."""
    return tuple(word for word, cat in CATEGORY_WORDS.items() if cat == category)


def reindex(session: Session, template: ReplyTemplate, version: ReplyTemplateVersion) -> None:
    unindex(session, template.id)
    weights = terms.index_terms(version.language, version.title,
                                (version.text, version.tone, " ".join(category_words(version.category))))
    if weights:
        session.execute(insert(ReplyTerm), [
            {"team_id": template.team_id, "template_id": template.id, "term": term, "weight": weight}
            for term, weight in weights.items()])


def unindex(session: Session, template_id: int) -> None:
    session.execute(delete(ReplyTerm).where(ReplyTerm.template_id == template_id))


@dataclass(frozen=True)
class Hit:
    template_id: int
    score: int


def ranked(session: Session, team_id: str, query: str, *, limit: int = 3, category: str | None = None) -> list[Hit]:
    """The best templates for the query, best first (the benchmark times exactly this)."""
    wanted = terms.query_terms(query)
    if not wanted:
        return []
    # Aggregate the terms first (an index-only scan), then join the few thousand sums to their
    # templates for the filters and the usage tie-break, rather than joining every term row.
    scores = (select(ReplyTerm.template_id, func.sum(ReplyTerm.weight).label("score"))
              .where(ReplyTerm.team_id == team_id, ReplyTerm.term.in_(wanted))
              .group_by(ReplyTerm.template_id).subquery())
    stmt = (
        select(scores.c.template_id, scores.c.score)
        .join(ReplyTemplate, ReplyTemplate.id == scores.c.template_id)
        .where(ReplyTemplate.retired_at.is_(None), ReplyTemplate.served_version_id.is_not(None))
        .order_by(desc(scores.c.score), desc(ReplyTemplate.usage_count), scores.c.template_id)
        .limit(limit)
    )
    if category is not None:
        stmt = stmt.where(ReplyTemplate.category == category)
    return [Hit(int(tid), int(s)) for tid, s in session.execute(stmt)]


def served(session: Session, team_id: str, template_ids: list[int]) -> list[Served]:
    """The served versions of these templates, in the order given (retired ones left out)."""
    if not template_ids:
        return []
    rows = session.execute(
        select(ReplyTemplate, ReplyTemplateVersion)
        .join(ReplyTemplateVersion, ReplyTemplateVersion.id == ReplyTemplate.served_version_id)
        .where(ReplyTemplate.team_id == team_id, ReplyTemplate.id.in_(template_ids),
               ReplyTemplate.retired_at.is_(None))).all()
    by_id = {t.id: served_view(t, v) for t, v in rows}
    return [by_id[i] for i in template_ids if i in by_id]


def search(session: Session, team_id: str, query: str, *, limit: int = 3) -> list[Served]:
    """`/replies <words…>`: anyone in the workspace; approved, unretired templates only."""
    return served(session, team_id, [h.template_id for h in ranked(session, team_id, query, limit=limit)])


LIST_MAX = 40  # one message: a line per template, under Slack's 50 blocks and 3,000 characters a section


@dataclass(frozen=True)
class Listing:
    templates: list[Served]  # by category, then most used first
    total: int  # approved templates in the scope (more than shown when over LIST_MAX)


def listing(session: Session, team_id: str, category: str | None) -> Listing:
    base = (select(ReplyTemplate, ReplyTemplateVersion)
            .join(ReplyTemplateVersion, ReplyTemplateVersion.id == ReplyTemplate.served_version_id)
            .where(ReplyTemplate.team_id == team_id, ReplyTemplate.retired_at.is_(None)))
    if category is not None:
        base = base.where(ReplyTemplate.category == category)
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows = session.execute(base.order_by(ReplyTemplate.category, desc(ReplyTemplate.usage_count),
                                         ReplyTemplate.id).limit(LIST_MAX)).all()
    return Listing([served_view(t, v) for t, v in rows], total)
