"""The metrics: which are logged (base) and which are computed from their parts (derived).

Formulas and sources: ../shared/reference/networks.md §4. A base metric says how a period
(a week, a month) is made of days:

- `sum`: counts (reach, impressions, engagements, clicks…). Summing daily reach counts a
  person reached on two days twice; it is what the networks' own period exports do for
  "reach" across days unless asked for unique reach, and it is said in docs/kpi.md.
- `last`: a level (followers): the last logged day of the period.
- `mean`: an average already (response time in minutes): the mean of the logged days.

A derived metric is a ratio of two sums (× 100 for a percentage), or, for follower growth,
(last − first) ÷ first × 100 over the period. They are never typed: `/kpi log` refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Aggregation = Literal["sum", "last", "mean"]
Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class BaseMetric:
    key: str
    aggregation: Aggregation
    unit: str  # "" (a count), "min", "%"
    direction: Direction  # the usual one: what `/kpi define` assumes unless told


@dataclass(frozen=True)
class DerivedMetric:
    key: str
    numerator: str
    denominator: str  # for engagement_rate: the default basis; see BASES
    unit: str
    direction: Direction
    percent: bool = True


BASE: dict[str, BaseMetric] = {m.key: m for m in (
    BaseMetric("followers", "last", "", "higher"),
    BaseMetric("reach", "sum", "", "higher"),
    BaseMetric("impressions", "sum", "", "higher"),  # Meta calls them "views" since 2024 (networks.md §4)
    BaseMetric("engagements", "sum", "", "higher"),
    BaseMetric("link_clicks", "sum", "", "higher"),
    BaseMetric("video_views", "sum", "", "higher"),
    BaseMetric("messages_received", "sum", "", "higher"),
    BaseMetric("messages_answered", "sum", "", "higher"),
    BaseMetric("response_time", "mean", "min", "lower"),  # average minutes to answer
    BaseMetric("mentions", "sum", "", "higher"),  # for share of voice
    BaseMetric("posts", "sum", "", "higher"),  # mostly for competitors: ours come from the calendar
)}

DERIVED: dict[str, DerivedMetric] = {m.key: m for m in (
    DerivedMetric("engagement_rate", "engagements", "reach", "%", "higher"),
    DerivedMetric("ctr", "link_clicks", "impressions", "%", "higher"),
    DerivedMetric("response_rate", "messages_answered", "messages_received", "%", "higher"),
    # Ours ÷ (ours + the brand's competitors'): the denominator is computed, see bot/kpi/compute.py.
    DerivedMetric("share_of_voice", "mentions", "mentions+competitors", "%", "higher"),
    DerivedMetric("follower_growth", "followers", "followers", "%", "higher"),
)}

# Engagement rate by reach is the most common (Hootsuite); by followers or impressions on request.
BASES = ("reach", "followers", "impressions")
CUSTOM = "custom"
CUSTOM_PREFIX = "custom:"

# Words people type for the same metric (English and Spanish), folded to the canonical key.
ALIASES: dict[str, str] = {
    "views": "impressions", "impresiones": "impressions", "visualizaciones": "impressions",
    "seguidores": "followers", "alcance": "reach", "interacciones": "engagements",
    "engagement": "engagements", "clics": "link_clicks", "clicks": "link_clicks",
    "link_clics": "link_clicks", "reproducciones": "video_views", "mensajes": "messages_received",
    "respondidos": "messages_answered", "tiempo_respuesta": "response_time", "menciones": "mentions",
    "publicaciones": "posts", "er": "engagement_rate", "tasa_interaccion": "engagement_rate",
    "tasa_respuesta": "response_rate", "sov": "share_of_voice", "cuota_de_voz": "share_of_voice",
    "crecimiento": "follower_growth", "growth": "follower_growth",
}


def canonical(word: str) -> str | None:
    """The metric key a user's word names (case, hyphens and accents tolerated), or None."""
    key = word.strip().casefold().replace("-", "_")
    key = ALIASES.get(key, key)
    if key in BASE or key in DERIVED or key == CUSTOM:
        return key
    return None


def is_loggable(key: str) -> bool:
    """Base metrics and custom ones are typed or imported; derived ones never are."""
    return key in BASE or key.startswith(CUSTOM_PREFIX)


def custom_key(name: str) -> str:
    """The data key of a custom metric ("Leads CRM" → "custom:leads_crm")."""
    folded = "_".join(name.casefold().split())
    return CUSTOM_PREFIX + "".join(ch for ch in folded if ch.isalnum() or ch == "_")[:50]


def parts_of(key: str, basis: str | None = None) -> tuple[str, ...]:
    """The base metrics a metric is computed from (itself for a base or custom metric)."""
    derived = DERIVED.get(key)
    if derived is None:
        return (key,)
    if key == "engagement_rate":
        return ("engagements", basis or "reach")
    if key == "share_of_voice":
        return ("mentions",)
    if key == "follower_growth":
        return ("followers",)
    return (derived.numerator, derived.denominator)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator ÷ denominator × 100, or None when either part is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * 100.0


def unit_of(key: str, custom_unit: str | None = None) -> str:
    if key in BASE:
        return BASE[key].unit
    if key in DERIVED:
        return DERIVED[key].unit
    return custom_unit or ""


def default_direction(key: str) -> Direction:
    if key in BASE:
        return BASE[key].direction
    if key in DERIVED:
        return DERIVED[key].direction
    return "higher"
