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
from handlers.outbound import ClientFor, Sender, make_client
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
    ctx: AppContext = app_context(settings, db, clock, extra=extra)
    bolt_logger = logging.getLogger("socialops.bolt")
    oauth: dict[str, Any] = {}
    client_for: ClientFor | None = None
    if settings.oauth_enabled:
        oauth, client_for = _oauth_mode(settings, ctx, client, bolt_logger)
    app = App(
        # Named, or Bolt names the app after its caller's file with inspect.stack(), which reads
        # the source of every frame on the stack (~2 ms a build under pytest, paid by every test).
        name="socialops",
        client=client,
        signing_secret=secret,
        # Socket Mode needs no signature: the socket itself is authenticated.
        request_verification_enabled=secret is not None,
        token_verification_enabled=False,
        process_before_response=True,
        logger=bolt_logger,
        **oauth,
    )
    rt = Runtime(app=app, ctx=ctx, sender=Sender(client, client_for=client_for), registry=Registry(), client=client)
    install_error_handler(rt)
    install_middleware(rt)
    rt.router = install_router(rt)
    rt.outbox = _outbox(ctx)
    for feature in (*FEATURES, *extra):  # order = order in /socialops help; test features last
        if feature.register is not None:
            feature.register(rt)
    for cmd in rt.registry.commands.values():
        register_command(rt, cmd)
    return rt


def _outbox(ctx: AppContext) -> Callable[[WebClient, str, str, str], None]:
    """The after-ack send of the deliveries a decision scheduled (Call.send_notices), with the
    scheduler's own claim, render, send and record, under a worker identity of this process."""
    from scheduler.jobs import deliver_subject, worker_identity
    from scheduler.notifier import SlackNotifier

    worker = f"{worker_identity()}:outbox"

    def send(client: WebClient, team_id: str, kind: str, subject_id: str) -> None:
        deliver_subject(ctx, SlackNotifier(client), team_id=team_id, kind=kind, subject_id=subject_id,
                        worker_id=worker, now=ctx.clock())

    return send


def _oauth_mode(settings: Settings, ctx: AppContext, client: WebClient,
                logger: logging.Logger) -> tuple[dict[str, Any], ClientFor]:
    """Several workspaces: Bolt's OAuth flow on our stores, each request and each send with its
    workspace's own token (SLACK_BOT_TOKEN is not used)."""
    from handlers.oauth.events import TOKENS
    from handlers.oauth.install import InstallAuthorize, InstallFlow, oauth_settings
    from storage.installs import DatabaseOAuthStateStore, workspace_tokens

    tokens = workspace_tokens(settings, ctx.db, lambda token: make_client(settings, token=token or ""))
    ctx.extras[TOKENS] = tokens
    states = DatabaseOAuthStateStore(ctx.db, settings.socialops_install_state_seconds, ctx.clock)
    flow = InstallFlow(ctx=ctx, tokens=tokens, client=client, logger=logger,
                       settings=oauth_settings(settings, tokens, states))
    return {"oauth_flow": flow, "authorize": InstallAuthorize(tokens)}, tokens.client_for


def build_app(settings: Settings) -> App:
    return build(settings).app


def ready_database(url: str) -> Database:
    """A database at the code's schema: SQLite files migrate themselves, others raise NotMigrated."""
    from storage.migrate import ensure_schema

    db = Database(url)
    ensure_schema(db)
    return db


def check_vault_or_exit(db: Database, settings: Settings) -> None:
    """Refuse to start when the vault keys cannot open the stored secrets or the installs' tokens
    (one clear line): a retired key would otherwise strand a workspace at its first message."""
    from storage.installs import TokenSeal, check_tokens
    from storage.vault import VaultError, check_vault, vault_from_settings

    try:
        check_vault(db, settings)
        vault = vault_from_settings(settings)
        if vault is not None:
            with db.uow(read_only=True) as session:
                check_tokens(session, TokenSeal(vault.ring))
    except VaultError as exc:
        print(f"socialops: vault: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def start_scheduler(rt: Runtime) -> Any:
    """Start the durable scheduler beside the web part (an object with .stop())."""
    from scheduler.runner import start_for_runtime

    return start_for_runtime(rt)
