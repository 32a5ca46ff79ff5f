"""Building and publishing a person's App Home, and refreshing it after what they do.

The Home is built on the Sender's threads (after the ack) in one read-only unit of work, then
published with `views.publish`. After a button press or a form (`Runtime.after_interaction`)
the actor's Home is refreshed, debounced: at most one `views.publish` per person per
`REFRESH_SECONDS`; presses within the window are coalesced into one publish at its end, built
then, so the last state wins. A refresh first lets the work the press queued on the Sender run
(the access approval, say, happens there after `users.info`), within a bound. Only people
whose Home this process published (they opened it) are refreshed, and that set is bounded. The
state is in memory: another replica keeps its own window and its own set (at worst each replica
publishes once per window).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core import runner
from bot.core.authz import Actor, roles_of
from bot.core.i18n import Translator
from bot.home.toolkit import this_week_and_toolkit
from bot.home.views_toolkit import WeekAndToolkit
from bot.home.views_work import WorkAndAccess
from bot.home.work import work_and_access
from handlers.blockkit import VIEW_BLOCKS_MAX, Block
from handlers.home.blocks_toolkit import toolkit_blocks
from handlers.home.blocks_work import access_blocks, header_blocks, work_blocks
from handlers.kit import translator
from handlers.runtime import Runtime

log = logging.getLogger("socialops.home")

REFRESH_SECONDS = 3.0
SETTLE_MIN_SECONDS = 1.0  # how long a refresh waits at most for the work its press queued
REMEMBERED_MAX = 10_000  # people whose Home is refreshed; the least recently published are forgotten
# Each part's share of Slack's 100 blocks; the toolkit gets what is left (at least 100 - 2 - 50 - 15).
WORK_BUDGET = 50
ACCESS_BUDGET = 15


@dataclass(frozen=True)
class HomeData:
    roles: tuple[str, ...]
    mine: WorkAndAccess
    week: WeekAndToolkit


def home_data(session: Session, actor: Actor, now: datetime) -> HomeData:
    """Everything the Home shows, read in the one unit of work."""
    roles = tuple(sorted(r.value for r in roles_of(session, actor)))
    return HomeData(roles, work_and_access(session, actor, now), this_week_and_toolkit(session, actor, now))


def home_view(tr: Translator, data: HomeData) -> dict[str, Any]:
    """The Home view: header, *My work*, *My access*, then the toolkit in whatever room is left."""
    blocks: list[Block] = header_blocks(tr, data.roles)
    blocks += work_blocks(tr, data.mine.work, budget=WORK_BUDGET)
    blocks += access_blocks(tr, data.mine.access, data.mine.timezone, budget=ACCESS_BUDGET)
    blocks += toolkit_blocks(tr, data.week, budget=VIEW_BLOCKS_MAX - len(blocks))
    return {"type": "home", "blocks": blocks[:VIEW_BLOCKS_MAX]}


def build(rt: Runtime, actor: Actor) -> dict[str, Any]:
    data = runner.run(rt.ctx, actor, lambda s: home_data(s, actor, rt.ctx.clock()), read_only=True)
    return home_view(translator(rt, actor.team_id), data)


class HomePublisher:
    """Publishes Homes on the Sender and refreshes the ones it published, debounced."""

    def __init__(self, rt: Runtime, *, window: float = REFRESH_SECONDS, remembered: int = REMEMBERED_MAX,
                 publish: Callable[[Actor], None] | None = None) -> None:
        self._rt = rt
        self._window = window
        self._remembered = remembered
        self._publish = publish or self._submit
        self._lock = threading.Lock()
        self._last: OrderedDict[Actor, float] = OrderedDict()  # when each person's Home was last published
        self._timers: dict[Actor, threading.Timer] = {}

    def opened(self, actor: Actor) -> None:
        """The person opened their Home: published now (after the ack), and refreshed from then on."""
        self._published(actor)
        self._publish(actor)

    def refresh(self, actor: Actor) -> None:
        """After an interaction (request thread): schedule a publish, never call the Web API here."""
        with self._lock:
            last = self._last.get(actor)
            if last is None or actor in self._timers:
                return  # never opened here, or already coming: that publish reads the state then
            timer = threading.Timer(max(last + self._window - time.monotonic(), 0.0), self._fire, (actor,))
            timer.daemon = True
            self._timers[actor] = timer
            timer.start()

    def _fire(self, actor: Actor) -> None:
        # What the press changed may still be in the work it queued on the Sender (an approval runs
        # after users.info, after the ack): let that finish first, within a bound, then build.
        self._rt.sender.wait_idle(max(self._window, SETTLE_MIN_SECONDS))
        self._published(actor)
        try:
            self._publish(actor)
        except RuntimeError:  # the app is shutting down: the Sender takes no more work
            log.info("home refresh dropped at shutdown", extra={"team": actor.team_id})
        finally:
            with self._lock:
                self._timers.pop(actor, None)

    def _published(self, actor: Actor) -> None:
        with self._lock:
            self._last[actor] = time.monotonic()
            self._last.move_to_end(actor)
            while len(self._last) > self._remembered:
                self._last.popitem(last=False)

    def _submit(self, actor: Actor) -> None:
        rt = self._rt

        def publish(client: Any) -> None:
            client.views_publish(user_id=actor.user_id, view=build(rt, actor))

        rt.sender.submit(publish, what="home", team_id=actor.team_id)

    def pending(self) -> int:
        """Refreshes not yet handed to the Sender (tests wait on it)."""
        with self._lock:
            return len(self._timers)
