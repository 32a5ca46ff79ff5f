"""The stand-in's OAuth and its several workspaces, spoken to as Slack would be (slack_sdk's WebClient)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.slack import FakeSlack, SlackDriver


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(team_id="T1") as one:
        one.add_user("U1", "ana")
        yield one


def error(call: Any) -> str | None:
    try:
        call()
    except SlackApiError as exc:
        return str(exc.response["error"])
    return None


def exchange(fake: FakeSlack, **args: Any) -> Any:
    client = WebClient(base_url=fake.api_url)
    secret = args.pop("client_secret", fake.oauth.client_secret)
    return client.oauth_v2_access(client_id=fake.oauth.client_id, client_secret=secret, **args)


def test_a_code_is_exchanged_once_for_the_documented_response(fake: FakeSlack) -> None:
    two = fake.add_workspace("T2", "Two", bot_user_id="U2BOT")
    two.add_user("U2", "zoe")
    code, state = two.authorize(f"https://slack.com/oauth/v2/authorize?client_id={fake.oauth.client_id}"
                                "&scope=commands,chat:write&state=abc", user_id="U2")
    assert state == "abc"
    resp = exchange(fake, code=code)
    assert resp["token_type"] == "bot" and resp["bot_user_id"] == "U2BOT" and resp["app_id"] == fake.app_id
    assert resp["team"] == {"id": "T2", "name": "Two"} and resp["authed_user"] == {"id": "U2"}
    assert resp["access_token"].startswith("xoxe.xoxb-") and resp["expires_in"] == 43_200
    assert resp["refresh_token"].startswith("xoxe-") and "chat:write" in resp["scope"]
    assert error(lambda: exchange(fake, code=code)) == "invalid_code"  # used
    assert error(lambda: exchange(fake, code="nope")) == "invalid_code"
    code2, _ = two.authorize(user_id="U2")
    assert error(lambda: exchange(fake, code=code2, client_secret="wrong")) == "bad_client_secret"
    with pytest.raises(Exception, match="invalid_client_id"):
        two.authorize("https://slack.com/oauth/v2/authorize?client_id=someone-else", user_id="U2")
    # Without rotation: a token that never expires, no refresh token.
    fake.oauth.rotation = False
    plain = exchange(fake, code=two.authorize(user_id="U2")[0])
    assert plain["access_token"].startswith("xoxb-") and "refresh_token" not in plain


def test_calls_are_routed_by_token_and_refreshing_uses_up_the_refresh_token(fake: FakeSlack) -> None:
    now = [100.0]
    fake.clock = lambda: now[0]
    two = fake.add_workspace("T2", "Two")
    two.add_user("U2", "zoe")
    first = exchange(fake, code=two.authorize(user_id="U2")[0])
    mine = WebClient(token=fake.bot_token, base_url=fake.api_url)
    theirs = WebClient(token=first["access_token"], base_url=fake.api_url)
    assert mine.auth_test()["team_id"] == "T1" and theirs.auth_test()["team_id"] == "T2"
    assert error(lambda: mine.users_info(user="U2")) == "user_not_found"  # each sees only its own
    assert theirs.users_info(user="U2")["user"]["name"] == "zoe"
    assert [c.team for c in fake.calls_to("auth.test")] == ["T1", "T2"]

    now[0] += 1000
    second = exchange(fake, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert second["access_token"] != first["access_token"] and fake.refreshes() == 1
    assert error(lambda: exchange(fake, grant_type="refresh_token", refresh_token=first["refresh_token"])) \
        == "invalid_refresh_token"
    now[0] += 43_200 - 1000
    assert error(theirs.auth_test) == "token_expired"  # by the stand-in's clock
    assert error(WebClient(token="xoxb-unknown", base_url=fake.api_url).auth_test) == "invalid_auth"
    fresh = WebClient(token=second["access_token"], base_url=fake.api_url)
    assert fresh.auth_revoke()["revoked"] is True
    assert error(fresh.auth_test) == "token_revoked"


def test_the_driver_sends_uninstall_events_and_the_tokens_stop_working(fake: FakeSlack) -> None:
    sent: list[dict[str, Any]] = []

    def dispatch(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        import json

        sent.append(json.loads(body))
        return 200, {}, ""

    SlackDriver(fake, "secret", dispatch=dispatch).app_uninstalled()
    assert [(e["team_id"], e["event"]["type"]) for e in sent] == [("T1", "tokens_revoked"), ("T1", "app_uninstalled")]
    assert sent[0]["event"]["tokens"] == {"bot": [fake.bot_user_id]}
    assert error(WebClient(token=fake.bot_token, base_url=fake.api_url).auth_test) == "token_revoked"
