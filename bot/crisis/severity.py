"""`/crisis severity <sev1|sev2|sev3> [id]` (issue 13 §4): re-page as the new severity's chain requires.

A crisis lead, the reporter or an admin. The change bumps the generation (older pages and their
buttons no longer count), closes the open pages, takes the new severity's chain (none configured:
the admins, as on open) and restarts the status reminders at the new interval. Then:

- not acknowledged yet: paging restarts from level 1 of the new chain, the whole chain and its
  repeats, as if it had opened at this severity;
- acknowledged and raised: level 1 of the new chain is paged once, for information, with its own
  Acknowledge (PagerDuty re-notifies on a priority raise: the people on the worse severity's chain
  must know, though someone already owns the crisis, so it does not escalate further);
- acknowledged and lowered: nobody is paged; the channel is told.

Raising to sev1 or sev2 holds the brand's posts as opening at that severity would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, admin_ids, has_role
from bot.core.errors import Conflict, Forbidden, UsageError
from bot.core.schedule import schedule
from bot.crisis import opening, paging, status, timeline
from bot.crisis.lookup import target
from bot.crisis.settings import DEFAULT_ACK_MINUTES, chain_for
from bot.crisis.views import CrisisView, crisis_view
from storage import audit
from storage.models import SEVERITIES, Crisis

USAGE_SEVERITY = "usage.crisis.severity"
KIND_SEVERITY = "crisis.severity_note"  # the note in the crisis channel
REPAGE, INFO, NONE = "repage", "info", "none"


def parse_severity(text: str) -> tuple[str, str | None]:
    """`sev1 [CRI-2026-0001]` → (severity, reference or None)."""
    words = text.split()
    if not words:
        raise UsageError("crisis.severity.error.missing", usage_key=USAGE_SEVERITY)
    severity = words[0].lower()
    if severity not in SEVERITIES:
        raise UsageError("crisis.severity.error.unknown", usage_key=USAGE_SEVERITY, severity=words[0][:20])
    if len(words) > 2:
        raise UsageError("crisis.severity.error.extra", usage_key=USAGE_SEVERITY)
    return severity, (words[1] if len(words) == 2 else None)


def is_raise(old: str, new: str) -> bool:
    """sev1 is the worst: going from sev3 to sev1 raises it."""
    return SEVERITIES.index(new) < SEVERITIES.index(old)


@dataclass(frozen=True)
class SeverityChanged:
    crisis: CrisisView
    old: str
    new: str
    mode: str  # repage | info | none
    paged: tuple[str, ...]  # level 1 of the new chain, when paged
    held: tuple[int, ...]


def snapshot_chain(session: Session, crisis: Crisis, severity: str) -> None:
    """The severity's chain onto the crisis, as opening does: no chain configured pages the admins."""
    chain = chain_for(session, crisis.team_id, severity)
    levels: list[dict[str, Any]]
    if chain.configured:
        levels = [{"users": list(lv.users), "ack_minutes": lv.ack_minutes} for lv in chain.levels if lv.users]
    else:
        levels = [{"users": list(admin_ids(session, crisis.team_id)), "ack_minutes": DEFAULT_ACK_MINUTES[severity]}]
    crisis.chain, crisis.repeats, crisis.chain_configured = levels, chain.repeats, chain.configured


def change_severity(session: Session, actor: Actor, channel_id: str | None, severity: str, ref: str | None,
                    now: datetime) -> SeverityChanged:
    crisis = target(session, actor.team_id, channel_id, ref, usage_key=USAGE_SEVERITY, lock=True)
    if actor.user_id != crisis.reporter_id and not has_role(session, actor, Role.CRISIS_LEAD):
        raise Forbidden("crisis.severity.forbidden", action="crisis.severity", subject=f"crisis:{crisis.id}",
                        number=crisis.number)
    if crisis.status != "open":
        raise Conflict("crisis.severity.error.resolved", number=crisis.number)
    old = crisis.severity
    if severity == old:
        raise Conflict("crisis.severity.error.same", number=crisis.number, severity=severity)
    raised = is_raise(old, severity)
    paging.stop_paging(session, crisis, now, reason="severity")
    crisis.severity = severity
    crisis.generation += 1
    snapshot_chain(session, crisis, severity)
    mode = REPAGE if crisis.acknowledged_at is None else INFO if raised else NONE
    if mode == NONE:
        status.start_status_reminders(session, crisis, now)
    else:
        paging.start_paging(session, crisis, now, info=mode == INFO)
    held = opening.hold_posts(session, crisis, now) if raised else []
    timeline.record(session, crisis, timeline.SEVERITY, actor=actor.user_id, at=now, text=severity,
                    detail={"from": old, "to": severity, "generation": crisis.generation, "mode": mode})
    audit.append(session, team_id=crisis.team_id, actor=actor.user_id, action="crisis.severity",
                 subject=f"crisis:{crisis.id}", at=now,
                 detail={"number": crisis.number, "from": old, "to": severity, "mode": mode, "held": held})
    schedule(session, team_id=crisis.team_id, kind=KIND_SEVERITY,
             subject_id=paging.generation_subject(crisis.id, crisis.generation), at=now,
             recipient=crisis.channel_id or crisis.reporter_id,
             payload={"from": old, "to": severity, "by": actor.user_id, "mode": mode})
    paged = paging.level_users(crisis, 0) if mode != NONE else ()
    return SeverityChanged(crisis_view(crisis), old, severity, mode, paged, tuple(held))
