"""Command text and form values → typed post requests (pure: no database, no Slack)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import UsageError
from bot.core.parsing import URL_MAX as CORE_URL_MAX
from bot.core.parsing import clean_url, parse_id, words

COPY_MAX = 63_206  # the longest any network takes (Facebook); each network's own limit is checked later
FIELD_MAX = 100  # campaign and topic: the column's size
URL_MAX = CORE_URL_MAX
COMMENT_MAX = 1_000
REASON_MAX = 500

USAGE_NEW = "usage.post.new"
# `<handles> <YYYY-MM-DD> <HH:MM> <copy…>`: the copy keeps its own line breaks and spacing.
_POWER = re.compile(r"^\s*(\S+)\s+(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s+(\S.*)$", re.DOTALL | re.ASCII)
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\s+(\d{1,2}):(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class PostDraft:
    """A post as typed. `accounts` are references (`acme`, `instagram:acme`) or account ids
    (the form's menu), resolved and checked by the rules in the actor's workspace."""

    accounts: tuple[str, ...]
    when: datetime  # UTC
    copy: str
    overrides: dict[str, str] = field(default_factory=dict)  # network → its own copy
    link: str | None = None
    media_url: str | None = None
    campaign: str | None = None
    topic: str | None = None
    publisher_id: str | None = None  # None: the author
    by_id: bool = False  # `accounts` holds ids from the form's menu


def zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def parse_local(text: str, tz: str, *, usage_key: str = USAGE_NEW) -> datetime:
    """`YYYY-MM-DD HH:MM` in the workspace zone → an aware UTC datetime."""
    m = _DATE_TIME.match(" ".join(text.split()))
    try:
        if m is None:
            raise ValueError(text)
        y, mo, d, h, mi = (int(g) for g in m.groups())
        local = datetime(y, mo, d, h, mi, tzinfo=zone(tz))
    except ValueError:
        raise UsageError("post.error.bad_time", usage_key=usage_key, text=text[:40] or "—") from None
    return local.astimezone(UTC)


def parse_new(text: str, tz: str) -> PostDraft:
    """`/post new <handle>[,<handle>…] <YYYY-MM-DD HH:MM> <copy…>` (power users)."""
    m = _POWER.match(text)
    if m is None:
        first = words(text)[:1]
        raise UsageError("post.error.bad_time", usage_key=USAGE_NEW, text=" ".join(words(text)[1:3])[:40] or "—") \
            if first else UsageError("post.error.missing_copy", usage_key=USAGE_NEW)
    refs = tuple(r for r in (p.strip() for p in m.group(1).split(",")) if r)
    if not refs:
        raise UsageError("post.error.missing_accounts", usage_key=USAGE_NEW)
    when = parse_local(f"{m.group(2)} {m.group(3)}", tz)
    copy, link = _trailing_link(m.group(4).strip())
    if len(copy) > COPY_MAX:
        raise UsageError("post.error.too_long_field", usage_key=USAGE_NEW, max=COPY_MAX)
    return PostDraft(accounts=refs, when=when, copy=copy, link=link)


def _trailing_link(copy: str) -> tuple[str, str | None]:
    """A link that ends the one-line copy is the post's link, as the form's link field would be:
    each account gets it UTM-tagged, and Instagram's caption warning applies (Slack sends a typed
    URL as `<https://…>`). A link inside the copy stays text, as written."""
    m = _LAST_WORD.match(copy)
    if m is None:
        return copy, None
    try:
        link = clean_url(m.group(2))
    except ValueError:
        return copy, None
    return (m.group(1).rstrip(), link) if link else (copy, None)


_LAST_WORD = re.compile(r"(.*\S)\s+(\S+)\Z", re.DOTALL)


def parse_post_id(text: str, usage_key: str) -> tuple[int, str]:
    """`<id> [rest…]` → (id, rest). A word that is no id is usage, nothing looked up."""
    parts = text.strip().split(None, 1)
    if not parts:
        raise UsageError("post.error.bad_id", usage_key=usage_key, text="—")
    found = parse_id(parts[0])
    if found is None:
        raise UsageError("post.error.bad_id", usage_key=usage_key, text=parts[0][:30])
    return found, (parts[1].strip() if len(parts) > 1 else "")


def parse_button(value: str) -> tuple[int, int] | None:
    """A post button's value, `<post id>:<revision>`; None for anything we did not write."""
    post, sep, revision = value.partition(":")
    post_id, rev = parse_id(post), parse_id(revision)
    if not sep or post_id is None or rev is None:
        return None
    return post_id, rev


@dataclass(frozen=True)
class SettingChange:
    what: str  # approvals | limit | hashtags
    network: str | None
    value: int | None  # approvals: 1 or 2; a limit is read by the rules (bot.posts.text.parse_limit_override)
    raw: str = ""


USAGE_SETTINGS = "usage.post.settings"


def parse_settings(text: str) -> SettingChange | None:
    """`approvals <1|2>` · `limit <network> <n>` · `hashtags <network> <n>`; empty → None (show)."""
    parts = words(text)
    if not parts:
        return None
    what = parts[0].lower()
    if what == "approvals":
        raw = " ".join(parts[1:])
        if raw not in ("1", "2"):
            raise UsageError("post.error.bad_approvals", usage_key=USAGE_SETTINGS, text=raw[:20] or "—")
        return SettingChange("approvals", None, int(raw))
    if what in ("limit", "hashtags") and len(parts) == 3:
        return SettingChange(what, parts[1].lower()[:40], None, parts[2][:40])
    raise UsageError("post.error.bad_setting", usage_key=USAGE_SETTINGS, text=" ".join(parts)[:40])
