"""How each network measures a post, and how brand words are found in it (issue 12 §3).

Pure functions: no database, no Slack.

Counting. X counts *weighted* characters (https://docs.x.com/fundamentals/counting-characters):
any URL is 23 (t.co wraps it), an emoji or a CJK character is 2, Latin text 1 — we use
`twitter-text-parser`, which implements X's own configuration, rather than `len`. Every other
network counts Unicode code points of the NFC form (an "é" typed as e + combining accent is
one character on screen and one here).

Words. A forbidden word or never-topic matches *whole words* of the text, ignoring case and
accents: the text and the term are folded (case-folded, accents stripped) and split into words
(runs of letters and digits; anything else, including `#`, `_`, `-` and `'`, separates them). A
term matches when its words appear consecutively in the text's words. So "crédito" matches
"credito", "CRÉDITO" and "#crédito", but not "creditor" nor "#créditofácil"; "tarjeta de
crédito" matches "Tarjeta  de CREDITO" across any spacing or punctuation. The Spanish "ñ" is a
letter, not an accented "n", and stays distinct ("año" is not "ano").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from twitter_text import extract_urls_with_indices
from twitter_text.config import config as x_config
from twitter_text.extract_emojis import extract_emojis_with_indices

from bot.core.errors import UsageError

# networks.md §2; kept as per-workspace settings (PostSettings.text_limits) since networks change them.
# "other" has no known limit, so no length rule applies to it.
TEXT_LIMITS: Mapping[str, int] = {
    "x": 280, "instagram": 2200, "linkedin": 3000, "tiktok": 2200, "facebook": 63206, "threads": 500,
    "pinterest": 500, "youtube": 5000, "google-business": 1500,
}
HASHTAG_LIMITS: Mapping[str, int] = {"instagram": 30, "threads": 1}
# Instagram announced (Dec 2025) a gradual cut from 30 to 5: a workspace can follow it, not go past it.
HASHTAG_BOUNDS: Mapping[str, tuple[int, int]] = {"instagram": (5, 30)}
# An override above this is a typo, not a network's limit (Facebook's 63,206 is the largest known).
MAX_TEXT_LIMIT = 100_000
X_URL_LENGTH = 23
# Networks whose captions do not make links clickable: the link goes in the link field or the bio.
LINKLESS_CAPTIONS = ("instagram", "pinterest")


_LABELS = {"x": "X", "google-business": "Google Business Profile", "linkedin": "LinkedIn", "tiktok": "TikTok",
           "youtube": "YouTube"}


def network_label(network: str) -> str:
    """How a network is named in a sentence ("X", "LinkedIn"): a proper name in both languages."""
    return _LABELS.get(network, network.replace("-", " ").title())


# twitter-text's URL regex backtracks badly on a long run of dotted labels without spaces: its
# time grows with the square of the dots ("1.2.1.2…": 24 dots 3 ms, 300 dots half a second, 5,000
# minutes), and a copy is anyone's input. URLs hold no whitespace, so we run it on each
# whitespace-free piece, and on a piece with more dots than a link usually has we only take
# explicit http(s):// links, with a linear pattern (a bare "example.com" there is not seen).
_PIECE = re.compile(r"\S+")
_MAX_DOTS = 6  # "news.bbc.co.uk/a/b.html" has 4
_EXPLICIT_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)


def url_spans(text: str, *, only_with: str = "") -> list[tuple[int, int]]:
    """[start, end) of every URL X would find in `text` (with or without a scheme); with
    `only_with`, only in the pieces holding one of those characters."""
    spans: list[tuple[int, int]] = []
    for piece in _PIECE.finditer(text):
        word = piece.group()
        if "." not in word or (only_with and not any(c in word for c in only_with)):
            continue
        if word.count(".") > _MAX_DOTS:
            spans += [(piece.start() + m.start(), piece.start() + m.end()) for m in _EXPLICIT_URL.finditer(word)]
            continue
        # The finder looks at the character before a link, so it is given the one the text has
        # there (whitespace, or nothing at the start): " éexample.com" and "éexample.com" differ.
        before = text[piece.start() - 1] if piece.start() else ""
        for u in extract_urls_with_indices(before + word):
            start, end = (int(i) - len(before) for i in u["indices"])
            spans.append((piece.start() + max(start, 0), piece.start() + end))
    return spans


_X = x_config["defaults"]
_X_SCALE: int = _X["scale"]
_X_DEFAULT: int = _X["default_weight"]
_X_RANGES: tuple[tuple[int, int, int], ...] = tuple((r["start"], r["end"], r["weight"]) for r in _X["ranges"])


def _x_weight(c: str) -> int:
    code = ord(c)
    for start, end, weight in _X_RANGES:
        if start <= code <= end:
            return weight
    return _X_DEFAULT


def x_length(text: str) -> int:
    """X's weighted length, as twitter-text's parse_tweet computes it (same configuration, same
    NFC and line-ending normalisation, same emoji rule), with the URL finder above."""
    normalized = re.sub(r"\r\n|\r|\n", "\n", unicodedata.normalize("NFC", text))
    urls_at = dict(url_spans(normalized))
    emoji_at = {int(e["indices"][0]): int(e["indices"][1]) for e in extract_emojis_with_indices(normalized)}
    weighted, i = 0, 0
    while i < len(normalized):
        if i in urls_at:
            weighted += X_URL_LENGTH * _X_SCALE
            i = urls_at[i]
        elif i in emoji_at:
            weighted += _X_DEFAULT
            i = emoji_at[i]
        else:
            weighted += _x_weight(normalized[i])
            i += 1
    return weighted // _X_SCALE


def count(network: str, text: str) -> int:
    """The length of `text` as `network` counts it."""
    if network == "x":
        return x_length(text)
    return len(unicodedata.normalize("NFC", text))


def published_text(network: str, copy: str, link: str | None) -> str:
    """What the account publishes: the copy, and the (tagged) link after it except where the
    caption does not carry links (Instagram, Pinterest: the link has its own field there)."""
    if not link or network in LINKLESS_CAPTIONS:
        return copy
    return f"{copy.rstrip()}\n{link}" if copy.strip() else link


def urls(text: str) -> list[str]:
    """The URLs X would find in `text` (with or without a scheme: "example.com/a" is one)."""
    return [text[start:end] for start, end in url_spans(text)]


# twitter-text-parser (3.0) ports X's URL and emoji rules but not its hashtag one, so this is
# X's hashtag rule (twitter-text's validHashtag), ported: `#` or the full-width `＃`, not preceded by a
# letter, mark, digit, `_` or `&` (so "AT&T#1" and "a#b" are not hashtags), then letters, marks,
# digits, `_` and a few joiners, with at least one letter or mark ("#1" alone is not a hashtag,
# "#2026sale" is); a match followed by another `#` or by "://" is not one either.
_HASH_SIGNS = "#＃"
_TAG_EXTRA = frozenset("_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003"
                       "\u0f0b\u0f0c\u00b7")


def _is_tag_char(c: str) -> bool:
    return unicodedata.category(c)[0] in "LM" or unicodedata.category(c) == "Nd" or c in _TAG_EXTRA


def hashtags(text: str) -> list[str]:
    """The hashtags of `text` as typed (without `#`), in order, repeats included — a `#fragment`
    of a URL is not one."""
    if "#" not in text and "＃" not in text:
        return []
    spans = url_spans(text, only_with=_HASH_SIGNS)  # a URL without a hash sign hides no hashtag
    found: list[str] = []
    i = 0
    while i < len(text):
        if text[i] not in _HASH_SIGNS or (i and (_is_tag_char(text[i - 1]) or text[i - 1] == "&")):
            i += 1
            continue
        j = i + 1
        while j < len(text) and _is_tag_char(text[j]):
            j += 1
        tag = text[i + 1:j]
        inside_url = any(start <= i < end for start, end in spans)
        followed = text.startswith("://", j) or (j < len(text) and text[j] in _HASH_SIGNS)
        if tag and not inside_url and not followed and any(unicodedata.category(c)[0] in "LM" for c in tag):
            found.append(tag)
        i = max(j, i + 1)
    return found


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text` (keeps ñ, see the module's docstring)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept: list[str] = []
    for c in decomposed:
        # Only the Latin-script diacritics (U+0300–U+036F) are accents: the vowel signs of other
        # scripts are letters' parts. The tilde of ñ makes another letter in Spanish.
        if "\u0300" <= c <= "\u036f" and not (c == "\u0303" and kept and kept[-1] == "n"):
            continue
        kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept))


def words(text: str) -> list[str]:
    """The folded words of `text`: runs of letters, marks and digits."""
    return list(_split(text))


def _split(text: str) -> tuple[str, ...]:
    out: list[str] = []
    current: list[str] = []
    for c in fold(text):
        if unicodedata.category(c)[0] in "LMN":
            current.append(c)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return tuple(out)


@lru_cache(maxsize=4096)  # a brand's terms (short) are looked for in every account's copy
def _needle(term: str) -> str:
    return " ".join(_split(term))


def find_terms(text: str, terms: Iterable[str]) -> tuple[str, ...]:
    """The `terms` (words or phrases, as the brand wrote them) that occur in `text` as whole
    words, ignoring case and accents; each once, in the brand's order."""
    # Words hold no space, so "consecutive words" is a substring of the space-joined words.
    haystack = f" {' '.join(_split(text))} "
    found: list[str] = []
    seen: set[str] = set()
    for term in terms:
        needle = _needle(term)
        if needle and needle not in seen and f" {needle} " in haystack:
            seen.add(needle)
            found.append(term.strip())
    return tuple(found)


def parse_limit_override(network: str, kind: str, text: str) -> int:
    """An admin's new limit for `network` (`kind` "text" or "hashtags"), validated; raises
    UsageError with a catalog key of bot/posts/catalog_checks.py."""
    usage = "usage.post.settings"
    known = TEXT_LIMITS  # a hashtag limit may be set for any network we know, not only the capped ones
    if kind not in ("text", "hashtags"):
        raise UsageError("post.check.limit.bad_kind", usage_key=usage, text=kind)
    if network not in known:
        raise UsageError("post.check.limit.bad_network", usage_key=usage, text=network,
                         networks=", ".join(known))
    raw = text.strip().replace(",", "").replace("_", "")
    if not raw.isascii() or not raw.isdigit() or int(raw) <= 0:
        raise UsageError("post.check.limit.not_positive", usage_key=usage, text=text.strip())
    value = int(raw)
    if kind == "hashtags" and network in HASHTAG_BOUNDS:
        low, high = HASHTAG_BOUNDS[network]
        if not low <= value <= high:
            raise UsageError("post.check.limit.hashtag_range", usage_key=usage, network=network, low=low,
                             high=high, value=value)
    if kind == "text" and value > MAX_TEXT_LIMIT:
        raise UsageError("post.check.limit.too_large", usage_key=usage, value=value, high=MAX_TEXT_LIMIT)
    return value


def merged_limits(defaults: Mapping[str, int], overrides: Mapping[str, Any] | None,
                  bounds: Mapping[str, tuple[int, int]] | None = None) -> dict[str, int]:
    """The defaults with the stored overrides on top. A stored value that is not a positive int
    (or out of bounds) is ignored rather than trusted: the row is JSON anyone with database
    access could have written, and a bad limit must not block every post."""
    merged = dict(defaults)
    for network, value in (overrides or {}).items():
        if network not in TEXT_LIMITS or isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            continue
        low, high = (bounds or {}).get(network, (1, MAX_TEXT_LIMIT))
        if low <= value <= high:
            merged[network] = value
    return merged
