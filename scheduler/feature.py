"""What the scheduler itself adds: the admins' delivery alerts and the housekeeping jobs."""

from __future__ import annotations

from bot.core.feature import Feature
from scheduler import alerts, maintenance

FEATURE = Feature(name="scheduler", renderers=alerts.RENDERERS, maintenance=maintenance.JOBS)
