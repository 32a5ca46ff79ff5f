"""Message catalog (Spanish and English).

Each module in `bot/i18n/catalog/` defines `MESSAGES = {key: {"en": ..., "es": ...}}`;
they are discovered at import, so a feature adds its own file and touches nothing else.
`tests/core/test_i18n.py` fails when a key lacks either language or the placeholders differ.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Final

_CATALOGS = ("bot.core.catalog", "bot.accounts.catalog", "bot.accounts.catalog_messages", "bot.access.catalog",
             "bot.handover.catalog", "bot.jobs.catalog")

LANGUAGES: Final = ("en", "es")
DEFAULT_LANGUAGE: Final = "en"


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for name in _CATALOGS:
        module = importlib.import_module(name)
        messages: Mapping[str, dict[str, str]] = module.MESSAGES
        for key, texts in messages.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice ({name})")
            merged[key] = texts
    return merged


CATALOG: Final = _load()


def t(lang: str, key: str, /, **params: object) -> str:
    """The text for `key` in `lang` (falls back to English), with `{placeholders}` filled."""
    texts = CATALOG[key]
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return template.format(**params) if params else template


class Translator:
    """`t` bound to one language, handed to renderers."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, /, **params: object) -> str:
        return t(self.lang, key, **params)
