"""`/socialops setup …` and `/socialops role …` text → typed requests."""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from bot.admin.settings import SetupChange
from bot.core.authz import Role
from bot.core.errors import UsageError
from bot.core.parsing import parse_channel, parse_user, words

_CHANNEL_KEYS = {"approvals": "approvals_channel", "crisis": "crisis_channel", "digest": "digest_channel"}
ZONE_ECHO = 64  # how much of a rejected time zone the answer quotes back


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())  # walks the tz database: once per process


def zone_name(text: str) -> str | None:
    """`text` when it is the name of a time zone, else None.

    Looked up in the list of zones rather than tried with ZoneInfo(): that opens a file named
    after the text, so "America" (a folder), "__pycache__" or 300 letters raise OSErrors that
    are not ZoneInfo's "not found".
    """
    return text if text in _zones() else None


def parse_setup_words(text: str) -> SetupChange:
    """`approvals #c crisis #c digest #c timezone Europe/Madrid language es` in any order."""
    parts = words(text)
    if len(parts) % 2:
        raise UsageError("error.setup_words", usage_key="usage.socialops.setup", text=text)
    values: dict[str, Any] = {}
    for key, value in zip(parts[::2], parts[1::2], strict=True):
        key = key.lower()
        if key in _CHANNEL_KEYS:
            channel = parse_channel(value)
            if channel is None:
                raise UsageError("error.bad_channel", usage_key="usage.socialops.setup", text=value)
            values[_CHANNEL_KEYS[key]] = channel
        elif key in ("timezone", "tz"):
            if zone_name(value) is None:
                raise UsageError("error.bad_timezone", usage_key="usage.socialops.setup", tz=value[:ZONE_ECHO])
            values["timezone"] = value
        elif key in ("language", "lang"):
            values["language"] = value.lower()
        else:
            raise UsageError("error.setup_words", usage_key="usage.socialops.setup", text=key)
    return SetupChange(**values)


def parse_role_change(text: str, usage_key: str) -> tuple[str, Role]:
    """`@user <role>`: whose role, and which."""
    parts = words(text)
    if len(parts) != 2:
        raise UsageError("error.bad_user", usage_key=usage_key, text=text or "—")
    user, role = parse_user(parts[0]), Role.parse(parts[1])
    if user is None:
        raise UsageError("error.bad_user", usage_key=usage_key, text=parts[0])
    if role is None:
        raise UsageError("error.bad_role", usage_key=usage_key, text=parts[1],
                         roles=", ".join(r.value for r in Role))
    return user, role
