"""Brand profiles (SPEC §8): what the team knows about each brand, and every version of it.

A brand is not a row of its own: brands are the `Account.brand` values of the inventory. A
profile is written on its first save; each save bumps `version` (the form is conditional on
the version it was opened at) and writes one `BrandProfileVersion` with the changed fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow


class BrandProfile(TeamScoped, Base):
    __tablename__ = "brand_profiles"
    # One profile per brand whatever the case it was typed in ("Acme" and "ACME" are one brand).
    __table_args__ = (UniqueConstraint("team_id", "brand_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand: Mapped[str] = mapped_column(String(80))  # as the inventory spells it (Account.brand)
    brand_key: Mapped[str] = mapped_column(String(80))  # casefolded brand, the lookup key
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Free text, stored as typed: neutralised when rendered, never when stored.
    services: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(Text, default="")
    people_say: Mapped[str] = mapped_column(Text, default="")  # what people say about us
    tone: Mapped[str] = mapped_column(Text, default="")
    # Lists, normalised (trimmed, deduplicated; hashtags with their "#").
    competitors: Mapped[list[str]] = mapped_column(JSON, default=list)
    push_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    never_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    forbidden_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    approved_hashtags: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    usual_hours: Mapped[list[list[int]]] = mapped_column(JSON, default=list)  # [[9, 13], [17, 20]], local
    updated_by: Mapped[str] = mapped_column(String(32))
    # The saver's Slack name from the signed payload, for the plain-text conflict error only.
    updated_by_name: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BrandProfileVersion(TeamScoped, Base):
    """One save: who, when, and each changed field's old and new value."""

    __tablename__ = "brand_profile_versions"
    __table_args__ = (UniqueConstraint("profile_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("brand_profiles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {field: {"old": …, "new": …}}
