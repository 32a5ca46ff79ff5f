from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.core.parsing import parse_channel, parse_duration, parse_id, parse_user, words


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


def test_ids_are_ascii_digits_within_the_databases_range() -> None:
    assert parse_id("42") == 42 and parse_id("#42") == 42 and parse_id(" 7 ") == 7 and parse_id(9) == 9
    assert parse_id(str(2**31 - 1)) == 2**31 - 1  # PostgreSQL's INTEGER, every primary key
    for bad in ("⁷⁷⁷⁷⁷⁷", "①", "²", "٣", "0", "-3", "+3", "1e300", "1.0", "", "#", str(2**31), str(2**63),
                "9" * 25, "9" * 5000, None, True, 1.5, [], "{}"):
        assert parse_id(bad) is None, bad


def test_unicode_digits_are_not_durations() -> None:
    # `\d` would match them and int() would then raise: a 500 from a slash command.
    assert parse_duration("²d") is None and parse_duration("٣h") is None


@given(st.one_of(st.text(), st.integers(), st.none(), st.floats()))
def test_parse_id_never_raises(value: object) -> None:
    got = parse_id(value)
    assert got is None or 1 <= got <= 2**31 - 1
