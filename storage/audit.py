"""Append-only, hash-chained audit log per workspace.

Each entry's hash covers its own fields and the previous entry's hash. Writers
serialize on the workspace's `audit_heads` row (an UPDATE takes its row lock on
PostgreSQL; SQLite write transactions are already serial), so two concurrent
writers can never produce two entries with the same predecessor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import AuditEntry, AuditHead, utcnow

GENESIS = "0" * 64


def canonical_json(detail: dict[str, Any] | None) -> str:
    return json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    *, team_id: str, seq: int, at: datetime, actor: str, action: str, subject: str, outcome: str,
    detail: str, prev_hash: str,
) -> str:
    material = json.dumps(
        [team_id, seq, at.isoformat(timespec="microseconds"), actor, action, subject, outcome, detail,
         prev_hash],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _hash_of(entry: AuditEntry) -> str:
    return entry_hash(
        team_id=entry.team_id, seq=entry.seq, at=entry.at, actor=entry.actor, action=entry.action,
        subject=entry.subject, outcome=entry.outcome, detail=entry.detail, prev_hash=entry.prev_hash,
    )


def _advance_head(session: Session, team_id: str) -> tuple[int, str]:
    """Lock the head row and reserve the next sequence number; returns (seq, prev_hash)."""
    for _ in range(3):
        row = session.execute(
            update(AuditHead)
            .where(AuditHead.team_id == team_id)
            .values(seq=AuditHead.seq + 1)
            .returning(AuditHead.seq, AuditHead.hash)
        ).one_or_none()
        if row is not None:
            return int(row[0]), str(row[1])
        try:
            with session.begin_nested():
                session.add(AuditHead(team_id=team_id, seq=1, hash=GENESIS))
            return 1, GENESIS
        except IntegrityError:
            continue  # another writer created it first: lock theirs
    raise RuntimeError("could not lock the audit chain head")


def append(
    session: Session,
    *,
    team_id: str,
    actor: str,
    action: str,
    subject: str = "",
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    seq, prev_hash = _advance_head(session, team_id)
    entry = AuditEntry(
        team_id=team_id, seq=seq, at=at or utcnow(),
        actor=actor, action=action, subject=subject[:255], outcome=outcome,
        detail=canonical_json(detail), prev_hash=prev_hash, hash="",
    )
    entry.hash = _hash_of(entry)
    session.add(entry)
    session.execute(update(AuditHead).where(AuditHead.team_id == team_id).values(hash=entry.hash))
    session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    team_id: str
    entries: int
    ok: bool
    bad_seq: int | None = None
    bad_id: int | None = None
    reason: str = ""


def verify(session: Session, team_id: str) -> VerifyResult:
    """Walk the chain; report the first entry whose link or content does not hold."""
    expected_seq, prev, count = 1, GENESIS, 0
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.team_id == team_id).order_by(AuditEntry.seq, AuditEntry.id)
    ):
        count += 1
        problem = ""
        if entry.seq != expected_seq:
            problem = f"sequence gap or reorder: expected #{expected_seq}, found #{entry.seq}"
        elif entry.prev_hash != prev:
            problem = "does not link to the previous entry (deleted, inserted or reordered)"
        elif _hash_of(entry) != entry.hash:
            problem = "content does not match its hash (edited)"
        if problem:
            return VerifyResult(team_id, count, False, entry.seq, entry.id, problem)
        prev, expected_seq = entry.hash, expected_seq + 1
    head = session.get(AuditHead, team_id)
    last_seq = expected_seq - 1
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return VerifyResult(
            team_id, count, False, last_seq + 1, None,
            f"chain ends at #{last_seq} but its head records #{head.seq}: entries were removed from the end",
        )
    return VerifyResult(team_id, count, True)


# ---- sealed records -----------------------------------------------------------------------
# A feature that freezes a record (a closed handover act) puts its content hash in the chain.
# The chain alone cannot see a later edit of that record's own rows, so the feature registers
# a checker comparing the record's current content with the sealed hash (in its `Feature`
# record); `socialops audit verify` runs every checker and reports what they find.

# fn(session, team_id) -> problems (human-readable lines; empty when intact)
SealChecker = Callable[[Session, str], list[str]]


def check_seals(session: Session, team_id: str, checkers: Iterable[SealChecker]) -> list[str]:
    problems: list[str] = []
    for fn in checkers:
        problems.extend(fn(session, team_id))
    return problems


def sealed_entries(session: Session, team_id: str, action: str) -> Iterator[AuditEntry]:
    """The chain's entries of one sealing action (e.g. "handover.close"), in order."""
    yield from session.scalars(
        select(AuditEntry)
        .where(AuditEntry.team_id == team_id, AuditEntry.action == action, AuditEntry.outcome == "ok")
        .order_by(AuditEntry.seq)
    )


def teams(session: Session) -> list[str]:
    ids = set(session.scalars(select(AuditHead.team_id)))
    ids.update(session.scalars(select(AuditEntry.team_id).distinct()))
    return sorted(ids)


def export(session: Session, team_id: str | None = None) -> Iterator[dict[str, Any]]:
    query = select(AuditEntry).order_by(AuditEntry.team_id, AuditEntry.seq)
    if team_id:
        query = query.where(AuditEntry.team_id == team_id)
    for e in session.scalars(query):
        yield {
            "team_id": e.team_id, "seq": e.seq, "at": e.at.isoformat(), "actor": e.actor,
            "action": e.action, "subject": e.subject, "outcome": e.outcome,
            "detail": json.loads(e.detail), "prev_hash": e.prev_hash, "hash": e.hash,
        }
