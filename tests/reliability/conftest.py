"""Fixtures of the crash and replica tests: fresh databases per run (SQLite files, or PostgreSQL
databases cloned from one migrated scratch database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_URL
from tests.reliability.harness import Databases


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(tmp_path_factory.mktemp("reliability"), PG_URL)
    yield made
    made.close()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path
