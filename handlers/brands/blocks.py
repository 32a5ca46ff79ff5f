"""Brand profile messages: the read-only profile, the history, the brand picker, after a save.

Every profile value was written by a person: it goes through `user_text`, so a `<!channel>`
typed into a field shows as text and pings nobody, here and in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.brands.parse import format_hours
from bot.brands.profiles import BRANDS_SHOWN
from bot.brands.views import FIELDS, TEXT_FIELDS, BrandProfileView, HistoryPage, VersionView
from bot.core.i18n import Translator
from handlers.blockkit import (
    SECTION_TEXT_MAX,
    Block,
    context,
    header,
    option,
    section,
    sections,
    static_select,
    user_text,
)
from handlers.brands.ids import BrandsIds as I

_CHANGE_MAX = 150  # characters of an old or new value shown per change in the history


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def when(at: datetime | None, tz: str) -> str:
    if at is None:
        return "—"
    local = at.astimezone(_zone(tz))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or tz}"


def _fit(raw: str, limit: int) -> str:
    """Cut what the person wrote before neutralising it, so no escape or mention is cut in half."""
    return raw if len(raw) <= limit else raw[: limit - 1] + "…"


def _value(tr: Translator, profile: BrandProfileView, field: str, tz: str) -> str:
    if field in TEXT_FIELDS:
        text = str(getattr(profile, field))
        return user_text(_fit(text, SECTION_TEXT_MAX - 200)) if text else tr("brands.show.empty")
    if field == "usual_hours":
        return f"{format_hours(profile.usual_hours)} ({tz})" if profile.usual_hours else tr("brands.show.empty")
    items: tuple[str, ...] = getattr(profile, field)
    lines: list[str] = []
    budget = SECTION_TEXT_MAX - 300
    for item in items:
        line = "• " + user_text(item)
        if budget - len(line) < 0:
            lines.append("…")
            break
        budget -= len(line) + 1
        lines.append(line)
    return "\n".join(lines) or tr("brands.show.empty")


def profile_blocks(tr: Translator, profile: BrandProfileView, tz: str) -> tuple[str, list[Block]]:
    """The profile as a reader sees it (an ephemeral message)."""
    brand = user_text(profile.brand)
    title = tr("brands.show.title", brand=profile.brand)
    blocks: list[Block] = [header(title)]
    if profile.version == 0:
        blocks.append(section(tr("brands.show.never", brand=brand)))
        return tr("brands.show.never", brand=brand), blocks
    blocks.append(context(tr("brands.show.version", version=profile.version, user=profile.updated_by or "",
                             when=when(profile.updated_at, tz), brand=brand)))
    for field in FIELDS:
        blocks.append(section(tr("brands.show.field", field=tr(f"brands.field.{field}"),
                                 value=_value(tr, profile, field, tz))))
    blocks.append(context(tr("brands.show.readonly")))
    return tr("brands.show.title", brand=brand), blocks


def _shown(tr: Translator, value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        raw = format_hours(tuple((int(v[0]), int(v[1])) for v in value))
    elif isinstance(value, list):
        raw = ", ".join(str(v) for v in value)
    else:
        raw = str(value or "")
    return user_text(_fit(raw, _CHANGE_MAX)) if raw else tr("brands.show.empty")


def _version_text(tr: Translator, v: VersionView, tz: str) -> str:
    names = [tr(f"brands.field.{f}") if f in FIELDS else user_text(f) for f in v.changes]
    lines = [tr("brands.history.row", version=v.version, user=v.changed_by, when=when(v.changed_at, tz),
                fields=", ".join(names) or "—")]
    for field, change in v.changes.items():
        old, new = (change.get("old"), change.get("new")) if isinstance(change, dict) else (None, None)
        lines.append(tr("brands.history.change", field=tr(f"brands.field.{field}") if field in FIELDS else field,
                        old=_shown(tr, old), new=_shown(tr, new)))
    return "\n".join(lines)


def history_blocks(tr: Translator, page: HistoryPage) -> tuple[str, list[Block]]:
    brand = user_text(page.brand)
    title = tr("brands.history.title", brand=page.brand)
    if not page.versions:
        return tr("brands.history.none", brand=brand), [header(title), section(tr("brands.history.none",
                                                                                   brand=brand))]
    blocks: list[Block] = [header(title)]
    for v in page.versions:
        blocks.extend(sections(_version_text(tr, v, page.timezone)))
    footer = [tr("brands.history.page", page=page.page, pages=page.pages, total=page.total)]
    if page.page < page.pages:
        footer.append(tr("brands.history.older", brand=brand, next=page.page + 1))
    blocks.append(context(*footer))
    return tr("brands.history.title", brand=brand), blocks[:50]


def picker_blocks(tr: Translator, brands: list[str]) -> tuple[str, list[Block]]:
    shown = brands[:BRANDS_SHOWN]
    options = [option(b, b) for b in shown]
    select = static_select(I.PICK, options)
    select["placeholder"] = {"type": "plain_text", "text": tr("brands.pick.placeholder")}
    blocks: list[Block] = [section(tr("brands.pick.prompt"), accessory=select)]
    if len(brands) > len(shown):
        blocks.append(context(tr("brands.pick.more", shown=len(shown), total=len(brands))))
    return tr("brands.pick.prompt"), blocks


def saved_text(tr: Translator, profile: BrandProfileView, changed: tuple[str, ...]) -> str:
    brand = user_text(profile.brand)
    if not changed:
        return tr("brands.unchanged", brand=brand)
    fields = ", ".join(tr(f"brands.field.{f}") for f in changed)
    return tr("brands.saved", version=profile.version, brand=brand, fields=fields)
