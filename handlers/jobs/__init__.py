"""Scheduled deliveries as admins see them (`/socialops jobs`)."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.jobs import catalog
from handlers.ids import JobsIds
from handlers.jobs import commands

FEATURE = Feature(name="jobs", catalog=catalog.MESSAGES, register=commands.register, ids=(JobsIds,))
