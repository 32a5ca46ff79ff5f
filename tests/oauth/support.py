"""OAuth mode against the stand-in: the app built with a client id and secret (no SLACK_BOT_TOKEN),
installed in a workspace through its real HTTP pages, as a browser and Slack's consent page would."""

from __future__ import annotations

import http.client
from typing import Any
from urllib.parse import urlencode, urlsplit

from bot.devtools.slack import SlackDriver
from storage.vault_keys import generate_key_line
from tests.conftest import ADMIN, SIGNING_SECRET, bolt_dispatcher, serving_http

TEAM2 = "T00000002"
KEYS = generate_key_line("k1")


def oauth_settings(slack: Any, db_url: str, **extra: Any) -> Any:
    from bot.core.config import Settings

    return Settings(
        slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url, database_url=db_url,
        socialops_admins=(ADMIN,), slack_client_id=slack.oauth.client_id,
        slack_client_secret=slack.oauth.client_secret, socialops_vault_keys=KEYS, **extra,
    )


def build_oauth(slack: Any, db: Any, db_url: str, clock: Any, extra: tuple[Any, ...] = (), **settings: Any) -> Any:
    from bot.app import build

    return build(oauth_settings(slack, db_url, **settings), db=db, clock=clock, extra=extra)


def get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One GET, redirects not followed (the test plays the browser)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode()
    finally:
        conn.close()


def install(rt: Any, team: Any, installer: str) -> tuple[int, str]:
    """The whole install through the app's HTTP pages: /slack/install → Slack's consent page (the
    stand-in's `authorize`) → /slack/oauth_redirect with the code and state; (status, page)."""
    with serving_http(rt) as base:
        status, headers, _ = get(base, "/slack/install")
        assert status == 302, status
        cookie = headers["set-cookie"].split(";", 1)[0]
        code, state = team.authorize(headers["location"], user_id=installer)
        assert state
        query = urlencode({"code": code, "state": state})
        status, _, page = get(base, f"/slack/oauth_redirect?{query}", {"Cookie": cookie})
    return status, page


def driver_for(team: Any, rt: Any) -> SlackDriver:
    return SlackDriver(team, SIGNING_SECRET, dispatch=bolt_dispatcher(rt))


def second_workspace(slack: Any) -> Any:
    """A second client workspace beside the first: its own admin, users, channel and bot user."""
    team2 = slack.add_workspace(TEAM2, "Acme Client", bot_user_id="U0BOT2")
    team2.add_user(ADMIN, "admin2", real_name="Ada Two", email="ada2@example.com", is_admin=True)
    team2.add_user("U0ZOE", "zoe", real_name="Zoe Two", email="zoe@example.com")
    team2.add_channel("C0TWO", "two", members=[ADMIN, "U0ZOE", "U0BOT2"])
    return team2
