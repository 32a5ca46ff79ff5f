"""Domain events carry the emitter's time; subscribers never read a clock of their own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from bot.core.events import emit
from bot.core.feature import Feature
from storage.db import Database
from tests.conftest import bind_features

NOW = datetime(2031, 7, 1, 12, 30, tzinfo=UTC)


@pytest.fixture
def heard(db: Database) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Two subscribers to a test-only event, removed afterwards."""
    seen: list[tuple[str, dict[str, Any]]] = []

    def first(_s: Any, data: dict[str, Any]) -> None:
        seen.append(("first", dict(data)))
        data["now"] = None  # a careless subscriber must not change what the next one sees

    def second(_s: Any, data: dict[str, Any]) -> None:
        seen.append(("second", dict(data)))

    bind_features(db, Feature(name="test.events", subscribers=(("test.happened", first), ("test.happened", second))))
    yield seen


def test_emitting_without_now_is_a_type_error(db: Database, heard: list[tuple[str, dict[str, Any]]]) -> None:
    with db.uow() as s:
        with pytest.raises(TypeError, match="now"):
            emit(s, "test.happened", team_id="T1")  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            emit(s, "test.happened", NOW, team_id="T1")  # type: ignore[misc]  # keyword-only
    assert heard == []


@pytest.mark.parametrize("bad", [datetime(2031, 7, 1, 12, 30), datetime(2031, 7, 1, 14, 30,
                                                                          tzinfo=timezone(timedelta(hours=2)))])
def test_now_must_be_aware_utc(db: Database, heard: list[tuple[str, dict[str, Any]]], bad: datetime) -> None:
    with db.uow() as s, pytest.raises(ValueError, match="UTC"):
        emit(s, "test.happened", now=bad, team_id="T1")
    assert heard == []


def test_every_subscriber_receives_the_emitters_now(db: Database, heard: list[tuple[str, dict[str, Any]]]) -> None:
    with db.uow() as s:
        emit(s, "test.happened", now=NOW, team_id="T1", account_id=7)
    assert heard == [("first", {"team_id": "T1", "account_id": 7, "now": NOW}),
                     ("second", {"team_id": "T1", "account_id": 7, "now": NOW})]


def test_rotation_module_keeps_no_clock_of_its_own() -> None:
    from bot.accounts import rotation

    assert not hasattr(rotation, "use_clock") and not hasattr(rotation, "_clock")
