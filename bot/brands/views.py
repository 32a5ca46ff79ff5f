"""What the brand rules return: a profile as the forms, messages and the posts feature read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.models import BrandProfile

# The profile's fields in the order the form and the messages show them.
TEXT_FIELDS = ("services", "audience", "people_say", "tone")
LIST_FIELDS = ("competitors", "push_topics", "never_topics", "forbidden_words", "approved_hashtags", "keywords")
FIELDS = ("services", "audience", "competitors", "people_say", "push_topics", "never_topics",
          "forbidden_words", "tone", "approved_hashtags", "keywords", "usual_hours")

Hours = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ProfileContent:
    """The editable part of a profile, normalised (what a form submits and a version records)."""

    services: str = ""
    audience: str = ""
    people_say: str = ""
    tone: str = ""
    competitors: tuple[str, ...] = ()
    push_topics: tuple[str, ...] = ()
    never_topics: tuple[str, ...] = ()
    forbidden_words: tuple[str, ...] = ()
    approved_hashtags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    usual_hours: Hours = ()

    def stored(self, field: str) -> Any:
        """The field as its JSON column holds it (lists, not tuples)."""
        value = getattr(self, field)
        if field == "usual_hours":
            return [list(h) for h in value]
        return list(value) if isinstance(value, tuple) else value

    def changes_from(self, before: ProfileContent) -> dict[str, dict[str, Any]]:
        """{field: {"old": …, "new": …}} of every field that differs, in the form's order."""
        return {f: {"old": before.stored(f), "new": self.stored(f)}
                for f in FIELDS if getattr(self, f) != getattr(before, f)}


@dataclass(frozen=True)
class BrandProfileView(ProfileContent):
    """A brand's profile. `version` 0: nobody has written it yet (every field empty).

    The posts feature reads `forbidden_words`, `never_topics`, `approved_hashtags` and
    `usual_hours` ((start, end) local hours, end exclusive) from here.
    """

    brand: str = ""
    version: int = 0
    updated_by: str | None = None
    updated_at: datetime | None = None

    @property
    def content(self) -> ProfileContent:
        return ProfileContent(**{f: getattr(self, f) for f in FIELDS})


def content_of(row: BrandProfile) -> ProfileContent:
    return ProfileContent(
        services=row.services or "", audience=row.audience or "", people_say=row.people_say or "",
        tone=row.tone or "", **{f: tuple(getattr(row, f) or ()) for f in LIST_FIELDS},
        usual_hours=tuple((int(h[0]), int(h[1])) for h in row.usual_hours or ()),
    )


def profile_view(row: BrandProfile) -> BrandProfileView:
    c = content_of(row)
    return BrandProfileView(**{f: getattr(c, f) for f in FIELDS}, brand=row.brand, version=row.version,
                            updated_by=row.updated_by, updated_at=row.updated_at)


def empty_view(brand: str) -> BrandProfileView:
    return BrandProfileView(brand=brand)


@dataclass(frozen=True)
class VersionView:
    version: int
    changed_by: str
    changed_at: datetime
    changes: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class HistoryPage:
    brand: str
    timezone: str
    versions: tuple[VersionView, ...]  # newest first
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class Opened:
    """What `/socialops brand <brand>` leads to: the form (an editor) or the read-only profile."""

    profile: BrandProfileView
    can_edit: bool
    timezone: str


@dataclass(frozen=True)
class Saved:
    profile: BrandProfileView
    changed: tuple[str, ...]  # the fields this save changed; () = nothing changed, no new version
