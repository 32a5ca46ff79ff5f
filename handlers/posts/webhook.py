"""The publishing webhook on the Slack side: `/post settings webhook <url>|off` and its renderer."""

from __future__ import annotations

from bot.core.context import AppContext
from bot.core.schedule import Outgoing, RenderContext
from bot.posts import webhook
from handlers.accounts.vault import vault_of
from handlers.blockkit import user_text
from handlers.calls import CommandCall, Reply
from storage.vault import Vault, vault_from_settings


def settings_webhook(call: CommandCall, raw: str) -> Reply:
    vault = vault_of(call.ctx)
    done = call.run(lambda s: webhook.set_webhook(s, call.actor, vault, raw, call.now()))
    if done.url is None:
        return Reply(call.tr("post.webhook.off"))
    # The secret is shown once, only to this admin (the command's answer is ephemeral).
    return Reply(call.tr("post.webhook.set", url=user_text(done.url), secret=done.secret or ""))


def _vault(rc: RenderContext) -> Vault | None:
    if not isinstance(rc.app, AppContext):
        return None
    # The app's vault (set by the accounts feature), or the configured keys in a bare scheduler.
    return vault_of(rc.app) or vault_from_settings(rc.app.settings)


def render_webhook(rc: RenderContext) -> list[Outgoing] | None:
    return webhook.render(rc, _vault(rc))
