from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.core.parsing import parse_channel, parse_duration, parse_user, words


def test_escaped_mentions_in_both_forms() -> None:
    assert parse_user("<@U0123|ana>") == "U0123"
    assert parse_user("<@W0123>") == "W0123"
    assert parse_user("@ana") is None
    assert parse_channel("<#C0123|general>") == "C0123"
    assert parse_channel("<#C0123>") == "C0123"
    assert parse_channel("#general") is None


def test_durations() -> None:
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("2W") == timedelta(weeks=2)
    assert parse_duration("0d") is None and parse_duration("7x") is None and parse_duration("d") is None


@given(st.text())
def test_parsers_never_raise(text: str) -> None:
    words(text)
    parse_user(text)
    parse_channel(text)
    parse_duration(text)
