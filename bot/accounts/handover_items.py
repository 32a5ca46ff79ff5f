"""What the accounts feature adds to a handover act (SPEC §4): the login mailbox passwords the
leaver knew. The network passwords are the act's own `account.rotate` items; a login mailbox's
password is a secret of its own (SPEC §0.1: the company must hold it), so whoever revealed,
registered or set it leaves an item "rotate the login mailbox password", ticked when that
secret is rotated by someone else (`account.mailbox_rotated`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.secrets import MAILBOX
from bot.handover.items import Done, ItemKind, ItemSpec, account_label
from bot.handover.sync import sync_subject
from storage.models import Account, HandoverAct, HandoverItem, PasswordKnower

MAILBOX_ROTATE = "account.mailbox_rotate"


def mailbox_passwords_known_by(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    """Each active account whose login mailbox password `user_id` knows (revealed, registered
    or set it), with how they came to know it."""
    via: dict[int, set[str]] = {}
    for account_id, source in session.execute(
        select(PasswordKnower.account_id, PasswordKnower.source).where(
            PasswordKnower.team_id == team_id, PasswordKnower.user_id == user_id, PasswordKnower.field == MAILBOX)
    ):
        via.setdefault(account_id, set()).add(source)
    if not via:
        return []
    accounts = session.scalars(select(Account).where(Account.team_id == team_id, Account.id.in_(via),
                                                     Account.status == "active").order_by(Account.id))
    return [ItemSpec(MAILBOX_ROTATE, str(a.id), account_label(a), {"account_id": a.id, "via": sorted(via[a.id])})
            for a in accounts]


def _account(session: Session, act: HandoverAct, item: HandoverItem) -> Account | None:
    account = session.get(Account, int(item.subject_id))
    return account if account is not None and account.team_id == act.team_id else None


def _mailbox_rotated(session: Session, act: HandoverAct, item: HandoverItem) -> Done | None:
    """Done once the mailbox password changed after the act started, by someone other than the
    leaver (who would know the new one too)."""
    account = _account(session, act, item)
    if account is None or account.mailbox_rotated_at is None or account.mailbox_rotated_at <= act.started_at:
        return None
    if account.mailbox_rotated_by == act.leaving_id:
        return None
    return Done(account.mailbox_rotated_by, account.mailbox_rotated_at)


def _owner(session: Session, act: HandoverAct, item: HandoverItem) -> str | None:
    """Who is reminded: the custodian, or (the leaver being the custodian) the receiver, or
    whoever runs the act; never the leaver."""
    account = _account(session, act, item)
    candidates = (account.custodian_id if account else None, act.receiver_id, act.started_by)
    return next((c for c in candidates if c and c != act.leaving_id), None)


# Right after the network passwords' items (order 30): the same job, for the login mailbox.
MAILBOX_ROTATE_KIND = ItemKind(MAILBOX_ROTATE, "accounts.handover.mailbox_rotate", _mailbox_rotated, _owner,
                               order=31)


def on_mailbox_rotated(session: Session, data: dict[str, Any]) -> None:
    """`account.mailbox_rotated` (emitted by `secrets.rotate`): tick the open acts' items."""
    now: datetime = data["now"]
    sync_subject(session, str(data["team_id"]), MAILBOX_ROTATE, data["account_id"], actor=data.get("actor"),
                 now=now)
