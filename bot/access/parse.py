"""Reading `/access` command text. Pure functions: any text gives a draft or a UsageError."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.access.guides import parse_role
from bot.core.errors import UsageError
from bot.core.parsing import parse_duration, parse_user
from storage.models import ACCESS_ROLES

REASON_MAX = 1500
# "--" often arrives as an em or en dash (macOS and iOS autocorrect it).
_DASHED_FLAG = re.compile(r"^(?:--|—|–)(?:shared[-_]?password|contrase[nñ]a[-_]compartida)$", re.IGNORECASE)
_BARE_FLAG = re.compile(r"^(?:shared[-_]?password|contrase[nñ]a[-_]compartida)$", re.IGNORECASE)
_DURATION_LIKE = re.compile(r"^\d+\w*$")
_URL = re.compile(r"^<?(https?://[^\s|<>]+)(?:\|[^>]*)?>?$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GRANT_ID = re.compile(r"^#?(\d{1,9})$")
_FOR_WORDS = ("for", "por", "durante")
_EXPIRES_WORDS = ("expires", "expira", "vence", "until", "hasta")


@dataclass(frozen=True)
class RequestDraft:
    account: str  # as typed: "@acme", "acme" or "instagram:acme"
    role: str  # generic, canonical
    duration: timedelta | None  # None: the workspace default
    shared_password: bool
    reason: str


def _usage(key: str, **params: object) -> UsageError:
    return UsageError(key, usage_key="usage.access.request", **params)


def parse_request(text: str) -> RequestDraft:
    """`<handle> <role> [for <duration>] [--shared-password] <reason…>`."""
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
    shared = False
    i = 2
    # Options come right after the role, in any order; the first other word starts the reason.
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower() in _FOR_WORDS and i + 1 < len(tokens) and _DURATION_LIKE.match(tokens[i + 1]):
            if duration is not None:
                raise _usage("access.error.bad_duration", text=tokens[i + 1][:20])
            duration = parse_duration(tokens[i + 1])
            if duration is None:
                raise _usage("access.error.bad_duration", text=tokens[i + 1][:20])
            i += 2
        elif _DASHED_FLAG.match(tok) or _BARE_FLAG.match(tok):
            shared = True
            i += 1
        else:
            break
    reason_words = []
    for tok in tokens[i:]:
        if _DASHED_FLAG.match(tok):  # a dashed flag is unambiguous anywhere
            shared = True
        else:
            reason_words.append(tok)
    reason = " ".join(reason_words)
    if not reason:
        raise _usage("access.error.missing_reason")
    if len(reason) > REASON_MAX:
        raise _usage("access.error.reason_too_long", max=REASON_MAX)
    return RequestDraft(account=account, role=role, duration=duration, shared_password=shared, reason=reason)


def split_account(text: str) -> tuple[str | None, str]:
    """"instagram:@Acme" → ("instagram", "acme"); "@acme" → (None, "acme")."""
    text = text.strip()
    network: str | None = None
    if ":" in text:
        head, _, tail = text.partition(":")
        network, text = head.strip().lower() or None, tail
    return network, text.strip().lstrip("@").lower()


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


def parse_grant_id(text: str, usage_key: str) -> int:
    tokens = text.split()
    m = _GRANT_ID.match(tokens[0]) if len(tokens) == 1 else None
    if m is None:
        raise UsageError("access.error.bad_grant_id", usage_key=usage_key, text=text.strip()[:40] or "—")
    return int(m.group(1))


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
