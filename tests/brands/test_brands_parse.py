"""The brand profile's parsing rules: lists, hashtags, posting hours, the command's words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.brands.parse import (
    ITEMS_MAX,
    FieldError,
    brand_key,
    format_hours,
    parse_brand_command,
    parse_hours,
    parse_list,
    parse_text,
)
from bot.core.errors import UsageError


def test_lists_one_per_line_or_comma_separated_trimmed_and_deduplicated() -> None:
    assert parse_list(" Crédito,\n\ncheap ;  free   money\nCRÉDITO", "forbidden_words") == (
        "Crédito", "cheap", "free money")
    assert parse_list("", "keywords") == () and parse_list(None, "keywords") == ()


def test_hashtags_keep_or_get_their_hash_and_must_be_one_word() -> None:
    assert parse_list("SummerSale, #Hiking, #hiking, #año_nuevo, #2026Sale", "approved_hashtags") == (
        "#SummerSale", "#Hiking", "#año_nuevo", "#2026Sale")
    for bad in ("#summer sale", "##x", "#x!", "#2026", "#"):
        with pytest.raises(FieldError) as err:
            parse_list(bad, "approved_hashtags")
        assert err.value.key == "brands.error.bad_hashtag", bad


def test_server_side_length_limits_whatever_the_form_said() -> None:
    with pytest.raises(FieldError) as err:
        parse_list("x" * 61, "forbidden_words")
    assert err.value.key == "brands.error.item_too_long"
    assert parse_list("x" * 60, "forbidden_words") == ("x" * 60,)
    with pytest.raises(FieldError) as err:
        parse_list(",".join(f"w{n}" for n in range(ITEMS_MAX + 1)), "keywords")
    assert err.value.key == "brands.error.too_many"
    with pytest.raises(FieldError) as err:
        parse_list("a," * 1600, "keywords")  # 3,200 characters typed
    assert err.value.key == "brands.error.too_long"
    with pytest.raises(FieldError):
        parse_text("y" * 2001, "tone")
    assert parse_text("  warm \n", "tone") == "warm"


@pytest.mark.parametrize("text, hours", [
    ("09-13, 17-20", ((9, 13), (17, 20))),
    ("17-20\n9-13", ((9, 13), (17, 20))),
    ("09:00-13:00", ((9, 13),)),
    ("0-24", ((0, 24),)),
    ("22-24, 00-02", ((0, 2), (22, 24))),
    ("09-13, 13-15", ((9, 13), (13, 15))),  # touching is not overlapping
    ("", ()),
])
def test_hours_read(text: str, hours: tuple[tuple[int, int], ...]) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize("text, key", [
    ("9 to 13", "brands.error.bad_hours"),
    ("09-13 17-20", "brands.error.bad_hours"),
    ("24-25", "brands.error.bad_hours"),
    ("09-25", "brands.error.bad_hours"),
    ("09:30-13", "brands.error.hours_whole"),
    ("13-09", "brands.error.hours_order"),
    ("09-09", "brands.error.hours_order"),
    ("09-13, 12-15", "brands.error.hours_overlap"),
    ("٠٩-١٣", "brands.error.bad_hours"),  # Arabic-Indic digits are not hours
    ("9" * 201, "brands.error.too_long"),
])
def test_bad_hours_refused_strictly(text: str, key: str) -> None:
    with pytest.raises(FieldError) as err:
        parse_hours(text)
    assert err.value.key == key


@given(st.lists(st.tuples(st.integers(0, 23), st.integers(1, 24)).filter(lambda r: r[0] < r[1]), max_size=6))
def test_hours_round_trip_through_the_form(ranges: list[tuple[int, int]]) -> None:
    disjoint: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if not disjoint or start >= disjoint[-1][1]:
            disjoint.append((start, end))
    hours = tuple(disjoint)
    assert parse_hours(format_hours(hours)) == hours


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20), max_size=30))
def test_list_normalisation_is_idempotent(items: list[str]) -> None:
    try:
        once = parse_list("\n".join(items), "keywords")
    except FieldError:
        return
    assert parse_list("\n".join(once), "keywords") == once
    assert len({i.casefold() for i in once}) == len(once)
    assert all(i == i.strip() and i and "," not in i and "\n" not in i for i in once)


def test_command_words() -> None:
    assert parse_brand_command("") == parse_brand_command("  ")
    assert parse_brand_command("").brand == ""
    assert parse_brand_command("Acme").brand == "Acme"
    assert parse_brand_command('"Acme Corp" history') == parse_brand_command("Acme Corp HISTORY")
    got = parse_brand_command("Acme Corp history 3")
    assert (got.brand, got.history, got.page) == ("Acme Corp", True, 3)
    with pytest.raises(UsageError):
        parse_brand_command("history")
    assert brand_key("  ACME   corp ") == brand_key("acme corp")
