"""Telling the workspace admins, once a day per problem, that something could not be delivered.

An alert is itself a delivery of kind `scheduler.admin_alert` whose subject is the
problem and the recipient ("not_in_channel:C0123") and whose occurrence is the start of
the workspace-local day. Every alert for the same problem on the same day has the same
(team, kind, subject, occurrence) key, so however many deliveries hit it — and however
many replicas notice — the admins hear about it once that day; if the problem comes
back on a later day (fixed, then broken again), they are told again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.schedule import Outgoing, RenderContext, Renderer
from storage.models import Delivery, RoleAssignment, Workspace
from storage.upsert import insert_ignore

log = logging.getLogger("socialops.scheduler")

ALERT_KIND = "scheduler.admin_alert"

# Problems of the whole installation rather than of one recipient.
_INSTALL_PROBLEMS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "missing_scope"})
_HINTS = {
    "not_in_channel": "jobs.alert.hint.not_in_channel",
    # Slack says channel_not_found for a private channel the bot is not in, as for a deleted one.
    "channel_not_found": "jobs.alert.hint.not_in_channel",
    "is_archived": "jobs.alert.hint.channel_gone",
    "channel_is_archived": "jobs.alert.hint.channel_gone",
    "user_not_found": "jobs.alert.hint.user_gone",
    "user_not_visible": "jobs.alert.hint.user_gone",
    "cannot_dm_bot": "jobs.alert.hint.user_gone",
    "dead": "jobs.alert.hint.dead",
}


def alert_admins(
    session: Session, *, team_id: str, problem: str, recipient: str, delivery: Delivery, now: datetime,
    env_admins: tuple[str, ...],
) -> bool:
    """Queue the admins' alert for (problem, recipient) unless it exists; True if new."""
    if delivery.kind == ALERT_KIND:
        # Never alert about an alert (the admins' own DMs failing): it could only loop.
        log.error("admin alert undeliverable", extra={"team": team_id, "error": problem})
        return False
    target = "*" if problem in _INSTALL_PROBLEMS else recipient
    day = alert_day(session, team_id, now)
    return insert_ignore(
        session,
        Delivery,
        {
            "team_id": team_id, "kind": ALERT_KIND, "subject_id": f"{problem}:{target}"[:64],
            "occurrence_at": day, "due_at": now, "recipient": None,
            "payload": {"problem": problem, "recipient": recipient, "delivery_id": delivery.id,
                        "kind": delivery.kind, "error": delivery.last_error or problem,
                        "attempts": delivery.attempts, "env_admins": list(env_admins)},
            "repeat_seconds": None, "state": "pending", "attempts": 0, "coalesced": 0, "parts_done": [],
        },
    )


def alert_day(session: Session, team_id: str, now: datetime) -> datetime:
    """The start (in UTC) of the workspace-local day of `now`: "once per problem per day"
    as a unique-key fact, with the day as the admins live it rather than UTC's."""
    ws = session.get(Workspace, team_id)
    try:
        zone = ZoneInfo(ws.timezone) if ws is not None and ws.timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")  # an unknown zone must not stop the alert
    local_day = now.astimezone(zone).date()
    return datetime.combine(local_day, time(0), tzinfo=zone).astimezone(UTC)


def admins_of(session: Session, team_id: str, env_admins: list[str]) -> list[str]:
    by_role = session.scalars(
        select(RoleAssignment.user_id).where(RoleAssignment.team_id == team_id, RoleAssignment.role == "admin")
    )
    return sorted(set(env_admins) | set(by_role))


def render_alert(rc: RenderContext) -> list[Outgoing] | None:
    p: dict[str, Any] = rc.delivery.payload
    admins = admins_of(rc.session, rc.delivery.team_id, list(p.get("env_admins", [])))
    if not admins:
        log.error("no admin to tell", extra={"team": rc.delivery.team_id, "error": p.get("problem")})
        return None
    recipient = str(p.get("recipient") or "")
    where = f"<@{recipient}>" if recipient[:1] in {"U", "W"} else f"<#{recipient}>" if recipient else "—"
    if ":" in recipient:  # not a Slack id but a delivery's own target, e.g. "webhook:<host>"
        where = f"`{recipient}`"
    text = rc.tr("jobs.alert.text", kind=p.get("kind", "?"), where=where, error=p.get("error", "?"),
                 id=p.get("delivery_id", "?"), attempts=p.get("attempts", 0))
    hint = _HINTS.get(str(p.get("problem")))
    if hint:
        text += "\n" + rc.tr(hint, channel=where)
    text += "\n" + rc.tr("jobs.alert.footer", id=p.get("delivery_id", "?"))
    return [Outgoing(to=admin, text=text) for admin in admins]


RENDERERS: dict[str, Renderer] = {
    ALERT_KIND: render_alert,
}
