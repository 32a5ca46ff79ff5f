"""The competitors of a brand whose public figures are logged (SPEC §8 brand profile, §10).

A competitor exists for the KPIs only while the brand profile names it: the profile is the
list people edit (`/socialops brand`), and `kpi_competitors` only gives each name a stable id
for its `kpi_values` rows. A name taken off the profile keeps its past figures but is no longer
offered, logged or shown.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from storage.models import BrandProfile
from storage.models.kpi import KpiCompetitor
from storage.upsert import insert_ignore

NAME_MAX = 120


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()[:NAME_MAX]


def profile_for(session: Session, team_id: str, brand: str) -> BrandProfile | None:
    """The brand profile `brand` names (any case, extra blanks tolerated)."""
    return session.scalars(select(BrandProfile).where(
        BrandProfile.team_id == team_id, BrandProfile.brand_key == brand_key(brand))).one_or_none()


def profile_names(profile: BrandProfile | None) -> list[str]:
    """The profile's competitors as it spells them, first spelling of each name only."""
    seen: dict[str, str] = {}
    for name in (profile.competitors if profile is not None else []) or []:
        if isinstance(name, str) and name.strip():
            seen.setdefault(name_key(name), " ".join(name.split()))
    return list(seen.values())


def competitors_of(session: Session, team_id: str, brand_key_: str) -> list[KpiCompetitor]:
    """The competitor rows of a brand that its profile still names, in the profile's order.

    Read only: a competitor gets its row when its first figure is logged, so one never logged
    has no row and nothing to show."""
    profile = session.scalars(select(BrandProfile).where(
        BrandProfile.team_id == team_id, BrandProfile.brand_key == brand_key_)).one_or_none()
    keys = [name_key(n) for n in profile_names(profile)]
    if not keys:
        return []
    rows = {c.name_key: c for c in session.scalars(select(KpiCompetitor).where(
        KpiCompetitor.team_id == team_id, KpiCompetitor.brand_key == brand_key_,
        KpiCompetitor.name_key.in_(keys)))}
    return [rows[k] for k in keys if k in rows]


def competitor_by_name(session: Session, team_id: str, brand: str, name: str, *,
                       create: bool) -> KpiCompetitor | None:
    """The competitor `name` of `brand` (case-insensitive), or None when the brand has no profile
    or its profile does not name it. With `create`, its row is made on first use."""
    profile = profile_for(session, team_id, brand)
    key = name_key(name)
    spelled = next((n for n in profile_names(profile) if name_key(n) == key), None)
    if profile is None or spelled is None:
        return None
    query = select(KpiCompetitor).where(KpiCompetitor.team_id == team_id,
                                        KpiCompetitor.brand_key == profile.brand_key,
                                        KpiCompetitor.name_key == key)
    row = session.scalars(query).one_or_none()
    if row is None and create:
        # insert_ignore: two people logging the same new competitor at once make one row.
        insert_ignore(session, KpiCompetitor, {"team_id": team_id, "brand_key": profile.brand_key,
                                               "name": spelled, "name_key": key})
        row = session.scalars(query).one_or_none()
    return row
