"""Notes on the crisis timeline (issue 13 §4): `/crisis note`, the message shortcut and the ✍️ reaction.

Who may add one: anyone in the workspace, guests included. A note changes no state, is signed by its
author on the timeline, and a guest only reaches a crisis channel Slack let them into (a
single-channel guest cannot even type the command elsewhere); refusing them would lose what an
agency's community manager saw first. A resolved crisis takes no more notes: its post-mortem is
sealed by hash.

A message added twice (the shortcut and the reaction, or Slack retrying) is one entry:
`crisis_events (crisis_id, source_ts)` is unique and the insert ignores a second copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.errors import Conflict, UsageError
from bot.crisis import lookup, timeline
from bot.crisis.views import CrisisView, crisis_view
from storage.models import Crisis

NOTE_MAX = 3000
USAGE_NOTE = "usage.crisis.note"
WRITING_HAND = "writing_hand"  # ✍️: the reaction that adds a message


@dataclass(frozen=True)
class NoteView:
    crisis: CrisisView
    text: str  # as typed (or the message's text): neutralised when rendered
    added: bool  # False: that message was already on the timeline
    author: str | None = None  # the message's author (shortcut, reaction)
    source_ts: str | None = None


def split_note(text: str) -> tuple[str | None, str]:
    """`[CRI-2026-0001] <text…>` → (reference or None, the text as typed, trimmed)."""
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    if first and lookup.looks_like_reference(first):
        return first, rest.strip()
    return None, stripped


def _open(crisis: Crisis) -> None:
    if crisis.status != "open":
        raise Conflict("crisis.note.error.resolved", number=crisis.number)


def add_note(session: Session, actor: Actor, channel_id: str | None, text: str, now: datetime) -> NoteView:
    """`/crisis note [ref] <text>`: the channel's crisis, or the one named first."""
    ref, body = split_note(text)
    if ref is None and not body:
        raise UsageError("crisis.note.error.empty", usage_key=USAGE_NOTE)
    crisis = lookup.target(session, actor.team_id, channel_id, ref, usage_key=USAGE_NOTE, lock=True)
    if not body:
        raise UsageError("crisis.note.error.empty", usage_key=USAGE_NOTE)
    if len(body) > NOTE_MAX:
        raise UsageError("crisis.note.error.long", usage_key=USAGE_NOTE, max=NOTE_MAX, length=len(body))
    _open(crisis)
    timeline.record(session, crisis, timeline.NOTE, actor=actor.user_id, at=now, text=body,
                    detail={"via": "command"})
    return NoteView(crisis_view(crisis), body, True)


def message_text(text: str) -> str:
    """A message's text, kept within the note's limit (someone else wrote it: cut, not refused)."""
    body = text.strip()
    return body if len(body) <= NOTE_MAX else body[: NOTE_MAX - 1] + "…"


def add_message(session: Session, actor: Actor, channel_id: str, message_ts: str, author: str | None,
                text: str, now: datetime, *, via: str) -> NoteView:
    """A message of a crisis channel onto its timeline (`via`: shortcut or reaction); once per message."""
    crisis = lookup.in_channel(session, actor.team_id, channel_id, lock=True)
    if crisis is None:
        raise UsageError("crisis.note.error.not_crisis_channel", usage_key=USAGE_NOTE)
    _open(crisis)
    body = message_text(text)
    if not body:
        raise UsageError("crisis.note.error.no_text", usage_key=USAGE_NOTE)
    ts = message_ts[:32]
    added = timeline.record(session, crisis, timeline.NOTE, actor=actor.user_id, at=now, text=body,
                            detail={"via": via, "author": author, "channel": channel_id, "ts": ts},
                            source_ts=ts)
    return NoteView(crisis_view(crisis), body, added, author, ts)


def crisis_of_channel(session: Session, team_id: str, channel_id: str) -> CrisisView | None:
    """The open crisis of a channel, if any: whether a ✍️ there is worth reading the message for."""
    crisis = lookup.in_channel(session, team_id, channel_id)
    return crisis_view(crisis) if crisis is not None and crisis.status == "open" else None
