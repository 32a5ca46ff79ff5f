"""The account inventory (SPEC §2): register, edit, archive, list, show, export, report.

Secrets (the password, 2FA recovery codes) go through `vault_ops`; rotation policy is in
`rotation`. Entry points for other features: the `rotation.needed` event, or
`request_rotation(session, team_id, account_id, reason, actor, user_id=None, now=...)` here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.accounts import email_checks
from bot.accounts import secrets as vault_ops
from bot.accounts.lookup import (
    account_in_team,
    can_see_private,
    find_account,
    may_be_custodian,
    open_grant_counts,
    require_custodian_of,
    subject,
)
from bot.accounts.rotation import DAILY, clear_rotation, request_rotation
from bot.accounts.secrets import SecretInput
from bot.accounts.task_messages import schedule_numbered
from bot.accounts.views import AccountView
from bot.core.authz import Actor, Role, admin_ids, require_role
from bot.core.errors import NotFound, ValidationFailed
from bot.core.events import emit
from storage import audit
from storage.models import Account, PasswordKnower, Workspace
from storage.vault import Vault

__all__ = ["AccountInput", "SecretInput", "request_rotation"]


# The longest each text field of the add/edit form may be: the modal's `max_length`, and what
# the server enforces on a submission (a forged one is not held to Slack's limit). Within the
# columns' sizes (storage/models/accounts.py); the handle allows its leading "@".
FIELD_MAX = {"brand": 80, "handle": 121, "profile_url": 500, "login_email": 254, "recovery_email": 254,
             "recovery_phone": 32, "notes": 2000, "mailbox_recovery_email": 254, "mailbox_recovery_phone": 32}
# Accounts on one page of `/accounts`: a brand's accounts stay together unless one brand alone
# is more; the page's message stays far inside Slack's 50 blocks even with the longest rows.
PAGE_ROWS = 20


@dataclass(frozen=True)
class AccountInput:
    """The non-secret fields of the inventory, already validated for form."""

    brand: str
    network: str
    handle: str
    login_email: str
    custodian_id: str
    profile_url: str | None = None
    twofa_enabled: bool = False
    twofa_method: str | None = None
    recovery_email: str | None = None
    recovery_phone: str | None = None
    notes: str | None = None
    mailbox_created_by: str = "unknown"  # MAILBOX_CREATORS
    mailbox_recovery_email: str | None = None
    mailbox_recovery_phone: str | None = None


@dataclass(frozen=True)
class Saved:
    account_id: int
    network: str
    handle: str
    twofa_enabled: bool
    login_email: str
    generated: str | None = None  # a generated password, shown once in the modal only
    open_grants: int = 0

    def __repr__(self) -> str:  # never the generated password, even in a traceback
        return f"Saved(#{self.account_id} {self.network}:@{self.handle})"


def _taken(session: Session, team_id: str, network: str, handle: str, other_than: int | None = None) -> bool:
    query = select(Account.id).where(Account.team_id == team_id, Account.network == network,
                                     Account.handle == handle)
    if other_than is not None:
        query = query.where(Account.id != other_than)
    return session.scalar(query.limit(1)) is not None


def _handle_taken(data: AccountInput) -> ValidationFailed:
    return ValidationFailed({"handle": ("accounts.error.handle_taken",
                                        {"network": data.network, "handle": data.handle})})


def _public(data: AccountInput) -> dict[str, object]:
    return {f.name: getattr(data, f.name) for f in fields(data)}


def _require_eligible_custodian(session: Session, team_id: str, custodian_id: str) -> None:
    if not may_be_custodian(session, team_id, custodian_id):
        raise ValidationFailed({"custodian_id": ("accounts.error.custodian_role", {})})


def check_add(session: Session, actor: Actor) -> None:
    require_role(session, actor, Role.CUSTODIAN, action="account.add")


def add_account(session: Session, vault: Vault | None, actor: Actor,
                data: AccountInput, secret: SecretInput, now: datetime) -> Saved:
    require_role(session, actor, Role.CUSTODIAN, action="account.add",
                 subject=f"{data.network}:@{data.handle}")
    _require_eligible_custodian(session, actor.team_id, data.custodian_id)
    if _taken(session, actor.team_id, data.network, data.handle):
        raise _handle_taken(data)
    context_words = (data.brand, data.handle, data.login_email.split("@")[0])
    password, generated = vault_ops.choose_password(data.network, secret, context_words)
    if secret.mailbox_password:
        vault_ops.check_mailbox_password(secret.mailbox_password, context_words)
    if (password or secret.recovery_codes or secret.mailbox_password) and vault is None:
        field_name = "password" if password else "mailbox_password" if secret.mailbox_password else "recovery_codes"
        raise ValidationFailed({field_name: ("accounts.error.no_vault", {})})
    account = Account(team_id=actor.team_id, created_by=actor.user_id, status="active", email_warnings=[],
                      has_password=False, created_at=now, updated_at=now, **_public(data))
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError:  # registered by someone else a moment ago
        raise _handle_taken(data) from None
    if vault is not None:
        vault_ops.store_secrets(session, vault, account, actor, password, secret.recovery_codes, now,
                                knower_source="created", mailbox_password=secret.mailbox_password)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.add",
                 subject=subject(account), at=now,
                 detail={**_public(data), "password": "generated" if generated else ("typed" if password else None),
                         "mailbox_password": bool(secret.mailbox_password),
                         "recovery_codes": bool(secret.recovery_codes)})
    return Saved(account.id, account.network, account.handle, account.twofa_enabled, account.login_email,
                 generated=password if generated else None)


def check_edit(session: Session, actor: Actor, ref: str) -> AccountView:
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.edit")
    require_custodian_of(session, actor, account, action="account.edit")
    return AccountView.of(account)


def edit_account(session: Session, vault: Vault | None, actor: Actor, account_id: int,
                 data: AccountInput, recovery_codes: str | None, now: datetime) -> Saved:
    account = account_in_team(session, actor.team_id, account_id)
    require_custodian_of(session, actor, account, action="account.edit")
    # Checked on a change only: keeping a custodian who has since lost the role hands out
    # nothing new, and must not block fixing the rest of the record.
    if data.custodian_id != account.custodian_id:
        _require_eligible_custodian(session, actor.team_id, data.custodian_id)
    if _taken(session, actor.team_id, data.network, data.handle, other_than=account.id):
        raise _handle_taken(data)
    if recovery_codes and vault is None:
        raise ValidationFailed({"recovery_codes": ("accounts.error.no_vault", {})})
    changed = {k: v for k, v in _public(data).items() if getattr(account, k) != v}
    old_custodian = account.custodian_id
    for key, value in changed.items():
        setattr(account, key, value)
    if "login_email" in changed:
        account.email_warnings = []  # recomputed after the save (needs the Web API)
    if recovery_codes and vault is not None:
        vault.put(session, team_id=account.team_id, account_id=account.id, field="recovery_codes",
                  secret=recovery_codes)
    if changed or recovery_codes:
        account.updated_at = now
        audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.edit",
                     subject=subject(account), at=now,
                     detail={"changed": changed, "recovery_codes_replaced": bool(recovery_codes)})
    if "custodian_id" in changed:
        emit(session, "custody.changed", now=now, team_id=actor.team_id, account_id=account.id,
             old=old_custodian, new=account.custodian_id, actor=actor.user_id)
    return Saved(account.id, account.network, account.handle, account.twofa_enabled, account.login_email)


def archive_account(session: Session, actor: Actor, ref: str, now: datetime) -> Saved:
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.archive")
    require_custodian_of(session, actor, account, action="account.archive")
    account.status = "archived"
    account.archived_at = account.updated_at = now
    cancelled = clear_rotation(session, account)
    grants = open_grant_counts(session, actor.team_id).get(account.id, 0)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.archive",
                 subject=subject(account), at=now, detail={"open_grants": grants, "tasks_cancelled": cancelled})
    return Saved(account.id, account.network, account.handle, account.twofa_enabled, account.login_email,
                 open_grants=grants)


@dataclass(frozen=True)
class Row:
    account: AccountView
    open_grants: int


def list_inventory(session: Session, team_id: str) -> list[Row]:
    """Every active account, by brand (brands in case-insensitive order), network, handle."""
    counts = open_grant_counts(session, team_id)
    # Plain rows of the table, not ORM objects: the listing only reads them, and building 50
    # tracked instances (identity map, attribute instrumentation) was most of `/accounts`' time.
    accounts = session.execute(
        select(Account.__table__).where(Account.team_id == team_id, Account.status == "active")
    )
    rows = [Row(AccountView.of(a), counts.get(a.id, 0)) for a in accounts]
    return sorted(rows, key=lambda r: (r.account.brand.casefold(), r.account.brand, r.account.network,
                                       r.account.handle))


def paginate(rows: list[Row], per_page: int = PAGE_ROWS) -> list[list[Row]]:
    """Pages of whole brands: a brand moves to the next page rather than being cut, unless it
    alone is more than a page (then it fills pages of its own). Never fewer than one page."""
    pages: list[list[Row]] = []
    current: list[Row] = []
    start = 0
    while start < len(rows):
        brand = rows[start].account.brand
        end = start
        while end < len(rows) and rows[end].account.brand == brand:
            end += 1
        group = rows[start:end]
        if current and len(current) + len(group) > per_page:
            pages.append(current)
            current = []
        while len(group) > per_page:  # only with an empty page: one brand bigger than a page
            pages.append(group[:per_page])
            group = group[per_page:]
        current += group
        start = end
    if current or not pages:
        pages.append(current)
    return pages


@dataclass(frozen=True)
class InventoryPage:
    rows: list[Row]
    number: int  # 1-based
    pages: int
    total: int  # active accounts in the whole inventory
    continued: bool  # the first brand began on the page before


def inventory_page(session: Session, team_id: str, number: int) -> InventoryPage:
    """One page of `/accounts`. A page that does not exist (a forged button, or the inventory
    shrank since the message was shown) is a clear answer, never an empty or a wrong page."""
    rows = list_inventory(session, team_id)
    pages = paginate(rows)
    if not 1 <= number <= len(pages):
        raise NotFound("accounts.error.no_such_page", pages=len(pages))
    page = pages[number - 1]
    continued = number > 1 and bool(page) and pages[number - 2][-1].account.brand == page[0].account.brand
    return InventoryPage(page, number, len(pages), len(rows), continued)


@dataclass(frozen=True)
class Detail:
    account: AccountView
    open_grants: int
    private: bool  # may see login and recovery details, and who knows the password
    knowers: list[tuple[str, str, datetime]] = field(default_factory=list)
    has_recovery_codes: bool = False
    mailbox_knowers: list[tuple[str, str, datetime]] = field(default_factory=list)


def show_account(session: Session, actor: Actor, ref: str) -> Detail:
    account = find_account(session, actor.team_id, ref, usage_key="usage.accounts.show", include_archived=True)
    private = can_see_private(session, actor, account)
    by_field: dict[str, list[tuple[str, str, datetime]]] = {}
    if private:
        for k in session.scalars(select(PasswordKnower).where(PasswordKnower.account_id == account.id)
                                 .order_by(PasswordKnower.since, PasswordKnower.id)):
            by_field.setdefault(k.field, []).append((k.user_id, k.source, k.since))
    return Detail(AccountView.of(account), open_grant_counts(session, actor.team_id).get(account.id, 0), private,
                  by_field.get(vault_ops.PASSWORD, []), vault_ops.has_secret(session, account, "recovery_codes"),
                  by_field.get(vault_ops.MAILBOX, []))


@dataclass(frozen=True)
class Compromised:
    account_id: int
    network: str
    handle: str
    custodian_id: str
    alert: list[str]  # who gets a DM at once: the custodian and the admins; nobody when coalesced
    reporter: str
    # Set when the report joined one already open: when that rotation for compromise was opened,
    # and the workspace's time zone to show it in.
    already_reported_at: datetime | None = None
    timezone: str = "UTC"
    notice: str | None = None  # the alerts' delivery (KIND_COMPROMISED), scheduled with the report


# The custodian's and the admins' DMs a compromise report sends at once.
KIND_COMPROMISED = "accounts.compromised_alert"


def report_compromised(session: Session, actor: Actor, ref: str,
                       now: datetime) -> Compromised:
    """Anyone may report: evidence of compromise is what NIST says forces a change.

    While a rotation for compromise is open, a further report is recorded and answered but
    alerts nobody again: the custodian is already reminded every day, and anyone could
    otherwise page every admin at will. A rotation owed for another reason becomes one for
    compromise (daily reminders, which say why), and the first report alerts.
    """
    found = find_account(session, actor.team_id, ref, usage_key="usage.accounts.compromised")
    # Locked (PostgreSQL; SQLite's write transaction already is): two reports at once must not
    # both see no open compromise and both alert everyone.
    account = session.scalars(select(Account).where(Account.id == found.id).with_for_update()
                              .execution_options(populate_existing=True)).one()
    ws = session.get(Workspace, account.team_id)
    timezone = (ws.timezone if ws is not None else None) or "UTC"
    opened = account.rotation_requested_at
    if opened is not None and account.rotation_reason == "compromised":
        audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.compromised",
                     subject=subject(account), at=now,
                     detail={"coalesced": True, "open_since": opened.isoformat()})
        return Compromised(account.id, account.network, account.handle, account.custodian_id, [], actor.user_id,
                           already_reported_at=opened, timezone=timezone)
    owed = account.rotation_reason if opened is not None else None
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="account.compromised",
                 subject=subject(account), at=now, detail={"replaces": owed} if owed else None)
    if owed is not None:
        clear_rotation(session, account)  # its weekly or daily task gives way to the compromise's
    # The report alerts the custodian at once itself; the repeating task starts a day later.
    request_rotation(session, actor.team_id, account.id, "compromised", actor.user_id, now=now,
                     first_at=now + DAILY)
    alert = [account.custodian_id, *(a for a in admin_ids(session, actor.team_id)
                                     if a != account.custodian_id)]
    # The alerts go through the outbox: they exist iff this report committed, and a crash after
    # the ack leaves them to the scheduler (handlers/accounts/notices.py renders them).
    notice = schedule_numbered(session, actor.team_id, KIND_COMPROMISED, account.id, now,
                               {"alert": alert, "reporter": actor.user_id})
    return Compromised(account.id, account.network, account.handle, account.custodian_id, alert, actor.user_id,
                       timezone=timezone, notice=notice)


EXPORT_COLUMNS = (
    "brand", "network", "handle", "profile_url", "login_email", "mailbox_created_by", "has_mailbox_password",
    "mailbox_rotated_at", "mailbox_recovery_email", "mailbox_recovery_phone", "created_by", "custodian_id",
    "twofa_enabled", "twofa_method", "recovery_email", "recovery_phone", "status", "has_password",
    "last_rotated_at", "rotation_requested_at", "rotation_reason", "open_grants", "warnings", "notes",
    "created_at",
)


def _cell(value: object) -> str:
    text = "" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)
    # A cell starting with = + - @ is a formula to spreadsheets (CSV injection): make it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(session: Session, actor: Actor, now: datetime) -> tuple[str, int]:
    """The inventory as CSV, without any secret (custodians, admins, auditors)."""
    require_role(session, actor, Role.CUSTODIAN, Role.AUDITOR, action="accounts.export")
    counts = open_grant_counts(session, actor.team_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    accounts = session.scalars(select(Account).where(Account.team_id == actor.team_id)
                               .order_by(Account.brand, Account.network, Account.handle)).all()
    for a in accounts:
        values = {c: getattr(a, c, None) for c in EXPORT_COLUMNS}
        values["open_grants"] = counts.get(a.id, 0)
        # The warnings' codes, as `show` has them (member, company_domain, mailbox_agency, mailbox_employee,
        # twofa_off).
        values["warnings"] = " ".join(f["code"] for f in email_checks.all_findings(AccountView.of(a)))
        writer.writerow([_cell(values[c]) for c in EXPORT_COLUMNS])
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="accounts.export", at=now,
                 detail={"rows": len(accounts)})
    return out.getvalue(), len(accounts)


def record_email_findings(session: Session, team_id: str, account_id: int, findings: list[dict[str, str]],
                          now: datetime) -> AccountView | None:
    """Keep what the Web API told us about the login e-mail, so `show` can warn too."""
    account = session.get(Account, account_id)
    if account is None or account.team_id != team_id:
        return None
    if account.email_warnings == findings:
        return AccountView.of(account)
    account.email_warnings = findings
    audit.append(session, team_id=team_id, actor="system", action="account.login_email_checked",
                 subject=subject(account), at=now, detail={"warnings": [f["code"] for f in findings]})
    return AccountView.of(account)
