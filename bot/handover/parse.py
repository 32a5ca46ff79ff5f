"""`/handover …` text → typed requests. Pure functions: any text gives a request or a UsageError."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import UsageError
from bot.core.parsing import parse_channel, parse_user

ACT_RE = re.compile(r"^ACT-\d{4}-\d{4,}$", re.IGNORECASE)


@dataclass(frozen=True)
class StartRequest:
    leaving: str
    receiver: str | None
    channel: str | None  # None: the workspace's approvals channel
    reason: str


def parse_start(text: str) -> StartRequest:
    """`@leaving [to @receiver] [in #channel] [reason…]`."""
    tokens = text.split()
    leaving = parse_user(tokens[0]) if tokens else None
    if leaving is None:
        raise UsageError("handover.error.bad_start", usage_key="usage.handover.start", text=text or "—")
    receiver = channel = None
    rest = tokens[1:]
    while len(rest) >= 2 and rest[0].lower() in ("to", "in"):
        if rest[0].lower() == "to" and receiver is None and (user := parse_user(rest[1])):
            receiver = user
        elif rest[0].lower() == "in" and channel is None and (chan := parse_channel(rest[1])):
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
    user = parse_user(parts[1]) if len(parts) == 2 else None
    if user is None:
        raise UsageError("error.bad_user", usage_key="usage.handover.receiver", text=" ".join(parts[1:]) or "—")
    return ref, user


def parse_list_filter(text: str) -> str | None:
    """`[open|closed|all]` → the status to list (None: every act)."""
    word = text.strip().lower()
    if word not in ("", "open", "closed", "all"):
        raise UsageError("handover.error.bad_filter", usage_key="usage.handover.list", text=word)
    return None if word in ("", "all") else word
