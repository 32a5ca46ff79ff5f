"""What the crisis feature adds to a handover act (SPEC §4: "their open crisis roles"): each
severity whose escalation chain names the leaving person is an item "take them off the chain",
ticked when the saved chain no longer names them. A chain that still pages someone who left pages
nobody at that level, which is how a crisis goes unanswered.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handover.items import Done, ItemKind, ItemSpec
from storage.models import CrisisSettings, HandoverAct, HandoverItem

CHAIN_SEAT = "crisis.chain"


def _levels_naming(row: CrisisSettings, user_id: str) -> list[int]:
    return [n for n, level in enumerate(row.levels, start=1) if user_id in (level.get("users") or [])]


def chain_seats_of(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    """Each severity whose chain names `user_id`, with the levels (1-based) they are on."""
    rows = session.scalars(select(CrisisSettings).where(CrisisSettings.team_id == team_id)
                           .order_by(CrisisSettings.severity))
    specs = []
    for row in rows:
        levels = _levels_naming(row, user_id)
        if levels:
            label = f"{row.severity} — level {', '.join(map(str, levels))}"
            specs.append(ItemSpec(CHAIN_SEAT, row.severity, label, {"levels": levels}))
    return specs


def _off_the_chain(session: Session, act: HandoverAct, item: HandoverItem) -> Done | None:
    row = session.scalars(select(CrisisSettings).where(
        CrisisSettings.team_id == act.team_id, CrisisSettings.severity == item.subject_id)).one_or_none()
    if row is None or not _levels_naming(row, act.leaving_id):
        return Done(row.updated_by if row else None, row.updated_at if row else None)
    return None


def _owner(session: Session, act: HandoverAct, item: HandoverItem) -> str | None:
    """Whoever runs the act (the chains are an admin's setting); never the leaver."""
    return next((c for c in (act.started_by, act.receiver_id) if c and c != act.leaving_id), None)


# After the posts (order 60): the last thing to hand over is who answers when things go wrong.
CHAIN_SEAT_KIND = ItemKind(CHAIN_SEAT, "crisis.handover.chain", _off_the_chain, _owner, order=70)
