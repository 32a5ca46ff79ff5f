"""The brand profile form, and reading it back (fields, the version it was opened at)."""

from __future__ import annotations

import json
from typing import Any

from bot.brands.parse import (
    BRAND_MAX,
    HOURS_INPUT_MAX,
    LIST_INPUT_MAX,
    TEXT_MAX,
    FieldError,
    format_hours,
    parse_hours,
    parse_list,
    parse_text,
)
from bot.brands.views import FIELDS, LIST_FIELDS, TEXT_FIELDS, BrandProfileView, ProfileContent
from bot.core.errors import NotFound, ValidationFailed
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from handlers.blockkit import Block, input_block, input_value, modal, section, text_input, user_text
from handlers.brands.ids import BrandsIds as I
from handlers.brands.ids import block_of

_MULTILINE = {"services", "audience", "people_say", "tone", *LIST_FIELDS}


def profile_modal(tr: Translator, profile: BrandProfileView, tz: str) -> Block:
    blocks: list[Block] = [section(tr("brands.modal.intro", brand=user_text(profile.brand),
                                      version=profile.version), block_id=I.B_INTRO)]
    for field in FIELDS:
        if field in TEXT_FIELDS:
            initial, limit, hint = getattr(profile, field), TEXT_MAX, None
        elif field == "usual_hours":
            initial, limit, hint = format_hours(profile.usual_hours), HOURS_INPUT_MAX, tr("brands.modal.hours_hint",
                                                                                          tz=tz)
        else:
            initial = "\n".join(getattr(profile, field))
            limit = LIST_INPUT_MAX
            hint = tr("brands.modal.hashtags_hint" if field == "approved_hashtags" else "brands.modal.list_hint")
        element = text_input(I.A_VALUE, initial=initial or None, multiline=field in _MULTILINE, max_length=limit)
        blocks.append(input_block(block_of(field), tr(f"brands.field.{field}"), element, optional=True, hint=hint))
    metadata = json.dumps({"brand": profile.brand, "version": profile.version})
    return modal(tr("brands.modal.title"), I.PROFILE_VIEW, blocks, submit=tr("brands.modal.submit"),
                 private_metadata=metadata)


def read_metadata(raw: str) -> tuple[str, int]:
    """(brand, version the form was opened at) from the form's metadata, which a client may
    have forged: the brand is looked up in the actor's workspace afterwards, like any text."""
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise NotFound("brands.error.stale_form")
    brand, version = data.get("brand"), data.get("version")
    if not isinstance(brand, str) or not brand.strip() or len(brand) > BRAND_MAX:
        raise NotFound("brands.error.stale_form")
    # 0 is a real version (the form of a profile nobody saved yet); any other goes through parse_id.
    opened_at = 0 if version in (0, "0") and not isinstance(version, bool) else parse_id(version)
    if opened_at is None:
        raise NotFound("brands.error.stale_form")
    return brand, opened_at


def parse_profile_view(values: dict[str, dict[str, Any]]) -> ProfileContent:
    """The form's fields, normalised; every unreadable field's error at once."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    parsed: dict[str, Any] = {}
    for field in FIELDS:
        raw = input_value(values, block_of(field))
        text = raw if isinstance(raw, str) else None
        try:
            if field in TEXT_FIELDS:
                parsed[field] = parse_text(text, field)
            elif field == "usual_hours":
                parsed[field] = parse_hours(text)
            else:
                parsed[field] = parse_list(text, field)
        except FieldError as bad:
            errors[block_of(field)] = (bad.key, bad.params)
    if errors:
        raise ValidationFailed(errors)
    return ProfileContent(**parsed)
