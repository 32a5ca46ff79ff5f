"""Generated and typed passwords (SPEC §2; NIST SP 800-63B-4 §3.1.1.2).

NIST asks at least 15 characters for a password used alone and no composition rules
of our own; but each network's sign-up form has its own, and a password it refuses is
useless, so generated passwords satisfy the network's rule, and a typed one is checked
against it (with the reason given) as well as for guessability (zxcvbn).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from zxcvbn import zxcvbn

DEFAULT_LENGTH = 20
NIST_MIN_LENGTH = 15  # SP 800-63B-4: single-factor passwords SHALL be at least 15 characters
MIN_SCORE = 3  # zxcvbn 0–4; 3 = "safely unguessable: moderate protection from offline attacks"
# Symbols every network's form accepts; quotes, backslash, spaces and <> are left out because
# some forms (and some people's shells, when they paste) mangle them.
SAFE_SYMBOLS = "!#$%&*+-=?@^_"
CLASSES = ("upper", "lower", "digit", "symbol")  # a generated password always has every kind


@dataclass(frozen=True)
class PasswordRule:
    min_length: int
    max_length: int
    symbols: str  # the symbols the form accepts
    require: frozenset[str]  # what the form demands: of "letter", "upper", "lower", "digit", "symbol"
    note: str  # the rule as the network states it


def _rule(min_length: int, max_length: int, note: str, *require: str,
          symbols: str = SAFE_SYMBOLS) -> PasswordRule:
    return PasswordRule(min_length, max_length, symbols, frozenset(require), note)


_META = "Meta: at least 6 characters, a combination of letters, numbers and special characters"
_GOOGLE = "Google account: at least 8 characters, at most 100"
# Each network's own form. Where a network publishes no maximum we keep 64 (NIST: verifiers
# SHOULD allow at least 64), far above the 20 we generate. Only Meta and TikTok demand
# character kinds; the others ask length alone, so a typed passphrase is not refused there.
RULES: dict[str, PasswordRule] = {
    "facebook": _rule(6, 64, _META, "letter", "digit", "symbol"),
    "instagram": _rule(6, 64, _META, "letter", "digit", "symbol"),
    "threads": _rule(6, 64, "signs in with the Instagram account: " + _META, "letter", "digit", "symbol"),
    "tiktok": _rule(8, 20, "TikTok: 8–20 characters with at least one letter, one number and one special "
                    "character", "letter", "digit", "symbol", symbols="!#$%&*@^"),
    "x": _rule(8, 64, "X: at least 8 characters"),
    "linkedin": _rule(8, 64, "LinkedIn: at least 8 characters"),
    "youtube": _rule(8, 100, _GOOGLE),
    "google-business": _rule(8, 100, _GOOGLE),
    "pinterest": _rule(8, 64, "Pinterest: a minimum length only"),
    "other": _rule(8, 64, "no known rule"),
}


def rule_for(network: str) -> PasswordRule:
    return RULES.get(network, RULES["other"])


def _alphabet(kind: str, rule: PasswordRule) -> str:
    return {"upper": string.ascii_uppercase, "lower": string.ascii_lowercase, "digit": string.digits,
            "symbol": rule.symbols}[kind]


def generate(network: str, length: int = DEFAULT_LENGTH) -> str:
    """A random password from the OS's CSPRNG that the network's form will accept."""
    rule = rule_for(network)
    length = max(min(length, rule.max_length), rule.min_length, len(CLASSES))
    pool = "".join(_alphabet(kind, rule) for kind in CLASSES)
    chars = [secrets.choice(_alphabet(kind, rule)) for kind in CLASSES]  # one of each kind at least
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def kinds_of(password: str) -> set[str]:
    found: set[str] = set()
    for ch in password:
        if ch.isalpha():
            found.add("letter")
        if ch.isupper():
            found.add("upper")
        elif ch.islower():
            found.add("lower")
        elif ch.isdigit():
            found.add("digit")
        elif not ch.isspace():
            found.add("symbol")
    return found


@dataclass(frozen=True)
class Verdict:
    """Why a typed password is refused: a catalog key and its parameters (never the password)."""

    ok: bool
    key: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @property
    def kwargs(self) -> dict[str, object]:
        return dict(self.params)


def check_typed(network: str, password: str, context_words: tuple[str, ...] = ()) -> Verdict:
    """Refuse a typed password that is short, that the network would refuse, or easy to guess."""
    rule = rule_for(network)
    n = len(password)  # code points: one Unicode character counts as one (800-63B-4)
    if n < NIST_MIN_LENGTH:
        return Verdict(False, "accounts.pw.too_short", (("min", NIST_MIN_LENGTH), ("n", n)))
    if n > rule.max_length:
        return Verdict(False, "accounts.pw.too_long", (("max", rule.max_length), ("network", network)))
    lowered = password.lower()
    for word in context_words:
        if len(word) >= 4 and word.lower() in lowered:
            return Verdict(False, "accounts.pw.context")
    # zxcvbn's own dictionaries stand in for NIST's blocklist (common and breached passwords).
    result = zxcvbn(password[:100], user_inputs=[w for w in context_words if w])
    if int(result["score"]) < MIN_SCORE:
        warning = str((result.get("feedback") or {}).get("warning") or "")
        return Verdict(False, "accounts.pw.guessable", (("score", int(result["score"])), ("hint", warning)))
    missing = sorted(rule.require - kinds_of(password))
    if missing:
        return Verdict(False, "accounts.pw.network_rule",
                       (("network", network), ("missing", ",".join(missing)), ("rule", rule.note)))
    return Verdict(True)
