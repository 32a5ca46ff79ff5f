"""Finding the crisis a command or a button means: by its number or id, or the crisis of the channel
the command was given in ("commands given inside a crisis channel apply to its crisis", issue 13 §4).

Every lookup is in the actor's workspace: another workspace's crisis is "no such crisis", like an
unknown one, so a forged id learns nothing.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.errors import NotFound, UsageError
from bot.core.parsing import parse_id
from storage.models import Crisis

NUMBER = re.compile(r"^CRI-(\d{4})-(\d{4,6})$", re.IGNORECASE)


def get_crisis(session: Session, team_id: str, crisis_id: object, *, lock: bool = False) -> Crisis:
    """A crisis of this workspace by its database id (a button's value, a form's metadata)."""
    cid = parse_id(crisis_id)
    if cid is None:
        raise NotFound("crisis.error.not_found", id="—")
    query = select(Crisis).where(Crisis.id == cid, Crisis.team_id == team_id)
    if lock:  # decisions on one crisis queue here (PostgreSQL); SQLite writers are serial anyway
        query = query.with_for_update()
    crisis = session.scalars(query).one_or_none()
    if crisis is None:
        raise NotFound("crisis.error.not_found", id=cid)
    return crisis


def by_reference(session: Session, team_id: str, ref: str, *, lock: bool = False) -> Crisis:
    """`CRI-2026-0001` (any case) or a bare id, as typed in a command."""
    ref = ref.strip()
    match = NUMBER.match(ref) if ref.isascii() else None
    if match is None:
        return get_crisis(session, team_id, ref, lock=lock)
    number = f"CRI-{match.group(1)}-{int(match.group(2)):04d}"
    query = select(Crisis).where(Crisis.team_id == team_id, Crisis.number == number)
    if lock:
        query = query.with_for_update()
    crisis = session.scalars(query).one_or_none()
    if crisis is None:
        raise NotFound("crisis.error.not_found", id=number)
    return crisis


def in_channel(session: Session, team_id: str, channel_id: str | None, *, lock: bool = False) -> Crisis | None:
    """The crisis whose channel this is, if any."""
    if not channel_id:
        return None
    query = select(Crisis).where(Crisis.team_id == team_id, Crisis.channel_id == channel_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query.order_by(Crisis.id.desc()).limit(1)).first()


def target(session: Session, team_id: str, channel_id: str | None, ref: str | None, *, usage_key: str,
           lock: bool = False) -> Crisis:
    """The crisis named by `ref`, or else the channel's; neither is a usage error naming both ways."""
    if ref:
        return by_reference(session, team_id, ref, lock=lock)
    crisis = in_channel(session, team_id, channel_id, lock=lock)
    if crisis is None:
        raise UsageError("crisis.error.which", usage_key=usage_key)
    return crisis


def looks_like_reference(word: str) -> bool:
    """Whether a command's first word names a crisis (so `/crisis note CRI-2026-0001 text` and
    `/crisis note text` in the channel both work)."""
    return word.isascii() and (bool(NUMBER.match(word)) or word.isdigit())
