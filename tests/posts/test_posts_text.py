"""How networks count a post, hashtags, brand terms and limit overrides (bot/posts/text.py)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from twitter_text import parse_tweet

from bot.core.errors import UsageError
from bot.posts.text import (
    HASHTAG_LIMITS,
    TEXT_LIMITS,
    count,
    find_terms,
    fold,
    hashtags,
    merged_limits,
    network_label,
    parse_limit_override,
    published_text,
    urls,
)
from storage.models.accounts import NETWORKS

# ---- counting: X as X documents it (https://docs.x.com/fundamentals/counting-characters) ----


def test_x_documented_example_mixes_latin_cjk_emoji_and_a_url() -> None:
    # 13 Latin (incl. spaces) + 3 CJK × 2 + space + emoji 2 + space + URL 23 = 46 (twitter-text's example)
    assert count("x", "english text 日本語 😷 https://example.com") == 46


@pytest.mark.parametrize("url", [
    "https://example.com",
    "https://www.example.com/a/very/long/path/that/goes/on/and/on?with=query&and=more#fragment",
    "http://t.co/x",
    "example.com/landing",  # X links a bare domain too, and counts it 23
])
def test_x_counts_every_url_as_23(url: str) -> None:
    assert count("x", url) == 23
    assert count("x", f"Read {url} now") == len("Read ") + 23 + len(" now")


@pytest.mark.parametrize(("text", "weighted"), [
    ("😷", 2),
    ("👨‍👩‍👧‍👦", 2),  # a family: 7 code points joined by ZWJ, one emoji
    ("🇪🇸", 2),  # a flag: two regional indicators
    ("👍🏽", 2),  # with a skin tone
    ("日本語", 6),
    ("한국어", 6),
    ("中文。", 6),  # CJK punctuation weighs 2 as well
    ("ñandú café", 10),  # Latin with accents: 1 each
    ("e\u0301", 1),  # NFC: e + combining accent is one character
])
def test_x_weighs_emoji_and_cjk_two_and_latin_one(text: str, weighted: int) -> None:
    assert count("x", text) == weighted


def test_x_limit_280_latin_or_140_cjk() -> None:
    assert count("x", "a" * 280) == 280
    assert count("x", "a" * 281) == 281
    assert count("x", "日" * 140) == 280
    assert count("x", "日" * 141) == 282


def test_other_networks_count_code_points_not_weights() -> None:
    text = "日本語 😷 https://example.com"
    assert count("instagram", text) == len(text)
    assert count("linkedin", "👨‍👩‍👧‍👦") == 7  # what len() sees, unlike X's 2
    assert count("threads", "e\u0301") == 1


def test_the_link_is_part_of_the_published_text_except_where_captions_do_not_link() -> None:
    assert published_text("x", "Hola ", "https://a.com/?utm_source=x") == "Hola\nhttps://a.com/?utm_source=x"
    assert published_text("linkedin", "", "https://a.com") == "https://a.com"
    assert published_text("instagram", "Hola", "https://a.com") == "Hola"
    assert published_text("pinterest", "Hola", "https://a.com") == "Hola"
    assert published_text("x", "Hola", None) == "Hola"


def test_defaults_cover_every_network_of_the_app_but_other() -> None:
    assert set(TEXT_LIMITS) == set(NETWORKS) - {"other"}
    assert TEXT_LIMITS["x"] == 280 and TEXT_LIMITS["google-business"] == 1500 and TEXT_LIMITS["facebook"] == 63206
    assert dict(HASHTAG_LIMITS) == {"instagram": 30, "threads": 1}
    assert network_label("x") == "X" and network_label("linkedin") == "LinkedIn"
    assert network_label("instagram") == "Instagram"


# ---- hashtags ----


@pytest.mark.parametrize(("text", "tags"), [
    ("Hola #Crédito y #ahorro", ["Crédito", "ahorro"]),
    ("#1 no, #2026sale sí", ["2026sale"]),  # digits alone are not a hashtag
    ("see https://example.com/page#section and #real", ["real"]),  # a URL's fragment is not one
    ("example.com/#frag", []),
    ("AT&T#deal a#b", []),  # preceded by & or a letter
    ("#ok#no", []),  # followed by another #
    ("＃全角 #日本語 #मराठी", ["全角", "日本語", "मराठी"]),  # full-width sign, CJK, Devanagari marks
    ("#a_b, #c.", ["a_b", "c"]),
    ("#", []),
    ("#café #cafe", ["café", "cafe"]),  # as typed
    ("#tag://x", []),
])
def test_hashtags_follow_x_rules(text: str, tags: list[str]) -> None:
    assert hashtags(text) == tags


@given(st.text(max_size=200))
def test_hashtags_never_crash_and_are_never_empty_or_digits_only(text: str) -> None:
    for tag in hashtags(text):
        assert tag and not tag.isdigit()
        assert f"#{tag}" in text or f"＃{tag}" in text


# ---- brand terms: whole words, accent- and case-insensitive ----


@pytest.mark.parametrize("text", [
    "Pide tu crédito hoy",
    "Pide tu credito hoy",
    "PIDE TU CRÉDITO HOY",
    "¿Un Crédito?",
    "Lo mejor: #crédito",
    "crédito-rápido",
])
def test_a_forbidden_word_matches_with_or_without_accents_in_any_case(text: str) -> None:
    assert find_terms(text, ["crédito"]) == ("crédito",)
    assert find_terms(text, ["CREDITO"]) == ("CREDITO",)  # the brand may write it either way too


@pytest.mark.parametrize("text", [
    "Our creditor called",  # "credit" is not "creditor"
    "Créditos para todos",  # a plural is another word: list it too if it is banned
    "#créditofácil",  # one word, not "crédito"
    "acreditado",
])
def test_a_forbidden_word_does_not_match_inside_another_word(text: str) -> None:
    assert find_terms(text, ["credit", "crédito"]) == ()


def test_phrases_match_across_spacing_punctuation_and_case() -> None:
    assert find_terms("Tu TARJETA  de\ncrédito, ya", ["tarjeta de crédito"]) == ("tarjeta de crédito",)
    assert find_terms("tarjeta sin crédito", ["tarjeta de crédito"]) == ()


def test_enye_is_a_letter_not_an_accent() -> None:
    assert find_terms("Feliz año nuevo", ["ano"]) == ()
    assert find_terms("Feliz AÑO nuevo", ["año"]) == ("año",)
    assert fold("Pingüino ÁRBOL Ñandú") == "pinguino arbol ñandu"


def test_terms_are_reported_once_in_the_brands_order_and_blank_ones_ignored() -> None:
    assert find_terms("préstamo, PRESTAMO y crédito", ["crédito", "", "  ", "préstamo", "prestamo"]) == (
        "crédito", "préstamo")


# ---- limit overrides ----


@pytest.mark.parametrize(("network", "kind", "text", "value"), [
    ("x", "text", "25000", 25000),
    ("instagram", "text", " 2,200 ", 2200),
    ("instagram", "hashtags", "5", 5),
    ("instagram", "hashtags", "30", 30),
    ("threads", "hashtags", "1", 1),
    ("linkedin", "hashtags", "10", 10),
])
def test_a_valid_override_is_accepted(network: str, kind: str, text: str, value: int) -> None:
    assert parse_limit_override(network, kind, text) == value


@pytest.mark.parametrize(("network", "kind", "text", "key"), [
    ("x", "text", "0", "post.check.limit.not_positive"),
    ("x", "text", "-5", "post.check.limit.not_positive"),
    ("x", "text", "1.5", "post.check.limit.not_positive"),
    ("x", "text", "lots", "post.check.limit.not_positive"),
    ("x", "text", "٣٠٠", "post.check.limit.not_positive"),  # Arabic-Indic digits: not what the admin meant
    ("x", "text", "999999999", "post.check.limit.too_large"),
    ("instagram", "hashtags", "4", "post.check.limit.hashtag_range"),
    ("instagram", "hashtags", "31", "post.check.limit.hashtag_range"),
    ("myspace", "text", "100", "post.check.limit.bad_network"),
    ("other", "text", "100", "post.check.limit.bad_network"),
    ("x", "emoji", "3", "post.check.limit.bad_kind"),
])
def test_a_bad_override_is_refused_with_a_usage_error(network: str, kind: str, text: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_limit_override(network, kind, text)
    assert caught.value.key == key
    assert caught.value.usage_key == "usage.post.settings"


def test_stored_overrides_apply_and_bad_stored_values_are_ignored() -> None:
    merged = merged_limits(TEXT_LIMITS, {"x": 25000, "instagram": 0, "threads": "900", "linkedin": True,
                                         "myspace": 10})
    assert merged["x"] == 25000
    assert merged["instagram"] == 2200 and merged["threads"] == 500 and merged["linkedin"] == 3000
    assert "myspace" not in merged
    tags = merged_limits(HASHTAG_LIMITS, {"instagram": 3, "threads": 2}, {"instagram": (5, 30)})
    assert tags == {"instagram": 30, "threads": 2}


# ---- X's counting is twitter-text's, without its slow corner ----


_pieces = st.sampled_from([*"ab .:/-#é日😷\n", "\r\n", "https://", "example.com", "👨‍👩‍👧", "e\u0301", "t.co/x"])


@given(st.lists(_pieces, max_size=40).map("".join))
def test_x_length_equals_twitter_texts_parse_tweet_on_ordinary_text(text: str) -> None:
    if any(piece.count(".") > 6 for piece in text.split()):
        return  # the long dotted runs are the case below, where we deliberately differ
    assert count("x", text) == parse_tweet(text).weightedLength


@pytest.mark.parametrize("text", [
    "1.2." * 5000,  # twitter-text's own URL finder takes minutes on this (its regex backtracks)
    "a-b." * 4000 + " #tag",
    ("ab.ab.ab.ab.ab.ab " * 1000),
    "https://example.com/" + "a.b." * 3000,
])
def test_long_dotted_runs_are_counted_quickly(text: str) -> None:
    started = time.perf_counter()
    assert count("x", text) > 0
    hashtags(text)
    urls(text)
    assert time.perf_counter() - started < 5


def test_a_link_with_many_dots_is_still_one_url_when_it_has_a_scheme() -> None:
    link = "https://example.com/v1.2.3.4.5.6.7.8/file.tar.gz"
    assert urls(f"Get it: {link} now") == [link]
    assert count("x", f"Get it: {link}") == len("Get it: ") + 23
