"""Settings from the environment (or `.env`), validated once at start-up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
Language = Literal["es", "en"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    # OAuth (several client workspaces from one deployment, issue 15): with both set, the app
    # serves /slack/install and /slack/oauth_redirect and each workspace has its own tokens
    # (encrypted with the vault keys); SLACK_BOT_TOKEN is then not needed.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    # The public URL of /slack/oauth_redirect, when the app lists several Redirect URLs (Slack
    # then needs to be told which one); unset, Slack uses the only one configured.
    slack_redirect_uri: str | None = None
    # A rotating bot token (12 hours) is refreshed this many minutes before it expires.
    socialops_token_refresh_minutes: int = Field(default=120, ge=1, le=600)
    # How long an install started at /slack/install may take to come back (the state's life).
    socialops_install_state_seconds: int = Field(default=600, ge=60, le=3600)
    # /metrics (Prometheus): refused unless the scrape sends `Authorization: Bearer <this>`.
    # Unset, /metrics answers 404.
    socialops_metrics_token: SecretStr | None = None
    database_url: str = "sqlite:///socialops.db"
    port: int = Field(default=3000, ge=1, le=65535)
    socialops_admins: Annotated[tuple[str, ...], NoDecode] = ()
    socialops_language: Language = "en"
    socialops_timezone: str = "UTC"
    # Vault keys: "kid:base64key,kid2:base64key2" (first is primary) or a file holding the same.
    socialops_vault_keys: SecretStr | None = None
    socialops_vault_key_file: Path | None = None

    @field_validator("socialops_admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("socialops_admins")
    @classmethod
    def _check_admin_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [v for v in value if not (v[:1] in {"U", "W"} and v[1:].isalnum())]
        if bad:
            raise ValueError(f"not Slack user ids (expected U… or W…): {', '.join(bad)}")
        return value

    @field_validator("socialops_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r} (e.g. Europe/Madrid)") from None
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @property
    def oauth_enabled(self) -> bool:
        """Several workspaces, each installed through /slack/install with its own tokens."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @property
    def http_mode_ready(self) -> list[str]:
        """Names of settings HTTP/Socket mode still needs (empty when it can start)."""
        missing = []
        if self.slack_bot_token is None and not self.oauth_enabled:
            missing.append("SLACK_BOT_TOKEN")
        # OAuth: the install pages are served over HTTP, which is signed, even beside Socket Mode.
        if self.slack_signing_secret is None and (self.oauth_enabled or self.slack_app_token is None):
            missing.append("SLACK_SIGNING_SECRET")
        return missing


def load_settings(**overrides: object) -> Settings:
    """Build settings or exit with one clear line per problem (no traceback)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]).upper() or "settings"
            print(f"socialops: configuration error: {field}: {err['msg']}", file=sys.stderr)
        raise SystemExit(2) from None
