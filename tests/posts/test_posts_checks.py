"""The checks a post passes before approval (bot/posts/checks.py): each rule fails and passes."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.posts.catalog_checks import MESSAGES
from bot.posts.checks import BrandRules, Checked, Limits, Target, check

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
WHEN = datetime(2026, 3, 12, 11, 0, tzinfo=UTC)  # 12:00 in Madrid (CET)
LINK = "https://shop.example.com/otono?ref=home#tallas"


def _run(targets: list[Target], **kw: Any) -> Checked:
    args: dict[str, Any] = {"link": None, "campaign": None, "topic": None, "when": WHEN, "tz": "Europe/Madrid",
                            "now": NOW, "brand": None, "limits": Limits.of()}
    args.update(kw)
    return check(targets, **args)


def _one(network: str, copy: str, account_id: int = 1) -> list[Target]:
    return [Target(account_id, network, f"@{network}_acme", copy)]


def _render(key: str, params: dict[str, Any]) -> dict[str, str]:
    """Both languages' sentence, failing if the key or a placeholder is missing."""
    texts = MESSAGES[key]
    for lang in ("en", "es"):
        wanted = {f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f}
        assert wanted <= set(params), (key, lang, wanted - set(params))
    return {lang: texts[lang].format(**params) for lang in ("en", "es")}


# ---- a good post ----


def test_a_good_post_has_no_errors_and_one_tagged_variant_per_account() -> None:
    targets = [Target(1, "x", "@acme", "Rebajas de otoño"), Target(2, "instagram", "@acme.es", "Rebajas de otoño"),
               Target(3, "linkedin", "acme", "Rebajas de otoño, con más detalle")]
    checked = _run(targets, link=LINK, campaign="Rebajas de Otoño")
    assert checked.ok and checked.errors == {} and checked.warnings == ()
    by_id = {v.account_id: v for v in checked.variants}
    assert by_id[1].tagged_link == ("https://shop.example.com/otono?ref=home&utm_source=x&utm_medium=social"
                                    "&utm_campaign=rebajas-de-otono#tallas")
    assert "utm_source=instagram" in (by_id[2].tagged_link or "")
    assert "utm_source=linkedin" in (by_id[3].tagged_link or "")
    # X: the copy, a line break and the link as 23; Instagram's caption carries no link.
    assert (by_id[1].count, by_id[1].limit) == (len("Rebajas de otoño") + 1 + 23, 280)
    assert (by_id[2].count, by_id[2].limit) == (len("Rebajas de otoño"), 2200)
    assert by_id[3].count == len("Rebajas de otoño, con más detalle") + 1 + len(by_id[3].tagged_link or "")
    assert by_id[3].text == "Rebajas de otoño, con más detalle"


def test_no_accounts_is_an_error_on_accounts() -> None:
    assert _run([]).errors == {"accounts": ("post.check.error.no_accounts", {})}


def test_an_account_of_an_unknown_network_has_no_length_limit() -> None:
    checked = _run(_one("other", "x" * 100_000))
    assert checked.ok and checked.variants[0].limit == 0


# ---- time ----


def test_a_time_in_the_past_is_an_error_on_when() -> None:
    checked = _run(_one("x", "Hola"), when=NOW - timedelta(minutes=1))
    assert checked.errors == {"when": ("post.check.error.when_past", {"when": "2026-03-10 09:59", "minutes": 15})}


def test_a_time_less_than_15_minutes_away_is_an_error_and_15_is_enough() -> None:
    soon = _run(_one("x", "Hola"), when=NOW + timedelta(minutes=14, seconds=59))
    assert soon.errors["when"] == ("post.check.error.when_too_soon",
                                   {"when": "2026-03-10 10:14", "left": 14, "minutes": 15})
    assert _run(_one("x", "Hola"), when=NOW + timedelta(minutes=15)).ok


def test_naive_times_are_read_as_utc() -> None:
    naive_now = NOW.replace(tzinfo=None)
    assert _run(_one("x", "Hola"), now=naive_now, when=naive_now + timedelta(minutes=10)).errors["when"][0] == (
        "post.check.error.when_too_soon")
    assert _run(_one("x", "Hola"), now=naive_now, when=WHEN).ok


# ---- length ----


def test_x_over_280_weighted_with_the_link_as_23_is_an_error_saying_how_much_to_cut() -> None:
    copy = "a" * 257  # + "\n" + link (23) = 281
    checked = _run(_one("x", copy), link=LINK)
    assert checked.errors == {"copy": ("post.check.error.too_long_x",
                                       {"network": "X", "count": 281, "limit": 280, "over": 1})}
    assert _run(_one("x", "a" * 256), link=LINK).ok


def test_x_counts_emoji_and_cjk_as_two() -> None:
    assert _run(_one("x", "日" * 140)).ok
    checked = _run(_one("x", "日" * 140 + "😷"))
    assert checked.errors["copy"][1]["count"] == 282


def test_the_issues_example_message_reads_as_promised() -> None:
    checked = _run(_one("x", "b" * 277), link=LINK)  # 277 + 1 + 23 = 301
    key, params = checked.errors["copy"]
    assert _render(key, params)["en"] == (
        "The X version is 301 of 280 characters (links count 23, emoji and CJK characters 2): shorten it by 21.")
    assert _render(key, params)["es"].startswith("La versión de X tiene 301 de 280 caracteres")


@pytest.mark.parametrize(("network", "limit"), [
    ("instagram", 2200), ("linkedin", 3000), ("tiktok", 2200), ("facebook", 63206), ("threads", 500),
    ("pinterest", 500), ("youtube", 5000), ("google-business", 1500),
])
def test_each_network_limit_fails_one_over_and_passes_at_it(network: str, limit: int) -> None:
    assert _run(_one(network, "é" * limit)).ok
    checked = _run(_one(network, "é" * (limit + 1)))
    assert checked.errors["copy"] == ("post.check.error.too_long",
                                      {"network": checked.errors["copy"][1]["network"], "count": limit + 1,
                                       "limit": limit, "over": 1})


def test_a_workspace_override_of_a_text_limit_applies() -> None:
    premium = Limits.of({"x": 25000})
    assert _run(_one("x", "a" * 1000), limits=premium).ok
    assert not _run(_one("x", "a" * 1000)).ok
    assert not _run(_one("threads", "a" * 450), limits=Limits.of({"threads": 400})).ok


def test_a_shared_copy_too_long_for_several_networks_reports_the_biggest_cut() -> None:
    copy = "a" * 520
    checked = _run([Target(1, "x", "@a", copy), Target(2, "threads", "@a", copy)], copy=copy)
    assert checked.errors == {"copy": ("post.check.error.too_long_x",
                                       {"network": "X", "count": 520, "limit": 280, "over": 240})}


def test_an_override_too_long_is_an_error_on_that_accounts_copy() -> None:
    base = "Corto"
    long_x = "a" * 300
    targets = [Target(7, "x", "@a", long_x), Target(8, "linkedin", "a", base)]
    with_copy = _run(targets, copy=base)
    assert set(with_copy.errors) == {"copy:7"}
    # Without being told which copy is the post's, the one most accounts share is.
    targets.append(Target(9, "facebook", "a", base))
    assert set(_run(targets).errors) == {"copy:7"}


def test_an_empty_copy_is_an_error() -> None:
    assert _run(_one("linkedin", "  \n ")).errors == {"copy": ("post.check.error.copy_empty", {})}


# ---- hashtags ----


def _tags(n: int) -> str:
    return " ".join(f"#tag{i}a" for i in range(n))


def test_instagram_allows_30_hashtags_by_default() -> None:
    assert _run(_one("instagram", _tags(30))).ok
    checked = _run(_one("instagram", _tags(31)))
    assert checked.errors["copy"] == ("post.check.error.too_many_hashtags",
                                      {"network": "Instagram", "count": 31, "limit": 30, "over": 1})


def test_instagram_hashtag_limit_down_to_5_when_the_workspace_says_so() -> None:
    five = Limits.of(hashtag_overrides={"instagram": 5})
    assert _run(_one("instagram", _tags(5)), limits=five).ok
    assert _run(_one("instagram", _tags(6)), limits=five).errors["copy"][1]["over"] == 1


def test_threads_allows_one_hashtag() -> None:
    assert _run(_one("threads", "Hola #uno")).ok
    assert _run(_one("threads", "Hola #uno #dos")).errors["copy"][0] == "post.check.error.too_many_hashtags"


def test_a_url_fragment_and_a_number_are_not_hashtags() -> None:
    assert _run(_one("threads", "#uno https://example.com/#dos y #3")).ok


# ---- brand words and topics ----

BRAND = BrandRules(forbidden_words=("crédito", "préstamo rápido"), never_topics=("política", "fútbol"),
                   approved_hashtags=("#Otoño", "rebajas"), usual_hours=((9, 14), (16, 20)))


@pytest.mark.parametrize("copy", ["Pide tu CREDITO hoy", "¡Crédito al instante!", "Un préstamo  RAPIDO"])
def test_a_forbidden_word_is_an_error_naming_it_accents_and_case_aside(copy: str) -> None:
    checked = _run(_one("linkedin", copy), brand=BRAND)
    key, params = checked.errors["copy"]
    assert key == "post.check.error.forbidden_words"
    assert params["words"] in ("“crédito”", "“préstamo rápido”")
    assert params["words"] in _render(key, params)["es"]


def test_words_that_merely_contain_a_forbidden_one_pass() -> None:
    assert _run(_one("linkedin", "Acreditados: créditos y prestamos rapidísimos"), brand=BRAND).ok


def test_every_forbidden_word_found_is_named() -> None:
    checked = _run(_one("linkedin", "crédito y préstamo rápido"), brand=BRAND)
    assert checked.errors["copy"][1] == {"words": "“crédito”, “préstamo rápido”"}


def test_a_forbidden_word_in_an_override_is_an_error_on_that_override() -> None:
    targets = [Target(1, "linkedin", "a", "Rebajas"), Target(2, "x", "@a", "Rebajas a crédito")]
    checked = _run(targets, brand=BRAND, copy="Rebajas")
    assert checked.errors == {"copy:2": ("post.check.error.forbidden_words", {"words": "“crédito”"})}


def test_a_forbidden_word_outranks_a_length_error_on_the_same_field() -> None:
    checked = _run(_one("x", "crédito " + "a" * 300), brand=BRAND)
    assert checked.errors["copy"][0] == "post.check.error.forbidden_words"


def test_a_never_topic_in_the_copy_or_as_the_topic_is_an_error() -> None:
    assert _run(_one("linkedin", "Hablemos de POLITICA"), brand=BRAND).errors["copy"] == (
        "post.check.error.never_topics", {"words": "“política”"})
    assert _run(_one("linkedin", "Rebajas"), brand=BRAND, topic="Fútbol").errors == {
        "topic": ("post.check.error.topic_never", {"words": "“fútbol”"})}
    assert _run(_one("linkedin", "Rebajas"), brand=BRAND, topic="Futbolín").ok


def test_without_a_brand_profile_no_word_rule_applies() -> None:
    assert _run(_one("linkedin", "crédito y política #cualquiera"), brand=None).ok


# ---- links and campaigns ----


def test_a_link_with_a_conflicting_utm_parameter_is_an_error_saying_which() -> None:
    targets = [Target(1, "facebook", "acme", "Hola"), Target(2, "x", "@acme", "Hola")]
    checked = _run(targets, link="https://example.com/?utm_source=facebook")
    key, params = checked.errors["link"]
    assert key == "post.check.error.utm_conflict"
    assert params == {"param": "utm_source", "existing": "facebook", "ours": "x", "network": "X"}
    assert _render(key, params)["en"] == (
        "The link already has utm_source=facebook, but for X it must be utm_source=x. Remove utm_source from the "
        "link: it is added per account.")
    assert all(v.tagged_link is None for v in checked.variants)
    # The same link on the Facebook account alone is fine: it already says what we would.
    assert _run(targets[:1], link="https://example.com/?utm_source=facebook").ok


def test_a_link_that_is_not_a_web_link_is_an_error_on_link() -> None:
    assert _run(_one("x", "Hola"), link="www.example.com").errors == {
        "link": ("post.check.error.link_not_http", {})}
    assert _run(_one("x", "Hola"), link="https://www.example.com").ok
    assert _run(_one("x", "Hola"), link="   ").ok  # a blank field is no link


def test_a_campaign_without_letters_is_an_error_and_a_blank_one_is_none() -> None:
    assert _run(_one("x", "Hola"), link=LINK, campaign="🎉").errors == {
        "campaign": ("post.check.error.campaign_no_letters", {})}
    checked = _run(_one("x", "Hola"), link=LINK, campaign="  ")
    assert checked.ok and "utm_campaign" not in (checked.variants[0].tagged_link or "")


# ---- warnings (they never block) ----


def test_hashtags_outside_the_approved_list_warn_and_approved_ones_do_not() -> None:
    approved = _run(_one("instagram", "#otoño y #Rebajas"), brand=BRAND)
    assert approved.ok and approved.warnings == ()
    checked = _run([Target(1, "instagram", "a", "#otoño #Nuevo #nuevo"), Target(2, "x", "@a", "#Extra #otoño")],
                   brand=BRAND)
    assert checked.ok
    assert checked.warnings == (("post.check.warn.unapproved_hashtags", {"tags": "#Nuevo, #Extra"}),)


def test_no_approved_list_means_no_hashtag_warning() -> None:
    assert _run(_one("instagram", "#lo_que_sea"), brand=BrandRules(forbidden_words=("x",))).warnings == ()


def test_a_link_in_an_instagram_caption_warns_and_elsewhere_does_not() -> None:
    checked = _run(_one("instagram", "Compra en shop.example.com/otono"))
    assert checked.ok
    assert checked.warnings == (("post.check.warn.link_in_caption", {"network": "Instagram",
                                                                     "handle": "@instagram_acme"}),)
    assert _run(_one("x", "Compra en https://shop.example.com/otono")).warnings == ()
    assert _run(_one("instagram", "Compra en la web"), link=LINK).warnings == ()  # the link field is fine


def test_a_time_outside_the_brands_usual_hours_warns_in_the_workspace_zone() -> None:
    inside = _run(_one("x", "Hola"), brand=BRAND)  # 12:00 Madrid
    assert inside.ok and inside.warnings == ()
    outside = _run(_one("x", "Hola"), brand=BRAND, when=datetime(2026, 3, 12, 14, 0, tzinfo=UTC))  # 15:00
    assert outside.ok
    assert outside.warnings == (("post.check.warn.outside_usual_hours",
                                 {"time": "15:00", "tz": "Europe/Madrid", "hours": "09:00–14:00, 16:00–20:00"}),)
    key, params = outside.warnings[0]
    assert _render(key, params)["en"] == (
        "15:00 (Europe/Madrid) is outside the brand's usual posting hours (09:00–14:00, 16:00–20:00).")


def test_usual_hours_follow_daylight_saving_time() -> None:
    # 12:30 UTC is 13:30 in Madrid before the change of 29 March 2026 and 14:30 after it.
    before = _run(_one("x", "Hola"), brand=BRAND, when=datetime(2026, 3, 28, 12, 30, tzinfo=UTC))
    after = _run(_one("x", "Hola"), brand=BRAND, when=datetime(2026, 3, 30, 12, 30, tzinfo=UTC))
    assert before.warnings == ()
    assert after.warnings[0][1]["time"] == "14:30"


def test_usual_hours_may_run_past_midnight() -> None:
    night = BrandRules(usual_hours=((22, 2),))
    assert _run(_one("x", "Hola"), brand=night, when=datetime(2026, 3, 12, 0, 30, tzinfo=UTC)).warnings == ()
    assert _run(_one("x", "Hola"), brand=night).warnings[0][0] == "post.check.warn.outside_usual_hours"


# ---- the catalog ----


def test_every_error_and_warning_renders_in_both_languages() -> None:
    cases = [
        _run([]), _run(_one("x", "Hola"), when=NOW), _run(_one("x", "Hola"), when=NOW + timedelta(minutes=3)),
        _run(_one("x", "a" * 300), link=LINK), _run(_one("linkedin", "a" * 3001)), _run(_one("threads", "#a #b")),
        _run(_one("linkedin", "crédito"), brand=BRAND), _run(_one("linkedin", "fútbol"), brand=BRAND),
        _run(_one("linkedin", "Hola"), brand=BRAND, topic="política"), _run(_one("x", " ")),
        _run(_one("x", "Hola"), link="ftp://a.com"), _run(_one("x", "Hola"), link="https://u:p@a.com"),
        _run(_one("x", "Hola"), link="https://a.com/?utm_medium=cpc"), _run(_one("x", "Hola"), link="https://a b"),
        _run(_one("x", "Hola"), link="https://a.com/" + "a" * 3000), _run(_one("x", "Hola"), campaign="!!"),
        _run(_one("x", "Hola"), link="https://a.com/|x>"),
        _run(_one("instagram", "#zzz https://a.com"), brand=BRAND, when=datetime(2026, 3, 12, 21, 0, tzinfo=UTC)),
    ]
    seen: set[str] = set()
    for checked in cases:
        for key, params in [*checked.errors.values(), *checked.warnings]:
            rendered = _render(key, params)
            assert rendered["en"] != rendered["es"]
            seen.add(key)
    error_keys = {k for k in MESSAGES if k.startswith(("post.check.error.", "post.check.warn."))}
    assert error_keys - seen == {"post.check.error.link_empty"}  # only reachable through utm.checked_link
