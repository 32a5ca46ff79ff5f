"""The forms that create something create it once, however often the same modal is submitted
(a double click on Send, a client that replays the submission with a fresh trigger id)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.devtools.slack.payloads import build_state
from storage.models import AccessRequest, Account
from tests.access.support import make_account
from tests.accounts.kit import account_values, vault_runtime
from tests.conftest import ANA, APPROVALS, CARL

pytestmark = pytest.mark.usefixtures("setup_workspace")
rt = pytest.fixture(name="rt")(vault_runtime)
COPIES = 5


def submit_copies(driver: Any, user: str, values: dict[str, Any]) -> list[Any]:
    """The user's open modal submitted COPIES times, as Slack would send each (same view id)."""
    view = copy.deepcopy(driver.fake.views(user)[-1])
    state = build_state(view["blocks"], values)
    return [driver._interaction(user, {"type": "view_submission", "trigger_id": driver.fake.issue_trigger_id(user),
                                       "view": {**view, "state": {"values": state}}, "response_urls": []})
            for _ in range(COPIES)]


def count(rt: Any, model: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_an_access_request_form_sent_five_times_is_one_request(driver: Any, rt: Any, slack: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    driver.command(CARL, "/access", "")
    replies = submit_copies(driver, CARL, {"access_account.value": "facebook:acmeshop", "access_role.value": "editor",
                                           "access_duration.value": "3d", "access_reason.value": "launch"})
    assert {r.status for r in replies} == {200}
    assert count(rt, AccessRequest) == 1
    assert len([m for m in slack.messages(APPROVALS) if "launch" in m.get("text", "")]) == 1  # one to approve


def test_an_account_form_sent_five_times_is_one_account(driver: Any, rt: Any) -> None:
    driver.command(ANA, "/accounts", "add")
    replies = submit_copies(driver, ANA, account_values())
    assert {r.status for r in replies} == {200}
    assert count(rt, Account) == 1


def test_a_form_with_errors_can_be_corrected_and_sent_again(driver: Any, rt: Any) -> None:
    """The claim on the view is only kept when the submission made something."""
    driver.command(ANA, "/accounts", "add")
    wrong = driver.submit(ANA, account_values(login_email="not an address"))
    assert wrong.errors and count(rt, Account) == 0
    driver.submit(ANA, account_values())
    assert count(rt, Account) == 1
