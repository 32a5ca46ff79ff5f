"""The App Home's texts (en/es): one catalog per part, merged here."""

from __future__ import annotations

from bot.home import catalog_toolkit, catalog_work

MESSAGES: dict[str, dict[str, str]] = {**catalog_work.MESSAGES, **catalog_toolkit.MESSAGES}
