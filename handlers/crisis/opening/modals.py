"""The `/crisis open` form: severity with the guide (SPEC §6), summary, link, brand."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Translator
from bot.crisis.parse import SUMMARY_MAX, URL_MAX
from handlers.blockkit import Block, context, input_block, modal, option, static_select, text_input
from handlers.crisis.opening.ids import CrisisOpeningIds as I
from storage.models import SEVERITIES


def open_modal(tr: Translator, brands: list[str]) -> Block:
    severity: dict[str, Any] = {
        "type": "radio_buttons", "action_id": I.A_VALUE,
        "options": [option(tr(f"crisis.open.modal.{s}"), s) for s in SEVERITIES],
    }
    blocks: list[Block] = [
        input_block(I.B_SEVERITY, tr("crisis.open.modal.severity"), severity),
        context(tr("crisis.open.modal.guide")),
        input_block(I.B_SUMMARY, tr("crisis.open.modal.summary"),
                    text_input(I.A_VALUE, multiline=True, max_length=SUMMARY_MAX)),
        input_block(I.B_LINK, tr("crisis.open.modal.link"), text_input(I.A_VALUE, max_length=URL_MAX),
                    optional=True),
    ]
    if brands:  # Slack shows at most 100 options; a brand past those is named in the summary instead
        blocks.append(input_block(I.B_BRAND, tr("crisis.open.modal.brand"),
                                  static_select(I.A_VALUE, [option(b, b) for b in brands]), optional=True,
                                  hint=tr("crisis.open.modal.brand_hint")))
    return modal(tr("crisis.open.modal.title"), I.OPEN_VIEW, blocks, submit=tr("crisis.open.modal.submit"))
