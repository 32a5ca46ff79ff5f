"""Opening a crisis (issue 13 §2). Placeholder until the opening work lands: `hold_posts` is the
contract a severity change calls too."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.models import Crisis


def hold_posts(session: Session, crisis: Crisis, now: datetime) -> list[int]:
    """Hold the crisis brand's posts due in the next 24 h when its severity calls for it (sev1, sev2);
    the ids newly held, also added to `crisis.held_posts`."""
    return []
