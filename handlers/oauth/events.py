"""`app_uninstalled` and `tokens_revoked`: the workspace stops (bot.oauth.lifecycle), the cached
client goes. Slack sends both on an uninstall, in no set order; each is handled and audited."""

from __future__ import annotations

import logging
from typing import Any

from bot.core import runner
from bot.core.authz import Actor
from bot.oauth.lifecycle import SLACK, uninstalled, user_tokens_revoked
from handlers.runtime import Runtime

log = logging.getLogger("socialops.oauth")

TOKENS = "oauth.tokens"  # rt.ctx.extras: the WorkspaceTokens of OAuth mode


def _forget(rt: Runtime, team_id: str) -> None:
    tokens = rt.ctx.extras.get(TOKENS)
    forget = getattr(tokens, "forget", None)
    if forget is not None:
        forget(team_id)


def _single_token(rt: Runtime, team_id: str, what: str) -> bool:
    """With one SLACK_BOT_TOKEN there is no install to remove nor any re-install to notice (a new
    token comes with a restart): the event is only logged, the workspace keeps running."""
    if rt.ctx.settings.oauth_enabled:
        return False
    log.warning("slack says the app lost its token (single-token mode: set the new SLACK_BOT_TOKEN)",
                extra={"team": team_id, "event": what})
    return True


def app_uninstalled(rt: Runtime, body: dict[str, Any]) -> None:
    team_id = str(body.get("team_id") or "")
    if _single_token(rt, team_id, "app_uninstalled"):
        return
    now = rt.ctx.clock()
    runner.run(rt.ctx, Actor(team_id, SLACK),
               lambda s: uninstalled(s, rt.ctx.settings, team_id, reason="app_uninstalled", now=now))
    _forget(rt, team_id)


def tokens_revoked(rt: Runtime, body: dict[str, Any], event: dict[str, Any]) -> None:
    team_id = str(body.get("team_id") or "")
    if _single_token(rt, team_id, "tokens_revoked"):
        return
    raw = event.get("tokens")
    tokens: dict[str, Any] = raw if isinstance(raw, dict) else {}
    now = rt.ctx.clock()
    users = [str(u) for u in tokens.get("oauth") or [] if isinstance(u, str)]
    if users:
        runner.run(rt.ctx, Actor(team_id, SLACK), lambda s: user_tokens_revoked(s, team_id, users, now))
    if tokens.get("bot"):
        # Without its bot token the app can do nothing there: as good as uninstalled.
        runner.run(rt.ctx, Actor(team_id, SLACK),
                   lambda s: uninstalled(s, rt.ctx.settings, team_id, reason="tokens_revoked", now=now))
        _forget(rt, team_id)
