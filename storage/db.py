"""Engine, sessions and the unit of work.

SQLite is tuned for one process with a few threads: WAL (readers never block the
writer), foreign keys on, a busy timeout, and write transactions opened with
BEGIN IMMEDIATE so a read-then-write unit of work cannot fail half-way with
SQLITE_BUSY_SNAPSHOT when another thread committed in between.

Concurrent SQLite writers do not queue inside SQLite: the loser of BEGIN IMMEDIATE sleeps
the busy handler's steps (1, 2, 5, 10, 15, 20, 25 ms…) and tries again, so under load the
tail latency is those sleeps. So the writers of one process queue first on one lock per
database file (`SqliteWriterLock`) and reach BEGIN IMMEDIATE one at a time; the busy
handler is left for another process (a second `socialops` on the same file). A read-only
unit of work (`uow(read_only=True)`) takes neither: it begins a deferred transaction (WAL
gives it a snapshot at its first read) under `PRAGMA query_only`, so a write slipped into
one fails loudly instead of upgrading the lock half-way. PostgreSQL is unchanged: every
unit of work is a plain transaction, its row locks do the queueing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

# The busy timeout (ms), and how long a writer waits for the process's writer lock (s): the
# same patience either way.
BUSY_TIMEOUT_MS = 30_000
# Pooled SQLite connections: one per thread that may be in a unit of work at once (waitress's
# 8, the Sender's, the scheduler's). Past the pool's size a returned connection is closed and the
# next unit of work reconnects (open, WAL and the other PRAGMAs): at 8 concurrent requests the
# default 5 cost about 5 % of the throughput and p99 (docs/benchmarks.md, "Ack latency").
SQLITE_POOL_SIZE = 20
# The same for PostgreSQL, where the reconnect is dearer (a new server process and the
# authentication, several ms): with SQLAlchemy's default pool of 5 every request past the fifth
# in flight opened and closed a connection of its own, on the ack path. Overflow stays allowed
# (a burst waits for no connection) but is rarely used. Per replica: 20 of PostgreSQL's
# default 100 connections.
POSTGRES_POOL_SIZE = 20
POSTGRES_MAX_OVERFLOW = 10
# Execution option of a read-only unit of work's connection; also the key, in the pooled
# connection's info, of whether PRAGMA query_only is on for it.
READ_ONLY = "socialops_read_only"


class WriterLockTimeout(RuntimeError):
    """A SQLite writer waited longer than the busy timeout for the process's writer lock."""


class SqliteWriterLock:
    """The writers of one SQLite database in this process, one at a time.

    Reentrant, so a thread inside a write unit of work never waits on its own lock: a read
    nested in it runs; a write nested in it waits for SQLite's busy timeout and fails, as it
    always did (its own outer transaction holds SQLite's write lock).
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0  # changed only by the holder

    @contextmanager
    def held(self, timeout: float = BUSY_TIMEOUT_MS / 1000) -> Iterator[None]:
        if not self._lock.acquire(timeout=timeout):
            raise WriterLockTimeout(f"no SQLite write transaction within {timeout:g} s")
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            self._lock.release()

    @property
    def busy(self) -> bool:
        """Some thread is inside a write unit of work."""
        return self._depth > 0


_WRITER_LOCKS: dict[str, SqliteWriterLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def writer_lock_for(path: str | None) -> SqliteWriterLock:
    """The process-wide writer lock of a SQLite file (every `Database` on it shares one);
    a fresh one for an in-memory database, which is private to its engine anyway."""
    if path is None:
        return SqliteWriterLock()
    key = os.path.realpath(path)
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, SqliteWriterLock())


def normalize_url(url: str) -> str:
    """Accept the usual `postgresql://` spelling and use psycopg 3 for it."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_size", POSTGRES_POOL_SIZE)
        kwargs.setdefault("max_overflow", POSTGRES_MAX_OVERFLOW)
        return create_engine(url, pool_pre_ping=True, **kwargs)
    memory = parsed.database in (None, "", ":memory:")
    if memory:
        kwargs.setdefault("poolclass", StaticPool)
    else:
        kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so BEGIN is ours.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = bool(conn.get_execution_options().get(READ_ONLY, False))
        if conn.info.get(READ_ONLY, False) != read_only:  # pooled: only when it changes
            conn.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
            conn.info[READ_ONLY] = read_only
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


class Database:
    """Owns the engine and hands out units of work (one transaction each)."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.engine = make_engine(url, **engine_kwargs)
        # Copied into every session's `.info`: how the app's composition root hands the rules
        # what the deployment declared (its admins, the features' event subscribers) without
        # a module global (bot/core/deployment.py).
        self.session_info: dict[str, Any] = {}
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info=self.session_info)
        self.writer_lock: SqliteWriterLock | None = None
        self._memory = False
        if is_sqlite(self.engine):
            database = self.engine.url.database
            self._memory = database in (None, "", ":memory:")
            self.writer_lock = writer_lock_for(None if self._memory else database)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def uow(self, *, read_only: bool = False) -> Iterator[Session]:
        """A transaction: commits on success, rolls back on any exception.

        `read_only=True` for work that only reads (a listing, a lookup): on SQLite it does not
        wait for the writers, and a write inside it raises (attempt to write a readonly database).
        """
        if self.writer_lock is None:  # PostgreSQL
            with self._sessions() as session, session.begin():
                yield session
            return
        # An in-memory database is one shared connection: its readers queue with the writers.
        if read_only and not self._memory:
            with self._sessions() as session, session.begin():
                session.connection(execution_options={READ_ONLY: True})
                yield session
            return
        # Taken before a connection is checked out, so a queued writer holds no pooled connection.
        with self.writer_lock.held(), self._sessions() as session, session.begin():
            if read_only:
                session.connection(execution_options={READ_ONLY: True})
            yield session

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self.engine.dispose()
