"""Words to search terms (SPEC §7): one stemmer for both databases, so both rank alike.

A word is casefolded, its accents dropped (people type "devolucion" as often as
"devolución"; Spanish Snowball gives both the same stem once the accents are gone) and stemmed
with the Snowball stemmer of the template's language ("quejas" and "queja" → "quej",
"refunds" → "refund"). A query is stemmed in both languages, since nobody says which one they
are typing in. Short and very common words carry no meaning and are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

import snowballstemmer

LANGUAGES = {"es": "spanish", "en": "english"}
TERM_MAX = 64  # the column's width; a longer "word" is a URL or noise, cut rather than refused
QUERY_WORDS_MAX = 12  # a pasted paragraph searches its first words, not hundreds of terms

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP_WORDS = """
a al algo como con de del el en es esta este esto la las le les lo los mas me mi muy no nos o para pero
por que se si sin su sus te tu un una uno y ya yo
an and are as at be but by for from has have i if in is it its me my not of on or our so that the
their them they this to us was we were with you your
"""
_STOP = frozenset(_STOP_WORDS.split())


def fold(text: str) -> str:
    """Lowercase without accents: "Devolución" → "devolucion" (ñ becomes n, as people type it)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The meaningful words of a text, folded, in order (stop words and one-letter words dropped)."""
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in _STOP]


@cache
def _stemmer(language: str) -> Any:  # snowballstemmer ships no type hints
    return snowballstemmer.stemmer(LANGUAGES[language])


def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word))[:TERM_MAX]


def index_terms(language: str, title: str, body: Iterable[str]) -> dict[str, int]:
    """Each term of a template with its weight: 3 for a word of the title, plus 1 when the text
    (or tone note, or category) has it too, so a title match outranks any number of text ones."""
    out: dict[str, int] = {}
    for term in {stem(w, language) for w in words(title)}:
        out[term] = 3
    for term in {stem(w, language) for part in body for w in words(part)}:
        out[term] = out.get(term, 0) + 1
    return out


def query_terms(text: str) -> list[str]:
    """The terms a query looks for: each word stemmed as Spanish and as English."""
    out: dict[str, None] = {}
    for w in words(text)[:QUERY_WORDS_MAX]:
        for language in LANGUAGES:
            out[stem(w, language)] = None
    return list(out)
