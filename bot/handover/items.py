"""What goes into a handover act, and how each kind of item is done.

Two extension points make the act extensible without touching this feature; a feature
contributes to them in its `Feature` record (`contributes={COLLECTOR: (...), KIND: (...)}`):

- collectors: `collect(session, team_id, user_id) -> list[ItemSpec]` finds what the leaving
  person holds (grants, custody, known passwords here; posts and crisis roles when those
  features contribute theirs);
- kinds: an `ItemKind` says how an item of that kind is shown, whether it is done (derived
  from the records, never trusted from a click), who owns it (for reminders) and what its
  button does.

A feature whose records change elsewhere calls `handover.sync_subject(...)` (or emits one of
the events this feature subscribes to) so open acts tick the matching items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.deployment import deployment_of
from bot.core.errors import Conflict
from bot.core.events import emit
from storage import audit
from storage.models import Account, Grant, HandoverAct, HandoverItem, PasswordKnower

GRANT_REVOKE = "grant.revoke"
ACCOUNT_CUSTODY = "account.custody"
ACCOUNT_ROTATE = "account.rotate"
LIVE_GRANT_STATUSES = ("awaiting_fulfilment", "active", "revoking")


@dataclass(frozen=True)
class ItemSpec:
    """One thing the leaving person holds, as a collector reports it."""

    kind: str
    subject_id: str
    label: str  # language-neutral: "instagram @acme — editor"
    detail: dict[str, Any] = field(default_factory=dict)
    requested: bool = False  # already under way when the act starts (e.g. a grant being revoked)
    # Who asked for it and when, when it was already under way (SYSTEM: the grant expired).
    requested_by: str | None = None
    requested_at: datetime | None = None


@dataclass(frozen=True)
class Done:
    """A fact from the records: the item's action happened (by whom and when, when known)."""

    by: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class UnderWay:
    """A fact from the records: the item's action was asked for (by whom, when, why), not done yet."""

    by: str | None = None
    at: datetime | None = None
    why: str | None = None  # e.g. "expired": nobody asked, the grant's time ran out


Check = Callable[[Session, HandoverAct, HandoverItem], Done | None]
Asked = Callable[[Session, HandoverAct, HandoverItem], UnderWay | None]
Owner = Callable[[Session, HandoverAct, HandoverItem], str | None]
Perform = Callable[[Session, HandoverAct, HandoverItem, Actor, datetime], None]


@dataclass(frozen=True)
class ItemKind:
    name: str
    title_key: str  # catalog key, "{label}" placeholder: "Revoke access: {label}"
    check: Check  # Done when the records show it happened, else None
    owner: Owner  # who is reminded while it is open
    button_key: str | None = None  # catalog key of the item's button; None = ticked automatically
    perform: Perform | None = None  # what the button does (in the caller's unit of work)
    on_start: Perform | None = None  # asked for at once when the act starts; the item shows "requested"
    order: int = 50  # position of this kind's items in the checklist
    under_way: Asked | None = None  # the records show it asked for already (an open item shows "requested")


Collector = Callable[[Session, str, str], list[ItemSpec]]
# The extension points' names, for `Feature.contributes`.
COLLECTOR = "handover.collector"
KIND = "handover.kind"


def _kinds(session: Session) -> dict[str, ItemKind]:
    return {k.name: k for k in deployment_of(session).contributed(KIND)}


def kind_of(session: Session, name: str) -> ItemKind | None:
    return _kinds(session).get(name)


def collect_all(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    """Every item of every collector, each (kind, subject) once, in checklist order."""
    kinds = _kinds(session)
    seen: dict[tuple[str, str], ItemSpec] = {}
    for fn in deployment_of(session).contributed(COLLECTOR):
        for spec in fn(session, team_id, user_id):
            if kinds.get(spec.kind) is None:
                raise RuntimeError(f"collector {fn.__name__} returned unknown item kind {spec.kind!r}")
            seen.setdefault((spec.kind, spec.subject_id), spec)
    return sorted(seen.values(), key=lambda s: (kinds[s.kind].order, s.label, s.subject_id))


# ---- built-in collectors -------------------------------------------------------------------


def account_label(account: Account) -> str:
    return f"{account.network} @{account.handle} ({account.brand})"


def grants_of(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    rows = session.execute(
        select(Grant, Account)
        .join(Account, Account.id == Grant.account_id)
        .where(Grant.team_id == team_id, Grant.holder_id == user_id, Grant.status.in_(LIVE_GRANT_STATUSES))
        .order_by(Grant.id)
    ).all()
    return [
        ItemSpec(
            GRANT_REVOKE,
            str(grant.id),
            f"{account_label(account)} — {grant.role}",
            {
                "account_id": account.id,
                "role": grant.role,
                "shared_password": grant.shared_password,
                "status_at_start": grant.status,
                **({"requested_why": grant.revoke_reason} if grant.status == "revoking" else {}),
            },
            requested=grant.status == "revoking",
            requested_by=grant.revoke_requested_by if grant.status == "revoking" else None,
            requested_at=grant.revoke_requested_at if grant.status == "revoking" else None,
        )
        for grant, account in rows
    ]


def custody_of(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    accounts = session.scalars(
        select(Account)
        .where(Account.team_id == team_id, Account.custodian_id == user_id, Account.status == "active")
        .order_by(Account.id)
    )
    return [ItemSpec(ACCOUNT_CUSTODY, str(a.id), account_label(a), {"account_id": a.id}) for a in accounts]


def passwords_known_by(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    """Revealed or otherwise known (any knower source), shared-password grants, created by them."""
    via: dict[int, set[str]] = {}
    for account_id, source in session.execute(
        select(PasswordKnower.account_id, PasswordKnower.source).where(
            PasswordKnower.team_id == team_id,
            PasswordKnower.user_id == user_id,
            # The network's password; the login mailbox's is the accounts feature's own item.
            PasswordKnower.field == "password",
        )
    ):
        via.setdefault(account_id, set()).add(source)
    for (account_id,) in session.execute(
        select(Grant.account_id).where(
            Grant.team_id == team_id,
            Grant.holder_id == user_id,
            Grant.shared_password.is_(True),
            Grant.status.in_(LIVE_GRANT_STATUSES),
        )
    ):
        via.setdefault(account_id, set()).add("shared_grant")
    for (account_id,) in session.execute(
        select(Account.id).where(Account.team_id == team_id, Account.created_by == user_id)
    ):
        via.setdefault(account_id, set()).add("created")
    if not via:
        return []
    accounts = session.scalars(
        select(Account).where(Account.id.in_(via), Account.status == "active").order_by(Account.id)
    )
    return [
        ItemSpec(ACCOUNT_ROTATE, str(a.id), account_label(a), {"account_id": a.id, "via": sorted(via[a.id])})
        for a in accounts
    ]


# ---- built-in kinds ------------------------------------------------------------------------


def _grant(session: Session, item: HandoverItem) -> Grant | None:
    return session.get(Grant, int(item.subject_id))


def _account(session: Session, item: HandoverItem) -> Account | None:
    return session.get(Account, int(item.subject_id))


def _grant_revoked(session: Session, act: HandoverAct, item: HandoverItem) -> Done | None:
    grant = _grant(session, item)
    if grant is None or grant.status != "revoked":
        return None
    return Done(grant.revoked_by, grant.revoked_at)


def _grant_revoking(session: Session, act: HandoverAct, item: HandoverItem) -> UnderWay | None:
    """Already being revoked (an expiry, a review, /access revoke) while the item was open."""
    grant = _grant(session, item)
    if grant is None or grant.status != "revoking":
        return None
    return UnderWay(grant.revoke_requested_by, grant.revoke_requested_at, grant.revoke_reason)


def _grant_owner(session: Session, act: HandoverAct, item: HandoverItem) -> str | None:
    grant = _grant(session, item)
    account = session.get(Account, grant.account_id) if grant else None
    if account is None or account.custodian_id == act.leaving_id:
        return act.started_by  # the leaver cannot be trusted to revoke their own access
    return account.custodian_id


def _request_revocation(
    session: Session, act: HandoverAct, item: HandoverItem, actor: Actor, now: datetime
) -> None:
    # The access feature owns revocations: it creates the custodian's task; we tick on grant.revoked.
    emit(
        session,
        "revocation.needed",
        now=now,
        team_id=act.team_id,
        grant_id=int(item.subject_id),
        reason="handover",
        actor=actor.user_id,
    )


def _custody_moved(session: Session, act: HandoverAct, item: HandoverItem) -> Done | None:
    account = _account(session, item)
    if account is None or account.custodian_id == act.leaving_id:
        return None
    return Done()


def _act_runner(session: Session, act: HandoverAct, item: HandoverItem) -> str | None:
    return act.started_by


def transfer_custody(
    session: Session, account: Account, new: str, actor: Actor, *, act_number: str, now: datetime
) -> None:
    """Make `new` the account's custodian, on record, and tell the other features."""
    old = account.custodian_id
    if old == new:
        return
    account.custodian_id = new
    audit.append(
        session,
        team_id=account.team_id,
        actor=actor.user_id,
        action="account.custody",
        subject=f"{account.network}:{account.handle}",
        at=now,
        detail={"account_id": account.id, "old": old, "new": new, "reason": "handover", "act": act_number},
    )
    emit(
        session,
        "custody.changed",
        team_id=account.team_id,
        account_id=account.id,
        old=old,
        new=new,
        actor=actor.user_id,
        now=now,
    )


def _transfer(session: Session, act: HandoverAct, item: HandoverItem, actor: Actor, now: datetime) -> None:
    if not act.receiver_id:
        raise Conflict("handover.error.no_receiver", act=act.number)
    account = _account(session, item)
    if account is None:
        raise Conflict("handover.error.item_gone", act=act.number)
    transfer_custody(session, account, act.receiver_id, actor, act_number=act.number, now=now)


def _rotated(session: Session, act: HandoverAct, item: HandoverItem) -> Done | None:
    account = _account(session, item)
    if account is None or account.last_rotated_at is None or account.last_rotated_at <= act.started_at:
        return None
    if account.last_rotated_by == act.leaving_id:
        return None  # the leaver would know the new password: it has to change again, by someone else
    return Done(account.last_rotated_by, account.last_rotated_at)


def _rotation_owner(session: Session, act: HandoverAct, item: HandoverItem) -> str | None:
    """Who must rotate: the custodian, unless that is the leaver (who would learn the new password);
    then the receiver, who gets custody, or else whoever runs the act. Never the leaver."""
    account = _account(session, item)
    candidates = (account.custodian_id if account else None, act.receiver_id, act.started_by)
    return next((c for c in candidates if c and c != act.leaving_id), None)


def _request_rotation(
    session: Session, act: HandoverAct, item: HandoverItem, actor: Actor, now: datetime
) -> None:
    """Ask the accounts feature for the rotation (it tasks the custodian, idempotently) — but not
    while the leaver is the custodian: the task would go to them. Custody moving, or a rotation
    by the leaver, asks again (sync.on_custody_changed, sync.on_account_rotated)."""
    account = _account(session, item)
    if account is None or account.custodian_id == act.leaving_id:
        return
    emit(
        session,
        "rotation.needed",
        now=now,
        team_id=act.team_id,
        account_id=int(item.subject_id),
        reason="handover",
        actor=actor.user_id,
        user_id=act.leaving_id,
    )


# The act's own item kinds and collectors (contributed by the handover feature's record).
BUILTIN_KINDS: tuple[ItemKind, ...] = (
    ItemKind(
        GRANT_REVOKE,
        "handover.item.grant_revoke",
        _grant_revoked,
        _grant_owner,
        button_key="handover.button.revoke",
        perform=_request_revocation,
        order=10,
        under_way=_grant_revoking,
    ),
    ItemKind(
        ACCOUNT_CUSTODY,
        "handover.item.account_custody",
        _custody_moved,
        _act_runner,
        button_key="handover.button.transfer",
        perform=_transfer,
        order=20,
    ),
    # SPEC §2: a rotation task goes to the custodian at once when someone who knew the password leaves.
    ItemKind(
        ACCOUNT_ROTATE,
        "handover.item.account_rotate",
        _rotated,
        _rotation_owner,
        on_start=_request_rotation,
        order=30,
    ),
)
BUILTIN_COLLECTORS: tuple[Collector, ...] = (grants_of, custody_of, passwords_known_by)
