"""The account inventory (SPEC §2) and who knows each password."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

NETWORKS = (
    "facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "pinterest", "threads",
    "google-business", "other",
)
# Who opened the login mailbox (SPEC §0.1: IT/Systems, who hand the access to Marketing; an
# agency may, if it hands the company the user and password; never an employee's own).
MAILBOX_CREATORS = ("it", "marketing", "agency", "employee", "unknown")
# The vault fields of an account: the network's password, the login mailbox's own password, and
# the 2FA recovery codes. Knowers are kept per field (who knows which secret).
SECRET_FIELDS = ("password", "mailbox_password", "recovery_codes")


class Account(TeamScoped, Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("team_id", "network", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand: Mapped[str] = mapped_column(String(80))
    network: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(120))  # stored without a leading "@", lowercase
    profile_url: Mapped[str | None] = mapped_column(String(500))
    login_email: Mapped[str] = mapped_column(String(254))
    created_by: Mapped[str] = mapped_column(String(32))  # Slack user who registered it
    custodian_id: Mapped[str] = mapped_column(String(32), index=True)
    twofa_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    twofa_method: Mapped[str | None] = mapped_column(String(32))  # app, sms, key, email…
    recovery_email: Mapped[str | None] = mapped_column(String(254))
    recovery_phone: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | archived
    has_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_rotated_at: Mapped[datetime | None]
    last_rotated_by: Mapped[str | None] = mapped_column(String(32))  # who set the current password
    # Set when a rotation is owed (compromise, someone who knew it left); cleared by a rotation.
    rotation_requested_at: Mapped[datetime | None]
    rotation_reason: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Findings about the login e-mail that need the Web API (someone's own address, the
    # company's domain, a consumer mailbox): codes and params, refreshed after each add/edit.
    email_warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    archived_at: Mapped[datetime | None]
    # The login mailbox (SPEC §0.1, §2): who created it, whether the company holds its own
    # password (in the vault, field "mailbox_password"), and the mailbox's recovery details.
    mailbox_created_by: Mapped[str] = mapped_column(String(16), default="unknown")  # MAILBOX_CREATORS
    has_mailbox_password: Mapped[bool] = mapped_column(Boolean, default=False)
    mailbox_rotated_at: Mapped[datetime | None]
    mailbox_rotated_by: Mapped[str | None] = mapped_column(String(32))
    mailbox_recovery_email: Mapped[str | None] = mapped_column(String(254))
    mailbox_recovery_phone: Mapped[str | None] = mapped_column(String(32))
    # Posting cadence (SPEC §0.5): posts per week; None = the workspace's defaults. Set with
    # `/post settings cadence`, read by the Friday cadence notice (bot/posts/cadence.py).
    cadence_min_per_week: Mapped[int | None] = mapped_column(Integer)
    cadence_target_per_week: Mapped[int | None] = mapped_column(Integer)


class PasswordKnower(TeamScoped, Base):
    """Someone who has (or may have) seen a secret: revealed, shared grant, created it.

    One row per secret (`field`): knowing the login mailbox's password is not knowing the
    network's, and each is settled by its own rotation."""

    __tablename__ = "password_knowers"
    __table_args__ = (UniqueConstraint("account_id", "field", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32), default="password")  # password | mailbox_password
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    source: Mapped[str] = mapped_column(String(16))  # revealed | shared_grant | created | rotated
    since: Mapped[datetime] = mapped_column(default=utcnow)


class VaultSecret(TeamScoped, Base):
    """One encrypted secret (AES-256-GCM). The key is never here: only its id.

    The associated data binds (team, account, field), so a ciphertext copied onto
    another account or field fails to decrypt instead of revealing the wrong secret.
    """

    __tablename__ = "vault_secrets"
    __table_args__ = (UniqueConstraint("account_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))  # SECRET_FIELDS
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RotationTaskMessage(TeamScoped, Base):
    """Where a rotation-task DM was posted, so the rotation can replace its button in place
    (chat.update) and nobody records a password twice. Removed once settled."""

    __tablename__ = "rotation_task_messages"
    __table_args__ = (UniqueConstraint("team_id", "channel", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)  # what the message says (no secret): kept by the update
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)
