"""Buttons and modals act in the workspace the request came from (`team.id`), not in the
user's home workspace (`user.team_id`, which differs for a Slack Connect user)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from bot.devtools.slack import SlackDriver
from storage.models import AuditEntry, RoleAssignment
from tests.conftest import ADMIN, CARL, SIGNING_SECRET, TEAM, bolt_dispatcher
from tests.core.platform_kit import ADMIN_DONE, COMMAND, TESTKIT

HOME = "T0HOME"  # the Slack Connect user's own workspace
EXT = "U0EXT"
SHARED = "C0SHARED"


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TESTKIT,)


@pytest.fixture
def connect_user(slack: Any, rt: Any) -> str:
    """A user from another organisation, in a channel shared with ours, who is an admin at home."""
    slack.add_user(EXT, "ext", real_name="Ext Partner", email="ext@partner.example", team_id=HOME)
    slack.add_channel(SHARED, "shared", members=[EXT, ADMIN, "U0BOT"])
    with rt.ctx.db.uow() as s:
        s.add(RoleAssignment(team_id=HOME, user_id=EXT, role="admin", granted_by="U0HOMEADMIN"))
    return EXT


def _refusals(rt: Any) -> list[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.team_id, e.actor, e.action) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.outcome == "refused").order_by(AuditEntry.id))]


def test_a_home_admin_clicking_in_our_workspace_is_checked_against_our_roles(
    driver: Any, slack: Any, rt: Any, connect_user: str
) -> None:
    driver.command(connect_user, COMMAND, "buttons", channel_id=SHARED)
    driver.click(connect_user, "test.admin_only")
    told = [str(e.get("text")) for e in slack.ephemerals(connect_user)]
    assert ADMIN_DONE not in told
    assert any("Not allowed" in t for t in told)
    assert _refusals(rt) == [(TEAM, EXT, "test.admin_only")]


def test_a_home_admin_submitting_a_modal_in_our_workspace_is_refused(
    driver: Any, rt: Any, connect_user: str
) -> None:
    driver.command(connect_user, COMMAND, "adminform", channel_id=SHARED)
    resp = driver.submit(connect_user, {"name.value": "x"})
    assert "Not allowed" in resp.errors["name"]
    assert _refusals(rt) == [(TEAM, EXT, "test.admin_view")]


def test_our_admin_still_may(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(ADMIN, COMMAND, "buttons")
    driver.click(ADMIN, "test.admin_only")
    assert ADMIN_DONE in [str(e.get("text")) for e in slack.ephemerals(ADMIN)]
    assert _refusals(rt) == []


def test_without_a_team_the_users_team_is_used(slack: Any, rt: Any) -> None:
    """Org-wide installs send `team: null`; then the user's team is all there is."""
    driver = SlackDriver(slack, SIGNING_SECRET, dispatch=bolt_dispatcher(rt))
    payload = {
        "type": "block_actions", "team": None, "user": {"id": CARL, "team_id": TEAM},
        "api_app_id": slack.workspace.app_id, "token": driver.verification_token,
        "trigger_id": slack.issue_trigger_id(CARL), "channel": {"id": "C0GENERAL", "name": "general"},
        "container": {"type": "message", "channel_id": "C0GENERAL", "message_ts": "1.1"},
        "actions": [{"type": "button", "action_id": "test.admin_only", "block_id": "b", "action_ts": "1.2"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    status, _headers, _body = bolt_dispatcher(rt)(body, {"Content-Type": "application/x-www-form-urlencoded",
                                                         **driver.sign(body)})
    assert status == 200
    assert _refusals(rt) == [(TEAM, CARL, "test.admin_only")]
