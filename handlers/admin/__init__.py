"""Workspace settings and roles (`/socialops`, SPEC §1, §9) and the App Home."""

from __future__ import annotations

from typing import Any

from bot.core.feature import Feature
from handlers.admin import commands, home
from handlers.admin.ids import AdminIds


def register(rt: Any) -> None:
    commands.register(rt)
    home.register(rt)


FEATURE = Feature(name="admin", register=register, ids=(AdminIds,))
