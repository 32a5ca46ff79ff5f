"""The frozen form of a closed act: canonical content, its hash, and the audit seal check.

On closing, sha256(canonical JSON of the act, its items and signatures) enters the audit
chain (action "handover.close", detail {"content_hash": …}). The chain protects that entry;
this module's checker (run by `socialops audit verify`) protects the act's own rows by
recomputing the hash from what the database holds now.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import audit
from storage.models import HandoverAct, HandoverItem

SEAL_ACTION = "handover.close"
_ACT_FIELDS = (
    "team_id",
    "number",
    "leaving_id",
    "receiver_id",
    "reason",
    "status",
    "started_by",
    "started_at",
    "delivered_by",
    "delivered_at",
    "received_by",
    "received_at",
    "leaver_unavailable_by",
    "leaver_unavailable_at",
    "closed_by",
    "closed_at",
    "people",  # the names the document shows: sealing them seals what is shown
)
_ITEM_FIELDS = (
    "position",
    "kind",
    "subject_id",
    "label",
    "detail",
    "status",
    "requested_by",
    "requested_at",
    "done_by",
    "done_at",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def act_content(act: HandoverAct, items: list[HandoverItem]) -> dict[str, Any]:
    """What the act says: everything a reader of the document relies on (no message ids)."""
    content = {name: _plain(getattr(act, name)) for name in _ACT_FIELDS}
    content["items"] = [
        {name: _plain(getattr(item, name)) for name in _ITEM_FIELDS}
        for item in sorted(items, key=lambda i: (i.position, i.id))
    ]
    return content


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(act: HandoverAct, items: list[HandoverItem]) -> str:
    return hashlib.sha256(canonical(act_content(act, items)).encode()).hexdigest()


def items_of(session: Session, act_id: int) -> list[HandoverItem]:
    return list(
        session.scalars(
            select(HandoverItem).where(HandoverItem.act_id == act_id).order_by(HandoverItem.position)
        )
    )


def check_closed_acts(session: Session, team_id: str) -> list[str]:
    """Each closed act must hash to the value sealed in the chain; each seal must find its act."""
    sealed: dict[str, str] = {}
    for entry in audit.sealed_entries(session, team_id, SEAL_ACTION):
        sealed[entry.subject] = str(json.loads(entry.detail).get("content_hash", ""))
    problems: list[str] = []
    acts = session.scalars(
        select(HandoverAct)
        .where(
            HandoverAct.team_id == team_id,
            (HandoverAct.status == "closed") | HandoverAct.number.in_(list(sealed)),
        )
        .order_by(HandoverAct.number)
    )
    found: set[str] = set()
    for act in acts:
        found.add(act.number)
        expected = sealed.get(act.number)
        if expected is None:
            problems.append(f"handover act {act.number} is closed but no seal for it is in the audit chain")
        elif act.status != "closed":
            problems.append(f"handover act {act.number} was sealed when closed but is now {act.status!r}")
        else:
            current = content_hash(act, items_of(session, act.id))
            if current != expected:
                problems.append(
                    f"handover act {act.number} was changed after it was closed: its content hashes to "
                    f"{current[:16]}…, the audit chain sealed {expected[:16]}…"
                )
    for number in sorted(set(sealed) - found):
        problems.append(f"handover act {number} is sealed in the audit chain but missing from the database")
    return problems
