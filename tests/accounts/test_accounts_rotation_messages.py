"""Rotation-task DMs lose their button once the password is rotated (updated in place), and a
stale "Record new password" button answers clearly instead of opening the form again."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.accounts.task_messages import remember
from handlers.accounts.ids import AccountsIds as I
from scheduler.jobs import tick
from storage.models import RotationTaskMessage
from tests.accounts.kit import accounts, add_account, v, vault_runtime
from tests.conftest import ADMIN, ANA, CARL, TEAM

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

STRONG = "violet-Harbor-lantern-93!quiet"
NEW = "another-Quiet-harbor-71#lamp"
MADRID = ZoneInfo("Europe/Madrid")


def _tasks(slack: Any) -> list[dict[str, Any]]:
    return [m for m in slack.messages(slack.dm_channel(ANA)) if "must change" in str(m.get("text"))]


def _has_button(message: dict[str, Any]) -> bool:
    return any(b.get("type") == "actions" for b in message.get("blocks", []))


def _context(message: dict[str, Any]) -> str:
    return " ".join(str(e.get("text")) for b in message.get("blocks", []) if b.get("type") == "context"
                    for e in b.get("elements", []))


def _remembered(rt: Any) -> list[tuple[int, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(r.account_id, r.channel, r.ts) for r in s.scalars(select(RotationTaskMessage))]


def _compromised_with_two_tasks(driver: Any, slack: Any, rt: Any, clock: Any) -> int:
    driver.command(ADMIN, "/socialops", "setup timezone Europe/Madrid")
    add_account(driver, password_mode="type", password=STRONG)
    driver.command(CARL, "/accounts", "compromised @acmeshop")
    tick(rt, now=clock.advance(days=1))
    tick(rt, now=clock.advance(days=1))
    tasks = _tasks(slack)
    assert len(tasks) == 2 and all(_has_button(t) for t in tasks)
    [acct] = accounts(rt)
    dm = slack.dm_channel(ANA)
    assert sorted(_remembered(rt)) == sorted((acct.id, dm, t["ts"]) for t in tasks)
    return acct.id


def test_rotate_command_settles_every_task_dm_in_place(driver: Any, slack: Any, rt: Any, clock: Any,
                                                      setup_workspace: None) -> None:
    _compromised_with_two_tasks(driver, slack, rt, clock)
    before = {t["ts"]: t["text"] for t in _tasks(slack)}

    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW})

    updates = slack.calls_to("chat.update")
    assert sorted(c.args["ts"] for c in updates) == sorted(before)
    local = clock.now.astimezone(MADRID).strftime("%H:%M")
    assert local != clock.now.strftime("%H:%M")  # the workspace zone, not UTC
    for task in _tasks(slack):
        assert not _has_button(task)
        assert task["text"] == before[task["ts"]]  # same text
        assert f"Rotated by <@{ANA}> at {local}" in _context(task)
    assert _remembered(rt) == []  # settled once

    # Rotating again has nothing left to update.
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    assert len(slack.calls_to("chat.update")) == len(updates)


def test_rotating_from_the_task_button_settles_the_tasks_in_the_workspace_language(
        driver: Any, slack: Any, rt: Any, clock: Any, setup_workspace: None) -> None:
    _compromised_with_two_tasks(driver, slack, rt, clock)
    driver.command(ADMIN, "/socialops", "setup language es")
    [acct] = accounts(rt)
    clicked = _tasks(slack)[0]
    driver.click(ANA, I.A_ROTATE_OPEN, value=str(acct.id), channel=slack.dm_channel(ANA), message_ts=clicked["ts"])
    assert slack.views(ANA)[-1]["callback_id"] == I.ROTATE_VIEW  # owed: the form opens
    shown = driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"}).json()
    assert shown["response_action"] == "update"  # the generated password, once, in the modal

    local = clock.now.astimezone(MADRID).strftime("%H:%M")
    for task in _tasks(slack):
        assert not _has_button(task) and f"Cambiada por <@{ANA}> a las {local}" in _context(task)
    [acct] = accounts(rt)
    assert acct.rotation_requested_at is None and acct.last_rotated_by == ANA


def test_a_stale_task_button_says_it_was_done_and_opens_nothing(driver: Any, slack: Any, rt: Any, clock: Any,
                                                               setup_workspace: None) -> None:
    account_id = _compromised_with_two_tasks(driver, slack, rt, clock)
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW})
    rotated_at = clock.now
    views = len(slack.views(ANA))

    # A task that was being sent while the rotation was recorded: posted, remembered, never updated.
    dm = slack.dm_channel(ANA)
    text = _tasks(slack)[0]["text"]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
              {"type": "actions", "elements": [{"type": "button", "action_id": I.A_ROTATE_OPEN,
                                                "value": str(account_id),
                                                "text": {"type": "plain_text", "text": "Record new password"}}]}]
    late = slack.add_message(dm, "U0BOT", text, blocks=blocks)  # the app's own message
    with rt.ctx.db.uow() as s:
        remember(TEAM, account_id, text)(s, dm, late)
    clock.advance(days=1)

    driver.click(ANA, I.A_ROTATE_OPEN, value=str(account_id), channel=dm, message_ts=late)

    assert len(slack.views(ANA)) == views  # no form
    when = rotated_at.astimezone(MADRID).strftime("%Y-%m-%d %H:%M")
    [answer] = [e["text"] for e in slack.ephemerals(ANA)]
    assert answer == (f"The password of *instagram @acmeshop* was already rotated by <@{ANA}> at {when}; "
                      "nothing to do.")
    [updated] = [m for m in slack.messages(dm) if m["ts"] == late]
    assert not _has_button(updated) and f"Rotated by <@{ANA}>" in _context(updated)
    assert _remembered(rt) == []
    [acct] = accounts(rt)
    assert acct.rotation_requested_at is None and acct.last_rotated_at == rotated_at
