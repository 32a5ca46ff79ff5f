"""The brand profile rules under concurrent saves, and profile_of for the posts feature."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from bot.brands import profiles
from bot.brands.views import ProfileContent
from bot.core.authz import Actor
from bot.core.errors import Conflict
from storage.db import Database
from storage.models import BrandProfileVersion, RoleAssignment
from tests.conftest import ANA, BEA, TEAM, FakeClock, run_as
from tests.handover.seed import add_account

EDITORS = ("U0ED1", "U0ED2", "U0ED3", "U0ED4")


@pytest.fixture
def brand(db: Database) -> str:
    with db.uow() as s:
        add_account(s, TEAM, "acmeshop", custodian=ANA, created_by=ANA, brand="Acme")
        for user in (ANA, BEA, *EDITORS):
            s.add(RoleAssignment(team_id=TEAM, user_id=user, role="approver", granted_by=ANA))
    return "Acme"


def _race(db: Database, brand: str, opened_at: int, clock: FakeClock) -> list[object]:
    """Every editor saves a different tone from the same version at the same moment."""
    start = threading.Barrier(len(EDITORS))
    outcomes: list[object] = []

    def save(user: str) -> None:
        actor = Actor(TEAM, user)
        start.wait()
        try:
            outcomes.append(run_as(db, actor, lambda s: profiles.save_profile(
                s, actor, brand, opened_at, ProfileContent(tone=f"tone of {user}"), clock.now)))
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=save, args=(u,)) for u in EDITORS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


@pytest.mark.parametrize("opened_at", [0, 1])
def test_of_concurrent_saves_from_one_version_exactly_one_wins(
        db: Database, brand: str, clock: FakeClock, opened_at: int) -> None:
    if opened_at:
        actor = Actor(TEAM, ANA)
        run_as(db, actor, lambda s: profiles.save_profile(s, actor, brand, 0, ProfileContent(tone="first"),
                                                          clock.now))
    outcomes = _race(db, brand, opened_at, clock)
    wins = [o for o in outcomes if not isinstance(o, Conflict)]
    assert len(outcomes) == len(EDITORS) and len(wins) == 1
    with db.uow() as s:
        stored = profiles.profile_of(s, TEAM, brand)
        history = list(s.scalars(select(BrandProfileVersion).order_by(BrandProfileVersion.version)))
    assert stored is not None and stored.version == opened_at + 1
    assert [v.version for v in history] == list(range(1, opened_at + 2))
    assert stored.tone == f"tone of {stored.updated_by}"  # the winner's save, whole


def test_profile_of_gives_the_posts_feature_tuples(db: Database, brand: str, clock: FakeClock) -> None:
    actor = Actor(TEAM, BEA)
    content = ProfileContent(forbidden_words=("crédito",), never_topics=("politics",),
                             approved_hashtags=("#Acme",), usual_hours=((9, 13),))
    run_as(db, actor, lambda s: profiles.save_profile(s, actor, brand, 0, content, clock.now))
    with db.uow() as s:
        view: Any = profiles.profile_of(s, TEAM, "acme")
        assert profiles.profile_of(s, TEAM, "Globex") is None
        assert profiles.profile_of(s, "T0OTHER", "Acme") is None
    assert (view.forbidden_words, view.never_topics, view.approved_hashtags, view.usual_hours) == (
        ("crédito",), ("politics",), ("#Acme",), ((9, 13),))
