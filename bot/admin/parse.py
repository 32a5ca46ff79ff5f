"""`/socialops setup …` and `/socialops role …` text → typed requests."""

from __future__ import annotations

from typing import Any

from bot.admin.settings import SetupChange
from bot.core.authz import Role
from bot.core.errors import UsageError
from bot.core.parsing import parse_channel, parse_user, words

_CHANNEL_KEYS = {"approvals": "approvals_channel", "crisis": "crisis_channel", "digest": "digest_channel"}


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
