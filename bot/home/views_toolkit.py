"""What the App Home's *This week* and *Toolkit* parts show (frozen domain views)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WeekAndToolkit:
    """Skeleton: filled by the toolkit work."""
