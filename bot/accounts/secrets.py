"""Secrets of accounts (SPEC §2): store, reveal, rotate. Passwords never leave here except
to the caller that shows them in a modal; audits and errors name fields, never values.

Two passwords per account, each its own vault field, its own "knows it" list and its own
rotation: the network's (`password`) and the login mailbox's (`mailbox_password`, SPEC §0.1:
the company must hold it). Knowing one is not knowing the other, as in a password manager."""

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
from bot.accounts.task_messages import Settlement, schedule_settling, settlement, take
from bot.core.authz import Actor
from bot.core.errors import DomainError, ValidationFailed
from bot.core.events import emit
from storage import audit
from storage.models import Account, PasswordKnower, VaultSecret
from storage.upsert import insert_ignore
from storage.vault import Vault, VaultError

log = logging.getLogger("socialops.vault")
Mode = Literal["none", "type", "generate"]
Secret = Literal["password", "mailbox_password"]
PASSWORD: Secret = "password"  # noqa: S105 (a vault field's name)
MAILBOX: Secret = "mailbox_password"
# Whose composition rules a mailbox password follows: the provider's, not the network's (Gmail
# and Outlook both take 8 to 64+ characters); "other" has the loosest known rule.
MAILBOX_RULES = "other"
# The longest a typed password and the 2FA recovery codes may be: the forms' `max_length`, and
# the server's limit on a submission (a forged one could store megabytes in the vault).
PASSWORD_MAX = 128
RECOVERY_CODES_MAX = 2000


@dataclass(frozen=True)
class SecretInput:
    mode: Mode = "none"
    password: str | None = None
    recovery_codes: str | None = None
    mailbox_password: str | None = None  # the login mailbox's own password, as typed

    def __repr__(self) -> str:  # keep secrets out of tracebacks and debuggers
        return (f"SecretInput(mode={self.mode!r}, password={'***' if self.password else None}, "
                f"mailbox_password={'***' if self.mailbox_password else None})")


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


def check_mailbox_password(password: str, context_words: tuple[str, ...]) -> None:
    """A typed mailbox password is held to the same strength as a network's (inline error)."""
    verdict = passwords.check_typed(MAILBOX_RULES, password, context_words)
    if not verdict.ok:
        raise ValidationFailed({"mailbox_password": (verdict.key, verdict.kwargs)})


def _know(session: Session, account: Account, user_id: str, source: str, now: datetime,
          field: Secret = PASSWORD) -> None:
    insert_ignore(session, PasswordKnower, {"team_id": account.team_id, "account_id": account.id, "field": field,
                                            "user_id": user_id, "source": source, "since": now})


def store_secrets(session: Session, vault: Vault, account: Account, actor: Actor, password: str | None,
                  recovery_codes: str | None, now: datetime, *, knower_source: str,
                  mailbox_password: str | None = None) -> None:
    if password:
        vault.put(session, team_id=account.team_id, account_id=account.id, field=PASSWORD, secret=password)
        account.has_password = True
        account.last_rotated_at = now
        account.last_rotated_by = actor.user_id
        _know(session, account, actor.user_id, knower_source, now)
    if mailbox_password:
        vault.put(session, team_id=account.team_id, account_id=account.id, field=MAILBOX, secret=mailbox_password)
        account.has_mailbox_password = True
        account.mailbox_rotated_at = now
        account.mailbox_rotated_by = actor.user_id
        _know(session, account, actor.user_id, knower_source, now, MAILBOX)
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
    mailbox_password: str | None = None
    login_email: str | None = None  # the mailbox whose password is shown (no secret itself)

    def __repr__(self) -> str:
        return f"Revealed({self.network}:@{self.handle}, problem={self.problem!r})"


def reveal(session: Session, vault: Vault | None, actor: Actor, ref: str,
           now: datetime, *, secret: Secret = PASSWORD) -> Revealed:
    """The account's custodian or an admin sees the secrets; each view is on record and the
    viewer joins the "knows the password" list. Anyone else is refused (and that is audited).

    `secret=MAILBOX` shows the login mailbox's password alone: whoever needs the network's does
    not come to know the mailbox's too (each is a rotation owed when they leave)."""
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.reveal", include_archived=True)
    require_custodian_of(session, actor, account, action="account.reveal")
    vault = require_vault(vault)
    if secret == MAILBOX:
        return _reveal_mailbox(session, vault, actor, account, now)
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


def _vault_problem(session: Session, actor: Actor, account: Account, exc: VaultError, now: datetime,
                   field: str) -> Revealed:
    log.error("vault could not open a secret",
              extra={"team": account.team_id, "account": account.id, "field": field, "problem": exc.code})
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.reveal",
                 subject=subject(account), outcome="error", at=now, detail={"problem": exc.code, "fields": [field]})
    return Revealed(account.network, account.handle, problem=exc.code)


def _reveal_mailbox(session: Session, vault: Vault, actor: Actor, account: Account, now: datetime) -> Revealed:
    try:
        password = vault.get(session, team_id=account.team_id, account_id=account.id, field=MAILBOX)
    except VaultError as exc:
        return _vault_problem(session, actor, account, exc, now, MAILBOX)
    if password is None:
        raise DomainError("accounts.error.no_mailbox_secret", network=account.network, handle=account.handle)
    _know(session, account, actor.user_id, "revealed", now, MAILBOX)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.reveal",
                 subject=subject(account), at=now, detail={"fields": [MAILBOX]})
    return Revealed(account.network, account.handle, mailbox_password=password, login_email=account.login_email)


@dataclass(frozen=True)
class RotationTarget:
    account_id: int
    network: str
    handle: str
    owed: str | None  # the reason a rotation is owed, if one is
    secret: Secret = PASSWORD
    login_email: str | None = None  # for the mailbox's form: which mailbox


def check_rotate(session: Session, vault: Vault | None, actor: Actor,
                 ref: str, *, secret: Secret = PASSWORD) -> RotationTarget:
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.rotate")
    target = _rotation_target(session, vault, actor, account)
    if secret == MAILBOX:  # what is owed (a task, compromise) concerns the network's password
        return RotationTarget(account.id, account.network, account.handle, None, MAILBOX, account.login_email)
    return target


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
    # The delivery that settles them (task_messages.KIND_SETTLED), scheduled with the rotation.
    settling: str | None = None

    def __repr__(self) -> str:
        return f"Rotated({self.network}:@{self.handle})"


def rotate(session: Session, vault: Vault | None, actor: Actor, account_id: int,
           secret: SecretInput, now: datetime, *, which: Secret = PASSWORD) -> Rotated:
    """Record a new password: reset the clock, settle any owed rotation, and start the
    "knows the password" list afresh with only the person who set it.

    `which=MAILBOX` records the login mailbox's password instead: its own clock and list; an
    owed rotation of the network's password stays owed."""
    account = account_in_team(session, actor.team_id, account_id)
    require_custodian_of(session, actor, account, action="account.rotate")
    vault = require_vault(vault)
    if account.status != "active":
        raise DomainError("accounts.error.archived", network=account.network, handle=account.handle)
    if secret.mode == "none":
        raise ValidationFailed({"password_mode": ("accounts.error.mode_required", {})})
    context_words = (account.brand, account.handle, account.login_email.split("@")[0])
    if which == MAILBOX:
        return _rotate_mailbox(session, vault, actor, account, secret, context_words, now)
    password, generated = choose_password(account.network, secret, context_words)
    assert password is not None
    owed = account.rotation_reason
    vault.put(session, team_id=account.team_id, account_id=account.id, field="password", secret=password)
    account.has_password = True
    account.last_rotated_at = account.updated_at = now
    account.last_rotated_by = actor.user_id
    cancelled = clear_rotation(session, account)
    settled = settlement(session, account, take(session, account))
    # Everyone else who knew the old password no longer knows the current one (the mailbox's
    # password did not change: who knows that one stays on its list).
    session.execute(delete(PasswordKnower).where(PasswordKnower.account_id == account.id,
                                                 PasswordKnower.field == PASSWORD))
    _know(session, account, actor.user_id, "rotated", now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.rotate",
                 subject=subject(account), at=now,
                 detail={"source": "generated" if generated else "typed", "settled": owed,
                         "tasks_cancelled": cancelled})
    emit(session, "account.rotated", now=now, team_id=actor.team_id, account_id=account.id, actor=actor.user_id)
    settling = schedule_settling(session, account.team_id, account.id, settled, now)
    return Rotated(account.id, account.network, account.handle, password if generated else None, cancelled,
                   settled, settling)


def _rotate_mailbox(session: Session, vault: Vault, actor: Actor, account: Account, secret: SecretInput,
                    context_words: tuple[str, ...], now: datetime) -> Rotated:
    password, generated = choose_password(MAILBOX_RULES, secret, context_words)
    assert password is not None
    first = not account.has_mailbox_password
    vault.put(session, team_id=account.team_id, account_id=account.id, field=MAILBOX, secret=password)
    account.has_mailbox_password = True
    account.mailbox_rotated_at = account.updated_at = now
    account.mailbox_rotated_by = actor.user_id
    session.execute(delete(PasswordKnower).where(PasswordKnower.account_id == account.id,
                                                 PasswordKnower.field == MAILBOX))
    _know(session, account, actor.user_id, "rotated", now, MAILBOX)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.mailbox_rotate",
                 subject=subject(account), at=now,
                 detail={"source": "generated" if generated else "typed", "first": first})
    emit(session, "account.mailbox_rotated", now=now, team_id=actor.team_id, account_id=account.id,
         actor=actor.user_id)
    return Rotated(account.id, account.network, account.handle, password if generated else None, 0,
                   Settlement(account.network, account.handle, actor.user_id, now, "UTC"))
