"""A full OAuth install through the stand-in: the pages, the stored (sealed) tokens, the log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, text

from storage.models import AuditEntry, SlackBot, SlackInstallation, Workspace
from tests.conftest import ADMIN, TEAM, FakeClock, serving_http
from tests.oauth.support import build_oauth, driver_for, get, install


@pytest.fixture
def oauth_rt(slack: Any, db: Any, db_url: str, clock: FakeClock) -> Iterator[Any]:
    runtime = build_oauth(slack, db, db_url, clock)
    yield runtime
    runtime.close()


def stored_text(db: Any) -> str:
    """Every value of the install tables as the database returns it."""
    with db.uow() as s:
        rows = [*s.execute(text("SELECT * FROM slack_installations")), *s.execute(text("SELECT * FROM slack_bots"))]
    return "\n".join(repr(tuple(r)) for r in rows)


def test_install_stores_sealed_tokens_never_in_the_file_nor_the_log(
        slack: Any, oauth_rt: Any, db: Any, db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    status, page = install(oauth_rt, slack, ADMIN)
    assert status == 200, page

    exchange = slack.calls_to("oauth.v2.access")
    assert len(exchange) == 1 and exchange[0].args.get("code")
    token, refresh = exchange[0].response["access_token"], exchange[0].response["refresh_token"]
    assert token.startswith("xoxe.xoxb-") and refresh.startswith("xoxe-")
    with db.uow() as s:
        bot = s.scalars(select(SlackBot)).one()
        inst = s.scalars(select(SlackInstallation)).one()
        ws = s.get(Workspace, TEAM)
        installed = s.scalars(select(AuditEntry).where(AuditEntry.action == "oauth.installed")).all()
    assert (bot.team_id, bot.bot_user_id, inst.user_id) == (TEAM, slack.bot_user_id, ADMIN)
    assert bot.bot_token_expires_at is not None
    assert ws is not None and ws.uninstalled_at is None and len(installed) == 1
    # Sealed at rest: neither token's bytes are in what the database holds …
    dumped = stored_text(db)
    assert token not in dumped and refresh not in dumped and bot.bot_token is not None
    if db_url.startswith("sqlite"):
        db.dispose()  # checkpoint the WAL into the file, then read every byte of it
        path = Path(db_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert token.encode() not in raw and refresh.encode() not in raw
    # … nor in the log, at any level.
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert token not in logged and refresh not in logged

    # The stored install works: a command is answered with the workspace's own token.
    driver_for(slack, oauth_rt).command(ADMIN, "/socialops", "setup approvals <#C0APPROVALS|approvals>")
    oauth_rt.sender.wait_idle()
    used = [c for c in slack.calls if c.method not in ("oauth.v2.access", "auth.test")]
    assert all(c.team == TEAM for c in slack.calls if c.method == "auth.test")
    assert all(c.args.get("token") is None for c in used)  # a bearer header, never the body


def test_install_page_redirects_to_slack_with_the_manifest_scopes_and_a_state(oauth_rt: Any) -> None:
    from handlers.oauth.install import BOT_SCOPES

    with serving_http(oauth_rt) as base:
        status, headers, _ = get(base, "/slack/install")
    assert status == 302
    location = urlsplit(headers["location"])
    query = parse_qs(location.query)
    assert (location.netloc, location.path) == ("slack.com", "/oauth/v2/authorize")
    assert query["scope"] == [",".join(BOT_SCOPES)] and query["client_id"] == [oauth_rt.ctx.settings.slack_client_id]
    assert query["state"][0] in headers["set-cookie"]


def test_a_forged_or_replayed_state_installs_nothing(slack: Any, oauth_rt: Any, db: Any) -> None:
    with serving_http(oauth_rt) as base:
        _, headers, _ = get(base, "/slack/install")
        cookie = headers["set-cookie"].split(";", 1)[0]
        code, state = slack.authorize(headers["location"], user_id=ADMIN)
        forged, _, _ = get(base, f"/slack/oauth_redirect?code={code}&state=forged", {"Cookie": cookie})
        no_cookie, _, _ = get(base, f"/slack/oauth_redirect?code={code}&state={state}")
        ok, _, _ = get(base, f"/slack/oauth_redirect?code={code}&state={state}", {"Cookie": cookie})
        replay, _, _ = get(base, f"/slack/oauth_redirect?code={code}&state={state}", {"Cookie": cookie})
    assert (forged, no_cookie, ok) == (400, 400, 200)
    assert replay in (400, 401)
    with db.uow() as s:
        assert len(s.scalars(select(SlackBot)).all()) == 1
