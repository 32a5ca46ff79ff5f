"""The checks a post passes before it goes to approval (issue 12 §3, §4): pure, no database.

`check` returns every blocking error by form field, the non-blocking warnings the preview
shows, and each account's variant (its text, its tagged link, its length against its limit).

Fields of `Checked.errors`: "accounts", "when", "link", "campaign", "topic", "copy" (the post's
own copy) and f"copy:{account_id}" (an account whose copy is a per-network override). One error
per field: the most serious (forbidden words, then never-topics, then length, then hashtags);
for a copy shared by several accounts, the length error is the network that needs the most cut,
so fixing it fixes the others or shows the next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.posts import text as T
from bot.posts import utm

MIN_LEAD = timedelta(minutes=15)  # the least time an approver gets before the post is due

# An error's rank within one field: the lowest wins (a banned word matters more than a length).
_FORBIDDEN, _NEVER, _EMPTY, _LENGTH, _HASHTAGS = range(5)


@dataclass(frozen=True)
class Target:
    """One account the post goes to; `copy` is its override, else the post's copy."""

    account_id: int
    network: str
    handle: str
    copy: str


@dataclass(frozen=True)
class BrandRules:
    """From the brand profile (bot/brands), converted by bot/posts/drafts.py."""

    forbidden_words: tuple[str, ...] = ()
    never_topics: tuple[str, ...] = ()
    approved_hashtags: tuple[str, ...] = ()
    usual_hours: tuple[tuple[int, int], ...] = ()  # local [start, end) hours; () = no rule


@dataclass(frozen=True)
class Limits:
    """Per-network limits: networks.md's defaults (bot/posts/text.py) under the workspace's overrides."""

    text: Mapping[str, int]
    hashtags: Mapping[str, int]

    @classmethod
    def of(cls, text_overrides: Mapping[str, Any] | None = None,
           hashtag_overrides: Mapping[str, Any] | None = None) -> Limits:
        return cls(
            text=MappingProxyType(T.merged_limits(T.TEXT_LIMITS, text_overrides)),
            hashtags=MappingProxyType(T.merged_limits(T.HASHTAG_LIMITS, hashtag_overrides, T.HASHTAG_BOUNDS)),
        )


@dataclass(frozen=True)
class Variant:
    """What the preview shows per account. `count` is the published text (copy, and the tagged
    link where the caption carries it) as the network counts it; `limit` 0 means no known limit."""

    account_id: int
    network: str
    handle: str
    text: str
    tagged_link: str | None
    count: int
    limit: int


@dataclass(frozen=True)
class Checked:
    errors: dict[str, tuple[str, dict[str, Any]]]  # field → (catalog key, params)
    warnings: tuple[tuple[str, dict[str, Any]], ...]
    variants: tuple[Variant, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Errors:
    """Candidates per field; the best-ranked one is kept."""

    found: dict[str, tuple[tuple[int, int], str, dict[str, Any]]] = field(default_factory=dict)

    def add(self, where: str, rank: int, key: str, params: dict[str, Any], *, weight: int = 0) -> None:
        order = (rank, -weight)  # same rank: the larger problem (a longer overflow) first
        if where not in self.found or order < self.found[where][0]:
            self.found[where] = (order, key, params)

    def result(self) -> dict[str, tuple[str, dict[str, Any]]]:
        return {f: (key, params) for f, (_, key, params) in self.found.items()}


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _aware(moment: datetime) -> datetime:
    # The database hands back naive UTC on SQLite: read it as UTC, never as local time.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _within(hour: int, hours: tuple[tuple[int, int], ...]) -> bool:
    for start, end in hours:
        if start == end or (start < end and start <= hour < end) or (start > end and (hour >= start or hour < end)):
            return True  # start == end is all day; start > end runs past midnight (22–2)
    return False


def _copy_fields(targets: Sequence[Target], copy: str | None) -> dict[int, str]:
    """Which form field each target's text comes from: "copy" for the post's own copy,
    f"copy:{id}" for an override. Without `copy`, the text most targets share is taken as the
    post's (the first target's on a tie)."""
    if copy is None:
        texts = [t.copy for t in targets]
        copy = max(texts, key=lambda c: (texts.count(c), -texts.index(c))) if texts else ""
    return {t.account_id: "copy" if t.copy == copy else f"copy:{t.account_id}" for t in targets}


def _quoted(terms: Sequence[str]) -> str:
    return ", ".join(f"“{w}”" for w in terms)


def check(targets: Sequence[Target], *, link: str | None, campaign: str | None, topic: str | None,
          when: datetime, tz: str, now: datetime, brand: BrandRules | None, limits: Limits,
          copy: str | None = None) -> Checked:
    """Every rule of issue 12 §3 on one post. `copy` (optional) is the post's own copy, to tell
    its errors from an override's; `when` and `now` are instants (naive means UTC)."""
    errors = _Errors()
    warnings: list[tuple[str, dict[str, Any]]] = []
    zone = _zone(tz)
    when, now = _aware(when), _aware(now)
    local = when.astimezone(zone)
    shown_when = local.strftime("%Y-%m-%d %H:%M")
    minutes = int(MIN_LEAD.total_seconds() // 60)

    if not targets:
        errors.add("accounts", 0, "post.check.error.no_accounts", {})
    if when <= now:
        errors.add("when", 0, "post.check.error.when_past", {"when": shown_when, "minutes": minutes})
    elif when - now < MIN_LEAD:
        left = max(1, int((when - now).total_seconds() // 60))
        errors.add("when", 0, "post.check.error.when_too_soon", {"when": shown_when, "left": left,
                                                                   "minutes": minutes})

    campaign_slug: str | None = None
    if campaign and campaign.strip():
        campaign_slug = utm.slug(campaign) or None
        if campaign_slug is None:
            errors.add("campaign", 0, "post.check.error.campaign_no_letters", {})

    tagged: dict[str, str] = {}  # network → its tagged link
    if link is not None and link.strip():
        try:
            utm.checked_link(link)
            for network in dict.fromkeys(t.network for t in targets):
                tagged[network] = utm.tag(link, network, campaign_slug)
        except utm.UtmConflict as e:
            errors.add("link", 0, e.key, {**e.params, "network": T.network_label(network)})
            tagged = {}
        except utm.BadLink as e:
            errors.add("link", 0, e.key, dict(e.params))
            tagged = {}

    rules = brand or BrandRules()
    if topic and rules.never_topics and (hit := T.find_terms(topic, rules.never_topics)):
        errors.add("topic", 0, "post.check.error.topic_never", {"words": _quoted(hit)})

    fields = _copy_fields(targets, copy)
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...], list[str]]] = {}
    counted: dict[tuple[str, str], int] = {}

    def terms_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
        # Most accounts share the post's copy: look at each distinct text once.
        if text not in found:
            found[text] = (T.find_terms(text, rules.forbidden_words), T.find_terms(text, rules.never_topics),
                           T.hashtags(text))
        return found[text]

    variants: list[Variant] = []
    tags_seen: dict[str, str] = {}  # folded → as first typed, for the approved-list warning
    for t in targets:
        where = fields[t.account_id]
        name = T.network_label(t.network)
        if not t.copy.strip():
            errors.add(where, _EMPTY, "post.check.error.copy_empty", {})
        forbidden, never, tags = terms_of(t.copy)
        if forbidden:
            errors.add(where, _FORBIDDEN, "post.check.error.forbidden_words", {"words": _quoted(forbidden)})
        if never:
            errors.add(where, _NEVER, "post.check.error.never_topics", {"words": _quoted(never)})
        link_of = tagged.get(t.network)
        published = (t.network, T.published_text(t.network, t.copy, link_of))
        if published not in counted:  # X's counting is the costly part: two X accounts, one count
            counted[published] = T.count(*published)
        n = counted[published]
        limit = limits.text.get(t.network, 0)
        if limit and n > limit:
            key = "post.check.error.too_long_x" if t.network == "x" else "post.check.error.too_long"
            errors.add(where, _LENGTH, key, {"network": name, "count": n, "limit": limit, "over": n - limit},
                       weight=n - limit)
        cap = limits.hashtags.get(t.network, 0)
        if cap and len(tags) > cap:
            errors.add(where, _HASHTAGS, "post.check.error.too_many_hashtags",
                       {"network": name, "count": len(tags), "limit": cap, "over": len(tags) - cap},
                       weight=len(tags) - cap)
        for tag in tags:
            tags_seen.setdefault(tag.casefold(), tag)
        if t.network in T.LINKLESS_CAPTIONS and T.urls(t.copy):
            warnings.append(("post.check.warn.link_in_caption", {"network": name, "handle": t.handle}))
        variants.append(Variant(t.account_id, t.network, t.handle, t.copy, link_of, n, limit))

    if rules.approved_hashtags:
        # Networks file #Otoño and #otoño under one tag, #otono under another: case is ignored, accents are not.
        approved = {h.strip().lstrip("#＃").casefold() for h in rules.approved_hashtags}
        outside = [tag for folded, tag in tags_seen.items() if folded not in approved]
        if outside:
            warnings.append(("post.check.warn.unapproved_hashtags", {"tags": ", ".join(f"#{h}" for h in outside)}))
    if rules.usual_hours and not _within(local.hour, rules.usual_hours):
        hours = ", ".join(f"{s:02d}:00–{e:02d}:00" for s, e in rules.usual_hours)
        warnings.append(("post.check.warn.outside_usual_hours",
                         {"time": local.strftime("%H:%M"), "tz": zone.key, "hours": hours}))

    return Checked(errors=errors.result(), warnings=tuple(warnings), variants=tuple(variants))
