"""Uninstall and revoked tokens: that workspace's deliveries stop, its records stay; a re-install resumes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.feature import Feature
from bot.core.periodic import Producer
from bot.core.schedule import Outgoing, RenderContext, schedule
from bot.oauth.lifecycle import SUSPENDED
from scheduler.jobs import run_periodic, tick
from storage.models import AuditEntry, Delivery, RoleAssignment, SlackBot, SlackInstallation, Workspace
from tests.conftest import ADMIN, ANA, TEAM, FakeClock
from tests.oauth.support import TEAM2, build_oauth, driver_for, install, second_workspace

PRODUCED: list[str] = []


def render(rc: RenderContext) -> list[Outgoing]:
    return [Outgoing(to=str(rc.delivery.recipient), text=f"reminder {rc.delivery.subject_id}")]


def produce(_session: Any, team_id: str, _now: Any) -> None:
    PRODUCED.append(team_id)


REMINDERS = Feature(name="test.oauth", renderers={"test.reminder": render},
                    producers=(Producer("test.oauth.producer", produce),))


@pytest.fixture
def oauth_rt(slack: Any, db: Any, db_url: str, clock: FakeClock) -> Iterator[Any]:
    runtime = build_oauth(slack, db, db_url, clock, extra=(REMINDERS,))
    yield runtime
    runtime.close()


@pytest.fixture
def two(slack: Any, oauth_rt: Any) -> Any:
    team2 = second_workspace(slack)
    assert install(oauth_rt, slack, ADMIN)[0] == 200
    assert install(oauth_rt, team2, ADMIN)[0] == 200
    driver_for(team2, oauth_rt).command(ADMIN, "/socialops", f"role add <@{ADMIN}|admin2> approver")
    return team2


def remind(db: Any, clock: FakeClock, **due: timedelta) -> None:
    """A reminder per team: ('one'|'two'|'two_later'|'two_after') → in how long."""
    where = {"one": (TEAM, "C0GENERAL"), "two": (TEAM2, "C0TWO"), "two_later": (TEAM2, "C0TWO"),
             "two_after": (TEAM2, "C0TWO")}
    with db.uow() as s:
        for subject, delay in due.items():
            team, channel = where[subject]
            schedule(s, team_id=team, kind="test.reminder", subject_id=subject, at=clock() + delay, recipient=channel)


def state_of(db: Any, subject: str) -> tuple[str, str | None]:
    with db.uow() as s:
        row = s.scalars(select(Delivery).where(Delivery.subject_id == subject)).one()
        return row.state, row.last_error


def count(db: Any, model: Any, team: str) -> int:
    with db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(model.team_id == team)) or 0)


def audited(db: Any, team: str) -> list[str]:
    with db.uow() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.team_id == team,
                                                               AuditEntry.action.like("oauth.%"))
                              .order_by(AuditEntry.seq)))


def test_uninstall_stops_that_workspaces_deliveries_and_keeps_its_records(
        slack: Any, two: Any, oauth_rt: Any, db: Any, clock: FakeClock) -> None:
    remind(db, clock, one=timedelta(0), two=timedelta(0), two_later=timedelta(days=1))
    roles_before = count(db, RoleAssignment, TEAM2)

    driver_for(two, oauth_rt).app_uninstalled()
    tick(oauth_rt, now=clock())

    assert [m["text"] for m in slack.messages("C0GENERAL")] == ["reminder one"]
    assert two.messages("C0TWO") == []  # the uninstalled team's due reminder was not sent
    assert state_of(db, "one") == ("sent", None)
    assert state_of(db, "two") == ("cancelled", SUSPENDED)
    assert state_of(db, "two_later") == ("cancelled", SUSPENDED)
    # Its tokens are gone; everything else it had is kept.
    assert count(db, SlackBot, TEAM2) == count(db, SlackInstallation, TEAM2) == 0
    assert count(db, SlackBot, TEAM) == 1
    assert count(db, RoleAssignment, TEAM2) == roles_before == 1
    with db.uow() as s:
        ws = s.get(Workspace, TEAM2)
        assert ws is not None and ws.uninstalled_at == clock()
    assert audited(db, TEAM2) == ["oauth.installed", "oauth.tokens_revoked", "oauth.app_uninstalled"]
    # A delivery a renderer in flight scheduled just after the uninstall is not claimed either.
    remind(db, clock, two_after=timedelta(0))
    tick(oauth_rt, now=clock.advance(minutes=1))
    assert two.messages("C0TWO") == [] and state_of(db, "two_after") == ("pending", None)
    # Producers skip it.
    PRODUCED.clear()
    run_periodic(oauth_rt, clock())
    assert PRODUCED == [TEAM]


def test_a_reinstall_resumes_the_producers_and_the_future_deliveries(
        slack: Any, two: Any, oauth_rt: Any, db: Any, clock: FakeClock) -> None:
    remind(db, clock, two=timedelta(0), two_later=timedelta(days=1))
    driver_for(two, oauth_rt).app_uninstalled()
    clock.advance(hours=1)

    assert install(oauth_rt, two, ADMIN)[0] == 200
    assert state_of(db, "two_later") == ("pending", None)  # still ahead: resumed
    assert state_of(db, "two") == ("cancelled", SUSPENDED)  # its moment passed while uninstalled
    PRODUCED.clear()
    run_periodic(oauth_rt, clock())
    assert sorted(PRODUCED) == [TEAM, TEAM2]
    tick(oauth_rt, now=clock.advance(days=1))
    assert [m["text"] for m in two.messages("C0TWO")] == ["reminder two_later"]  # with the new token
    assert audited(db, TEAM2)[-1] == "oauth.installed"


def test_revoking_the_bot_token_stops_the_workspace_like_an_uninstall(
        slack: Any, two: Any, oauth_rt: Any, db: Any, clock: FakeClock) -> None:
    remind(db, clock, one=timedelta(0), two=timedelta(0))
    driver_for(two, oauth_rt).tokens_revoked()
    tick(oauth_rt, now=clock())

    assert two.messages("C0TWO") == [] and len(slack.messages("C0GENERAL")) == 1
    assert state_of(db, "two") == ("cancelled", SUSPENDED)
    assert count(db, SlackBot, TEAM2) == 0 and count(db, RoleAssignment, TEAM2) == 1
    assert audited(db, TEAM2) == ["oauth.installed", "oauth.tokens_revoked"]
    # A command from it gets no work done (nothing authorizes it) and no error either.
    driver_for(two, oauth_rt).command(ADMIN, "/socialops", f"role add <@{ANA}|ana> approver")
    assert count(db, RoleAssignment, TEAM2) == 1


def test_single_token_mode_only_logs_an_uninstall(driver: Any, rt: Any, db: Any, clock: FakeClock) -> None:
    remind(db, clock, one=timedelta(hours=1))
    driver.send_event({"type": "app_uninstalled"})
    assert state_of(db, "one") == ("pending", None)
    with db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is None or ws.uninstalled_at is None
