"""Generated passwords meet each network's rule; typed ones are checked like NIST asks."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.accounts import passwords
from bot.accounts.passwords import CLASSES, DEFAULT_LENGTH, NIST_MIN_LENGTH, RULES, check_typed, generate, kinds_of
from storage.models import NETWORKS


def test_every_network_has_a_rule() -> None:
    assert set(RULES) == set(NETWORKS)


@pytest.mark.parametrize("network", NETWORKS)
def test_generated_passwords_meet_the_network_rule(network: str) -> None:
    rule = RULES[network]
    seen = set()
    for _ in range(200):
        pw = generate(network)
        seen.add(pw)
        assert len(pw) == min(DEFAULT_LENGTH, rule.max_length) >= NIST_MIN_LENGTH
        assert rule.require <= kinds_of(pw) and {"upper", "lower", "digit", "symbol"} <= kinds_of(pw)
        assert all(c in string.ascii_letters + string.digits + rule.symbols for c in pw)
        assert check_typed(network, pw).ok
    assert len(seen) == 200  # random, not a pattern


def test_length_is_clamped_to_the_network_limits() -> None:
    assert len(generate("tiktok", 40)) == 20
    assert len(generate("x", 40)) == 40
    assert len(generate("x", 2)) == RULES["x"].min_length


def test_uses_the_os_random_source(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = passwords.secrets.choice
    monkeypatch.setattr(passwords.secrets, "choice", lambda seq: calls.append(1) or real(seq))
    generate("x")
    assert len(calls) == DEFAULT_LENGTH


@pytest.mark.parametrize(("network", "pw", "key"), [
    ("x", "Sh0rt!pass", "accounts.pw.too_short"),
    ("x", "a" * 14, "accounts.pw.too_short"),
    ("tiktok", "Zq8!mvT4#pLw82kd-extra", "accounts.pw.too_long"),
    ("x", "passwordpassword", "accounts.pw.guessable"),
    ("x", "1234567890123456", "accounts.pw.guessable"),
    ("x", "acmebrand-is-the-best-2026!", "accounts.pw.context"),
    ("facebook", "correct horse battery staple", "accounts.pw.network_rule"),
    ("tiktok", "Lantern-harbor-vio", "accounts.pw.network_rule"),
])
def test_typed_passwords_are_refused_with_the_reason(network: str, pw: str, key: str) -> None:
    verdict = check_typed(network, pw, ("Acme", "acmebrand", "social"))
    assert not verdict.ok and verdict.key == key
    assert pw not in str(verdict.params)  # the reason never repeats the password


def test_a_long_passphrase_passes_where_the_network_asks_length_only() -> None:
    assert check_typed("x", "correct horse battery staple").ok
    assert check_typed("linkedin", "ñandú pingüino cigüeña 2026").ok  # Unicode counts per character
    assert not check_typed("facebook", "correct horse battery staple").ok


def test_missing_kinds_are_named() -> None:
    verdict = check_typed("instagram", "correct horse battery staple")
    assert verdict.kwargs["missing"] == "digit,symbol"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_a_verdict_never_an_exception(text: str) -> None:
    verdict = check_typed("tiktok", text)
    assert verdict.ok or verdict.key.startswith("accounts.pw.")
    assert set(CLASSES) >= (kinds_of(text) - {"letter"})
