"""`/replies` command text → typed requests (pure; nothing written on a refusal)."""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.core.parsing import parse_id
from bot.replies.terms import fold
from storage.models import REPLY_CATEGORIES

# What people type for a category, in both languages, folded.
CATEGORY_WORDS: dict[str, str] = {
    **{c: c for c in REPLY_CATEGORIES},
    "questions": "question", "pregunta": "question", "preguntas": "question",
    "complaints": "complaint", "queja": "complaint", "quejas": "complaint", "reclamo": "complaint",
    "elogio": "praise", "elogios": "praise", "felicitacion": "praise",
    "trolls": "troll", "crises": "crisis",
}


def parse_template_id(text: str, usage_key: str) -> int:
    first = text.split()[0] if text.split() else ""
    found = parse_id(first)
    if found is None:
        raise UsageError("replies.error.bad_id", usage_key=usage_key, text=first[:30] or "—")
    return found


def parse_category(text: str) -> str | None:
    """`/replies list [category]`: None for all; an unknown word is a usage error."""
    word = text.strip()
    if not word:
        return None
    found = CATEGORY_WORDS.get(fold(word))
    if found is None:
        raise UsageError("replies.error.bad_category", usage_key="usage.replies.list", text=word[:30],
                         categories=", ".join(REPLY_CATEGORIES))
    return found
