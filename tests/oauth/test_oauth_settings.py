"""OAuth mode's settings and the manifest it is installed from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.config import Settings
from handlers.oauth.install import BOT_SCOPES, REDIRECT_PATH
from storage.vault_keys import VaultError

ROOT = Path(__file__).resolve().parents[2]


def test_oauth_mode_needs_no_bot_token_but_a_signing_secret() -> None:
    oauth = {"slack_client_id": "1.2", "slack_client_secret": "s"}
    assert Settings(**oauth, slack_signing_secret="x").http_mode_ready == []
    assert Settings(**oauth).http_mode_ready == ["SLACK_SIGNING_SECRET"]
    # The install pages are HTTP: Socket Mode alone does not serve them.
    assert Settings(**oauth, slack_app_token="xapp-1").http_mode_ready == ["SLACK_SIGNING_SECRET"]
    # Single-workspace mode is as it was.
    assert Settings(slack_signing_secret="x").http_mode_ready == ["SLACK_BOT_TOKEN"]
    assert Settings(slack_bot_token="xoxb-1", slack_app_token="xapp-1").http_mode_ready == []
    assert not Settings(slack_client_id="1.2").oauth_enabled


def test_oauth_mode_refuses_to_start_without_vault_keys(slack: Any, db: Any, db_url: str) -> None:
    from bot.app import build

    settings = Settings(slack_client_id="1.2", slack_client_secret="s", slack_signing_secret="x",
                        slack_api_url=slack.api_url, database_url=db_url)
    with pytest.raises(VaultError, match="sealed with the vault keys"):
        build(settings, db=db)


def test_the_manifest_declares_what_oauth_installs_need() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    oauth = manifest["oauth_config"]
    assert tuple(oauth["scopes"]["bot"]) == BOT_SCOPES  # what /slack/install asks for
    assert all(url.endswith(REDIRECT_PATH) and url.startswith("https://") for url in oauth["redirect_urls"])
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
    assert isinstance(manifest["settings"]["token_rotation_enabled"], bool)
