"""The template form (`/replies add`, `/replies edit <id>`) and reading it back."""

from __future__ import annotations

from typing import Any

from bot.core.errors import ValidationFailed
from bot.core.i18n import Translator
from bot.replies.templates import InvalidTemplate
from bot.replies.views import TEXT_MAX, TITLE_MAX, TONE_MAX, Draft
from handlers.blockkit import Block, input_block, input_value, modal, option, static_select, text_input
from handlers.replies.ids import RepliesIds as I
from storage.models import REPLY_CATEGORIES, REPLY_LANGUAGES

FIELDS = {"title": I.B_TITLE, "category": I.B_CATEGORY, "tone": I.B_TONE, "language": I.B_LANGUAGE,
          "text": I.B_TEXT}


def template_modal(tr: Translator, draft: Draft | None = None, *, template_id: int | None = None) -> Block:
    d = draft or Draft("", "", "", tr.lang if tr.lang in REPLY_LANGUAGES else "es", "")
    cats = [option(tr(f"replies.category.{c}"), c) for c in REPLY_CATEGORIES]
    langs = [option(tr(f"replies.language.{lang}"), lang) for lang in REPLY_LANGUAGES]
    blocks = [
        input_block(I.B_TITLE, tr("replies.modal.title"),
                    text_input(I.A_VALUE, initial=d.title, max_length=TITLE_MAX)),
        input_block(I.B_CATEGORY, tr("replies.modal.category"),
                    static_select(I.A_VALUE, cats, initial=d.category or None)),
        input_block(I.B_TONE, tr("replies.modal.tone"), text_input(I.A_VALUE, initial=d.tone, max_length=TONE_MAX),
                    optional=True),
        input_block(I.B_LANGUAGE, tr("replies.modal.language"), static_select(I.A_VALUE, langs, initial=d.language)),
        input_block(I.B_TEXT, tr("replies.modal.text"),
                    text_input(I.A_VALUE, initial=d.text, multiline=True, max_length=TEXT_MAX),
                    hint=tr("replies.modal.text_hint")),
    ]
    if template_id is None:
        return modal(tr("replies.modal.title_add"), I.ADD_VIEW, blocks, submit=tr("replies.modal.submit"))
    return modal(tr("replies.modal.title_edit"), I.EDIT_VIEW, blocks, submit=tr("replies.modal.submit"),
                 private_metadata=str(template_id))


def parse_modal(values: dict[str, dict[str, Any]]) -> Draft:
    def text(block: str) -> str:
        value = input_value(values, block, I.A_VALUE)
        return value if isinstance(value, str) else ""

    return Draft(text(I.B_TITLE), text(I.B_CATEGORY), text(I.B_TONE), text(I.B_LANGUAGE), text(I.B_TEXT))


def field_errors(exc: InvalidTemplate) -> ValidationFailed:
    return ValidationFailed({str(FIELDS[f]): (key, dict(params)) for f, (key, params) in exc.errors.items()})
