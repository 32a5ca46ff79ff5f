"""What a listener receives: who acts, in which language, and the doors to the rest of the app.

Every slash command, button and modal listener gets one of these and nothing else, so
listeners can be plain module-level functions. `call.run(use_case)` is the only way from a
listener into a transaction (one unit of work; a refusal is audited after the rollback),
`call.now()` is the app's clock, and `call.later(work)` queues Web API work after the ack;
`call.send_notices(kind, subject)` sends at once, after the ack, the deliveries a use case
scheduled in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from bot.core import runner
from bot.core.authz import Actor
from bot.core.context import AppContext
from bot.core.i18n import Translator
from storage import inbound

T = TypeVar("T")
Later = Callable[[Callable[[Any], Any]], object]


class App(Protocol):
    """The parts of the built app a listener may use (handlers/runtime.Runtime has them)."""

    @property
    def ctx(self) -> AppContext: ...

    def translator(self, lang: str) -> Translator: ...

    def forget_language(self, team_id: str) -> None: ...

    def help_text(self, tr: Translator) -> str: ...

    def send_due(self, client: Any, team_id: str, kind: str, subject_id: str) -> None: ...


@dataclass(frozen=True)
class Reply:
    """What the user sees at once, ephemeral (the slash command's ack body)."""

    text: str
    blocks: list[dict[str, Any]] | None = None


class AlreadySubmitted(Exception):
    """The form's once-only key was taken: this submission repeats one that already made its
    change (a double click, a repeat after a timeout); acked and ignored (handlers/kit.py)."""


@dataclass(kw_only=True)
class Call:
    app: App
    actor: Actor
    tr: Translator
    later: Later  # queue Web API work after the ack
    # The once-only key of a form that creates something (kit.register_view(once=True)): claimed
    # in the first unit of work that writes, so that the claim and what it guards commit together.
    # Claimed apart, a process killed between the two kept the claim and lost the post: every
    # later submission of that form was ignored as a repeat (crash soak, posts).
    once_key: str | None = None

    @property
    def ctx(self) -> AppContext:
        return self.app.ctx

    def run(self, use_case: Callable[[Session], T], *, read_only: bool = False) -> T:
        key = self.once_key
        if key is None or read_only:
            return runner.run(self.app.ctx, self.actor, use_case, read_only=read_only)
        self.once_key = None  # one claim per submission: its first writing unit of work
        team, at = self.actor.team_id, self.now()

        def claimed(session: Session) -> T:
            if not inbound.claim_in(session, key, team, at):
                raise AlreadySubmitted(key)
            return use_case(session)

        return runner.run(self.app.ctx, self.actor, claimed)

    def now(self) -> datetime:
        return self.app.ctx.clock()

    def send_notices(self, kind: str, subject_id: int | str) -> None:
        """After the ack, send the deliveries of (kind, subject) that the use case scheduled, due
        now, in its own transaction: what a decision owes the people it concerns (the approvals
        message redrawn, the requester told) survives a crash of this process, since the
        scheduler sends any of them this work did not (the transactional outbox)."""
        team, subject = self.actor.team_id, str(subject_id)
        self.later(lambda client: self.app.send_due(client, team, kind, subject))

    def send_notices_in_order(self, notices: Sequence[tuple[str, int | str]]) -> None:
        """As `send_notices`, for several, one after the other in one piece of after-ack work:
        separate calls run side by side on the Sender's threads, and some need the one before
        them sent (the approvals message redrawn before the DM; a press worked before the
        notices its decision schedules)."""
        team, pairs = self.actor.team_id, [(kind, str(subject)) for kind, subject in notices]

        def send(client: Any) -> None:
            for kind, subject in pairs:
                self.app.send_due(client, team, kind, subject)

        if pairs:
            self.later(send)


@dataclass(kw_only=True)
class CommandCall(Call):
    args: str  # the text after the subcommand words
    channel_id: str
    trigger_id: str
    response_url: str


@dataclass(kw_only=True)
class ActionCall(Call):
    action: dict[str, Any]
    body: dict[str, Any]

    @property
    def value(self) -> str:
        return str(self.action.get("value") or (self.action.get("selected_option") or {}).get("value") or "")

    @property
    def channel_id(self) -> str:
        return str((self.body.get("channel") or {}).get("id") or "")

    @property
    def message_ts(self) -> str:
        return str((self.body.get("message") or {}).get("ts") or "")

    @property
    def trigger_id(self) -> str:
        return str(self.body.get("trigger_id") or "")


@dataclass(kw_only=True)
class ViewCall(Call):
    view: dict[str, Any]
    body: dict[str, Any]

    @property
    def values(self) -> dict[str, dict[str, Any]]:
        return dict(self.view.get("state", {}).get("values", {}))

    @property
    def private_metadata(self) -> str:
        return str(self.view.get("private_metadata") or "")


ViewResult = dict[str, Any] | None  # a view to update the modal with, or None to close it
