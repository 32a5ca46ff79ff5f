"""The reply templates a crisis channel shows when it opens (issue 13 §2 → §6): the approved ones of
category "crisis" in the workspace, best matches for the crisis summary first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class CrisisTemplate:
    id: int
    title: str
    text: str  # as approved: the renderer neutralises it and shows it in a code block
    placeholders: tuple[str, ...]


def templates_for_crisis(session: Session, team_id: str, summary: str, *, limit: int = 3) -> list[CrisisTemplate]:
    """Placeholder until the replies feature lands (it answers no templates)."""
    return []
