"""Reading `/access` command text. Pure functions: any text gives a draft or a UsageError."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.access.guides import parse_role
from bot.core.errors import UsageError
from bot.core.parsing import parse_duration, parse_id, parse_user
from storage.models import ACCESS_ROLES

REASON_MAX = 1500
# "--" often arrives as an em or en dash (macOS and iOS autocorrect it).
_DASHED_FLAG = re.compile(r"^(?:--|—|–)(?:shared[-_]?password|contrase[nñ]a[-_]compartida)$", re.IGNORECASE)
_BARE_FLAG = re.compile(r"^(?:shared[-_]?password|contrase[nñ]a[-_]compartida)$", re.IGNORECASE)
_URL = re.compile(r"^<?(https?://[^\s|<>]+)(?:\|[^>]*)?>?$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FOR_WORDS = ("for", "por", "durante")
_EXPIRES_WORDS = ("expires", "expira", "vence", "until", "hasta")
_SIGNS = "+-\u2212\u2013\u2014"  # plus, minus, and the dashes autocorrect makes of a hyphen


@dataclass(frozen=True)
class RequestDraft:
    account: str  # as typed: "@acme", "acme", "instagram:acme" or "<@U0123|acme>"
    role: str  # generic, canonical
    duration: timedelta | None  # None: the workspace default
    shared_password: bool
    reason: str  # may be empty: the rules say so after the account, so a mistyped handle is reported first


def _usage(key: str, **params: object) -> UsageError:
    return UsageError(key, usage_key="usage.access.request", **params)


def _meant_as_duration(token: str) -> bool:
    """After `for`/`por`/`durante`: a number (signed, decimal, any script's digits) is meant as the
    duration, so one that is not a valid duration is a mistake to report, never a 30-day default;
    a word ("for the summer campaign", "por favor") just starts or continues the reason."""
    if _DASHED_FLAG.match(token):
        return False
    first = token[:1]
    return first != "" and (first in _SIGNS or first in ".," or first.isdigit())


def parse_request(text: str) -> RequestDraft:
    """`<handle> <role> [for <duration>] [--shared-password] <reason…> [for <duration>]`.

    The duration goes right after the role or, as people also write it, after the reason.
    """
    tokens = text.split()
    if not tokens:
        raise _usage("access.error.missing_account")
    account = tokens[0]
    if len(tokens) < 2:
        raise _usage("access.error.bad_role", text="—", roles=", ".join(ACCESS_ROLES))
    role = parse_role(tokens[1])
    if role is None:
        raise _usage("access.error.bad_role", text=tokens[1][:40], roles=", ".join(ACCESS_ROLES))
    duration: timedelta | None = None
    duration_token = ""
    shared = False
    reason_words: list[str] = []
    i = 2
    while i < len(tokens):
        tok = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok.lower() in _FOR_WORDS and _meant_as_duration(following):
            # Wherever it stands: a duration left inside the reason would silently become the default.
            parsed = parse_duration(following)
            if parsed is None:
                raise _usage("access.error.bad_duration", text=following[:20])
            if duration is not None:
                raise _usage("access.error.two_durations", first=duration_token[:20], second=following[:20])
            duration, duration_token = parsed, following
            i += 2
            continue
        # A dashed flag is unambiguous anywhere; a bare one only among the options, before the reason.
        if _DASHED_FLAG.match(tok) or (not reason_words and _BARE_FLAG.match(tok)):
            shared = True
        else:
            reason_words.append(tok)
        i += 1
    reason = " ".join(reason_words)
    if len(reason) > REASON_MAX:
        raise _usage("access.error.reason_too_long", max=REASON_MAX)
    return RequestDraft(account=account, role=role, duration=duration, shared_password=shared, reason=reason)


@dataclass(frozen=True)
class CommitmentDraft:
    user_id: str
    document_url: str
    expires_on: date | None


def parse_commitment(text: str) -> CommitmentDraft:
    """`@user <document-link> [expires YYYY-MM-DD]`."""
    usage = "usage.access.nda"
    tokens = text.split()
    if not tokens:
        raise UsageError("error.bad_user", usage_key=usage, text="—")
    user = parse_user(tokens[0])
    if user is None:
        raise UsageError("error.bad_user", usage_key=usage, text=tokens[0][:60])
    if len(tokens) < 2:
        raise UsageError("access.error.bad_link", usage_key=usage, text="—")
    link = _URL.match(tokens[1])
    if link is None or len(link.group(1)) > 1000:
        raise UsageError("access.error.bad_link", usage_key=usage, text=tokens[1][:60])
    rest = tokens[2:]
    expires: date | None = None
    if rest:
        if len(rest) != 2 or rest[0].lower() not in _EXPIRES_WORDS or not _DATE.match(rest[1]):
            raise UsageError("access.error.bad_date", usage_key=usage, text=" ".join(rest)[:60])
        try:
            expires = date.fromisoformat(rest[1])
        except ValueError:
            raise UsageError("access.error.bad_date", usage_key=usage, text=rest[1]) from None
    return CommitmentDraft(user_id=user, document_url=link.group(1), expires_on=expires)


def _one_id(text: str, usage_key: str, error_key: str) -> int:
    tokens = text.split()
    found = parse_id(tokens[0]) if len(tokens) == 1 else None
    if found is None:
        raise UsageError(error_key, usage_key=usage_key, text=text.strip()[:40] or "—")
    return found


def parse_grant_id(text: str, usage_key: str) -> int:
    """`12` or `#12`: one grant number (ASCII digits within the database's range)."""
    return _one_id(text, usage_key, "access.error.bad_grant_id")


def parse_request_id(text: str, usage_key: str) -> int:
    """`3` or `#3`: one request number (ASCII digits within the database's range)."""
    return _one_id(text, usage_key, "access.error.bad_request_id")


@dataclass(frozen=True)
class ListTarget:
    user_id: str | None = None
    account: str | None = None


def parse_list_target(text: str) -> ListTarget:
    tokens = text.split()
    if not tokens:
        return ListTarget()
    if len(tokens) > 1:
        raise UsageError("access.error.bad_list_target", usage_key="usage.access.list", text=text[:60])
    user = parse_user(tokens[0])
    return ListTarget(user_id=user) if user else ListTarget(account=tokens[0])
