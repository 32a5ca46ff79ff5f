"""The account inventory as the Slack side renders it: plain values, never an ORM object.

A view is read inside the unit of work and stays valid after it (no lazy loads, no
session), so the builders in handlers/accounts/ can run anywhere. It holds no secret:
the passwords (the network's and the login mailbox's) and the recovery codes live in the vault
only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row as SqlRow

from storage.models import Account


@dataclass(frozen=True)
class AccountView:
    id: int
    brand: str
    network: str
    handle: str
    profile_url: str | None
    login_email: str
    created_by: str
    created_at: datetime
    custodian_id: str
    status: str
    twofa_enabled: bool
    twofa_method: str | None
    recovery_email: str | None
    recovery_phone: str | None
    notes: str | None
    last_rotated_at: datetime | None
    rotation_requested_at: datetime | None
    rotation_reason: str | None
    # Findings about the login e-mail (codes and params), as kept after the last add/edit.
    email_warnings: tuple[dict[str, Any], ...] = ()
    # The login mailbox: who created it, whether its own password is in the vault, its recovery.
    mailbox_created_by: str = "unknown"
    has_mailbox_password: bool = False
    mailbox_rotated_at: datetime | None = None
    mailbox_recovery_email: str | None = None
    mailbox_recovery_phone: str | None = None

    @classmethod
    def of(cls, account: Account | SqlRow[Any]) -> AccountView:
        """From the ORM object, or from a plain row of the accounts table (same attribute names)."""
        return cls(
            id=account.id, brand=account.brand, network=account.network, handle=account.handle,
            profile_url=account.profile_url, login_email=account.login_email, created_by=account.created_by,
            created_at=account.created_at, custodian_id=account.custodian_id, status=account.status,
            twofa_enabled=account.twofa_enabled, twofa_method=account.twofa_method,
            recovery_email=account.recovery_email, recovery_phone=account.recovery_phone, notes=account.notes,
            last_rotated_at=account.last_rotated_at, rotation_requested_at=account.rotation_requested_at,
            rotation_reason=account.rotation_reason,
            email_warnings=tuple(dict(f) for f in account.email_warnings or ()),
            mailbox_created_by=account.mailbox_created_by or "unknown",
            has_mailbox_password=bool(account.has_mailbox_password),
            mailbox_rotated_at=account.mailbox_rotated_at,
            mailbox_recovery_email=account.mailbox_recovery_email,
            mailbox_recovery_phone=account.mailbox_recovery_phone,
        )
