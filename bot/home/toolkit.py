"""The App Home's *This week* (the next 7 days, open crises) and *Toolkit* (read-only) parts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.home.views_toolkit import WeekAndToolkit


def this_week_and_toolkit(session: Session, actor: Actor, now: datetime) -> WeekAndToolkit:
    """Skeleton: filled by the toolkit work."""
    return WeekAndToolkit()
