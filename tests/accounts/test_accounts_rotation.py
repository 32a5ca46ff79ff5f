"""Reported compromised → custodian and admins alerted, a daily task until `/accounts rotate`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.accounts.rotation import ROTATION_KIND
from bot.core import schedule as sched
from bot.core.events import emit
from bot.features import registries, translator
from handlers.accounts.ids import AccountsIds as I
from handlers.accounts.notices import render_rotation_task
from scheduler.jobs import tick
from storage.models import Delivery
from tests.accounts.kit import accounts, add_account, audit, dm_texts, v, vault_runtime
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

STRONG = "violet-Harbor-lantern-93!quiet"


def _deliveries(rt: Any) -> list[Delivery]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(Delivery).where(Delivery.kind == ROTATION_KIND).order_by(Delivery.id)))


def _render(rt: Any, delivery_id: int, now: Any) -> list[sched.Outgoing] | None:
    """What the scheduler would send for this delivery at `now`."""
    renderer = registries().renderers.get(ROTATION_KIND)
    assert renderer is render_rotation_task
    with rt.ctx.db.uow() as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        return renderer(sched.RenderContext(s, d, translator("en"), now, late=False))


def test_compromised_alerts_then_reminds_daily_until_rotated(driver: Any, slack: Any, rt: Any, clock: Any,
                                                             setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    reported = driver.command(CARL, "/accounts", "compromised @acmeshop").json()["text"]
    assert "marked compromised" in reported and f"<@{ANA}>" in reported

    for user in (ANA, ADMIN):  # at once, each by DM
        assert any("reported *instagram @acmeshop* as compromised" in t for t in dm_texts(slack, user)), user
    assert not any("compromised" in t for t in dm_texts(slack, BEA))

    [task] = _deliveries(rt)
    assert (task.recipient, task.repeat_seconds, task.state) == (ANA, 86400, "pending")
    assert task.due_at == clock.now + timedelta(days=1)  # today's alert went out at once
    [acct] = accounts(rt)
    assert acct.rotation_reason == "compromised" and acct.rotation_requested_at == clock.now

    # A second report starts no second task.
    driver.command(BEA, "/accounts", "compromised instagram:acmeshop")
    assert len(_deliveries(rt)) == 1

    def reminders() -> list[str]:
        return [t for t in dm_texts(slack, ANA) if "must change" in t]

    assert tick(rt) == 0 and reminders() == []  # today's alert already went out, by DM
    tick(rt, now=clock.advance(days=1))
    tick(rt, now=clock.advance(days=1))
    assert len(reminders()) == 2 and "owed for 2 day(s)" in reminders()[-1]  # daily, repeated
    dm = next(m for m in slack.messages(slack.dm_channel(ANA)) if "must change" in str(m.get("text")))
    assert any(e.get("action_id") == I.A_ROTATE_OPEN for b in dm.get("blocks", []) for e in b.get("elements", []))

    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): "another-Quiet-harbor-71#lamp"})
    rotated_at = clock.now
    states = {d.state for d in _deliveries(rt)}
    assert "cancelled" in states and "pending" not in states
    assert _render(rt, task.id, clock.now) is None  # a copy claimed meanwhile would stop itself
    for _ in range(3):
        tick(rt, now=clock.advance(days=1))
    assert len(reminders()) == 2  # nothing after the rotation
    [acct] = accounts(rt)
    assert acct.rotation_requested_at is None and acct.last_rotated_at == rotated_at
    assert any("Pending rotation reminders stopped" in t for t in dm_texts(slack, ANA))
    actions = [a[1] for a in audit(rt)]
    assert actions.count("account.compromised") == 2 and "account.rotate" in actions


def test_rotation_needed_event_starts_the_task_now(driver: Any, rt: Any, clock: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="generate")
    [acct] = accounts(rt)
    with rt.ctx.db.uow() as s:
        emit(s, "rotation.needed", now=clock(), team_id=TEAM, account_id=acct.id, reason="shared_grant_ended",
             actor=BEA, user_id=CARL)
    [task] = _deliveries(rt)
    assert task.due_at == clock.now and task.recipient == ANA
    out = _render(rt, task.id, clock.now)
    assert out is not None and "someone who knew it lost access" in out[0].text
    assert (BEA, "account.rotation_requested") in [(a[0], a[1]) for a in audit(rt)]


def test_rotation_button_opens_the_modal_for_the_custodian_only(driver: Any, slack: Any, rt: Any,
                                                                setup_workspace: None) -> None:
    add_account(driver, password_mode="generate")
    driver.close(ANA)
    [acct] = accounts(rt)
    with rt.ctx.db.uow() as s:
        emit(s, "rotation.needed", now=rt.ctx.clock(), team_id=TEAM, account_id=acct.id, reason="handover",
             actor="system")
    [task] = _deliveries(rt)
    out = _render(rt, task.id, rt.ctx.clock())
    assert out is not None
    dm = slack.dm_channel(ANA)
    slack.add_message(dm, "U0BOT", out[0].text, blocks=out[0].blocks)
    driver.click(ANA, I.A_ROTATE_OPEN, value=str(acct.id))
    modal = slack.views(ANA)[-1]
    assert modal["callback_id"] == I.ROTATE_VIEW and "acmeshop" in str(modal["blocks"])
    assert "someone who knew it left" in str(modal["blocks"])


def test_periodic_policy_is_off_by_default_and_weekly_when_the_company_wants_it(
        driver: Any, slack: Any, rt: Any, clock: Any, setup_workspace: None) -> None:
    from storage.models import Workspace

    assert "accounts.periodic_rotation" in registries().producers
    add_account(driver, password_mode="generate")
    tick(rt, now=clock.advance(days=400))
    assert _deliveries(rt) == []  # NIST SP 800-63B-4: no forced periodic change by default
    with rt.ctx.db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        ws.rotation_days = 90
    tick(rt, now=clock.advance(minutes=5))
    tick(rt, now=clock.advance(days=7))
    periodic = [t for t in dm_texts(slack, ANA) if "periodic rotation policy" in t]
    assert len(periodic) == 2  # at once, then a week later
    [first, *_] = _deliveries(rt)
    assert first.repeat_seconds == 7 * 86400
