"""`/socialops jobs` service: counts, late list, retry rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.core.authz import Actor
from bot.core.errors import Conflict, Forbidden, NotFound
from bot.jobs import service as jobs
from storage.db import Database
from storage.models import Delivery
from tests.conftest import FakeClock
from tests.scheduler.kit import ADMIN, TEAM, add, row

ADMINS = frozenset({ADMIN})
BOSS = Actor(TEAM, ADMIN)


def test_overview_counts_and_lists(db: Database, clock: FakeClock) -> None:
    late = add(db, clock.now - timedelta(hours=2), subject="late")
    soon = add(db, clock.now + timedelta(minutes=1), subject="soon")
    dead = add(db, clock.now - timedelta(days=1), subject="dead")
    add(db, clock.now, subject="elsewhere", team="T0OTHER")
    with db.uow() as s:
        s.execute(update(Delivery).where(Delivery.id == dead).values(state="dead", last_error="internal_error"))
    with db.uow() as s:
        ov = jobs.overview(s, BOSS, clock.now)
    assert (ov.pending, ov.late, ov.claimed, ov.failed, ov.dead) == (2, 1, 0, 0, 1)
    assert [r.id for r in ov.late_rows] == [late]
    assert [r.id for r in ov.next_rows] == [soon]
    assert [(r.id, r.last_error) for r in ov.failed_rows] == [(dead, "internal_error")]


def test_retry_rules(db: Database, clock: FakeClock) -> None:
    did = add(db, clock.now - timedelta(hours=1))
    with db.uow() as s, pytest.raises(Conflict):
        jobs.retry(s, BOSS, did, clock.now)
    with db.uow() as s, pytest.raises(NotFound):
        jobs.retry(s, Actor("T0OTHER", ADMIN), did, clock.now)  # another workspace's row
    with db.uow() as s, pytest.raises(Forbidden):
        jobs.retry(s, Actor(TEAM, "U0NOBODY"), did, clock.now)
    with db.uow() as s:
        s.execute(update(Delivery).where(Delivery.id == did).values(state="failed", attempts=1,
                                                                       claimed_by="w", last_error="not_in_channel"))
    with db.uow() as s:
        retried = jobs.retry(s, BOSS, did, clock.now)
    assert (retried.state, retried.attempts) == ("pending", 0)
    d = row(db, did)
    assert (d.due_at, d.claimed_by) == (clock.now, None)
