"""The vault: account secrets encrypted at rest with AES-256-GCM (SPEC §2).

Each ciphertext records the id of the key that sealed it and a fresh 96-bit nonce.
The associated data binds the ciphertext to its workspace, account and field, so a
row copied or moved in the database fails authentication rather than decrypting as
someone else's secret. A missing key, a wrong key or an altered row raises
`VaultError` naming the problem (never the secret), so nothing prints garbage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import VaultSecret, utcnow
from storage.sealing import Sealed, open_text, seal_text
from storage.vault_keys import (
    KeyRing,
    VaultError,
    VaultSettings,
    ensure_dev_key_file,
    generate_key_line,
    load_keyring,
)

__all__ = [
    "FIELDS",
    "CheckResult",
    "KeyRing",
    "Sealed",
    "Vault",
    "VaultError",
    "check_vault",
    "ensure_dev_key_file",
    "generate_key_line",
    "load_keyring",
    "vault_from_settings",
]

FIELDS = ("password", "mailbox_password", "recovery_codes")  # the login mailbox's own password: SPEC §0.1
log = logging.getLogger("socialops.vault")


def associated_data(team_id: str, account_id: int, field: str) -> bytes:
    return "\x00".join(("socialops.vault.v1", team_id, str(account_id), field)).encode()


@dataclass(frozen=True)
class CheckResult:
    secrets: int
    by_key: dict[str, int]
    unreadable: tuple[int, ...]  # ids of rows that failed although their key works: altered


def _sealed(row: VaultSecret) -> Sealed:
    return Sealed(row.key_id, row.nonce, row.ciphertext)


def _store(row: VaultSecret, sealed: Sealed) -> None:
    row.key_id, row.nonce, row.ciphertext, row.updated_at = (
        sealed.key_id, sealed.nonce, sealed.ciphertext, utcnow())


class Vault:
    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    def __repr__(self) -> str:
        return f"Vault(primary={self.ring.primary_id!r})"

    # ---- the cipher ------------------------------------------------------------------

    def seal(self, team_id: str, account_id: int, field: str, secret: str) -> Sealed:
        if field not in FIELDS:
            raise ValueError(f"unknown vault field {field!r}")
        return seal_text(self.ring, secret, associated_data(team_id, account_id, field))

    def unseal(self, team_id: str, account_id: int, field: str, sealed: Sealed) -> str:
        return open_text(self.ring, sealed, associated_data(team_id, account_id, field),
                         where=f"the {field} of account #{account_id}")

    # ---- rows ------------------------------------------------------------------------

    def put(self, session: Session, *, team_id: str, account_id: int, field: str, secret: str) -> None:
        sealed = self.seal(team_id, account_id, field, secret)
        row = session.scalars(
            select(VaultSecret).where(VaultSecret.account_id == account_id, VaultSecret.field == field)
            .with_for_update()
        ).one_or_none()
        if row is None:
            row = VaultSecret(team_id=team_id, account_id=account_id, field=field)
            session.add(row)
        _store(row, sealed)
        session.flush()

    def get(self, session: Session, *, team_id: str, account_id: int, field: str) -> str | None:
        row = session.scalars(
            select(VaultSecret).where(
                VaultSecret.team_id == team_id, VaultSecret.account_id == account_id,
                VaultSecret.field == field,
            )
        ).one_or_none()
        if row is None:
            return None
        return self.unseal(team_id, account_id, field, _sealed(row))

    def remove(self, session: Session, *, account_id: int, field: str | None = None) -> int:
        stmt = delete(VaultSecret).where(VaultSecret.account_id == account_id)
        if field is not None:
            stmt = stmt.where(VaultSecret.field == field)
        return int(getattr(session.execute(stmt), "rowcount", 0) or 0)

    # ---- maintenance -----------------------------------------------------------------

    def rekey(self, session: Session) -> tuple[int, int]:
        """Re-encrypt every secret not under the primary key; (re-encrypted, already current).

        Runs in the caller's transaction: either every secret moves or none does.
        """
        moved = current = 0
        for row in session.scalars(select(VaultSecret).order_by(VaultSecret.id).with_for_update()):
            if row.key_id == self.ring.primary_id:
                current += 1
                continue
            plain = self.unseal(row.team_id, row.account_id, row.field, _sealed(row))
            _store(row, self.seal(row.team_id, row.account_id, row.field, plain))
            del plain
            moved += 1
        session.flush()
        return moved, current

    def check(self, session: Session, *, per_key: int = 200) -> CheckResult:
        """Prove the configured keys open the stored secrets.

        Raises VaultError when a key in use is missing or opens none of its secrets (a
        wrong key). Single rows that fail under a working key are reported, not raised:
        one altered row must not keep the whole app down.
        """
        counts = select(VaultSecret.key_id, func.count()).group_by(VaultSecret.key_id)
        by_key: dict[str, int] = dict(session.execute(counts).tuples().all())
        unreadable: list[int] = []
        for kid in sorted(by_key):
            if self.ring.key(kid) is None:
                raise VaultError(
                    "unknown_key",
                    f"{by_key[kid]} stored secret(s) are sealed with vault key {kid!r}, which is not "
                    f"configured (configured: {', '.join(self.ring.ids)})",
                )
            rows = session.scalars(
                select(VaultSecret).where(VaultSecret.key_id == kid).order_by(VaultSecret.id).limit(per_key)
            ).all()
            failed: list[int] = []
            for row in rows:
                try:
                    self.unseal(row.team_id, row.account_id, row.field, _sealed(row))
                except VaultError:
                    failed.append(row.id)
            if rows and len(failed) == len(rows):
                raise VaultError(
                    "cannot_decrypt",
                    f"vault key {kid!r} opens none of the {len(rows)} stored secret(s) sealed under that id: "
                    "it is the wrong key (check SOCIALOPS_VAULT_KEYS / SOCIALOPS_VAULT_KEY_FILE)",
                )
            unreadable.extend(failed)
        return CheckResult(sum(by_key.values()), by_key, tuple(unreadable))


def vault_from_settings(settings: VaultSettings) -> Vault | None:
    """The configured vault, or None when no key is configured (VaultError if keys are malformed)."""
    ring = load_keyring(settings)
    return Vault(ring) if ring is not None else None


def count_secrets(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(VaultSecret)) or 0)


def check_vault(db: Database, settings: Any) -> CheckResult | None:
    """The start-up check: raise VaultError (one clear line) unless the keys open the secrets.

    No key and no secret is fine (commands that need the vault explain how to set one up);
    secrets without a key, or keys that open none of them, are not.
    """
    vault = vault_from_settings(settings)
    with db.uow() as session:
        if vault is None:
            stored = count_secrets(session)
            if stored:
                raise VaultError(
                    "no_keys",
                    f"{stored} secret(s) are stored but no vault key is configured: set SOCIALOPS_VAULT_KEYS "
                    "or SOCIALOPS_VAULT_KEY_FILE to the keys they were sealed with",
                )
            return None
        result = vault.check(session)
    if result.unreadable:
        log.error("vault rows fail authentication (altered?)",
                  extra={"rows": list(result.unreadable), "count": len(result.unreadable)})
    return result
