"""`/kpi define`, `/kpi remove`, `/kpi scope <handle> <n>`, `/kpi delivered` and the scope form's
values → typed requests (pure).

`/kpi define <metric> [<handle>|<brand>|brand:<name>] target <value> per <week|month>
[higher|lower] [by reach|followers|impressions]`, and for a custom metric
`/kpi define custom "<name>" [unit <unit>] …` (the name in quotes when it has spaces). The
keyword pairs (`target`, `per`, `by`, `unit`) may come in any order after the metric; what is
left between the metric and them is the subject. Every check that needs no database is here,
so a bad command is answered before any session opens, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from bot.core.errors import UsageError, ValidationFailed
from bot.core.parsing import parse_id, words
from bot.kpi import metrics
from storage.models.kpi import KPI_DIRECTIONS, KPI_PERIODS, REPORT_CADENCES

USAGE_DEFINE = "usage.kpi.define"
USAGE_REMOVE = "usage.kpi.remove"
USAGE_SCOPE = "usage.kpi.scope"
USAGE_DELIVERED = "usage.kpi.delivered"

CUSTOM_NAME_MAX = 60  # KpiDefinition.custom_name
UNIT_MAX = 20  # KpiDefinition.unit
TARGET_MAX = 1e12  # beyond any follower count: a typo, not an objective
SUBJECT_MAX = 120
POSTS_PER_WEEK_MAX = 100

# Words people type, in English and Spanish, for the keywords and their values.
_TARGET = {"target", "objetivo", "meta"}
_PER = {"per", "por", "each", "cada"}
_BY = {"by", "según", "segun", "sobre"}
_UNIT = {"unit", "unidad"}
PERIOD_WORDS = {"week": "week", "weekly": "week", "semana": "week", "semanal": "week",
                "month": "month", "monthly": "month", "mes": "month", "mensual": "month"}
DIRECTION_WORDS = {"higher": "higher", "lower": "lower", "mayor": "higher", "menor": "lower",
                   "más": "higher", "menos": "lower", "up": "higher", "down": "lower"}
# A number as people type it: 3, 3.5, 3,5 (Spanish decimal comma), an optional % after it.
_NUMBER = re.compile(r"([+-]?)(\d{1,13})(?:[.,](\d{1,6}))?\s*%?", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


@dataclass(frozen=True)
class DefineDraft:
    metric: str  # a key of metrics.BASE / metrics.DERIVED, or "custom"
    custom_name: str | None
    unit: str | None  # custom metrics only
    subject: str | None  # as typed: an account ref or a brand; None: the whole workspace
    brand_only: bool  # typed as `brand:<name>`: never an account
    target: float
    period: str  # week | month
    direction: str  # higher | lower
    basis: str | None  # engagement rate only (reach unless told)


def _usage(key: str, **params: object) -> UsageError:
    return UsageError(key, usage_key=USAGE_DEFINE, **params)


def parse_number(text: str) -> float | None:
    """A plain decimal number (no exponent, no NaN, no thousands separators), or None.

    "1,000" and "1.000" are refused rather than guessed (the comma is the Spanish decimal mark
    and the dot its thousands separator): the answer says to write 1000 or 2.5.
    """
    m = _NUMBER.fullmatch(text.strip())
    if m is None:
        return None
    sign, whole, frac = m.groups()
    if frac is not None and len(frac) == 3 and whole != "0":
        return None  # "1,000" or "1.000": a thousands separator or a decimal mark? refuse to guess
    value = float(f"{sign}{whole}.{frac or '0'}")
    return value if math.isfinite(value) else None


def metric_choices() -> str:
    return ", ".join([*metrics.BASE, *metrics.DERIVED, metrics.CUSTOM])


def _take_pairs(tokens: list[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """Split the tokens into the keyword pairs, bare direction words and what is left (in order)."""
    pairs: dict[str, str] = {}
    rest: list[str] = []
    flags: list[str] = []
    i = 0
    groups = (("target", _TARGET), ("per", _PER), ("by", _BY), ("unit", _UNIT))
    while i < len(tokens):
        word = tokens[i].casefold()
        name = next((n for n, group in groups if word in group), None)
        if name is not None:
            if name in pairs:
                raise _usage("kpi.goals.error.repeated", word=tokens[i][:20])
            if i + 1 >= len(tokens):
                raise _usage(f"kpi.goals.error.no_{name}")
            pairs[name] = tokens[i + 1]
            i += 2
            continue
        if word in DIRECTION_WORDS:
            flags.append(DIRECTION_WORDS[word])
        else:
            rest.append(tokens[i])
        i += 1
    return rest, pairs, flags


def _check_target(target: float, unit: str, direction: str, text: str) -> None:
    if target < 0:
        raise _usage("kpi.goals.error.negative", value=text[:20])
    if target == 0 and direction == "higher":
        raise _usage("kpi.goals.error.zero", value=text[:20])
    if unit == "%" and target > 100:
        raise _usage("kpi.goals.error.percent_max", value=text[:20])
    if target > TARGET_MAX:
        raise _usage("kpi.goals.error.too_big", value=text[:20])


def parse_define(text: str) -> DefineDraft:
    tokens = words(text)
    if not tokens:
        raise _usage("kpi.goals.error.no_metric")
    metric = metrics.canonical(tokens[0])
    if metric is None:
        raise _usage("kpi.goals.error.unknown_metric", metric=tokens[0][:40], choices=metric_choices())
    body = tokens[1:]
    custom_name: str | None = None
    if metric == metrics.CUSTOM:
        if not body or body[0].casefold() in _TARGET | _PER | _BY | _UNIT:
            raise _usage("kpi.goals.error.custom_name")
        custom_name = " ".join(body[0].split())
        body = body[1:]
        if not custom_name or len(custom_name) > CUSTOM_NAME_MAX:
            raise _usage("kpi.goals.error.custom_name_long", max=CUSTOM_NAME_MAX)
        if metrics.custom_key(custom_name) == metrics.CUSTOM_PREFIX:
            raise _usage("kpi.goals.error.custom_name")  # nothing a data key can be made of ("!!!")
    rest, pairs, flags = _take_pairs(body)
    unit: str | None = None
    if "unit" in pairs:
        if metric != metrics.CUSTOM:
            raise _usage("kpi.goals.error.unit_only_custom")
        unit = pairs["unit"].strip()
        if not unit or len(unit) > UNIT_MAX:
            raise _usage("kpi.goals.error.unit_long", max=UNIT_MAX)
    basis: str | None = None
    if "by" in pairs:
        if metric != "engagement_rate":
            raise _usage("kpi.goals.error.basis_only_er")
        basis = metrics.canonical(pairs["by"])
        if basis not in metrics.BASES:
            raise _usage("kpi.goals.error.basis", text=pairs["by"][:20], choices=", ".join(metrics.BASES))
    elif metric == "engagement_rate":
        basis = metrics.BASES[0]  # by reach, as Hootsuite and most reports compute it
    if "target" not in pairs:
        raise _usage("kpi.goals.error.no_target")
    target = parse_number(pairs["target"])
    if target is None:
        raise _usage("kpi.goals.error.not_number", text=pairs["target"][:30])
    if "per" not in pairs:
        raise _usage("kpi.goals.error.no_per")
    period = PERIOD_WORDS.get(pairs["per"].casefold())
    if period not in KPI_PERIODS:
        raise _usage("kpi.goals.error.period", text=pairs["per"][:20])
    if len(set(flags)) > 1:
        raise _usage("kpi.goals.error.direction_twice")
    direction = flags[0] if flags else metrics.default_direction(metric)
    assert direction in KPI_DIRECTIONS
    _check_target(target, metrics.unit_of(metric, unit), direction, pairs["target"])
    subject, brand_only = _subject(rest)
    return DefineDraft(metric=metric, custom_name=custom_name, unit=unit, subject=subject, brand_only=brand_only,
                       target=target, period=period, direction=direction, basis=basis)


def _subject(rest: list[str]) -> tuple[str | None, bool]:
    """What is left is the subject: an account (`@acme`, `instagram:acme`) or a brand (may have spaces)."""
    if not rest:
        return None, False
    subject = " ".join(" ".join(rest).split())
    brand_only = subject.casefold().startswith(("brand:", "marca:"))
    if brand_only:
        subject = subject.split(":", 1)[1].strip()
    if not subject or len(subject) > SUBJECT_MAX:
        raise _usage("kpi.goals.error.subject")
    return subject, brand_only


def parse_remove(text: str) -> int:
    tokens = text.split()
    if len(tokens) != 1:
        raise UsageError("kpi.goals.error.remove_id", usage_key=USAGE_REMOVE)
    kpi_id = parse_id(tokens[0])
    if kpi_id is None:
        raise UsageError("kpi.goals.error.no_kpi", usage_key=USAGE_REMOVE, id=tokens[0][:25])
    return kpi_id


def parse_scope_posts(text: str) -> tuple[str, int]:
    """`/kpi scope <handle> <posts per week>`: the account ref and the number (0: no agreement)."""
    tokens = words(text)
    if len(tokens) != 2:
        raise UsageError("kpi.goals.scope.error.usage", usage_key=USAGE_SCOPE)
    raw = tokens[1]
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3) or int(raw) > POSTS_PER_WEEK_MAX:
        raise UsageError("kpi.goals.scope.error.posts", usage_key=USAGE_SCOPE, text=raw[:20],
                         max=POSTS_PER_WEEK_MAX)
    return tokens[0], int(raw)


def parse_month(text: str) -> dt.date | None:
    """`YYYY-MM` → its first day, or None when it is not one."""
    m = _MONTH.fullmatch(text.strip())
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


def parse_delivered(text: str) -> tuple[int, dt.date | None]:
    """`/kpi delivered <deliverable id> [YYYY-MM]`: the id and the month (None: this month)."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 2:
        raise UsageError("kpi.goals.delivered.error.usage", usage_key=USAGE_DELIVERED)
    deliverable_id = parse_id(tokens[0])
    if deliverable_id is None:
        raise UsageError("kpi.goals.delivered.error.no_deliverable", usage_key=USAGE_DELIVERED, id=tokens[0][:25])
    month: dt.date | None = None
    if len(tokens) == 2:
        month = parse_month(tokens[1])
        if month is None:
            raise UsageError("kpi.goals.delivered.error.month", usage_key=USAGE_DELIVERED, text=tokens[1][:20])
    return deliverable_id, month


# ---- the scope form's values (bot/kpi/scope.py stores them) -------------------------------------

MAX_DELIVERABLES = 5
PROVIDER_MAX = 120  # KpiScope.provider
DELIVERABLE_NAME_MAX = 120  # KpiDeliverable.name
RESPONSE_RANGE = (1, 10_080)  # minutes: up to a week
DUE_RANGE = (1, 28)  # every month has these days
POSTS_RANGE = (0, POSTS_PER_WEEK_MAX)  # 0 or empty: nothing agreed for the account


@dataclass(frozen=True)
class ScopeInput:
    """What the form sent, untrusted. Block ids name where an error shows."""

    provider: tuple[str, str]  # (block id, text)
    report_cadence: tuple[str, str]
    response_minutes: tuple[str, str]
    posts: tuple[tuple[str, int, str], ...]  # (block id, account id read from it, text)
    deliverables: tuple[tuple[str, str], ...]  # (block id, "name — due day")


@dataclass(frozen=True)
class ScopeValues:
    provider: str
    report_cadence: str
    response_minutes: int | None
    posts: dict[int, int]  # account id → posts per week (0: nothing agreed)
    deliverables: tuple[tuple[str, int], ...]  # (name, due day)


def _int_in(raw: str, low: int, high: int) -> int | None:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return None
    value = int(text)
    return value if low <= value <= high else None


def _split_deliverable(raw: str) -> tuple[str, int] | None:
    """ "Competitor analysis — 5", "… - day 5", "…, día 5" → (name, 5); None when there is no due day."""
    text = " ".join(raw.split())
    for sep in ("—", "–", " - ", ",", ":"):
        if sep in text:
            name, _, day = text.rpartition(sep)
            day = day.strip().casefold()
            for word in ("day ", "día ", "dia "):
                day = day.removeprefix(word)
            due = _int_in(day, 0, 99)
            if due is not None:
                return name.strip(" -—–,:"), due
    return None


def validate(form: ScopeInput) -> ScopeValues:
    """The values to store, or ValidationFailed naming every bad field at once (nothing stored)."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    block, provider = form.provider[0], " ".join(form.provider[1].split())
    if not provider or len(provider) > PROVIDER_MAX:
        errors[block] = ("kpi.goals.scope.error.provider", {"max": PROVIDER_MAX})
    block, cadence = form.report_cadence
    if cadence not in REPORT_CADENCES:
        errors[block] = ("kpi.goals.scope.error.cadence", {})
    block, raw = form.response_minutes
    response = _int_in(raw, *RESPONSE_RANGE) if raw.strip() else None
    if raw.strip() and response is None:
        errors[block] = ("kpi.goals.scope.error.response", {"low": RESPONSE_RANGE[0], "high": RESPONSE_RANGE[1]})
    posts: dict[int, int] = {}
    for block, account_id, raw in form.posts:
        value = _int_in(raw, *POSTS_RANGE) if raw.strip() else 0
        if value is None:
            errors[block] = ("kpi.goals.scope.error.posts_field", {"max": POSTS_RANGE[1]})
        else:
            posts[account_id] = value
    deliverables: list[tuple[str, int]] = []
    seen: set[str] = set()
    for block, raw in form.deliverables[:MAX_DELIVERABLES]:
        if not raw.strip():
            continue
        parsed = _split_deliverable(raw)
        if parsed is None or not parsed[0]:
            errors[block] = ("kpi.goals.scope.error.deliverable", {})
        elif not DUE_RANGE[0] <= parsed[1] <= DUE_RANGE[1]:
            errors[block] = ("kpi.goals.scope.error.due_day", {"low": DUE_RANGE[0], "high": DUE_RANGE[1]})
        elif len(parsed[0]) > DELIVERABLE_NAME_MAX:
            errors[block] = ("kpi.goals.scope.error.deliverable_long", {"max": DELIVERABLE_NAME_MAX})
        elif parsed[0].casefold() in seen:
            errors[block] = ("kpi.goals.scope.error.deliverable_twice", {})
        else:
            seen.add(parsed[0].casefold())
            deliverables.append(parsed)
    if errors:
        raise ValidationFailed(errors)
    return ScopeValues(provider, cadence, response, posts, tuple(deliverables))
