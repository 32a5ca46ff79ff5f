"""`/handover …` text → typed requests. Pure functions: any text gives a request or a UsageError."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import UsageError
from bot.core.parsing import parse_channel, parse_user

# ASCII digits only (`\d` alone takes any script's digits), and no longer than a number can be.
ACT_RE = re.compile(r"^ACT-[0-9]{4}-[0-9]{4,10}$", re.IGNORECASE | re.ASCII)
# A bare user id as Slack sends it in a users_select (`selected_user`); the columns hold 32 characters.
USER_ID_RE = re.compile(r"[UW][A-Z0-9]{1,31}", re.ASCII)
ID_MAX = 32


def _user(token: str) -> str | None:
    user = parse_user(token)
    return user if user is not None and len(user) <= ID_MAX else None


def _channel(token: str) -> str | None:
    channel = parse_channel(token)
    return channel if channel is not None and len(channel) <= ID_MAX else None


def parse_user_id(value: object) -> str | None:
    """A user id picked in a menu (the value comes back from Slack, and can be forged): or None."""
    return value if isinstance(value, str) and USER_ID_RE.fullmatch(value) else None


@dataclass(frozen=True)
class StartRequest:
    leaving: str
    receiver: str | None
    channel: str | None  # None: the workspace's approvals channel
    reason: str


def parse_start(text: str) -> StartRequest:
    """`@leaving [to @receiver] [in #channel] [reason…]`."""
    tokens = text.split()
    if not tokens:  # nothing to read back: ask the question instead
        raise UsageError("handover.error.who_leaves", usage_key="usage.handover.start")
    leaving = _user(tokens[0])
    if leaving is None:
        raise UsageError("handover.error.bad_start", usage_key="usage.handover.start", text=text)
    receiver = channel = None
    rest = tokens[1:]
    while len(rest) >= 2 and rest[0].lower() in ("to", "in"):
        if rest[0].lower() == "to" and receiver is None and (user := _user(rest[1])):
            receiver = user
        elif rest[0].lower() == "in" and channel is None and (chan := _channel(rest[1])):
            channel = chan
        else:
            raise UsageError("handover.error.bad_start", usage_key="usage.handover.start", text=" ".join(rest[:2]))
        rest = rest[2:]
    return StartRequest(leaving=leaving, receiver=receiver, channel=channel, reason=" ".join(rest))


def parse_act(text: str, usage_key: str) -> str:
    """The act number leading the text (`ACT-2026-0001`, any case), as typed."""
    ref = text.split()[0] if text.split() else ""
    if not ACT_RE.match(ref):
        raise UsageError("handover.error.bad_act", usage_key=usage_key, text=ref or "—")
    return ref


def parse_receiver(text: str) -> tuple[str, str]:
    """`<act> @receiver` → (act number as typed, the receiver's user id)."""
    ref = parse_act(text, "usage.handover.receiver")
    parts = text.split()
    user = _user(parts[1]) if len(parts) == 2 else None
    if user is None:
        raise UsageError("error.bad_user", usage_key="usage.handover.receiver", text=" ".join(parts[1:]) or "—")
    return ref, user


REASON_MAX = 500


def parse_cancel(text: str) -> tuple[str, str]:
    """`<act> <reason…>` → (act number as typed, the reason); a reason is required."""
    ref = parse_act(text, "usage.handover.cancel")
    reason = text.strip()[len(ref):].strip()
    if not reason:
        raise UsageError("handover.error.cancel_reason", usage_key="usage.handover.cancel", act=ref.upper())
    if len(reason) > REASON_MAX:
        raise UsageError("handover.error.cancel_reason_long", usage_key="usage.handover.cancel", max=REASON_MAX)
    return ref, reason


def parse_list_filter(text: str) -> str | None:
    """`[open|closed|cancelled|all]` → the status to list (None: every act)."""
    word = text.strip().lower()
    if word not in ("", "open", "closed", "cancelled", "all"):
        raise UsageError("handover.error.bad_filter", usage_key="usage.handover.list", text=word)
    return None if word in ("", "all") else word
