"""The record part's forms: the holding statement (CDC CERC parts, limits said in each hint) and the
rejection comment. Metadata carries only an id; the rules look it up in the actor's workspace."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.crisis.statements import COMMENT_MAX, FIELDS, StatementForm
from handlers.blockkit import Block, input_block, modal, section, text_input, user_text
from handlers.crisis.record.ids import CrisisRecordIds as I
from handlers.crisis.record.ids import part_block

MULTILINE = frozenset({"facts", "unknowns", "actions"})


def statement_modal(tr: Translator, form: StatementForm) -> Block:
    blocks: list[Block] = [section(tr("crisis.statement.intro", number=form.crisis.number)),
                           section(user_text(form.crisis.summary))]
    for name, required, limit in FIELDS:
        element = text_input(I.A_VALUE, initial=form.draft.get(name) or None, multiline=name in MULTILINE,
                             max_length=limit)
        blocks.append(input_block(part_block(name), tr(f"crisis.statement.field.{name}"), element,
                                  optional=not required, hint=tr(f"crisis.statement.hint.{name}", max=limit)))
    return modal(tr("crisis.statement.title"), I.STATEMENT_VIEW, blocks, submit=tr("crisis.statement.submit"),
                 private_metadata=str(form.crisis.id))


def reject_modal(tr: Translator, statement_id: int, version: int, number: str) -> Block:
    blocks: list[Block] = [
        section(tr("crisis.statement.reject_intro", version=version, number=number)),
        input_block(I.B_COMMENT, tr("crisis.statement.reject_comment"),
                    text_input(I.A_VALUE, multiline=True, max_length=COMMENT_MAX), optional=True),
    ]
    return modal(tr("crisis.statement.reject_title"), I.REJECT_VIEW, blocks,
                 submit=tr("crisis.statement.reject_submit"), private_metadata=str(statement_id))
