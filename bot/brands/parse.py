"""Brand profile text → typed values, pure: `/socialops brand …` words, lists, posting hours.

Everything here is strict: a value that cannot be read is an error naming what was typed,
never a guess, so nothing half-understood is stored.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from bot.core.errors import UsageError
from bot.core.parsing import words

# Server-side limits, whatever the form's max_length said (a tampered client ignores those).
TEXT_MAX = 2000  # services, audience, what people say, tone
LIST_INPUT_MAX = 3000  # the whole list field as typed
ITEMS_MAX = 100  # entries per list
ITEM_MAX = {"competitors": 100, "push_topics": 100, "never_topics": 100, "forbidden_words": 60,
            "approved_hashtags": 100, "keywords": 60}
HOURS_INPUT_MAX = 200
BRAND_MAX = 80  # Account.brand
HISTORY_WORD = "history"

_SEPARATORS = re.compile(r"[,\n;]")
_SPACES = re.compile(r"\s+")
# A hashtag as the networks read one: letters, marks, digits and underscores, not only digits.
_HASHTAG = re.compile(r"#?([^\W]+)")
_HOUR = r"(\d{1,2})(?::(\d{2}))?"
_RANGE = re.compile(rf"{_HOUR}\s*[-–]\s*{_HOUR}", re.ASCII)


class FieldError(ValueError):
    """One form field could not be read: a catalog key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class BrandCommand:
    brand: str  # "" = no brand named: the picker (or the only brand)
    history: bool = False
    page: int = 1


def parse_brand_command(text: str) -> BrandCommand:
    """`[<brand>] [history [<page>]]`; a brand of several words may be quoted or not."""
    parts = words(text)
    page = 1
    history = False
    if len(parts) >= 2 and parts[-2].lower() == HISTORY_WORD and parts[-1].isascii() and parts[-1].isdigit():
        page = int(parts[-1][:6]) or 1
        parts = parts[:-2]
        history = True
    elif parts and parts[-1].lower() == HISTORY_WORD:
        parts = parts[:-1]
        history = True
    brand = " ".join(parts).strip()
    if history and not brand:
        raise UsageError("brands.error.history_needs_brand", usage_key="usage.socialops.brand")
    if len(brand) > BRAND_MAX:
        raise UsageError("brands.error.unknown", usage_key="usage.socialops.brand", brand=brand[:BRAND_MAX] + "…",
                         brands="—")
    return BrandCommand(brand, history, page)


def brand_key(brand: str) -> str:
    """The brand as lookups compare it: trimmed, one space between words, casefolded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", brand)).strip().casefold()[:BRAND_MAX]


def parse_text(raw: str | None, field: str) -> str:
    text = (raw or "").strip()
    if len(text) > TEXT_MAX:
        raise FieldError("brands.error.too_long", max=TEXT_MAX, length=len(text))
    return text


def parse_list(raw: str | None, field: str) -> tuple[str, ...]:
    """One per line or comma-separated: trimmed, inner spaces collapsed, deduplicated ignoring
    case (the first spelling kept); hashtags stored with their `#`."""
    text = raw or ""
    if len(text) > LIST_INPUT_MAX:
        raise FieldError("brands.error.too_long", max=LIST_INPUT_MAX, length=len(text))
    out: list[str] = []
    seen: set[str] = set()
    limit = ITEM_MAX[field]
    for piece in _SEPARATORS.split(text):
        item = _SPACES.sub(" ", piece).strip()
        if not item:
            continue
        if field == "approved_hashtags":
            item = _hashtag(item)
        if len(item) > limit:
            raise FieldError("brands.error.item_too_long", item=item[:40] + "…", max=limit)
        key = item.casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    if len(out) > ITEMS_MAX:
        raise FieldError("brands.error.too_many", max=ITEMS_MAX, count=len(out))
    return tuple(out)


def _hashtag(item: str) -> str:
    m = _HASHTAG.fullmatch(item)
    if m is None or m.group(1).isdigit():
        raise FieldError("brands.error.bad_hashtag", item=item[:40])
    return "#" + m.group(1)


def parse_hours(raw: str | None) -> tuple[tuple[int, int], ...]:
    """"09-13, 17-20" → ((9, 13), (17, 20)): whole local hours, end exclusive, `24` as an end for
    midnight; ranges may not wrap past midnight (write "22-24, 0-2") nor overlap. Sorted."""
    text = (raw or "").strip()
    if not text:
        return ()
    if len(text) > HOURS_INPUT_MAX:
        raise FieldError("brands.error.too_long", max=HOURS_INPUT_MAX, length=len(text))
    ranges: list[tuple[int, int]] = []
    for piece in _SEPARATORS.split(text):
        item = piece.strip()
        if not item:
            continue
        m = _RANGE.fullmatch(item)
        if m is None:
            raise FieldError("brands.error.bad_hours", item=item[:40])
        start, start_min, end, end_min = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        if (start_min not in (None, "00")) or (end_min not in (None, "00")):
            raise FieldError("brands.error.hours_whole", item=item[:40])
        if not (0 <= start <= 23 and 1 <= end <= 24):
            raise FieldError("brands.error.bad_hours", item=item[:40])
        if start >= end:
            raise FieldError("brands.error.hours_order", item=item[:40])
        ranges.append((start, end))
    ranges.sort()
    for (_, end_a), (start_b, _) in itertools.pairwise(ranges):
        if start_b < end_a:
            raise FieldError("brands.error.hours_overlap")
    return tuple(ranges)


def format_hours(hours: tuple[tuple[int, int], ...]) -> str:
    """The form's way back: ((9, 13), (17, 20)) → "09-13, 17-20"."""
    return ", ".join(f"{s:02d}-{e:02d}" for s, e in hours)
