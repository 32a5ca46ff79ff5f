"""Brand profiles (SPEC §8): who may read and edit them, versioned saves, the history.

Brands are the ones in the inventory (`Account.brand` of active accounts), compared without
regard to case. Everyone reads; custodians, approvers and admins edit. A save is conditional
on the version the form was opened at, so two editors never overwrite each other silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from bot.brands.views import (
    FIELDS,
    BrandProfileView,
    HistoryPage,
    Opened,
    ProfileContent,
    Saved,
    VersionView,
    content_of,
    empty_view,
    profile_view,
)
from bot.core.authz import Actor, Role, has_role, require_role
from bot.core.errors import Conflict, NotFound, UsageError
from storage import audit
from storage.models import Account, BrandProfile, BrandProfileVersion, Workspace
from storage.upsert import insert_ignore

EDITORS = (Role.CUSTODIAN, Role.APPROVER)  # and admins, who always pass
HISTORY_PAGE = 10
BRANDS_SHOWN = 100  # a picker holds at most 100 options


def brands(session: Session, team_id: str) -> list[str]:
    """The brands of the active inventory, one spelling each, in case-insensitive order."""
    seen: dict[str, str] = {}
    rows = session.scalars(select(Account.brand).where(Account.team_id == team_id, Account.status == "active")
                           .distinct().order_by(Account.brand))
    for brand in rows:
        seen.setdefault(brand_key(brand), brand)
    return sorted(seen.values(), key=lambda b: (b.casefold(), b))


def _inventory_brand(session: Session, team_id: str, brand: str) -> str:
    """The inventory's spelling of `brand`, or a usage error listing the brands there are."""
    known = brands(session, team_id)
    key = brand_key(brand)
    for name in known:
        if brand_key(name) == key:
            return name
    shown = ", ".join(known[:20]) + ("…" if len(known) > 20 else "")
    raise UsageError("brands.error.unknown", usage_key="usage.socialops.brand", brand=brand, brands=shown or "—")


def _row(session: Session, team_id: str, brand: str) -> BrandProfile | None:
    return session.scalars(select(BrandProfile).where(
        BrandProfile.team_id == team_id, BrandProfile.brand_key == brand_key(brand))).one_or_none()


def _timezone(session: Session, team_id: str) -> str:
    ws = session.get(Workspace, team_id)
    return ws.timezone if ws is not None and ws.timezone else "UTC"


def profile_of(session: Session, team_id: str, brand: str) -> BrandProfileView | None:
    """The posts feature's door: the brand's saved profile in this workspace, or None."""
    row = _row(session, team_id, brand)
    return profile_view(row) if row is not None else None


def can_edit(session: Session, actor: Actor) -> bool:
    return has_role(session, actor, *EDITORS)


def open_profile(session: Session, actor: Actor, brand: str) -> Opened:
    """What `/socialops brand <brand>` shows: anyone may read, editors get the form."""
    name = _inventory_brand(session, actor.team_id, brand)
    row = _row(session, actor.team_id, name)
    view = profile_view(row) if row is not None else empty_view(name)
    return Opened(view, can_edit(session, actor), _timezone(session, actor.team_id))


def save_profile(session: Session, actor: Actor, brand: str, opened_at: int, content: ProfileContent,
                 now: datetime, *, actor_name: str | None = None) -> Saved:
    """Save the form opened at version `opened_at` (0: before any save).

    Nothing changed: no new version, nothing written. Someone saved in between: Conflict,
    naming them, and nothing written — the editor reopens the form and sees their change.
    """
    require_role(session, actor, *EDITORS, action="brand.edit", subject=brand[:80])
    name = _inventory_brand(session, actor.team_id, brand)
    row = _row(session, actor.team_id, name)
    current = content_of(row) if row is not None else ProfileContent()
    changes = content.changes_from(current)
    if not changes:
        # The same content whatever version it was opened at: there is nothing to overwrite.
        return Saved(profile_view(row) if row is not None else empty_view(name), ())
    if (row.version if row is not None else 0) != opened_at:
        raise _conflict(row)
    values: dict[str, Any] = {f: content.stored(f) for f in FIELDS}
    values.update(updated_by=actor.user_id, updated_by_name=(actor_name or "")[:80] or None, updated_at=now)
    if row is None:
        inserted = insert_ignore(session, BrandProfile, {
            **values, "team_id": actor.team_id, "brand": name, "brand_key": brand_key(name), "version": 1,
            "created_at": now})
        if not inserted:  # another editor's first save committed in between
            raise _conflict(_row(session, actor.team_id, name))
        version = 1
    else:
        # Conditional on the version read: of two saves racing from one version, one matches.
        done = session.execute(
            update(BrandProfile)
            .where(BrandProfile.id == row.id, BrandProfile.version == opened_at)
            .values(**values, version=opened_at + 1)
            .returning(BrandProfile.id)
        ).first()
        if done is None:
            session.expire(row)
            raise _conflict(row)
        version = opened_at + 1
    saved = _row(session, actor.team_id, name)
    assert saved is not None
    session.refresh(saved)
    session.add(BrandProfileVersion(team_id=actor.team_id, profile_id=saved.id, version=version,
                                    changed_by=actor.user_id, changed_at=now, changes=changes))
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="brand.edit", at=now,
                 subject=name, detail={"version": version, "fields": list(changes)})
    return Saved(profile_view(saved), tuple(changes))


def _conflict(row: BrandProfile | None) -> Conflict:
    if row is None:
        return Conflict("brands.error.conflict_unknown")
    who = row.updated_by_name or row.updated_by
    return Conflict("brands.error.conflict", who=who, version=row.version)


def history(session: Session, actor: Actor, brand: str, page: int) -> HistoryPage:
    """The versions of a brand's profile, newest first, `HISTORY_PAGE` per page (everyone reads)."""
    name = _inventory_brand(session, actor.team_id, brand)
    tz = _timezone(session, actor.team_id)
    row = _row(session, actor.team_id, name)
    if row is None:
        return HistoryPage(name, tz, (), 1, 1, 0)
    total = session.scalar(select(func.count()).select_from(BrandProfileVersion)
                           .where(BrandProfileVersion.profile_id == row.id)) or 0
    pages = max(1, -(-total // HISTORY_PAGE))
    if not 1 <= page <= pages:
        raise NotFound("brands.error.no_page", page=page, pages=pages)
    rows = session.scalars(select(BrandProfileVersion).where(BrandProfileVersion.profile_id == row.id)
                           .order_by(BrandProfileVersion.version.desc())
                           .offset((page - 1) * HISTORY_PAGE).limit(HISTORY_PAGE))
    versions = tuple(VersionView(v.version, v.changed_by, v.changed_at, dict(v.changes or {})) for v in rows)
    return HistoryPage(name, tz, versions, page, pages, total)
