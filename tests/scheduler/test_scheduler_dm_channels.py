"""DM channels kept in the database: a restart does not open them again; a cached one Slack
refuses is dropped and reopened; and the tick's cost per delivery in transactions."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select

from scheduler.jobs import run_due, tick
from scheduler.notifier import SlackNotifier
from storage.db import Database
from storage.models.scheduling import DmChannel
from tests.conftest import ANA, BEA, TEAM, FakeClock
from tests.scheduler.kit import TEST_KINDS, FakeNotifier, add, make_ctx, row, rows


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TEST_KINDS,)


def _stored(db: Database) -> dict[str, str]:
    with db.uow() as s:
        return {d.user_id: d.channel_id for d in s.scalars(select(DmChannel).where(DmChannel.team_id == TEAM))}


def _texts(slack: Any, user: str) -> list[str]:
    return [str(m.get("text")) for m in slack.messages(slack.dm_channel(user))]


def test_a_restarted_scheduler_does_not_open_the_dm_again(rt: Any, slack: Any, clock: FakeClock) -> None:
    add(rt.ctx.db, clock.now, to=ANA, subject="a", text="before the restart")
    run_due(rt.ctx, SlackNotifier(rt.client), clock.now, "first-process")
    assert _stored(rt.ctx.db) == {ANA: slack.dm_channel(ANA)}
    add(rt.ctx.db, clock.now, to=ANA, subject="b", text="after the restart")
    # A new notifier is a new process: nothing in memory, the database remembers.
    run_due(rt.ctx, SlackNotifier(rt.client), clock.advance(minutes=1), "second-process")
    assert _texts(slack, ANA) == ["before the restart", "after the restart"]
    assert len(slack.calls_to("conversations.open", ok=None)) == 1


def test_a_stored_dm_channel_slack_does_not_know_is_dropped_and_reopened(
    rt: Any, slack: Any, clock: FakeClock
) -> None:
    with rt.ctx.db.uow() as s:
        s.add(DmChannel(team_id=TEAM, user_id=ANA, channel_id="D0GONE"))  # closed since, or never valid
    did = add(rt.ctx.db, clock.now, to=ANA, text="still reaches her")
    tick(rt)
    assert [c.error for c in slack.calls_to("chat.postMessage", ok=None)] == ["channel_not_found", None]
    assert slack.calls_to("chat.postMessage")[-1].args.get("channel") == slack.dm_channel(ANA)
    assert _texts(slack, ANA) == ["still reaches her"]
    assert (row(rt.ctx.db, did).state, row(rt.ctx.db, did).attempts) == ("sent", 1)
    assert _stored(rt.ctx.db) == {ANA: slack.dm_channel(ANA)}  # the user's channel changed: the new one is kept


def test_an_archived_cached_dm_is_dropped_and_reopened(rt: Any, slack: Any, clock: FakeClock) -> None:
    add(rt.ctx.db, clock.now, to=ANA, subject="a", text="first")
    notifier = SlackNotifier(rt.client)
    run_due(rt.ctx, notifier, clock.now, "w")
    slack.fail_next("chat.postMessage", status=200, error="is_archived")
    add(rt.ctx.db, clock.now, to=ANA, subject="b", text="second")
    run_due(rt.ctx, notifier, clock.advance(minutes=1), "w")
    assert _texts(slack, ANA) == ["first", "second"]
    assert len(slack.calls_to("conversations.open", ok=None)) == 2  # once at first, once after the refusal
    assert {d.state for d in rows(rt.ctx.db, kind="test.ping")} == {"sent"}
    assert _stored(rt.ctx.db) == {ANA: slack.dm_channel(ANA)}


def test_a_cached_dm_of_a_user_slack_no_longer_knows_fails_once_and_is_forgotten(
    rt: Any, slack: Any, clock: FakeClock
) -> None:
    with rt.ctx.db.uow() as s:
        s.add(DmChannel(team_id=TEAM, user_id="U0LEFT", channel_id="D0LEFT"))
    did = add(rt.ctx.db, clock.now, to="U0LEFT", text="hello?")
    tick(rt)
    assert (row(rt.ctx.db, did).state, row(rt.ctx.db, did).last_error) == ("failed", "user_not_found")
    assert _stored(rt.ctx.db) == {}


def test_dm_channels_are_kept_per_workspace(rt: Any, slack: Any, clock: FakeClock) -> None:
    with rt.ctx.db.uow() as s:
        s.add(DmChannel(team_id="T0OTHER", user_id=BEA, channel_id="D0ELSEWHERE"))
    add(rt.ctx.db, clock.now, to=BEA, text="here")
    tick(rt)
    assert _texts(slack, BEA) == ["here"]
    assert slack.calls_to("chat.postMessage")[-1].args.get("channel") == slack.dm_channel(BEA)


def test_a_delivery_costs_about_one_transaction_not_two(db: Database, clock: FakeClock) -> None:
    """The claim counts the attempt and the lease; sent rows are recorded together."""
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    n = 40
    for i in range(n):
        add(db, clock.now, subject=i, to=f"C{i:04d}")
    commits: list[int] = []
    listener = lambda _conn: commits.append(1)  # noqa: E731 - a one-line counter
    event.listen(db.engine, "commit", listener)
    try:
        assert run_due(ctx, fake, clock.now, "w", limit=n) == n
    finally:
        event.remove(db.engine, "commit", listener)
    assert len(fake.sent) == n and {d.state for d in rows(db, kind="test.ping")} == {"sent"}
    # One claim, one render each, one record for the lot (it was two per delivery).
    assert len(commits) <= n + 3, len(commits)
