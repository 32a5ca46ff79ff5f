"""The scope form and reading it back. Its metadata is the scope version it was opened with (the
save is conditional on it); who may save comes from the payload, and every value is checked
again by the rules (bot/kpi/scope.py). An account's input names it by id in its block id: read
with parse_id and looked up in the actor's workspace when saved."""

from __future__ import annotations

import json
from typing import Any

from bot.accounts.lookup import no_such_account
from bot.core.errors import Conflict
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from bot.kpi.parse_goals import (
    DELIVERABLE_NAME_MAX,
    DUE_RANGE,
    MAX_DELIVERABLES,
    POSTS_RANGE,
    PROVIDER_MAX,
    RESPONSE_RANGE,
    ScopeInput,
)
from bot.kpi.scope import ScopeScreen
from handlers.blockkit import (
    Block,
    context,
    input_block,
    input_value,
    modal,
    option,
    section,
    static_select,
    text_input,
)
from handlers.kpi.goals.ids import DELIVERABLE_BLOCKS, MAX_FORM_ACCOUNTS, POSTS_PREFIX, posts_block
from handlers.kpi.goals.ids import KpiGoalsIds as I
from storage.models.kpi import REPORT_CADENCES

DELIVERABLE_INPUT_MAX = DELIVERABLE_NAME_MAX + 20  # the name, the dash and "day 28"


def scope_modal(tr: Translator, screen: ScopeScreen) -> Block:
    scope = screen.scope
    blocks: list[Block] = [section(tr("kpi.goals.form.intro"))]
    blocks.append(input_block(I.B_PROVIDER, tr("kpi.goals.form.provider"),
                              text_input(I.A_VALUE, initial=scope.provider if scope else None, max_length=PROVIDER_MAX,
                                         placeholder=tr("kpi.goals.form.provider_placeholder")),
                              hint=tr("kpi.goals.form.provider_hint")))
    cadences = [option(tr(f"kpi.goals.cadence.{c}"), c) for c in REPORT_CADENCES]
    blocks.append(input_block(I.B_CADENCE, tr("kpi.goals.form.cadence"),
                              static_select(I.A_VALUE, cadences, initial=scope.report_cadence if scope else "monthly")))
    minutes = scope.response_minutes if scope else None
    blocks.append(input_block(I.B_RESPONSE, tr("kpi.goals.form.response"),
                              text_input(I.A_VALUE, initial=str(minutes) if minutes else None, max_length=5),
                              optional=True, hint=tr("kpi.goals.form.response_hint", low=RESPONSE_RANGE[0],
                                                     high=RESPONSE_RANGE[1])))
    shown = screen.accounts[:MAX_FORM_ACCOUNTS]
    if shown:
        blocks.append(section(tr("kpi.goals.form.posts_intro", max=POSTS_RANGE[1])))
    else:
        blocks.append(section(tr("kpi.goals.form.no_accounts")))
    for row in shown:
        blocks.append(input_block(posts_block(row.account_id), row.label,
                                  text_input(I.A_VALUE, initial=str(row.posts_per_week) if row.posts_per_week else None,
                                             max_length=3), optional=True))
    if len(screen.accounts) > len(shown):
        blocks.append(context(tr("kpi.goals.form.more_accounts", count=len(screen.accounts) - len(shown))))
    blocks.append(section(tr("kpi.goals.form.deliverables_intro", max=MAX_DELIVERABLES, low=DUE_RANGE[0],
                             high=DUE_RANGE[1])))
    current = scope.deliverables if scope else ()
    for n, block_id in enumerate(DELIVERABLE_BLOCKS):
        initial = tr("kpi.goals.form.deliverable_value", name=current[n][1], day=current[n][2]) \
            if n < len(current) else None
        blocks.append(input_block(block_id, tr("kpi.goals.form.deliverable", n=n + 1),
                                  text_input(I.A_VALUE, initial=initial, max_length=DELIVERABLE_INPUT_MAX,
                                             placeholder=tr("kpi.goals.form.deliverable_placeholder")),
                                  optional=True))
    return modal(tr("kpi.goals.form.title"), I.SCOPE_VIEW, blocks, submit=tr("kpi.goals.form.submit"),
                 private_metadata=json.dumps({"version": screen.version}))


def form_version(metadata: str) -> int:
    """The version the form was opened with; anything the app did not write is refused like a stale form."""
    try:
        parsed = json.loads(metadata)
    except ValueError:
        parsed = None
    version = parsed.get("version") if isinstance(parsed, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version < 2**31:
        raise Conflict("kpi.goals.scope.error.changed")
    return version


def _text(values: dict[str, dict[str, Any]], block: str) -> str:
    raw = input_value(values, block, I.A_VALUE)
    return raw if isinstance(raw, str) else ""


def parse_form(values: dict[str, dict[str, Any]]) -> ScopeInput:
    """The form's values as typed, untrusted; an account block id that is not an id was forged."""
    posts: list[tuple[str, int, str]] = []
    for block in values:
        if not block.startswith(POSTS_PREFIX):
            continue
        account_id = parse_id(block.removeprefix(POSTS_PREFIX))
        if account_id is None or posts_block(account_id) != block:
            raise no_such_account()
        posts.append((block, account_id, _text(values, block)))
    cadence = input_value(values, I.B_CADENCE, I.A_VALUE)
    return ScopeInput(
        provider=(I.B_PROVIDER, _text(values, I.B_PROVIDER)),
        report_cadence=(I.B_CADENCE, cadence if isinstance(cadence, str) else ""),
        response_minutes=(I.B_RESPONSE, _text(values, I.B_RESPONSE)),
        posts=tuple(posts[:MAX_FORM_ACCOUNTS]),
        deliverables=tuple((b, _text(values, b)) for b in DELIVERABLE_BLOCKS),
    )
