"""Units of work on SQLite (issue 10 §2): writers queue on the process's writer lock instead of
sleeping in SQLite's busy handler; a read-only unit of work waits for no writer and writes nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from storage.db import Database
from storage.models import Workspace

WAIT = 10.0  # seconds: far beyond anything that should block


def _no_busy_handler(db: Database) -> Database:
    """SQLite's busy handler off: a writer that meets another at BEGIN IMMEDIATE fails at once
    ("database is locked") instead of sleeping and retrying, so only the writer lock can queue them."""

    @event.listens_for(db.engine, "connect")
    def _off(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=0")

    db.engine.dispose()  # connections made before the listener
    return db


@pytest.fixture
def sqlite_db(db: Database) -> Iterator[Database]:
    if db.dialect != "sqlite":
        pytest.skip("the writer lock is SQLite's; PostgreSQL queues on row locks")
    yield _no_busy_handler(db)


def _add(db: Database, team: str) -> None:
    with db.uow() as s:
        s.add(Workspace(team_id=team))


def _teams(db: Database) -> list[str]:
    with db.uow(read_only=True) as s:
        return sorted(s.scalars(select(Workspace.team_id)))


class HeldWriter:
    """A thread inside a write unit of work (its row added, not committed) until released."""

    def __init__(self, db: Database, team: str) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, args=(db, team))
        self.thread.start()
        assert self.inside.wait(WAIT)

    def _run(self, db: Database, team: str) -> None:
        with db.uow() as s:
            s.add(Workspace(team_id=team))
            s.flush()  # BEGIN IMMEDIATE taken: SQLite's write lock is ours
            self.inside.set()
            self.release.wait(WAIT)

    def finish(self) -> None:
        self.release.set()
        self.thread.join(WAIT)


def test_a_read_does_not_wait_for_a_writer(sqlite_db: Database) -> None:
    _add(sqlite_db, "T0BEFORE")
    writer = HeldWriter(sqlite_db, "T0HELD")
    try:
        assert sqlite_db.writer_lock is not None and sqlite_db.writer_lock.busy
        with ThreadPoolExecutor(1) as pool:  # another thread, as another request would be
            seen = pool.submit(_teams, sqlite_db).result(timeout=WAIT)
        assert seen == ["T0BEFORE"]  # its snapshot: the writer has not committed
    finally:
        writer.finish()
    assert _teams(sqlite_db) == ["T0BEFORE", "T0HELD"]


def test_writers_queue_on_the_lock_not_in_sqlites_busy_handler(sqlite_db: Database) -> None:
    writer = HeldWriter(sqlite_db, "T0FIRST")
    with ThreadPoolExecutor(4) as pool:
        waiting = [pool.submit(_add, sqlite_db, f"T0NEXT{i}") for i in range(4)]
        assert not wait(waiting, timeout=0.2).done  # queued behind the first, not failed
        writer.finish()
        for f in waiting:
            f.result(timeout=WAIT)  # none met "database is locked"
    assert _teams(sqlite_db) == ["T0FIRST", *(f"T0NEXT{i}" for i in range(4))]


def test_every_database_object_on_one_file_shares_the_lock(sqlite_db: Database, db_url: str) -> None:
    other = _no_busy_handler(Database(db_url))
    try:
        assert other.writer_lock is sqlite_db.writer_lock
        writer = HeldWriter(sqlite_db, "T0ONE")
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(_add, other, "T0TWO")
            writer.finish()
            second.result(timeout=WAIT)
    finally:
        other.dispose()
    assert _teams(sqlite_db) == ["T0ONE", "T0TWO"]


def test_a_read_only_unit_of_work_refuses_to_write(sqlite_db: Database) -> None:
    with pytest.raises(OperationalError, match="readonly"), sqlite_db.uow(read_only=True) as s:
        s.add(Workspace(team_id="T0NOPE"))
        s.flush()
    _add(sqlite_db, "T0YES")  # the pooled connection writes again in a write unit of work
    assert _teams(sqlite_db) == ["T0YES"]


def test_nested_units_of_work_in_one_thread_do_not_deadlock(sqlite_db: Database) -> None:
    def nested() -> list[str]:
        with sqlite_db.uow() as s:
            s.add(Workspace(team_id="T0OUTER"))
            s.flush()
            inner = _teams(sqlite_db)  # a read inside a write: committed data only
        with sqlite_db.uow(read_only=True):
            _add(sqlite_db, "T0INNER")  # a write inside a read: the lock is free to take
        return inner

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(nested).result(timeout=WAIT) == []
    assert _teams(sqlite_db) == ["T0INNER", "T0OUTER"]


def test_a_read_only_unit_of_work_reads_on_any_database(db: Database) -> None:
    _add(db, "T0ANY")
    assert _teams(db) == ["T0ANY"]
