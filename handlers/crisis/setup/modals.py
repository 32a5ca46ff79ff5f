"""The per-severity settings form and reading it back. Its metadata is the severity alone: who may
save comes from the payload, and the values are checked again by the rules (bot/crisis/setup.py)."""

from __future__ import annotations

import re
from typing import Any

from bot.core.errors import ValidationFailed
from bot.core.i18n import Translator
from bot.crisis.settings import DEFAULT_ACK_MINUTES, MAX_REPEATS
from bot.crisis.setup import (
    ACK_RANGE,
    MAX_LEVELS,
    MAX_USERS_PER_LEVEL,
    PLAYBOOK_STEPS,
    STATUS_RANGE,
    STEP_MAX,
    LevelInput,
    SettingsView,
    SetupInput,
)
from handlers.blockkit import Block, input_block, input_value, modal, option, section, static_select, text_input
from handlers.crisis.setup.ids import CrisisSetupIds as I
from handlers.crisis.setup.ids import ack_block, level_block

# Slack's bound on a plain_text_input; 20 steps of typical length fit well within it.
PLAYBOOK_INPUT_MAX = 3000
MINUTES_INPUT_MAX = 6
# What a users_select can send: a user id. Anything else was not picked in Slack.
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}", re.ASCII)


def _users_select(initial: tuple[str, ...]) -> Block:
    el: Block = {"type": "multi_users_select", "action_id": I.A_VALUE, "max_selected_items": MAX_USERS_PER_LEVEL}
    if initial:
        el["initial_users"] = list(initial[:MAX_USERS_PER_LEVEL])
    return el


def _playbook_text(steps: tuple[str, ...]) -> str:
    """One step per line, as many whole steps as the input holds (the form can only have saved that many)."""
    text = ""
    for step in steps:
        candidate = f"{text}\n{step}" if text else step
        if len(candidate) > PLAYBOOK_INPUT_MAX:
            break
        text = candidate
    return text


def setup_modal(tr: Translator, view: SettingsView) -> Block:
    chain = view.chain
    sev = view.severity
    blocks: list[Block] = [section(tr("crisis.setup.form.intro", severity=sev))]
    for n in range(1, MAX_LEVELS + 1):
        level = chain.levels[n - 1] if n <= len(chain.levels) else None
        minutes = level.ack_minutes if level else None
        hint = tr("crisis.setup.form.level_hint_first") if n == 1 else tr("crisis.setup.form.level_hint", prev=n - 1)
        blocks.append(input_block(level_block(n), tr("crisis.setup.form.level", n=n),
                                  _users_select(level.users if level else ()), optional=True, hint=hint))
        blocks.append(input_block(
            ack_block(n), tr("crisis.setup.form.ack", n=n),
            text_input(I.A_VALUE, initial=str(minutes) if minutes else None, max_length=MINUTES_INPUT_MAX,
                       placeholder=tr("crisis.setup.form.ack_placeholder", minutes=DEFAULT_ACK_MINUTES[sev])),
            optional=True, hint=tr("crisis.setup.form.ack_hint", low=ACK_RANGE[0], high=ACK_RANGE[1])))
    repeats = [option(tr("crisis.setup.form.repeats_once") if n == 1 else tr("crisis.setup.form.repeats_times", n=n),
                      str(n)) for n in range(1, MAX_REPEATS + 1)]
    blocks.append(input_block(I.B_REPEATS, tr("crisis.setup.form.repeats"),
                              static_select(I.A_VALUE, repeats, initial=str(chain.repeats)),
                              hint=tr("crisis.setup.form.repeats_hint")))
    status = chain.status_minutes
    blocks.append(input_block(
        I.B_STATUS, tr("crisis.setup.form.status"),
        text_input(I.A_VALUE, initial=str(status) if status is not None else None, max_length=MINUTES_INPUT_MAX),
        optional=True, hint=tr("crisis.setup.form.status_hint", low=STATUS_RANGE[0], high=STATUS_RANGE[1])))
    blocks.append(input_block(
        I.B_PLAYBOOK, tr("crisis.setup.form.playbook"),
        text_input(I.A_VALUE, initial=_playbook_text(view.playbook), multiline=True, max_length=PLAYBOOK_INPUT_MAX),
        hint=tr("crisis.setup.form.playbook_hint", high=PLAYBOOK_STEPS[1], max=STEP_MAX)))
    return modal(tr("crisis.setup.form.title", severity=sev), I.VIEW, blocks, submit=tr("crisis.setup.form.submit"),
                 private_metadata=sev)


def _text(values: dict[str, dict[str, Any]], block: str) -> str:
    raw = input_value(values, block, I.A_VALUE)
    return raw if isinstance(raw, str) else ""


def parse_form(values: dict[str, dict[str, Any]]) -> SetupInput:
    """The form's values as typed; what only a forged payload could send is refused here, next to its field."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    levels: list[LevelInput] = []
    for n in range(1, MAX_LEVELS + 1):
        picked = input_value(values, level_block(n), I.A_VALUE)
        users = [u for u in picked if isinstance(u, str)] if isinstance(picked, list) else []
        if not all(_USER_ID.fullmatch(u) for u in users):
            errors[level_block(n)] = ("crisis.setup.error.user", {})
        levels.append(LevelInput(tuple(users), _text(values, ack_block(n))))
    playbook = _text(values, I.B_PLAYBOOK)
    if len(playbook) > PLAYBOOK_INPUT_MAX:
        errors[I.B_PLAYBOOK] = ("crisis.setup.error.playbook_long", {"max": PLAYBOOK_INPUT_MAX})
    if errors:
        raise ValidationFailed(errors)
    return SetupInput(levels=tuple(levels), repeats=_text(values, I.B_REPEATS),
                      status_minutes=_text(values, I.B_STATUS), playbook=playbook)
