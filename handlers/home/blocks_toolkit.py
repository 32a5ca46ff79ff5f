"""Block Kit of the App Home's *This week* and *Toolkit* parts."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Translator
from bot.home.views_toolkit import WeekAndToolkit


def toolkit_blocks(tr: Translator, week: WeekAndToolkit, *, budget: int) -> list[dict[str, Any]]:
    """At most `budget` blocks (Slack's limit is 100 for the whole Home). Skeleton."""
    return []
