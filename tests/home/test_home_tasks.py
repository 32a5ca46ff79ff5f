"""A custodian's task answered from the App Home closes the task's own messages too: the DM with
Done / Revoked loses its buttons to who answered, as when the DM itself is pressed."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Grant
from tests.access.support import deliver_due, make_account
from tests.conftest import ANA, APPROVALS, BEA, CARL
from tests.home.conftest import buttons, click_on_home, home, wait_for_home

pytestmark = pytest.mark.usefixtures("setup_workspace")


def task_message(slack: Any, user: str, action_id: str) -> dict[str, Any]:
    """The latest DM to `user` that had `action_id` (as Slack holds it now)."""
    for message in reversed(slack.messages(slack.dm_channel(user))):
        if action_id in str(message.get("metadata") or "") or any(
                e.get("action_id") == action_id for b in message.get("blocks") or []
                if b.get("type") == "actions" for e in b.get("elements") or []):
            return dict(message)
    raise AssertionError(f"no DM to {user} with {action_id}")


def has_button(message: dict[str, Any], action_id: str) -> bool:
    return any(e.get("action_id") == action_id for b in message.get("blocks") or []
               if b.get("type") == "actions" for e in b.get("elements") or [])


def status(rt: Any) -> str:
    with rt.ctx.db.uow() as s:
        return s.scalars(select(Grant.status)).one()


def test_done_and_revoked_from_the_home_close_the_task_dms(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="instagram", custodian=ANA)
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    driver.click(BEA, "access_approve", value="1", channel=APPROVALS)
    deliver_due(rt, clock())  # the fulfilment task reaches Ana's DMs
    task_ts = task_message(slack, ANA, "access_fulfil_done")["ts"]
    driver.app_home_opened(ANA)

    click_on_home(driver, slack, ANA, "access_fulfil_done", "1")

    assert status(rt) == "active"
    done = next(m for m in slack.messages(slack.dm_channel(ANA)) if m["ts"] == task_ts)
    assert not has_button(done, "access_fulfil_done") and not has_button(done, "access_fulfil_cannot")
    assert "<@" + ANA + ">" in str(done["blocks"])  # who set it up, in place of the buttons

    assert "being revoked" in driver.command(ANA, "/access", "revoke #1").json()["text"]
    deliver_due(rt, clock())  # the removal task
    revoke_ts = task_message(slack, ANA, "access_revoked")["ts"]
    driver.app_home_opened(ANA)
    assert ("access_revoked", "1") in buttons(home(slack, ANA))

    click_on_home(driver, slack, ANA, "access_revoked", "1")

    assert status(rt) == "revoked"
    revoked = next(m for m in slack.messages(slack.dm_channel(ANA)) if m["ts"] == revoke_ts)
    assert not has_button(revoked, "access_revoked")
    view = wait_for_home(slack, ANA, lambda v: ("access_revoked", "1") not in buttons(v))
    assert ("access_revoked", "1") not in buttons(view) and home(slack, ANA)["type"] == "home"
