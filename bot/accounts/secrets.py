"""Secrets of accounts (SPEC §2): store, reveal, rotate. Passwords never leave here except
to the caller that shows them in a modal; audits and errors name fields, never values."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.accounts import passwords
from bot.accounts.lookup import account_in_team, find_account, require_custodian_of, subject
from bot.accounts.rotation import clear_rotation
from bot.accounts.task_messages import Settlement, settlement, take
from bot.core.authz import Actor
from bot.core.errors import DomainError, ValidationFailed
from bot.core.events import emit
from storage import audit
from storage.models import Account, PasswordKnower, VaultSecret
from storage.upsert import insert_ignore
from storage.vault import Vault, VaultError

log = logging.getLogger("socialops.vault")
Mode = Literal["none", "type", "generate"]
# The longest a typed password and the 2FA recovery codes may be: the forms' `max_length`, and
# the server's limit on a submission (a forged one could store megabytes in the vault).
PASSWORD_MAX = 128
RECOVERY_CODES_MAX = 2000


@dataclass(frozen=True)
class SecretInput:
    mode: Mode = "none"
    password: str | None = None
    recovery_codes: str | None = None

    def __repr__(self) -> str:  # keep secrets out of tracebacks and debuggers
        return f"SecretInput(mode={self.mode!r}, password={'***' if self.password else None})"


def no_vault() -> DomainError:
    return DomainError("accounts.error.no_vault")


def require_vault(vault: Vault | None) -> Vault:
    if vault is None:
        raise no_vault()
    return vault


def choose_password(network: str, secret: SecretInput, context_words: tuple[str, ...]) -> tuple[str | None, bool]:
    """(the password to store, whether we generated it). A weak typed one is refused inline."""
    if secret.mode == "generate":
        return passwords.generate(network), True
    if secret.mode == "type" or secret.password:
        if not secret.password:
            raise ValidationFailed({"password": ("accounts.error.password_required", {})})
        verdict = passwords.check_typed(network, secret.password, context_words)
        if not verdict.ok:
            raise ValidationFailed({"password": (verdict.key, verdict.kwargs)})
        return secret.password, False
    return None, False


def _know(session: Session, account: Account, user_id: str, source: str, now: datetime) -> None:
    insert_ignore(session, PasswordKnower, {"team_id": account.team_id, "account_id": account.id,
                                            "user_id": user_id, "source": source, "since": now})


def store_secrets(session: Session, vault: Vault, account: Account, actor: Actor, password: str | None,
                  recovery_codes: str | None, now: datetime, *, knower_source: str) -> None:
    if password:
        vault.put(session, team_id=account.team_id, account_id=account.id, field="password", secret=password)
        account.has_password = True
        account.last_rotated_at = now
        account.last_rotated_by = actor.user_id
        _know(session, account, actor.user_id, knower_source, now)
    if recovery_codes:
        vault.put(session, team_id=account.team_id, account_id=account.id, field="recovery_codes",
                  secret=recovery_codes)


def has_secret(session: Session, account: Account, field: str) -> bool:
    return session.scalar(select(VaultSecret.id).where(VaultSecret.account_id == account.id,
                                                       VaultSecret.field == field)) is not None


@dataclass(frozen=True)
class Revealed:
    network: str
    handle: str
    password: str | None = None
    recovery_codes: str | None = None
    problem: str | None = None  # a VaultError code: the vault could not open the secret

    def __repr__(self) -> str:
        return f"Revealed({self.network}:@{self.handle}, problem={self.problem!r})"


def reveal(session: Session, vault: Vault | None, actor: Actor, ref: str,
           now: datetime) -> Revealed:
    """The account's custodian or an admin sees the secrets; each view is on record and the
    viewer joins the "knows the password" list. Anyone else is refused (and that is audited)."""
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.reveal", include_archived=True)
    require_custodian_of(session, actor, account, action="account.reveal")
    vault = require_vault(vault)
    try:
        password = vault.get(session, team_id=account.team_id, account_id=account.id, field="password")
        codes = vault.get(session, team_id=account.team_id, account_id=account.id, field="recovery_codes")
    except VaultError as exc:
        # Kept on record (this transaction commits) and logged by id: an altered row or a wrong
        # key is something the admins must hear about.
        log.error("vault could not open a secret",
                  extra={"team": account.team_id, "account": account.id, "problem": exc.code})
        audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.reveal",
                     subject=subject(account), outcome="error", at=now, detail={"problem": exc.code})
        return Revealed(account.network, account.handle, problem=exc.code)
    if password is None and codes is None:
        raise DomainError("accounts.error.no_secret", network=account.network, handle=account.handle)
    if password is not None:
        _know(session, account, actor.user_id, "revealed", now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.reveal",
                 subject=subject(account), at=now,
                 detail={"fields": [f for f, v in (("password", password), ("recovery_codes", codes)) if v]})
    return Revealed(account.network, account.handle, password, codes)


@dataclass(frozen=True)
class RotationTarget:
    account_id: int
    network: str
    handle: str
    owed: str | None  # the reason a rotation is owed, if one is


def check_rotate(session: Session, vault: Vault | None, actor: Actor,
                 ref: str) -> RotationTarget:
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.rotate")
    return _rotation_target(session, vault, actor, account)


def check_rotate_id(session: Session, vault: Vault | None, actor: Actor,
                    account_id: int) -> RotationTarget:
    return _rotation_target(session, vault, actor, account_in_team(session, actor.team_id, account_id))


def check_rotate_task(session: Session, vault: Vault | None, actor: Actor,
                      account_id: int, channel: str, ts: str) -> RotationTarget | Settlement:
    """The task button: the form when a rotation is owed; otherwise the task is stale, and
    what settled it (the clicked message is forgotten: the handler updates it in place)."""
    account = account_in_team(session, actor.team_id, account_id)
    target = _rotation_target(session, vault, actor, account)
    if target.owed is not None and account.status == "active":
        return target
    return settlement(session, account, take(session, account, channel=channel, ts=ts))


def _rotation_target(session: Session, vault: Vault | None, actor: Actor,
                     account: Account) -> RotationTarget:
    require_custodian_of(session, actor, account, action="account.rotate")
    require_vault(vault)
    return RotationTarget(account.id, account.network, account.handle, account.rotation_reason)


@dataclass(frozen=True)
class Rotated:
    account_id: int
    network: str
    handle: str
    generated: str | None  # shown once, in the modal only
    tasks_cancelled: int
    settled: Settlement  # the task messages whose button gives way to "Rotated by … at …"

    def __repr__(self) -> str:
        return f"Rotated({self.network}:@{self.handle})"


def rotate(session: Session, vault: Vault | None, actor: Actor, account_id: int,
           secret: SecretInput, now: datetime) -> Rotated:
    """Record a new password: reset the clock, settle any owed rotation, and start the
    "knows the password" list afresh with only the person who set it."""
    account = account_in_team(session, actor.team_id, account_id)
    require_custodian_of(session, actor, account, action="account.rotate")
    vault = require_vault(vault)
    if account.status != "active":
        raise DomainError("accounts.error.archived", network=account.network, handle=account.handle)
    if secret.mode == "none":
        raise ValidationFailed({"password_mode": ("accounts.error.mode_required", {})})
    context_words = (account.brand, account.handle, account.login_email.split("@")[0])
    password, generated = choose_password(account.network, secret, context_words)
    assert password is not None
    owed = account.rotation_reason
    vault.put(session, team_id=account.team_id, account_id=account.id, field="password", secret=password)
    account.has_password = True
    account.last_rotated_at = account.updated_at = now
    account.last_rotated_by = actor.user_id
    cancelled = clear_rotation(session, account)
    settled = settlement(session, account, take(session, account))
    # Everyone else who knew the old password no longer knows the current one.
    session.execute(delete(PasswordKnower).where(PasswordKnower.account_id == account.id))
    _know(session, account, actor.user_id, "rotated", now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.rotate",
                 subject=subject(account), at=now,
                 detail={"source": "generated" if generated else "typed", "settled": owed,
                         "tasks_cancelled": cancelled})
    emit(session, "account.rotated", now=now, team_id=actor.team_id, account_id=account.id, actor=actor.user_id)
    return Rotated(account.id, account.network, account.handle, password if generated else None, cancelled,
                   settled)
