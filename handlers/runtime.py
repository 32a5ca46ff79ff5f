"""The built app as the Slack side sees it: the Bolt app, the context, the sender, the registries."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.authz import Actor
from bot.core.context import AppContext
from bot.core.i18n import Translator
from bot.core.workspace import language_of
from handlers.commands import Registry
from handlers.outbound import Sender
from handlers.router import Router

# A language change reaches other replicas within this many seconds (this one: at once).
LANGUAGE_CACHE_SECONDS = 10.0


def _nothing(_actor: Actor) -> None:
    return None


@dataclass
class Runtime:
    app: App
    ctx: AppContext
    sender: Sender
    registry: Registry
    client: WebClient
    router: Router = field(init=False)
    # Called after every button press and form submission that did not fail (the App Home
    # feature sets it: the actor's Home is refreshed, debounced). No Web API call in here.
    after_interaction: Callable[[Actor], None] = field(default_factory=lambda: _nothing, init=False, repr=False)
    _languages: dict[str, tuple[str, float]] = field(default_factory=dict, init=False, repr=False)
    # The outbox's fast path, wired by bot.app.build (scheduler.jobs.deliver_subject): handlers
    # do not import the scheduler.
    outbox: Callable[[WebClient, str, str, str], None] | None = field(default=None, init=False, repr=False)

    def language(self, team_id: str) -> str:
        """The workspace language, cached briefly: it is read on every request and rarely changes."""
        cached = self._languages.get(team_id)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        with self.ctx.db.uow(read_only=True) as session:
            lang = language_of(session, self.ctx.settings, team_id)
        self._languages[team_id] = (lang, now + LANGUAGE_CACHE_SECONDS)
        return lang

    def translator(self, lang: str) -> Translator:
        return Translator(lang, self.ctx.registries.catalog)

    def client_for(self, team_id: str) -> WebClient:
        """The Web API client acting for `team_id`: the one bot token today (OAuth: per install)."""
        return self.sender.client_for(team_id)

    def send_due(self, client: WebClient, team_id: str, kind: str, subject_id: str) -> None:
        """Send now what a decision scheduled for (kind, subject) in its transaction (Call.send_notices)."""
        if self.outbox is None:
            raise RuntimeError("the outbox is not wired (bot.app.build does it)")
        self.outbox(client, team_id, kind, subject_id)

    def help_text(self, tr: Translator) -> str:
        return self.registry.help_text(tr)

    def forget_language(self, team_id: str) -> None:
        self._languages.pop(team_id, None)

    def close(self) -> None:
        self.sender.wait_idle(5)
        self.sender.shutdown()
