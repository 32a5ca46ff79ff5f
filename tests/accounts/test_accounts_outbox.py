"""Accounts through the transactional outbox (issue 16): a rotation writes the settling of its task
DMs (accounts.task_settled) and a compromise report its alerts (accounts.compromised_alert) in
their own transaction; the request's after-ack work sends them at once, and when that work never
ran (the process died after the ack) or died holding the claim, the scheduler sends them.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from handlers.accounts.ids import AccountsIds as I
from scheduler.jobs import DEFAULT_LEASE, tick
from storage.models import Delivery
from tests.accounts.kit import accounts, add_account, v, vault_runtime
from tests.conftest import ADMIN, ANA, CARL
from tests.outbox import after_ack_dies, after_ack_dies_holding_the_claim

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)
pytestmark = pytest.mark.usefixtures("setup_workspace")

STRONG = "violet-Harbor-lantern-93!quiet"
NEW = "another-Quiet-harbor-71#lamp"
ALERT = "reported *@acmeshop*"


def _rows(rt: Any, kind: str) -> list[tuple[str, str]]:
    with rt.ctx.db.uow() as s:
        return [(d.subject_id, d.state) for d in s.scalars(
            select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id))]


def _tasks(slack: Any) -> list[dict[str, Any]]:
    return [m for m in slack.messages(slack.dm_channel(ANA)) if "must change" in str(m.get("text"))]


def _has_button(message: dict[str, Any]) -> bool:
    return any(b.get("type") == "actions" for b in message.get("blocks", []))


def _alerted(slack: Any, user: str) -> int:
    return sum(1 for m in slack.messages(slack.dm_channel(user)) if "compromised" in str(m.get("text")).lower()
               and "<@U0CARL>" in str(m.get("text")))


def _compromised_with_a_task(driver: Any, slack: Any, rt: Any, clock: Any) -> int:
    add_account(driver, password_mode="type", password=STRONG)
    driver.command(CARL, "/accounts", "compromised @acmeshop")
    tick(rt, now=clock.advance(days=1))
    assert [_has_button(t) for t in _tasks(slack)] == [True]
    [acct] = accounts(rt)
    return acct.id


def _rotate(driver: Any) -> None:
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW})


def test_a_report_writes_its_alerts_and_the_after_ack_work_sends_them(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    driver.command(CARL, "/accounts", "compromised @acmeshop")
    [acct] = accounts(rt)
    assert _rows(rt, "accounts.compromised_alert") == [(f"{acct.id}:1", "sent")]
    assert (_alerted(slack, ANA), _alerted(slack, ADMIN)) == (1, 1)
    driver.command(CARL, "/accounts", "compromised @acmeshop")  # joins the open report: nobody alerted again
    assert _rows(rt, "accounts.compromised_alert") == [(f"{acct.id}:1", "sent")]
    assert (_alerted(slack, ANA), _alerted(slack, ADMIN)) == (1, 1)


def test_a_report_whose_after_ack_work_never_ran_is_alerted_by_the_scheduler(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    real = after_ack_dies(rt)
    driver.command(CARL, "/accounts", "compromised @acmeshop")
    assert (_alerted(slack, ANA), _alerted(slack, ADMIN)) == (0, 0)
    rt.outbox = real
    tick(rt)
    assert (_alerted(slack, ANA), _alerted(slack, ADMIN)) == (1, 1)


def test_a_rotation_writes_the_settling_and_the_after_ack_work_sends_it(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    account_id = _compromised_with_a_task(driver, slack, rt, clock)
    _rotate(driver)
    assert _rows(rt, "accounts.task_settled") == [(f"{account_id}:1", "sent")]
    assert [_has_button(t) for t in _tasks(slack)] == [False]


def test_a_rotation_killed_holding_the_claim_settles_its_task_once_the_lease_runs_out(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    account_id = _compromised_with_a_task(driver, slack, rt, clock)
    after_ack_dies_holding_the_claim(rt, clock)
    _rotate(driver)
    assert [_has_button(t) for t in _tasks(slack)] == [True]  # committed; the button is still there
    assert _rows(rt, "accounts.task_settled") == [(f"{account_id}:1", "claimed")]
    tick(rt, now=clock.advance(minutes=1))
    assert [_has_button(t) for t in _tasks(slack)] == [True]  # the dead worker's lease holds
    tick(rt, now=clock.advance(seconds=DEFAULT_LEASE.total_seconds()))
    assert [_has_button(t) for t in _tasks(slack)] == [False]
    assert f"Rotated by <@{ANA}>" in str(_tasks(slack)[0]["blocks"])
    assert _rows(rt, "accounts.task_settled") == [(f"{account_id}:1", "sent")]


def test_a_settled_task_dm_slack_no_longer_has_counts_as_settled(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    account_id = _compromised_with_a_task(driver, slack, rt, clock)
    slack.fail_next("chat.update", status=200, error="message_not_found")
    _rotate(driver)
    assert _rows(rt, "accounts.task_settled") == [(f"{account_id}:1", "sent")]  # neither retried nor alerted
