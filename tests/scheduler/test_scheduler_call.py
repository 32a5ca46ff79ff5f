"""A scheduled delivery that makes its own Web API calls (`Outgoing.call`): it gets the workspace's
client, its answer reaches `on_sent`, Slack's errors and its own DeliveryFailed are sorted like a
message's (transient retried with backoff, permanent failed and the admins told)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.core.feature import Feature
from bot.core.schedule import DeliveryFailed, Outgoing, RenderContext
from scheduler.alerts import ALERT_KIND
from scheduler.jobs import tick
from tests.conftest import FakeClock
from tests.scheduler.kit import add, row, rows

seen: list[tuple[str, str]] = []


def _create(name: str) -> Any:
    def call(client: Any) -> tuple[str, str]:
        if name == "refuse":
            raise DeliveryFailed("no_name_left", transient=False)
        if name == "later":
            raise DeliveryFailed("busy", transient=True, retry_after=60)
        channel = client.conversations_create(name=name)["channel"]
        return str(channel["id"]), str(channel["name"])
    return call


def render_call(rc: RenderContext) -> list[Outgoing] | None:
    def remember(_s: Session, channel: str, ref: str) -> None:
        seen.append((channel, ref))
    name = str(rc.delivery.payload["text"])
    return [Outgoing(to=f"channel:{name}", text=name, call=_create(name), on_sent=remember)]


CALL_KIND = Feature(name="test.call", renderers={"test.call": render_call})


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    seen.clear()
    return (CALL_KIND,)


def _schedule(rt: Any, clock: FakeClock, name: str) -> int:
    return add(rt.ctx.db, clock.now, kind="test.call", subject=name, channel="C0NONE", ts="", text=name)


def test_the_call_runs_with_the_workspace_client_and_its_answer_reaches_on_sent(
    rt: Any, slack: Any, clock: FakeClock
) -> None:
    did = _schedule(rt, clock, "crisis-20261202-a")
    assert tick(rt) == 1
    [created] = slack.calls_to("conversations.create")
    assert created.args["name"] == "crisis-20261202-a"
    channel = next(c for c in slack.channels() if c["name"] == "crisis-20261202-a")
    assert seen == [(channel["id"], "crisis-20261202-a")]
    assert row(rt.ctx.db, did).state == "sent"
    tick(rt, now=clock.advance(minutes=10))
    assert len(slack.calls_to("conversations.create")) == 1  # once


def test_a_slack_refusal_is_permanent_and_the_admins_are_told(rt: Any, slack: Any, clock: FakeClock) -> None:
    slack.fail_next("conversations.create", error="restricted_action")
    did = _schedule(rt, clock, "crisis-refused")
    tick(rt)
    d = row(rt.ctx.db, did)
    assert (d.state, d.last_error) == ("failed", "restricted_action")
    assert seen == []
    assert [a.kind for a in rows(rt.ctx.db) if a.kind == ALERT_KIND]


def test_its_own_failures_are_sorted_like_slacks(rt: Any, slack: Any, clock: FakeClock) -> None:
    permanent, transient = _schedule(rt, clock, "refuse"), _schedule(rt, clock, "later")
    tick(rt)
    assert (row(rt.ctx.db, permanent).state, row(rt.ctx.db, permanent).last_error) == ("failed", "no_name_left")
    d = row(rt.ctx.db, transient)
    assert (d.state, d.last_error) == ("pending", "busy")
    assert d.due_at >= clock.now
