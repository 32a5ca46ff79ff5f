"""Parsing of slash-command text (escaped mentions, durations, words). No Slack imports."""

from __future__ import annotations

import re
import shlex
from datetime import timedelta
from urllib.parse import urlsplit

# should_escape: true → "<@U0123|ana>" or "<@U0123>"; "<#C0123|name>" or "<#C0123>".
USER_RE = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
CHANNEL_RE = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")
DURATION_RE = re.compile(r"^(\d{1,4})([hdw])$", re.ASCII)
# Ids are what every primary key can hold: PostgreSQL's INTEGER, a signed 32-bit number (SQLite's
# would take more; a larger id names no row on either, and PostgreSQL would fail the lookup with
# "integer out of range" instead of finding nothing).
MAX_ID = 2**31 - 1
_ID_RE = re.compile(r"#?([0-9]{1,10})", re.ASCII)
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def words(text: str) -> list[str]:
    """Split like a shell (quotes group words) but never fail on unbalanced quotes."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def parse_user(token: str) -> str | None:
    m = USER_RE.match(token.strip())
    return m.group(1) if m else None


def parse_channel(token: str) -> str | None:
    m = CHANNEL_RE.match(token.strip())
    return m.group(1) if m else None


def parse_duration(token: str) -> timedelta | None:
    m = DURATION_RE.match(token.strip().lower())
    if not m or int(m.group(1)) == 0:
        return None
    return int(m.group(1)) * _UNITS[m.group(2)]


def parse_id(text: object) -> int | None:
    """A row id from command text, a button value or form metadata: ASCII digits (an optional
    leading `#`), at least 1 and within the database's range; anything else is None.

    `str.isdigit()` accepts `²`, `①` and other Unicode digits that `int()` then rejects, and
    `int()` alone accepts values no column can hold: every id the app reads goes through here.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        return None
    m = _ID_RE.fullmatch(str(text).strip())
    if m is None:
        return None
    value = int(m.group(1))
    return value if 1 <= value <= MAX_ID else None


URL_MAX = 2_000


def clean_url(text: str | None) -> str | None:
    """An http(s) link as typed (a post's link, a crisis's), or None when empty; ValueError when it
    is not one. Slack's own `<url>` or `<url|label>` markup around a typed URL is taken off."""
    raw = (text or "").strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1].split("|", 1)[0]
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(raw) > URL_MAX or " " in raw:
        raise ValueError(raw)
    return raw
