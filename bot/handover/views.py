"""A read model of one act for the message, `/handover show`, reminders and the document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.authz import SYSTEM
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.core.workspace import get_workspace
from bot.handover.close import missing_for_close
from bot.handover.items import ACCOUNT_CUSTODY, kind_of
from bot.handover.seal import items_of
from storage.models import HandoverAct, HandoverItem, Workspace


@dataclass(frozen=True)
class ItemView:
    id: int
    position: int
    kind: str
    title_key: str | None  # None: the kind is not registered in this process; show the label
    label: str
    detail: dict[str, Any]
    status: str
    requested_by: str | None
    requested_at: datetime | None
    done_by: str | None
    done_at: datetime | None
    owner: str | None
    button_key: str | None  # the button to show now (None: nothing to press)


@dataclass(frozen=True)
class ActView:
    act: HandoverAct
    items: list[ItemView]
    tz: ZoneInfo
    language: str
    missing: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.act.status == "open"

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.status == "done")

    @property
    def open_items(self) -> list[ItemView]:
        return [i for i in self.items if i.status != "done"]

    def local(self, when: datetime | None) -> str:
        return when.astimezone(self.tz).strftime("%Y-%m-%d %H:%M") if when else ""

    def open_of_kind(self, kind: str) -> int:
        return sum(1 for i in self.items if i.kind == kind and i.button_key)


def _item_view(session: Session, act: HandoverAct, item: HandoverItem) -> ItemView:
    kind = kind_of(session, item.kind)
    # Custody goes to the receiver: nothing to press until there is one.
    pressable = (
        act.status == "open"
        and item.status == "open"
        and kind is not None
        and kind.perform is not None
        and kind.button_key is not None
        and (kind.name != ACCOUNT_CUSTODY or bool(act.receiver_id))
    )
    status, requested_by, requested_at = item.status, item.requested_by, item.requested_at
    detail = dict(item.detail or {})
    # Asked for elsewhere since the last sync (a grant that expired meanwhile): shown as the
    # records say, without a button to ask again; the next sync stores it (sync.tick).
    under_way = kind.under_way if kind is not None and act.status == "open" and item.status == "open" else None
    asked = under_way(session, act, item) if under_way is not None else None
    if asked is not None:
        status, requested_by, requested_at, pressable = "requested", asked.by or SYSTEM, asked.at, False
        detail.setdefault("requested_why", asked.why)
    button = kind.button_key if pressable and kind is not None else None
    # Nobody is waited on for an act that is over (a cancelled one keeps its open items as they were).
    waiting = act.status == "open" and item.status != "done"
    owner = kind.owner(session, act, item) if kind is not None and waiting else None
    return ItemView(
        id=item.id,
        position=item.position,
        kind=item.kind,
        title_key=kind.title_key if kind else None,
        label=item.label,
        detail=detail,
        status=status,
        requested_by=requested_by,
        requested_at=requested_at,
        done_by=item.done_by,
        done_at=item.done_at,
        owner=owner,
        button_key=button,
    )


def build_view(session: Session, act: HandoverAct, settings: Settings | None = None) -> ActView:
    ws = get_workspace(session, settings, act.team_id) if settings else session.get(Workspace, act.team_id)
    tz, language = (ws.timezone, ws.language) if ws else ("UTC", "en")
    items = [_item_view(session, act, i) for i in items_of(session, act.id)]
    # Open items first (what is left to do), each group in checklist order.
    items.sort(key=lambda i: (i.status == "done", i.position))
    missing = missing_for_close(session, act) if act.status == "open" else []
    return ActView(act=act, items=items, tz=ZoneInfo(tz), language=language, missing=missing)


def item_title(tr: Translator, item: ItemView) -> str:
    return tr(item.title_key, label=item.label) if item.title_key else item.label


def automatic_request(item: ItemView) -> str | None:
    """The catalog key saying why an item was requested with no person behind it (a grant that
    expired was already being revoked when the act began); None when a person asked."""
    if item.requested_by and item.requested_by != SYSTEM:
        return None
    return "handover.requested.expired" if item.detail.get("requested_why") == "expired" else "handover.requested.auto"


def via_names(tr: Translator, item: ItemView, unknown: Callable[[str], str] = str) -> str:
    """How the leaver came to know a password (revealed, shared grant, created), in words.

    A source this catalog has no word for is shown as recorded, through `unknown` (the Slack
    side passes its escaping for mrkdwn; the document shows it as it is)."""
    return ", ".join(tr(f"handover.via.{v}") if tr.has(f"handover.via.{v}") else unknown(str(v))
                     for v in item.detail.get("via") or ())
