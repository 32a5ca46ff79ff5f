"""The setup modal and the roles listing; and reading the modal back."""

from __future__ import annotations

from typing import Any

from bot.admin.parse import ZONE_ECHO, zone_name
from bot.admin.settings import SetupChange
from bot.admin.views import WorkspaceView
from bot.core.authz import Role
from bot.core.errors import ValidationFailed
from bot.core.i18n import Translator
from handlers.admin.ids import AdminIds as I
from handlers.blockkit import (
    Block,
    channel_select,
    input_block,
    input_value,
    modal,
    option,
    static_select,
    text_input,
)


def _days(values: dict[str, dict[str, Any]], block: str, low: int, high: int,
          errors: dict[str, tuple[str, dict[str, object]]]) -> int | None:
    raw = input_value(values, block)
    if raw in (None, ""):
        return None
    text = str(raw).strip()
    # ASCII digits only: "²" and "①" are digits to str.isdigit() but int() refuses them, and a
    # forged value of thousands of digits is past int()'s limit; no bound here needs 7 digits.
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or not low <= int(text) <= high:
        errors[block] = ("error.bad_number", {"text": text, "low": low, "high": high})
        return None
    return int(text)


def parse_setup_view(values: dict[str, dict[str, Any]]) -> SetupChange:
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    tz = (input_value(values, I.B_TIMEZONE) or "").strip() or None
    if tz is not None and zone_name(tz) is None:
        errors[I.B_TIMEZONE] = ("error.bad_timezone", {"tz": tz[:ZONE_ECHO]})
    default = _days(values, I.B_ACCESS_DEFAULT, 1, 3650, errors)
    maximum = _days(values, I.B_ACCESS_MAX, 1, 3650, errors)
    review = _days(values, I.B_REVIEW, 1, 3650, errors)
    if default is not None and maximum is not None and default > maximum:
        errors[I.B_ACCESS_DEFAULT] = ("error.default_over_max", {})
    if errors:
        raise ValidationFailed(errors)
    return SetupChange(
        approvals_channel=input_value(values, I.B_APPROVALS),
        crisis_channel=input_value(values, I.B_CRISIS),
        digest_channel=input_value(values, I.B_DIGEST),
        timezone=tz,
        language=input_value(values, I.B_LANGUAGE),
        access_default_days=default,
        access_max_days=maximum,
        review_days=review,
    )


def setup_modal(tr: Translator, ws: WorkspaceView) -> Block:
    langs = [option(tr("lang.en"), "en"), option(tr("lang.es"), "es")]
    v = I.A_VALUE
    blocks = [
        input_block(I.B_APPROVALS, tr("setup.approvals"), channel_select(v, initial=ws.approvals_channel),
                    optional=True),
        input_block(I.B_CRISIS, tr("setup.crisis"), channel_select(v, initial=ws.crisis_channel), optional=True),
        input_block(I.B_DIGEST, tr("setup.digest"), channel_select(v, initial=ws.digest_channel), optional=True),
        input_block(I.B_TIMEZONE, tr("setup.timezone"), text_input(v, initial=ws.timezone, max_length=64)),
        input_block(I.B_LANGUAGE, tr("setup.language"), static_select(v, langs, initial=ws.language)),
        input_block(I.B_ACCESS_DEFAULT, tr("setup.access_default"),
                    text_input(v, initial=str(ws.access_default_days), max_length=4)),
        input_block(I.B_ACCESS_MAX, tr("setup.access_max"),
                    text_input(v, initial=str(ws.access_max_days), max_length=4)),
        input_block(I.B_REVIEW, tr("setup.review"), text_input(v, initial=str(ws.review_days), max_length=4)),
    ]
    return modal(tr("setup.title"), I.SETUP_VIEW, blocks, submit=tr("setup.submit"))


def _channel(tr: Translator, channel: str | None) -> str:
    return f"<#{channel}>" if channel else tr("setup.unset")


def setup_saved_text(tr: Translator, ws: WorkspaceView) -> str:
    return tr(
        "setup.saved", approvals=_channel(tr, ws.approvals_channel), crisis=_channel(tr, ws.crisis_channel),
        digest=_channel(tr, ws.digest_channel), tz=ws.timezone, lang=tr(f"lang.{ws.language}"),
    )


def roles_text(tr: Translator, by_role: dict[str, list[str]]) -> str:
    lines = [tr("roles.title")]
    for role in Role:
        users = by_role.get(role.value, [])
        who = ", ".join(f"<@{u}>" for u in users) if users else tr("roles.none")
        lines.append(f"• *{tr(f'role.{role.value}')}* (`{role.value}`): {who}")
    lines.append(f"_{tr('roles.env_note')}_")
    return "\n".join(lines)
