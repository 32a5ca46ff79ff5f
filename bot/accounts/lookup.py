"""Finding accounts by what people type, and who may act on one (SPEC §1, §2)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, has_role
from bot.core.errors import Forbidden, NotFound, UsageError
from storage.models import NETWORKS, Account, Grant

OPEN_GRANT_STATES = ("awaiting_fulfilment", "active", "revoking")
NETWORK_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "gbp": "google-business",
                   "google": "google-business", "yt": "youtube", "li": "linkedin"}
# Networks whose handles are @names: letters, digits, dot and underscore only.
AT_NETWORKS = frozenset({"instagram", "x", "tiktok", "threads", "pinterest"})
_AT_HANDLE = re.compile(r"^[a-z0-9._]{1,120}$")
_NAME_HANDLE = re.compile(r"^[\w.\-&' ]{1,120}$")


def normalize_handle(text: str) -> str:
    """How handles are stored: no leading "@", no surrounding blanks, lower case."""
    return text.strip().lstrip("@").strip().lower()


def parse_network(text: str) -> str | None:
    norm = text.strip().lower()
    norm = NETWORK_ALIASES.get(norm, norm)
    return norm if norm in NETWORKS else None


def handle_is_valid(network: str, handle: str) -> bool:
    pattern = _AT_HANDLE if network in AT_NETWORKS else _NAME_HANDLE
    return bool(pattern.match(handle)) and handle == handle.strip()


_ESCAPED_MENTION = re.compile(r"^<@[UW][A-Z0-9]+\|([^>]+)>$")


def split_ref(text: str) -> tuple[str | None, str]:
    """`instagram:@acme` → ("instagram", "acme"); `@acme` → (None, "acme")."""
    text = text.strip()
    # should_escape: a handle that is also someone's Slack name arrives as <@U0123|acme>.
    mention = _ESCAPED_MENTION.match(text)
    if mention:
        text = mention.group(1)
    if ":" in text and not text.lower().startswith(("http://", "https://")):
        net, _, handle = text.partition(":")
        network = parse_network(net)
        if network is not None:
            return network, normalize_handle(handle)
    return None, normalize_handle(text)


def find_account(session: Session, team_id: str, ref: str, *, usage_key: str,
                 include_archived: bool = False) -> Account:
    """The one account `ref` names (`handle`, `@handle` or `network:handle`).

    A handle on several networks is ambiguous: say which, with `network:handle`.
    """
    network, handle = split_ref(ref)
    if not handle:
        raise UsageError("accounts.error.no_handle", usage_key=usage_key)
    query = select(Account).where(Account.team_id == team_id, Account.handle == handle)
    if network is not None:
        query = query.where(Account.network == network)
    if not include_archived:
        query = query.where(Account.status == "active")
    found = list(session.scalars(query.order_by(Account.network)))
    if not found:
        raise NotFound("accounts.error.not_found", ref=ref.strip())
    if len(found) > 1:
        choices = ", ".join(f"`{a.network}:{a.handle}`" for a in found)
        raise UsageError("accounts.error.ambiguous", usage_key=usage_key, handle=handle, choices=choices)
    return found[0]


def account_in_team(session: Session, team_id: str, account_id: int) -> Account:
    """The account a button or a modal names by id (read with `parse_id`, so within the
    database's range). Another workspace's account is as absent as a missing one."""
    account = session.get(Account, account_id)
    if account is None or account.team_id != team_id:
        raise no_such_account()
    return account


def no_such_account() -> NotFound:
    # Names no id: a forged value is not echoed back, and an id of another workspace says nothing.
    return NotFound("accounts.error.no_such_account")


def subject(account: Account) -> str:
    return f"account:{account.id} {account.network}:@{account.handle}"


def is_admin(session: Session, actor: Actor) -> bool:
    return has_role(session, actor)


def require_custodian_of(session: Session, actor: Actor, account: Account,
                         *, action: str) -> None:
    """Only the account's own custodian, or an admin, may touch its secrets and record."""
    if actor.user_id == account.custodian_id or is_admin(session, actor):
        return
    raise Forbidden("accounts.error.not_custodian", action=action, subject=subject(account),
                    custodian=account.custodian_id)


def may_be_custodian(session: Session, team_id: str, user_id: str) -> bool:
    """Whoever is made custodian can reveal, rotate and archive the account: only a holder of
    the custodian role, or an admin, may be given one (a form's user id is not trusted)."""
    return has_role(session, Actor(team_id, user_id), Role.CUSTODIAN)


def can_see_private(session: Session, actor: Actor, account: Account | None = None) -> bool:
    """Login and recovery details: custodians, admins and auditors (never the secrets)."""
    if account is not None and actor.user_id == account.custodian_id:
        return True
    return has_role(session, actor, Role.CUSTODIAN, Role.AUDITOR)


def open_grant_counts(session: Session, team_id: str) -> dict[int, int]:
    rows = session.execute(
        select(Grant.account_id, func.count())
        .where(Grant.team_id == team_id, Grant.status.in_(OPEN_GRANT_STATES))
        .group_by(Grant.account_id)
    ).tuples()
    return {int(account_id): int(n) for account_id, n in rows}



