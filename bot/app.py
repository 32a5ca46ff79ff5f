"""The composition root: settings in, a wired Bolt app (and what drives it) out.

`build()` makes the context from the feature list (bot/features.py), binds the deployment to
the database, installs the shared Bolt wiring and lets each feature declare its commands,
buttons and modals.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.config import Settings
from bot.core.context import AppContext, system_clock
from bot.core.feature import Feature
from bot.features import FEATURES, app_context
from handlers.commands import Registry
from handlers.kit import install_error_handler, install_middleware, install_router, register_command
from handlers.outbound import Sender, make_client
from handlers.runtime import Runtime
from storage.db import Database


def build(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Callable[[], datetime] = system_clock,
    client: WebClient | None = None,
    extra: Iterable[Feature] = (),
) -> Runtime:
    """`extra`: features of tests or benchmarks, after the app's own (their kinds, producers,
    and the commands, buttons and modals their `register` declares)."""
    extra = tuple(extra)  # read twice: the registries, then the Slack side
    db = db or Database(settings.database_url)
    client = client or make_client(settings)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app = App(
        client=client,
        signing_secret=secret,
        # Socket Mode needs no signature: the socket itself is authenticated.
        request_verification_enabled=secret is not None,
        token_verification_enabled=False,
        process_before_response=True,
        logger=logging.getLogger("socialops.bolt"),
    )
    ctx: AppContext = app_context(settings, db, clock, extra=extra)
    rt = Runtime(app=app, ctx=ctx, sender=Sender(client), registry=Registry(), client=client)
    install_error_handler(rt)
    install_middleware(rt)
    rt.router = install_router(rt)
    for feature in (*FEATURES, *extra):  # order = order in /socialops help; test features last
        if feature.register is not None:
            feature.register(rt)
    for cmd in rt.registry.commands.values():
        register_command(rt, cmd)
    return rt


def build_app(settings: Settings) -> App:
    return build(settings).app


def ready_database(url: str) -> Database:
    """A database at the code's schema: SQLite files migrate themselves, others raise NotMigrated."""
    from storage.migrate import ensure_schema

    db = Database(url)
    ensure_schema(db)
    return db


def check_vault_or_exit(db: Database, settings: Settings) -> None:
    """Refuse to start when the vault keys cannot open the stored secrets (one clear line)."""
    from storage.vault import VaultError, check_vault

    try:
        check_vault(db, settings)
    except VaultError as exc:
        print(f"socialops: vault: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def start_scheduler(rt: Runtime) -> Any:
    """Start the durable scheduler beside the web part (an object with .stop())."""
    from scheduler.runner import start_for_runtime

    return start_for_runtime(rt)
