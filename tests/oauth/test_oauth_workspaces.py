"""Several workspaces from one deployment: each its own data and token; one refresh across replicas."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import RoleAssignment, SlackBot
from tests.conftest import ADMIN, ANA, TEAM, FakeClock, bind_features
from tests.oauth.support import TEAM2, build_oauth, driver_for, install, second_workspace


@pytest.fixture
def oauth_rt(slack: Any, db: Any, db_url: str, clock: FakeClock) -> Iterator[Any]:
    runtime = build_oauth(slack, db, db_url, clock)
    yield runtime
    runtime.close()


def test_two_workspaces_side_by_side_each_with_its_own_rows_and_token(slack: Any, oauth_rt: Any, db: Any) -> None:
    team2 = second_workspace(slack)
    assert install(oauth_rt, slack, ADMIN)[0] == 200
    assert install(oauth_rt, team2, ADMIN)[0] == 200
    one, two = driver_for(slack, oauth_rt), driver_for(team2, oauth_rt)

    one.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
    listed_two = two.command(ADMIN, "/socialops", "roles")
    listed_one = one.command(ADMIN, "/socialops", "roles")
    assert ANA in listed_one.body and ANA not in listed_two.body
    with db.uow() as s:
        rows = [(r.team_id, r.user_id) for r in s.scalars(select(RoleAssignment))]
    assert rows == [(TEAM, ANA)]

    # After-ack work goes out with the token of the workspace it is for.
    before = len(slack.calls)
    oauth_rt.sender.submit(lambda c: c.chat_postMessage(channel="C0TWO", text="hi"), team_id=TEAM2)
    oauth_rt.sender.submit(lambda c: c.chat_postMessage(channel="C0GENERAL", text="hi"), team_id=TEAM)
    oauth_rt.sender.wait_idle()
    posted = sorted((c.team, c.args["channel"]) for c in slack.calls[before:] if c.method == "chat.postMessage")
    assert posted == [(TEAM, "C0GENERAL"), (TEAM2, "C0TWO")]
    assert [m["text"] for m in team2.messages("C0TWO")] == ["hi"]
    tokens = {c.team: c.response["access_token"] for c in slack.calls_to("oauth.v2.access")}
    assert tokens[TEAM] != tokens[TEAM2]


def test_an_unknown_token_is_invalid_auth_and_an_expired_one_token_expired(slack: Any, oauth_rt: Any) -> None:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    now = [1000.0]
    slack.clock = lambda: now[0]
    slack.oauth.lifetime = 60
    install(oauth_rt, slack, ADMIN)
    token = slack.calls_to("oauth.v2.access")[0].response["access_token"]
    errors = []
    for candidate, advance in (("xoxb-nobody", 0.0), (token, 61.0)):
        now[0] += advance
        try:
            WebClient(token=candidate, base_url=slack.api_url).auth_test()
        except SlackApiError as exc:
            errors.append(exc.response["error"])
    assert errors == ["invalid_auth", "token_expired"]
    slack.calls.clear()  # these refusals were the point: not the app's


def refresh_race(replicas: list[Any]) -> list[str]:
    """Every replica asks for the workspace's client at the same instant; the tokens they got."""
    barrier = threading.Barrier(len(replicas))
    got: list[str] = []
    failed: list[BaseException] = []

    def ask(rt: Any) -> None:
        try:
            barrier.wait(timeout=10)
            got.append(rt.client_for(TEAM).token)
        except BaseException as exc:  # reported below, not lost in the thread
            failed.append(exc)

    threads = [threading.Thread(target=ask, args=(rt,)) for rt in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not failed, failed
    return got


def test_an_expiring_token_is_refreshed_once_when_two_replicas_need_it_at_once(
        slack: Any, oauth_rt: Any, db: Any, db_url: str, clock: FakeClock) -> None:
    # Issued for 60 s: within the refresh window (2 hours) from the start.
    slack.oauth.lifetime = 60
    assert install(oauth_rt, slack, ADMIN)[0] == 200
    slack.oauth.lifetime = 43_200
    other_db = bind_features(Database(db_url), admins=frozenset({ADMIN}))
    other = build_oauth(slack, other_db, db_url, clock)  # a second replica on the same database
    try:
        got = refresh_race([oauth_rt, other])
        assert slack.refreshes() == 1
        new = next(c for c in slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token")
        assert got == [new.response["access_token"]] * 2
        # Both replicas now act with it (cached), and the stored row holds it sealed.
        driver_for(slack, other).command(ADMIN, "/socialops", "roles")
        assert slack.refreshes() == 1
        with db.uow() as s:
            row = s.scalars(select(SlackBot)).one()
        assert row.bot_token is not None and new.response["access_token"] not in row.bot_token
        assert row.bot_token_expires_at is not None
        # The old refresh token was used up: Slack would refuse it now.
        assert slack.oauth.refresh_tokens == {new.response["refresh_token"]: TEAM}
    finally:
        other.close()
        other_db.dispose()
