"""`/kpi log` text and the numbers and dates of data in (pure: no session, no Slack).

A number is a plain decimal: ASCII digits, an optional sign, and one "." or "," as the decimal
separator. No thousands separators and no exponent: "1.234" is one point two three four, never
one thousand two hundred thirty-four, so a count (followers, reach…) must be a whole number and
"1.234 followers" is refused instead of being stored three orders of magnitude off.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from bot.core.errors import DomainError, UsageError
from bot.core.parsing import words
from bot.kpi import metrics

USAGE_LOG = "usage.kpi.log"
COMPETITOR_WORDS = frozenset({"competitor", "competidor", "competencia"})
COMPETITOR_METRICS = ("followers", "posts", "engagements", "mentions")
MAX_YEARS_BACK = 2
MAX_VALUE = 1e12  # no social figure is larger: a typo, refused before it skews a chart
TOKEN_MAX = 120

_NUMBER = re.compile(r"[+-]?[0-9]{1,15}(?:[.,][0-9]{1,9})?", re.ASCII)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass(frozen=True)
class LogRequest:
    """What `/kpi log` asked for, before any lookup: an account or a competitor, a metric word."""

    account_ref: str | None  # `acme`, `@acme`, `instagram:acme`
    competitor_words: tuple[str, ...]  # "<brand> <name…>" for a competitor, split by the rule
    metric_word: str
    value: float
    value_text: str  # as typed, for the answer
    day: dt.date | None  # None: today in the workspace's time zone


def parse_number(text: str) -> float | None:
    """A plain decimal ("12", "-3", "4.5", "4,5"), or None for anything else."""
    raw = text.strip()
    if not _NUMBER.fullmatch(raw):
        return None
    return float(raw.replace(",", "."))


def parse_iso_day(text: str) -> dt.date | None:
    raw = text.strip()
    if not _ISO_DAY.fullmatch(raw):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@functools.lru_cache(maxsize=8)  # called for every line of a 50,000-line file with the same `today`
def oldest_day(today: dt.date) -> dt.date:
    """The first day data may be about: two years back (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - MAX_YEARS_BACK)
    except ValueError:
        return today.replace(year=today.year - MAX_YEARS_BACK, day=28)


def check_day(day: dt.date, today: dt.date) -> None:
    """A day in the future, or older than two years, is refused (a typo more often than not)."""
    if day > today:
        raise DomainError("kpi.data.future_day", day=day.isoformat(), today=today.isoformat())
    if day < oldest_day(today):
        raise DomainError("kpi.data.old_day", day=day.isoformat(), oldest=oldest_day(today).isoformat())


def is_count(metric: str) -> bool:
    """Counts and levels (followers, reach, posts…): whole numbers. Response time and custom
    metrics may have decimals."""
    base = metrics.BASE.get(metric)
    return base is not None and base.unit == ""


def check_value(metric: str, value: float, text: str) -> None:
    """The value's sign and kind for the metric it is logged as (a base or custom data key)."""
    if abs(value) > MAX_VALUE:
        raise DomainError("kpi.data.too_large", value=text)
    if metric in metrics.BASE and value < 0:
        raise DomainError("kpi.data.negative", metric=metric, value=text)
    if is_count(metric) and value != int(value):
        raise DomainError("kpi.data.not_whole", metric=metric, value=text)


def parse_log(text: str) -> LogRequest:
    """`<handle> <metric…> <value> [<YYYY-MM-DD>]` or `competitor <brand> <name…> <metric> <value>
    [<YYYY-MM-DD>]`, read from the right: the metric of an account may be a custom metric's name of
    several words, a competitor's name may have several words too."""
    tokens = words(text)
    if not tokens:
        raise UsageError("kpi.data.log_empty", usage_key=USAGE_LOG)
    if any(len(t) > TOKEN_MAX for t in tokens):
        raise UsageError("kpi.data.word_too_long", usage_key=USAGE_LOG, limit=TOKEN_MAX)
    day = parse_iso_day(tokens[-1]) if len(tokens) > 1 else None
    if day is not None:
        tokens = tokens[:-1]
    elif _looks_like_a_date(tokens[-1]):
        raise UsageError("kpi.data.bad_date", usage_key=USAGE_LOG, date=tokens[-1])
    if len(tokens) < 3:
        raise UsageError("kpi.data.log_short", usage_key=USAGE_LOG)
    value_text = tokens[-1]
    value = parse_number(value_text)
    if value is None:
        raise UsageError("kpi.data.not_a_number", usage_key=USAGE_LOG, value=value_text)
    head = tokens[:-1]
    if head[0].casefold() in COMPETITOR_WORDS:
        # competitor <brand> <name…> <metric>: at least a brand, a name and a metric.
        if len(head) < 4:
            raise UsageError("kpi.data.competitor_short", usage_key=USAGE_LOG)
        return LogRequest(None, tuple(head[1:-1]), head[-1], value, value_text, day)
    return LogRequest(head[0], (), " ".join(head[1:]), value, value_text, day)


def _looks_like_a_date(token: str) -> bool:
    """"2026-13-01", "01/12/2026", "2026/12/01": meant as a date, but not one we read."""
    return bool(re.fullmatch(r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}", token, re.ASCII)) and \
        parse_number(token) is None
