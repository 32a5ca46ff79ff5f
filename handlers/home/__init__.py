"""The App Home (SPEC §0, issue 15): my work, my access, this week and the toolkit.

Skeleton: filled by the App Home work.
"""

from __future__ import annotations

from bot.core.feature import Feature
from bot.home import catalog
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only."""


FEATURE = Feature(name="home", catalog=catalog.MESSAGES, register=register)
