"""The OAuth pages and per-workspace authorization, wired into Bolt (bot/app.py builds them).

- `InstallAuthorize`: Bolt's `authorize` for every request: the workspace's bot from
  `WorkspaceTokens` (cached, refreshed once under a row lock when near expiry), so Bolt's own
  rotation (which would refresh on every replica at once) never has anything left to do.
- `InstallFlow`: Bolt's OAuthFlow, storing an install and reactivating the workspace in one
  unit of work (`bot.oauth.lifecycle.installed`), then forgetting the cached client.
- `oauth_settings`: /slack/install (straight to Slack's consent page, as Marketplace apps do),
  /slack/oauth_redirect, the manifest's bot scopes, our stores, the state's life.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, BoltRequest
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Installation

from bot.core import runner
from bot.core.authz import Actor
from bot.core.config import Settings
from bot.core.context import AppContext
from bot.oauth.lifecycle import installed
from storage.installs import DatabaseOAuthStateStore, WorkspaceTokens

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# manifest.yml's bot scopes (tests/oauth/test_oauth_manifest.py keeps the two equal).
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "im:write", "users:read", "users:read.email",
              "files:write", "channels:manage", "groups:write", "reactions:read", "channels:history",
              "groups:history", "files:read", "im:history")


class InstallAuthorize(Authorize):
    def __init__(self, tokens: WorkspaceTokens) -> None:
        self.tokens = tokens

    def __call__(self, *, context: BoltContext, enterprise_id: str | None, team_id: str | None,
                 user_id: str | None, **_actor: Any) -> AuthorizeResult | None:
        bot = self.tokens.bot(team_id or "")
        if bot is None:
            return None  # not installed (or uninstalled): Bolt answers without running a listener
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, team=bot.team_name,
                               bot_user_id=bot.bot_user_id, bot_id=bot.bot_id, bot_token=bot.bot_token,
                               bot_scopes=bot.bot_scopes, user_id=user_id)


class InstallFlow(OAuthFlow):
    def __init__(self, *, ctx: AppContext, tokens: WorkspaceTokens, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.tokens = tokens

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        team_id = installation.team_id or ""
        actor = Actor(team_id, installation.user_id)
        now = self.ctx.clock()

        def store(session: Any) -> int:
            self.tokens.store.save_in(session, installation)
            return installed(session, self.ctx.settings, team_id, installation.user_id, now)

        runner.run(self.ctx, actor, store)
        self.tokens.forget(team_id)  # a re-install's new token, at once


def oauth_settings(settings: Settings, tokens: WorkspaceTokens, states: DatabaseOAuthStateStore) -> OAuthSettings:
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        installation_store=tokens.store,
        state_store=states,
        state_expiration_seconds=settings.socialops_install_state_seconds,
        token_rotation_expiration_minutes=settings.socialops_token_refresh_minutes,
    )
