"""`/socialops jobs` and `/socialops jobs retry`, through signed slash commands and buttons."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from handlers.jobs.ids import JobsIds
from scheduler.jobs import tick
from storage.models import AuditEntry
from tests.conftest import ADMIN, CARL, FakeClock
from tests.scheduler.kit import TEST_KINDS, add, row


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TEST_KINDS,)


def _audit(rt: Any) -> list[tuple[str, str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject, e.outcome)
                for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def _broken_delivery(rt: Any, slack: Any, clock: FakeClock) -> int:
    slack.add_channel("C0SECRET", "secret", members=[CARL], is_private=True)
    did = add(rt.ctx.db, clock.now, to="C0SECRET", text="for the secret channel")
    tick(rt)
    assert row(rt.ctx.db, did).state == "failed"
    return did


def test_jobs_by_a_non_admin_is_refused_and_audited(driver: Any, rt: Any, slack: Any, clock: FakeClock) -> None:
    did = _broken_delivery(rt, slack, clock)
    listing = driver.command(CARL, "/socialops", "jobs").json()["text"]
    assert "Not allowed" in listing
    retry = driver.command(CARL, "/socialops", f"jobs retry {did}").json()["text"]
    assert "Not allowed" in retry
    refused = [a for a in _audit(rt) if a[3] == "refused"]
    assert refused == [(CARL, "jobs.list", "", "refused"), (CARL, "jobs.retry", str(did), "refused")]
    assert row(rt.ctx.db, did).state == "failed"


def test_admin_sees_failed_jobs_and_retry_sends_it_once_fixed(
    driver: Any, rt: Any, slack: Any, clock: FakeClock
) -> None:
    did = _broken_delivery(rt, slack, clock)
    add(rt.ctx.db, clock.now.replace(hour=23), subject="later", text="tonight")
    resp = driver.command(ADMIN, "/socialops", "jobs")
    assert resp.problems == []
    body = resp.json()
    assert "failed *1*" in body["text"]
    shown = str(body["blocks"])
    # A private channel the bot is not in: Slack answers channel_not_found.
    assert f"#{did}" in shown and "channel_not_found" in shown and "test.ping" in shown
    # The admin invites the bot, then retries.
    slack.add_channel("C0SECRET", "secret", members=[CARL, slack.bot_user_id], is_private=True)
    answer = driver.command(ADMIN, "/socialops", f"jobs retry {did}").json()["text"]
    assert f"#{did}" in answer and "queued again" in answer
    d = row(rt.ctx.db, did)
    assert (d.state, d.attempts) == ("pending", 0)
    tick(rt)
    assert row(rt.ctx.db, did).state == "sent"
    assert [m["text"] for m in slack.messages("C0SECRET")] == ["for the secret channel"]
    assert (ADMIN, "jobs.retry", str(did), "ok") in _audit(rt)
    again = driver.command(ADMIN, "/socialops", f"jobs retry {did}").json()["text"]
    assert "only failed or dead-lettered" in again


def test_retry_button_requeues(driver: Any, rt: Any, slack: Any, clock: FakeClock) -> None:
    did = _broken_delivery(rt, slack, clock)
    driver.command(ADMIN, "/socialops", "jobs")
    driver.click(ADMIN, JobsIds.RETRY, value=str(did))
    assert row(rt.ctx.db, did).state == "pending"
    assert [a for a in _audit(rt) if a[1] == "jobs.retry"] == [(ADMIN, "jobs.retry", str(did), "ok")]


def test_bad_retry_arguments_get_usage_and_change_nothing(driver: Any, rt: Any, slack: Any, clock: FakeClock) -> None:
    did = _broken_delivery(rt, slack, clock)
    for text in ("jobs retry", "jobs retry abc", f"jobs retry {did} {did}", "jobs retry 99999"):
        answer = driver.command(ADMIN, "/socialops", text).json()["text"]
        assert "jobs retry" in answer or "no scheduled message" in answer, answer
    assert row(rt.ctx.db, did).state == "failed"
    assert [a for a in _audit(rt) if a[1] == "jobs.retry"] == []


@pytest.mark.parametrize("forged", ["①", "⁷⁷⁷⁷⁷⁷", "9" * 25, "9" * 5000, "-1", "1e300"])
def test_a_malformed_delivery_id_gets_the_usage_never_a_500(driver: Any, rt: Any, forged: str) -> None:
    typed = driver.command(CARL, "/socialops", f"jobs retry {forged}")
    assert typed.status == 200 and "jobs retry" in typed.json()["text"]
    clicked = driver.forged_click(ADMIN, JobsIds.RETRY, forged)
    assert clicked.status == 200
    assert _audit(rt) == []  # nothing retried, nothing refused: there was no such delivery
