"""The app factory: settings in, a wired Bolt app (and what drives it) out."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.config import Settings
from bot.core.context import AppContext, system_clock
from bot.core.workspace import language_of
from handlers.commands import Registry
from handlers.outbound import Sender, make_client
from storage.db import Database

if TYPE_CHECKING:
    from handlers.kit import Router

# Each feature module exposes register(rt). Order = order in /socialops help.
FEATURES: tuple[str, ...] = (
    "handlers.admin.commands",
    "handlers.admin.home",
    "handlers.accounts.commands",
    "handlers.access.commands",
    "handlers.handover.commands",
    "handlers.jobs.commands",
)


# A language change reaches other replicas within this many seconds (this one: at once).
LANGUAGE_CACHE_SECONDS = 10.0


@dataclass
class Runtime:
    app: App
    ctx: AppContext
    sender: Sender
    registry: Registry
    client: WebClient
    router: Router = field(init=False)
    _languages: dict[str, tuple[str, float]] = field(default_factory=dict, init=False, repr=False)

    def language(self, team_id: str) -> str:
        """The workspace language, cached briefly: it is read on every request and rarely changes."""
        cached = self._languages.get(team_id)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        with self.ctx.db.uow() as session:
            lang = language_of(session, self.ctx.settings, team_id)
        self._languages[team_id] = (lang, now + LANGUAGE_CACHE_SECONDS)
        return lang

    def forget_language(self, team_id: str) -> None:
        self._languages.pop(team_id, None)

    def close(self) -> None:
        self.sender.wait_idle(5)
        self.sender.shutdown()


def build(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Callable[[], datetime] = system_clock,
    client: WebClient | None = None,
) -> Runtime:
    from handlers.kit import install_middleware, install_router, register_command

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
    ctx = AppContext(settings=settings, db=db, clock=clock)
    rt = Runtime(app=app, ctx=ctx, sender=Sender(client), registry=Registry(), client=client)
    install_middleware(rt)
    rt.router = install_router(rt)
    for name in FEATURES:
        importlib.import_module(name).register(rt)
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


def start_scheduler(rt: Runtime) -> Any:
    """Start the durable scheduler beside the web part (an object with .stop())."""
    from scheduler.runner import start_for_runtime

    return start_for_runtime(rt)
