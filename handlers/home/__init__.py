"""The App Home (SPEC §0, §10b, issue 15): my work, my access, this week and the toolkit."""

from __future__ import annotations

from typing import Any

from bot.core.authz import Actor
from bot.core.feature import Feature
from bot.home import catalog
from handlers.home import publish
from handlers.home.ids import HomeIds
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only: the Home opened, and the refresh after every interaction."""
    home = publish.HomePublisher(rt, window=publish.REFRESH_SECONDS)
    rt.after_interaction = home.refresh

    # Bolt passes listener arguments by name: `event` and `body`. Acked when this returns:
    # the Home is built and published on the Sender.
    def app_home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab") not in (None, "home"):
            return
        home.opened(Actor(str(body.get("team_id", "")), str(event["user"])))

    rt.app.event("app_home_opened")(app_home_opened)


FEATURE = Feature(name="home", catalog=catalog.MESSAGES, register=register, ids=(HomeIds,))
