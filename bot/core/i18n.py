"""Message catalog (Spanish and English).

Each feature keeps its texts in `bot/<feature>/catalog.py` as `MESSAGES = {key: {"en": ...,
"es": ...}}` and names them in its `Feature` record; the composition root merges them into
one `Catalog` (a key defined twice is an error) and hands it to every `Translator`.
`tests/core/test_i18n.py` fails when a key lacks either language or the placeholders differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

LANGUAGES: Final = ("en", "es")
DEFAULT_LANGUAGE: Final = "en"


class Catalog:
    """Every text of the app, by key and language."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        self._messages = dict(messages)

    @classmethod
    def merge(cls, parts: Iterable[Mapping[str, Mapping[str, str]]]) -> Catalog:
        merged: dict[str, Mapping[str, str]] = {}
        for part in parts:
            for key, texts in part.items():
                if key in merged:
                    raise ValueError(f"message key {key!r} defined twice")
                merged[key] = texts
        return cls(merged)

    def __contains__(self, key: object) -> bool:
        return key in self._messages

    def keys(self) -> list[str]:
        return sorted(self._messages)

    def texts(self, key: str) -> Mapping[str, str]:
        return self._messages[key]

    def text(self, lang: str, key: str, /, **params: object) -> str:
        """The text for `key` in `lang` (falls back to English), with `{placeholders}` filled."""
        texts = self._messages[key]
        template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
        return template.format(**params) if params else template


class Translator:
    """The catalog bound to one language, handed to renderers."""

    def __init__(self, lang: str, catalog: Catalog) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.catalog = catalog

    def __call__(self, key: str, /, **params: object) -> str:
        return self.catalog.text(self.lang, key, **params)

    def has(self, key: str) -> bool:
        return key in self.catalog

    def in_language(self, lang: str) -> Translator:
        return Translator(lang, self.catalog)
