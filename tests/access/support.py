"""Test helpers for the access feature: inventory rows, roles, and a due-delivery renderer.

Accounts are created directly through the session (the /accounts feature is built
elsewhere); `render_due` plays the scheduler for unit tests: it asks each due delivery's
renderer what to send, records it, and plans the next repeat the way the scheduler does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.core.schedule import Outgoing, RenderContext, schedule
from bot.features import registries, translator
from storage.db import Database
from storage.models import Account, Delivery, RoleAssignment, Workspace

TEAM = "T00000001"


def make_account(db: Database, handle: str, *, network: str = "instagram", custodian: str = "U0ANA",
                 team: str = TEAM, status: str = "active") -> int:
    with db.uow() as s:
        account = Account(team_id=team, brand="Acme", network=network, handle=handle.lstrip("@").lower(),
                          login_email=f"social+{handle}@acme.example", created_by=custodian,
                          custodian_id=custodian, status=status)
        s.add(account)
        s.flush()
        return account.id


def give_role(db: Database, user: str, role: str, team: str = TEAM) -> None:
    with db.uow() as s:
        s.add(RoleAssignment(team_id=team, user_id=user, role=role, granted_by="U0ADMIN"))


def set_workspace(db: Database, team: str = TEAM, **values: Any) -> None:
    with db.uow() as s:
        ws = s.get(Workspace, team)
        if ws is None:
            ws = Workspace(team_id=team)
            s.add(ws)
        for key, value in values.items():
            setattr(ws, key, value)


@dataclass
class Sent:
    kind: str
    subject: str
    out: Outgoing


@dataclass
class Outbox:
    sent: list[Sent] = field(default_factory=list)

    def to(self, who: str, kind: str | None = None) -> list[Outgoing]:
        return [s.out for s in self.sent if s.out.to == who and (kind is None or s.kind == kind)]

    def kinds(self) -> list[str]:
        return [s.kind for s in self.sent]


def render_due(db: Database, now: datetime, outbox: Outbox | None = None) -> Outbox:
    """Render every pending delivery due by `now` (oldest first), like one scheduler tick."""
    outbox = outbox or Outbox()
    with db.uow() as s:
        due = list(s.scalars(select(Delivery).where(Delivery.state == "pending", Delivery.due_at <= now)
                             .order_by(Delivery.due_at, Delivery.id)))
        for delivery in due:
            renderer = registries().renderers.get(delivery.kind)
            assert renderer is not None, delivery.kind
            rc = RenderContext(session=s, delivery=delivery, tr=translator("en"), now=now, late=False)
            result = renderer(rc)
            if result is None:
                delivery.state = "cancelled"
                continue
            for out in result:
                outbox.sent.append(Sent(delivery.kind, delivery.subject_id, out))
            delivery.state, delivery.sent_at = "sent", now
            if delivery.repeat_seconds:
                step = timedelta(seconds=delivery.repeat_seconds)
                following = delivery.occurrence_at + step
                while following <= now:  # missed repeats fold into one
                    following += step
                schedule(s, team_id=delivery.team_id, kind=delivery.kind, subject_id=delivery.subject_id,
                         at=following, recipient=delivery.recipient, payload=delivery.payload, repeat=step)
    return outbox


def pending(db: Database, kind: str | None = None) -> list[Delivery]:
    with db.uow() as s:
        query = select(Delivery).where(Delivery.state == "pending")
        if kind:
            query = query.where(Delivery.kind == kind)
        return list(s.scalars(query.order_by(Delivery.due_at)))


def deliver_due(rt: Any, now: datetime) -> int:
    """One scheduler tick (scheduler.jobs.tick) at `now`; how many deliveries were sent."""
    from scheduler.jobs import tick

    with rt.ctx.db.uow() as s:
        before = len(s.scalars(select(Delivery.id).where(Delivery.state == "sent")).all())
    tick(rt, now=now)
    with rt.ctx.db.uow() as s:
        return len(s.scalars(select(Delivery.id).where(Delivery.state == "sent")).all()) - before


def anchor_workspace(rt: Any, when: datetime, team: str = TEAM) -> None:
    """Date the workspace's first contact on the test clock, so the periodic review (due
    `review_days` after it) does not depend on the machine's real date."""
    with rt.ctx.db.uow() as s:
        ws = s.get(Workspace, team)
        assert ws is not None, "run setup_workspace first"
        ws.created_at = when


# ---- hostile input: what a tampered client can send ---------------------------------------

def forged_click(driver: Any, user: str, action_id: str, value: str, *, channel: str,
                 message_ts: str | None = None) -> Any:
    """A click on a real message (the latest in `channel`, or the one at `message_ts`) whose action
    carries `value`: signed and shaped like Slack's own payload, only the action is tampered with.
    `driver.click` can only press what a user sees; this is what a hostile client sends instead."""
    from bot.devtools.slack.payloads import action_payload, find_element

    messages = driver.fake.messages(channel)
    message = next(m for m in reversed(messages) if message_ts is None or m["ts"] == message_ts)
    found = find_element(message.get("blocks"), action_id, None)
    block, element = found if found is not None else ({"block_id": "forged"}, {
        "type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": "Go"}})
    action = action_payload(block, element, None, f"{time.time():.6f}")
    action["value"] = value
    return driver._message_action(user, channel, message, False, action)


def forge_metadata(slack: Any, user: str, metadata: str) -> None:
    """Replace the private_metadata of `user`'s open modal, as a tampered client would send it back."""
    view = slack.views(user)[-1]
    spec = {key: view[key] for key in ("type", "callback_id", "title", "blocks", "submit", "close")
            if view.get(key) is not None}
    slack.replace_view(view["id"], {**spec, "private_metadata": metadata})


def told(slack: Any, user: str) -> list[str]:
    """Every answer only `user` saw: ephemerals, then their DMs from the bot."""
    try:
        dms = [m.get("text", "") for m in slack.messages(slack.dm_channel(user))]
    except KeyError:
        dms = []
    return [e.get("text", "") for e in slack.ephemerals(user)] + dms


def bot_message(slack: Any, channel: str, text: str, blocks: list[dict[str, Any]] | None = None) -> str:
    """A message the bot wrote elsewhere (a handover checklist, say): the ts of what it posted."""
    from slack_sdk import WebClient

    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    return str(client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"])
