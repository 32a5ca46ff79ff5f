"""Parsing of slash-command text (escaped mentions, durations, words). No Slack imports."""

from __future__ import annotations

import re
import shlex
from datetime import timedelta

# should_escape: true → "<@U0123|ana>" or "<@U0123>"; "<#C0123|name>" or "<#C0123>".
USER_RE = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
CHANNEL_RE = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")
DURATION_RE = re.compile(r"^(\d{1,4})([hdw])$")
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
