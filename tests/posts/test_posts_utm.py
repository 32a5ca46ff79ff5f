"""UTM tagging, one tagged link per account (bot/posts/utm.py; networks.md §6)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.posts.utm import BadLink, UtmConflict, checked_link, ours, slug, tag
from storage.models.accounts import NETWORKS

# ---- examples ----


def test_tags_source_medium_and_campaign_keeping_query_and_fragment() -> None:
    out = tag("https://shop.example.com/otono?ref=home&utm_content=hero#tallas", "instagram", "rebajas-de-otono")
    assert out == ("https://shop.example.com/otono?ref=home&utm_content=hero&utm_source=instagram&utm_medium=social"
                   "&utm_campaign=rebajas-de-otono#tallas")


def test_without_a_campaign_there_is_no_utm_campaign() -> None:
    assert tag("https://example.com/", "x", None) == "https://example.com/?utm_source=x&utm_medium=social"


def test_a_link_already_tagged_with_our_values_is_left_as_it_is() -> None:
    once = tag("https://example.com/a?b=1", "linkedin", "launch")
    assert tag(once, "linkedin", "launch") == once
    assert tag("https://example.com/?utm_source=x&utm_medium=social", "x", None) == (
        "https://example.com/?utm_source=x&utm_medium=social")


def test_a_repeated_parameter_of_ours_is_kept_once() -> None:
    out = tag("https://example.com/?utm_source=x&q=1&utm_source=x", "x", None)
    assert out == "https://example.com/?utm_source=x&q=1&utm_medium=social"


@pytest.mark.parametrize(("link", "param", "existing"), [
    ("https://example.com/?utm_source=facebook", "utm_source", "facebook"),
    ("https://example.com/?utm_medium=email", "utm_medium", "email"),
    ("https://example.com/?UTM_MEDIUM=cpc", "utm_medium", "cpc"),  # the same parameter for GA's reports
    ("https://example.com/?utm_campaign=spring", "utm_campaign", "spring"),
    ("https://example.com/?utm_source=X", "utm_source", "X"),  # GA keeps case: "X" and "x" are two rows
])
def test_a_conflicting_utm_value_is_an_error_naming_the_parameter(link: str, param: str, existing: str) -> None:
    with pytest.raises(UtmConflict) as caught:
        tag(link, "x", "launch")
    assert caught.value.key == "post.check.error.utm_conflict"
    assert caught.value.params["param"] == param and caught.value.params["existing"] == existing


def test_an_existing_utm_campaign_is_kept_when_the_post_has_no_campaign() -> None:
    assert tag("https://example.com/?utm_campaign=spring", "x", None) == (
        "https://example.com/?utm_campaign=spring&utm_source=x&utm_medium=social")


@pytest.mark.parametrize(("link", "key"), [
    ("example.com/page", "post.check.error.link_not_http"),
    ("ftp://example.com/file", "post.check.error.link_not_http"),
    ("javascript:alert(1)", "post.check.error.link_not_http"),
    ("mailto:hola@example.com", "post.check.error.link_not_http"),
    ("https://", "post.check.error.link_not_http"),
    ("https:///path", "post.check.error.link_not_http"),
    ("https://exa_mple.com/", "post.check.error.link_not_http"),
    ("https://example.com:99999/", "post.check.error.link_not_http"),
    ("https://example.com:port/", "post.check.error.link_not_http"),
    ("https://exa mple.com/", "post.check.error.link_spaces"),
    ("https://example.com/\u200b", "post.check.error.link_spaces"),  # a zero-width space, pasted along
    ("https://user:secret@example.com/", "post.check.error.link_credentials"),
    ("https://example.com/|Click-here>", "post.check.error.link_characters"),  # would re-label <url|label>
    ("https://example.com/<!channel>", "post.check.error.link_characters"),
    ('https://example.com/"onmouseover', "post.check.error.link_characters"),
    ("https://example.com/" + "a" * 2100, "post.check.error.link_too_long"),
    ("   ", "post.check.error.link_empty"),
])
def test_a_link_that_is_not_http_with_a_host_is_refused(link: str, key: str) -> None:
    with pytest.raises(BadLink) as caught:
        checked_link(link)
    assert caught.value.key == key


@pytest.mark.parametrize("link", [
    "http://example.com", "HTTPS://Example.COM/Path", "https://münchen.de/ä?x=ü", "http://[::1]:8080/p",
    "https://192.168.1.10/a", "https://example.com.", " https://example.com/with-spaces-around  ",
])
def test_http_links_with_a_host_are_accepted(link: str) -> None:
    assert checked_link(link) == link.strip()


@pytest.mark.parametrize(("campaign", "expected"), [
    ("Rebajas de Otoño 2026", "rebajas-de-otono-2026"),
    ("  Black   Friday!! ", "black-friday"),
    ("Café_Ñandú", "cafe-nandu"),
    ("spring_sale", "spring-sale"),
    ("🎉🎉", ""),
])
def test_campaign_slug_is_lowercase_ascii_with_hyphens(campaign: str, expected: str) -> None:
    assert slug(campaign) == expected


# ---- properties ----

_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_safe = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%+!$'()*,;:@/",
                max_size=12)
_name = st.one_of(st.sampled_from(["utm_content", "utm_term", "utm_id", "ref", "q", "gclid"]),
                  st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))
_pair = st.one_of(st.tuples(_name, _safe).map(lambda p: f"{p[0]}={p[1]}".replace("&", "").replace("#", "")),
                  _name)


@st.composite
def http_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = ".".join(draw(st.lists(_label, min_size=1, max_size=4)))
    port = draw(st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}")))
    path = draw(st.lists(_safe.map(lambda s: s.replace("?", "").replace("#", "")), max_size=4))
    query = draw(st.lists(_pair, max_size=5))
    fragment = draw(st.one_of(st.just(""), _safe.map(lambda s: "#" + s)))
    url = f"{scheme}://{host}{port}" + ("/" + "/".join(path) if path else "")
    return url + ("?" + "&".join(query) if query else "") + fragment


_networks = st.sampled_from(NETWORKS)
_campaigns = st.one_of(st.none(), st.text(max_size=30).map(slug).map(lambda s: s or None))


@given(http_urls(), _networks, _campaigns)
def test_any_http_url_gives_a_valid_tagged_url_keeping_everything(url: str, network: str,
                                                                  campaign: str | None) -> None:
    out = tag(url, network, campaign)
    before, after = urlsplit(url), urlsplit(out)
    assert checked_link(out) == out  # valid: http(s) with a host
    assert (after.scheme, after.netloc, after.path, after.fragment) == (
        before.scheme, before.netloc, before.path, before.fragment)
    pairs = parse_qsl(after.query, keep_blank_values=True)
    wanted = ours(network, campaign)
    for name, value in wanted.items():
        assert [v for k, v in pairs if k == name] == [value], name  # once, with our value
    # Everything that was there is still there, untouched and in its order.
    kept = [s for s in after.query.split("&") if s.split("=", 1)[0] not in wanted]
    assert kept == [s for s in before.query.split("&") if s]


@given(http_urls(), _networks, _campaigns)
def test_tagging_is_idempotent(url: str, network: str, campaign: str | None) -> None:
    once = tag(url, network, campaign)
    assert tag(once, network, campaign) == once


@given(http_urls(), _networks, st.sampled_from(["utm_source", "utm_medium", "utm_campaign"]),
       st.from_regex(r"[a-z]{1,8}", fullmatch=True))
def test_a_different_value_of_our_parameter_is_always_a_conflict_never_a_duplicate(
        url: str, network: str, param: str, value: str) -> None:
    wanted = ours(network, "launch")
    base = url.split("#", 1)[0]
    link = base + ("&" if "?" in base else "?") + f"{param}={value}"
    if value == wanted[param]:
        assert parse_qsl(urlsplit(tag(link, network, "launch")).query).count((param, value)) == 1
        return
    with pytest.raises(UtmConflict):
        tag(link, network, "launch")


@given(st.text(max_size=120))
def test_any_text_is_a_tagged_link_or_a_clear_error(text: str) -> None:
    try:
        out = tag(text, "x", "launch")
    except (BadLink, UtmConflict):
        return
    assert urlsplit(out).scheme.lower() in ("http", "https")
    assert tag(out, "x", "launch") == out
