"""Schedule and cancel deliveries; features register how each kind is rendered.

A feature calls `schedule(...)` inside its unit of work (so the reminder exists iff
the state change committed) and declares a renderer for each kind in its `Feature` record.
The scheduler (scheduler/) claims due rows, asks the renderer what to send, sends
it and records the outcome. A renderer returning None means "no longer needed"
(the task was done meanwhile): the delivery is cancelled and any repeat stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.i18n import Translator
from storage.models import Delivery
from storage.upsert import insert_ignore


@dataclass(frozen=True)
class Outgoing:
    """A message the scheduler should send: to a channel id, or to a user id (as a DM).

    With `update_ts`, the message at (`to`, `update_ts`) is updated in place (chat.update)
    instead: `to` is then that message's channel id (a DM's too, never a user id) and
    `thread_ts` is ignored. A message Slack no longer has counts as sent, with a warning
    (docs/scheduling.md, "Updating a message").
    """

    to: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    update_ts: str | None = None
    # When set, the scheduler calls this with the sent message's (channel, ts) in a new
    # unit of work, e.g. to remember the message for a later chat.update.
    on_sent: Callable[[Session, str, str], None] | None = None
    # A delivery that is not a Slack message (e.g. the posts publishing webhook): the scheduler
    # calls this instead of sending `text`; it answers (where, reference) for on_sent, or raises
    # DeliveryFailed. `to` and `text` then only name the recipient in errors and alerts.
    deliver: Callable[[], tuple[str, str]] | None = None
    # Web API work that is not one message (create a channel, invite, set its topic): the scheduler
    # calls this with the workspace's WebClient (typed Any: the rules never import slack_sdk) and
    # it answers (channel, reference) for on_sent. Slack's errors are sorted as for a message; it may
    # raise DeliveryFailed for its own. It can run again after a crash, so it must be idempotent.
    call: Callable[[Any], tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        # A user id names no message: chat.update needs the channel the message is in.
        if self.update_ts is not None and self.to[:1] in {"U", "W"}:
            raise ValueError("an update names the message's channel, not a user id")


class DeliveryFailed(Exception):
    """What an Outgoing's own `deliver` raises: transient (retried with the scheduler's backoff)
    or permanent (failed, the admins alerted). `code` is short and never carries a secret."""

    def __init__(self, code: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code, self.transient, self.retry_after = code, transient, retry_after


@dataclass(frozen=True)
class RenderContext:
    session: Session
    delivery: Delivery
    tr: Translator
    now: datetime
    late: bool  # more than a few minutes late: say so in the text
    late_by_seconds: int = 0  # now - occurrence_at (0 when early or on time)
    # Missed repeats folded into this one after downtime (an hourly reminder down for 12 h
    # is sent once with coalesced=12, not 13 times).
    coalesced: int = 0
    # The application (bot.core.context.AppContext: settings, extras such as the vault), for a
    # renderer that needs more than the database; None in renderers' own unit tests. Typed
    # `object` since the context imports this module: a renderer checks it with isinstance.
    app: object | None = None


Renderer = Callable[[RenderContext], list[Outgoing] | None]


def schedule(
    session: Session,
    *,
    team_id: str,
    kind: str,
    subject_id: str | int,
    at: datetime,
    recipient: str | None = None,
    payload: dict[str, Any] | None = None,
    repeat: timedelta | None = None,
) -> bool:
    """Create the occurrence (kind, subject, at) unless it exists; True if created."""
    if repeat is not None and repeat.total_seconds() < 1:
        raise ValueError("repeat must be at least one second")
    return insert_ignore(
        session,
        Delivery,
        {
            "team_id": team_id, "kind": kind, "subject_id": str(subject_id), "occurrence_at": at,
            "due_at": at, "recipient": recipient, "payload": payload or {},
            "repeat_seconds": int(repeat.total_seconds()) if repeat else None,
            "state": "pending", "attempts": 0, "coalesced": 0, "parts_done": [],
        },
    )


def schedule_press(session: Session, *, team_id: str, kind: str, prefix: str, at: datetime,
                   payload: dict[str, Any]) -> str:
    """A button press whose work must wait for Slack (users.info after the ack), written as a
    delivery due at once: its subject is `<prefix><n>`, the first n free. `prefix` names the
    object and the presser (`<id>:<user>:`): that presser's press not yet worked (pending or
    claimed) is the one returned, so pressing twice before it was worked presses once."""
    waiting = session.scalar(select(Delivery.subject_id).where(
        Delivery.team_id == team_id, Delivery.kind == kind, Delivery.subject_id.startswith(prefix),
        Delivery.state.in_(("pending", "claimed"))).limit(1))
    if waiting is not None:
        return str(waiting)
    n = 1
    while not schedule(session, team_id=team_id, kind=kind, subject_id=f"{prefix}{n}", at=at, payload=payload):
        n += 1
    return f"{prefix}{n}"


def cancel(session: Session, *, team_id: str, kind: str, subject_id: str | int) -> int:
    """Cancel the pending occurrences of (kind, subject); returns how many."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.team_id == team_id, Delivery.kind == kind, Delivery.subject_id == str(subject_id),
            Delivery.state == "pending",
        )
        .values(state="cancelled")
    )
    return int(getattr(result, "rowcount", 0) or 0)
