from __future__ import annotations

import threading

from sqlalchemy import select, text, update

from storage import audit
from storage.db import Database
from storage.models import AuditEntry


def _append(db: Database, n: int, team: str = "T1") -> None:
    for i in range(n):
        with db.uow() as s:
            audit.append(s, team_id=team, actor="U1", action="test.act", subject=f"s{i}", detail={"i": i})


def test_chain_links_each_entry_to_the_previous(db: Database) -> None:
    _append(db, 3)
    with db.uow() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        result = audit.verify(s, "T1")
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == audit.GENESIS
    assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
    assert result.ok and result.entries == 3


def test_chains_are_per_workspace(db: Database) -> None:
    _append(db, 2, "T1")
    _append(db, 1, "T2")
    with db.uow() as s:
        assert audit.teams(s) == ["T1", "T2"]
        assert audit.verify(s, "T2").entries == 1
        assert audit.verify(s, "T1").ok


def test_edited_entry_is_named(db: Database) -> None:
    _append(db, 4)
    with db.uow() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(subject="forged"))
    with db.uow() as s:
        result = audit.verify(s, "T1")
    assert not result.ok and result.bad_seq == 2 and "edited" in result.reason


def test_deleted_middle_entry_is_detected(db: Database) -> None:
    _append(db, 4)
    with db.uow() as s:
        s.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    with db.uow() as s:
        result = audit.verify(s, "T1")
    assert not result.ok and result.bad_seq == 4


def test_deleted_tail_entry_is_detected(db: Database) -> None:
    _append(db, 3)
    with db.uow() as s:
        s.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    with db.uow() as s:
        result = audit.verify(s, "T1")
    assert not result.ok and "removed from the end" in result.reason


def test_reordered_entries_are_detected(db: Database) -> None:
    _append(db, 3)
    with db.uow() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(seq=99))
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(seq=1))
        s.execute(update(AuditEntry).where(AuditEntry.seq == 99).values(seq=2))
    with db.uow() as s:
        result = audit.verify(s, "T1")
    assert not result.ok and result.bad_seq == 1


def test_concurrent_writers_do_not_fork_the_chain(db: Database) -> None:
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(10):
                with db.uow() as s:
                    audit.append(s, team_id="T1", actor=f"U{k}", action="race", subject=str(i))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with db.uow() as s:
        result = audit.verify(s, "T1")
        seqs = list(s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
    assert result.ok and result.entries == 60
    assert seqs == list(range(1, 61))


def test_export_is_json_ready_and_ordered(db: Database) -> None:
    _append(db, 2)
    with db.uow() as s:
        rows = list(audit.export(s, "T1"))
    assert [r["seq"] for r in rows] == [1, 2]
    assert rows[1]["detail"] == {"i": 1} and rows[1]["prev_hash"] == rows[0]["hash"]
