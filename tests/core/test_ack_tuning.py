"""What `socialops run` does to its process and its pools for the ack's tail (issue 16, load):
the start-up objects frozen out of the collector, and a database pool that holds every
thread's connection."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from bot.web import make_server
from storage.db import POSTGRES_POOL_SIZE, SQLITE_POOL_SIZE, Database


def test_the_server_tunes_its_process_once_built(rt: Any) -> None:
    server = make_server(rt, host="127.0.0.1", port=0, threads=2)
    try:
        assert gc.get_freeze_count() > 0  # the app built before it is out of the collector's walk
    finally:
        server.close()


def test_the_pool_keeps_a_connection_per_thread(db: Database) -> None:
    size = db.engine.pool.size()  # type: ignore[attr-defined]
    if db.dialect == "sqlite" and db.engine.url.database in (None, "", ":memory:"):
        pytest.skip("an in-memory database is one shared connection")
    assert size == (SQLITE_POOL_SIZE if db.dialect == "sqlite" else POSTGRES_POOL_SIZE)
