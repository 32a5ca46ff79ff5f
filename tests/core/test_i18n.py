from __future__ import annotations

import string

import pytest

from bot.core.i18n import LANGUAGES
from bot.features import registries, translator

CATALOG = registries().catalog


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", CATALOG.keys())
def test_every_key_has_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = CATALOG.texts(key)
    missing = [lang for lang in LANGUAGES if not texts.get(lang)]
    assert not missing, f"{key} lacks {missing}"
    assert _fields(texts["en"]) == _fields(texts["es"]), key


def test_translator_picks_the_language_and_falls_back_to_english() -> None:
    assert translator("es")("usage.header") == "Uso:"
    assert translator("fr")("usage.header") == "Usage:"
    assert CATALOG.text("en", "role.added", user="U1", role="approver").startswith(":white_check_mark: <@U1>")
