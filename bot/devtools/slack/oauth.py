"""The stand-in's OAuth: several workspaces' tokens, `oauth.v2.access` and token rotation.

What Slack does, as its docs describe it (docs.slack.dev: oauth.v2.access, "Using token
rotation", app_uninstalled, tokens_revoked):

- The consent page redirects the installer back with a one-time `code` (here `authorize`, which a
  test calls where a browser would click *Allow*); `oauth.v2.access` with the app's client id and
  secret (HTTP Basic, as the SDK sends them, or form fields) exchanges it for the workspace's bot
  token: `access_token`, `token_type: bot`, `scope`, `bot_user_id`, `app_id`, `team {id, name}`,
  `enterprise`, `is_enterprise_install`, `authed_user {id}`; with rotation on, also
  `refresh_token` and `expires_in` (12 hours).
- `grant_type=refresh_token` gives a new access/refresh pair; the refresh token used is then
  invalid (`invalid_refresh_token`). An access token past its expiry answers `token_expired`
  (by the stand-in's clock); a revoked one (`auth.revoke`, an uninstall) `token_revoked`; one the
  stand-in never issued `invalid_auth`.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bot.devtools.slack.shapes import Json
from bot.devtools.slack.state import FakeSlackError

CODE_TTL_SECONDS = 600.0  # Slack: a code is good for ten minutes, once
TOKEN_LIFETIME_SECONDS = 43_200  # Slack: a rotating token lives 12 hours


@dataclass
class Grant:
    """One access token: whose it is, until when (stand-in clock; None = never), revoked or not."""

    team_id: str
    expires_at: float | None
    revoked: bool = False


@dataclass
class Code:
    team_id: str
    user_id: str
    issued_at: float
    scopes: tuple[str, ...]
    used: bool = False


class OAuthIssuer:
    """Codes, access tokens and refresh tokens of the stand-in's workspaces (under FakeSlack's lock)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.client_id = "1111.2222"
        self.client_secret = "devslack-client-secret"  # noqa: S105 - a loopback fake's, not a secret
        self.rotation = True  # the app's "token rotation" setting
        self.lifetime = float(TOKEN_LIFETIME_SECONDS)
        self.grants: dict[str, Grant] = {}
        self.codes: dict[str, Code] = {}
        self.refresh_tokens: dict[str, str] = {}  # refresh token → team; removed once used
        self._seq = itertools.count(1)

    def register(self, token: str, team_id: str, expires_at: float | None = None) -> None:
        self.grants[token] = Grant(team_id, expires_at)

    def check(self, token: str) -> str:
        """The team a token acts for, or Slack's error for it."""
        grant = self.grants.get(token)
        if grant is None:
            raise FakeSlackError("invalid_auth")
        if grant.revoked:
            raise FakeSlackError("token_revoked")
        if grant.expires_at is not None and self.clock() >= grant.expires_at:
            raise FakeSlackError("token_expired")
        return grant.team_id

    def revoke_team(self, team_id: str) -> int:
        """Every token of the team revoked (an uninstall); how many."""
        count = 0
        for grant in self.grants.values():
            if grant.team_id == team_id and not grant.revoked:
                grant.revoked = True
                count += 1
        for token in [t for t, team in self.refresh_tokens.items() if team == team_id]:
            del self.refresh_tokens[token]
        return count

    def authorize(self, team_id: str, user_id: str, authorize_url: str = "") -> tuple[str, str | None]:
        """What the consent page does on *Allow*: (code, the state the app sent, echoed back).

        Refuses an authorize URL naming another app's client id, as Slack shows an error page."""
        query = parse_qs(urlsplit(authorize_url).query) if authorize_url else {}
        if query and query.get("client_id", [""])[0] != self.client_id:
            raise FakeSlackError("invalid_client_id")
        scopes = tuple(s for s in query.get("scope", [""])[0].split(",") if s)
        code = f"{next(self._seq)}.{secrets.token_hex(8)}"
        self.codes[code] = Code(team_id, user_id, self.clock(), scopes)
        state = query.get("state", [None])[0]
        return code, state

    def _check_client(self, args: Json) -> None:
        if args.get("client_id") != self.client_id:
            raise FakeSlackError("invalid_client_id")
        if args.get("client_secret") != self.client_secret:
            raise FakeSlackError("bad_client_secret")

    def _issue(self, team_id: str) -> tuple[str, Json]:
        n = next(self._seq)
        if not self.rotation:
            token = f"xoxb-{team_id}-{n}-{secrets.token_hex(12)}"
            self.register(token, team_id)
            return token, {}
        token = f"xoxe.xoxb-1-{team_id}-{n}-{secrets.token_hex(12)}"
        refresh = f"xoxe-1-{team_id}-{n}-{secrets.token_hex(12)}"
        self.register(token, team_id, self.clock() + self.lifetime)
        self.refresh_tokens[refresh] = team_id
        return token, {"refresh_token": refresh, "expires_in": int(self.lifetime)}

    def exchange(self, args: Json) -> tuple[str, str, Json]:
        """oauth.v2.access: (team, the new bot token, the extra response fields)."""
        self._check_client(args)
        grant_type = args.get("grant_type") or "authorization_code"
        if grant_type == "refresh_token":
            team_id = self.refresh_tokens.pop(str(args.get("refresh_token") or ""), None)
            if team_id is None:
                raise FakeSlackError("invalid_refresh_token")
            token, extra = self._issue(team_id)
            return team_id, token, extra
        if grant_type != "authorization_code":
            raise FakeSlackError("invalid_grant_type")
        code = self.codes.get(str(args.get("code") or ""))
        if code is None or code.used or self.clock() - code.issued_at > CODE_TTL_SECONDS:
            raise FakeSlackError("invalid_code")
        code.used = True
        token, extra = self._issue(code.team_id)
        return code.team_id, token, {"authed_user": {"id": code.user_id}, **extra}

    def refreshes(self, calls: list[object]) -> int:
        """How many refresh_token exchanges succeeded among `calls` (FakeSlack.calls)."""
        return sum(1 for c in calls if getattr(c, "method", "") == "oauth.v2.access" and getattr(c, "ok", False)
                   and getattr(c, "args", {}).get("grant_type") == "refresh_token")
