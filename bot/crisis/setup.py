"""Saving a severity's crisis settings (issue 13 §1): the escalation chain, repeats, the status-update
interval and the playbook. Admins only; every problem is reported at once, next to its field, and
nothing is written; an unchanged save writes nothing either."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, require_role
from bot.core.errors import ValidationFailed
from bot.crisis.handover_items import CHAIN_SEAT
from bot.crisis.playbooks import default_playbook
from bot.crisis.settings import DEFAULT_ACK_MINUTES, DEFAULT_STATUS_MINUTES, MAX_REPEATS, Chain, chain_for
from bot.handover.sync import sync_subject
from storage import audit
from storage.models import SEVERITIES, CrisisSettings, Workspace

MAX_LEVELS = 3
MAX_USERS_PER_LEVEL = 20
ACK_RANGE = (1, 1440)
STATUS_RANGE = (5, 1440)
PLAYBOOK_STEPS = (1, 20)
STEP_MAX = 300


@dataclass(frozen=True)
class LevelInput:
    users: tuple[str, ...]
    ack_minutes: str  # as typed; checked here


@dataclass(frozen=True)
class SetupInput:
    """What the form sent, untrusted: block ids are the form's (they name where an error shows)."""

    levels: tuple[LevelInput, ...]
    repeats: str
    status_minutes: str  # empty: no reminders
    playbook: str  # one step per line


@dataclass(frozen=True)
class SettingsView:
    severity: str
    chain: Chain
    playbook: tuple[str, ...]  # the team's, or the default in the workspace language
    playbook_is_default: bool
    version: int


def language(session: Session, team_id: str) -> str:
    ws = session.get(Workspace, team_id)
    return ws.language if ws is not None else "en"


def settings_view(session: Session, team_id: str, severity: str) -> SettingsView:
    chain = chain_for(session, team_id, severity)
    row = _row(session, team_id, severity)
    playbook = chain.playbook or default_playbook(severity, language(session, team_id))
    return SettingsView(severity, chain, playbook, chain.playbook is None, row.version if row else 0)


def overview(session: Session, actor: Actor) -> list[SettingsView]:
    """Every severity's settings (admins: the chains are who gets woken up)."""
    require_role(session, actor, Role.ADMIN, action="crisis.setup")
    return [settings_view(session, actor.team_id, sev) for sev in SEVERITIES]


def check_can_edit(session: Session, actor: Actor, severity: str) -> SettingsView:
    """Before the form opens: refused at once, not after it is filled in."""
    require_role(session, actor, Role.ADMIN, action="crisis.setup", subject=f"severity:{severity}")
    return settings_view(session, actor.team_id, severity)


def _row(session: Session, team_id: str, severity: str, *, lock: bool = False) -> CrisisSettings | None:
    query = select(CrisisSettings).where(CrisisSettings.team_id == team_id, CrisisSettings.severity == severity)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def _int_in(raw: str, low: int, high: int) -> int | None:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return None
    value = int(text)
    return value if low <= value <= high else None


def validate(severity: str, form: SetupInput, level_block: list[str], ack_block: list[str],
             repeats_block: str, status_block: str, playbook_block: str) -> dict[str, Any]:
    """The values to store, or ValidationFailed naming each bad field (nothing stored)."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    levels: list[dict[str, Any]] = []
    for n, level in enumerate(form.levels[:MAX_LEVELS]):
        users = list(dict.fromkeys(u for u in level.users if u))
        if not users:
            continue  # an empty level is skipped: the chain is the levels that name someone
        if len(users) > MAX_USERS_PER_LEVEL:
            errors[level_block[n]] = ("crisis.setup.error.too_many", {"max": MAX_USERS_PER_LEVEL})
        ack = _int_in(level.ack_minutes, *ACK_RANGE) if level.ack_minutes.strip() else DEFAULT_ACK_MINUTES[severity]
        if ack is None:
            errors[ack_block[n]] = ("crisis.setup.error.ack", {"low": ACK_RANGE[0], "high": ACK_RANGE[1],
                                                                "text": level.ack_minutes[:20]})
        levels.append({"users": users, "ack_minutes": ack})
    if not levels:
        errors[level_block[0]] = ("crisis.setup.error.nobody", {})
    repeats = _int_in(form.repeats, 1, MAX_REPEATS)
    if repeats is None:
        errors[repeats_block] = ("crisis.setup.error.repeats", {"max": MAX_REPEATS})
    status: int | None = None
    if form.status_minutes.strip():
        status = _int_in(form.status_minutes, *STATUS_RANGE)
        if status is None:
            errors[status_block] = ("crisis.setup.error.status", {"low": STATUS_RANGE[0], "high": STATUS_RANGE[1],
                                                                  "text": form.status_minutes[:20]})
    steps = [line.strip() for line in form.playbook.splitlines() if line.strip()]
    long_step = next((i for i, s in enumerate(steps, 1) if len(s) > STEP_MAX), None)
    if not PLAYBOOK_STEPS[0] <= len(steps) <= PLAYBOOK_STEPS[1]:
        errors[playbook_block] = ("crisis.setup.error.steps", {"low": PLAYBOOK_STEPS[0], "high": PLAYBOOK_STEPS[1],
                                                               "count": len(steps)})
    elif long_step is not None:
        errors[playbook_block] = ("crisis.setup.error.step_long", {"n": long_step, "max": STEP_MAX})
    if errors:
        raise ValidationFailed(errors)
    return {"levels": levels, "repeats": repeats, "status_minutes": status, "playbook": steps}


def save(session: Session, actor: Actor, severity: str, values: dict[str, Any], now: datetime) -> SettingsView | None:
    """Store validated values; None when nothing changed (no row touched, nothing audited).

    A playbook equal to the shipped default in the workspace language is stored as None (the
    default), so a team that never edited it gets a reworded default when the app ships one."""
    require_role(session, actor, Role.ADMIN, action="crisis.setup", subject=f"severity:{severity}")
    if severity not in SEVERITIES:
        raise ValueError(severity)
    default = list(default_playbook(severity, language(session, actor.team_id)))
    playbook = None if values["playbook"] == default else values["playbook"]
    row = _row(session, actor.team_id, severity, lock=True)
    before = {
        "levels": row.levels if row else [],
        "repeats": row.repeats if row else MAX_REPEATS,
        "status_minutes": row.status_minutes if row else DEFAULT_STATUS_MINUTES[severity],
        "playbook": row.playbook if row else None,
    }
    after = {**values, "playbook": playbook}
    changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    if row is not None and not changed:
        return None
    if row is None:
        row = CrisisSettings(team_id=actor.team_id, severity=severity, version=1)
        session.add(row)
    else:
        row.version += 1
    row.levels, row.repeats, row.status_minutes, row.playbook = (
        after["levels"], after["repeats"], after["status_minutes"], after["playbook"])
    row.updated_by, row.updated_at = actor.user_id, now
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="crisis.settings_saved",
                 subject=f"severity:{severity}", at=now, detail={"version": row.version, "changed": changed})
    # A leaver's handover item "take them off the chain" ticks when the saved chain no longer names them.
    sync_subject(session, actor.team_id, CHAIN_SEAT, severity, actor=actor.user_id, now=now)
    return settings_view(session, actor.team_id, severity)
