"""Secrets on the Slack side: the one vault the listeners use, and the guard that keeps the
secrets shown in modals out of the logs. Both are set up once, by `register(rt)`."""

from __future__ import annotations

import logging

from bot.core.context import AppContext
from storage.vault import Vault

VAULT = "vault"  # its key in AppContext.extras


class _NoDebugBodies(logging.Filter):
    """Bolt (at DEBUG) logs every response body and the SDK every request body: a reveal modal
    or a generated password would land in the logs. Drop those DEBUG records at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def guard_secret_logs() -> None:
    for name in ("socialops.bolt", "slack_bolt", "slack_sdk.web.base_client", "slack_sdk.web.client"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoDebugBodies) for f in logger.filters):
            logger.addFilter(_NoDebugBodies())


def vault_of(ctx: AppContext) -> Vault | None:
    vault = ctx.extras.get(VAULT)
    return vault if isinstance(vault, Vault) else None
