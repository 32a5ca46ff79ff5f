"""The authorization matrix's world: one app for the whole module, one user per role, and the
checks every cell makes (issue 16 item 6).

The app is built once (building it per cell would cost more than the cells); each cell makes the
object it acts on fresh, so no cell sees another's leftovers, and the refusal windows are emptied
first so each refused cell is a first refusal (one chain entry, not a counted repeat).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from bot.devtools.slack import FakeSlack, SlackDriver
from bot.devtools.slack.payloads import build_state
from bot.devtools.slack.shapes import Json
from bot.devtools.slack.transport import DriverResponse
from storage.db import Database
from storage.models import AuditEntry, RefusalWindow, RoleAssignment
from storage.models.base import Base

TEAM = "T00000001"
OTHER_TEAM = "T0OTHER"
ROOT = "U0ADMIN"  # SOCIALOPS_ADMINS: sets the workspace up, never a cell's actor
APPROVALS = "C0APPROVALS"
CRISIS = "C0CRISIS"
DIGEST = "C0DIGEST"
GENERAL = "C0GENERAL"

# Who makes the objects the cells act on: nobody acts on their own request, post or template.
REQUESTER = "U0REQ"  # a plain member asking for access, reporting a crisis
AUTHOR = "U0AUTH"  # a publisher writing posts and templates
TARGET = "U0TGT"  # whose roles are added and removed
PUBLISHER2 = "U0PUB2"  # a second publisher, whom posts are reassigned to
CUSTODIAN2 = "U0CUST2"  # a second custodian: the matrix's custodian holds the role, not their accounts

# The columns of the matrix: one Slack user each. `admin` holds the admin role (not
# SOCIALOPS_ADMINS), so the role rows themselves are what is tested.
ROLES = ("admin", "custodian", "approver", "crisis_lead", "publisher", "auditor", "member", "guest", "other_ws")
USERS = {
    "admin": "U0MADMIN", "custodian": "U0MCUST", "approver": "U0MAPPR", "crisis_lead": "U0MLEAD",
    "publisher": "U0MPUB", "auditor": "U0MAUD", "member": "U0MMEMB", "guest": "U0MGUEST",
    "other_ws": "U2MOTHER",  # a user of ANOTHER workspace (where the app also runs), naming our objects
}
ROLE_OF = {"admin": "admin", "custodian": "custodian", "approver": "approver", "crisis_lead": "crisis_lead",
           "publisher": "publisher", "auditor": "auditor"}

# Rows any request may write: the audit chain and refusal counting (refusals are facts worth
# keeping), once-only keys of retried requests and forms, the scheduler's lease.
MAY_WRITE = {"audit_entries", "audit_heads", "refusal_windows", "inbound_requests", "scheduler_locks"}


@dataclass
class World:
    rt: Any
    slack: FakeSlack
    driver: SlackDriver
    other_driver: SlackDriver  # requests signed as coming from the other workspace
    clock: Any
    seq: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def db(self) -> Database:
        return self.rt.ctx.db  # type: ignore[no-any-return]

    def fresh(self, prefix: str) -> str:
        """A name no earlier cell used (handles, brands, titles)."""
        return f"{prefix}{next(self.seq)}"


@dataclass(frozen=True)
class Who:
    """One cell's actor: a user, and which workspace the request is signed as coming from."""

    role: str
    user: str
    team: str
    world: World

    @property
    def driver(self) -> SlackDriver:
        return self.world.other_driver if self.team == OTHER_TEAM else self.world.driver

    @property
    def slack(self) -> FakeSlack:
        return self.world.slack.team(self.team)

    def command(self, command: str, text: str = "", *, channel: str = GENERAL) -> DriverResponse:
        """The other workspace's user types it in their own workspace's channel."""
        return self.driver.command(self.user, command, text,
                                   channel_id=OTHER_GENERAL if self.team == OTHER_TEAM else channel)

    def click(self, action_id: str, value: str, *, channel: str = APPROVALS) -> DriverResponse:
        """The button as it is shown; the other workspace's user cannot see it, so their client
        sends the same click with our object's id (a tampered or replayed payload)."""
        if self.team == OTHER_TEAM:
            return self.driver.forged_click(self.user, action_id, value, channel=OTHER_GENERAL)
        try:
            return self.driver.click(self.user, action_id, value=value, channel=channel)
        except LookupError:  # shown to someone else only (a DM, a task): the same click, as Slack sends it
            return self.driver.forged_click(self.user, action_id, value, channel=channel)

    def submit(self, values: dict[str, Any]) -> DriverResponse | None:
        """Submit the modal the last request opened, if it opened one."""
        if not self.slack.views(self.user):
            return None
        return self.driver.submit(self.user, values)

    def submit_view(self, view: Json, values: dict[str, Any]) -> DriverResponse:
        """Submit a form the app opened for someone else, as this user's client would send it: what a
        user who was shown the read-only version (or a tampered client) can still send."""
        state = build_state(view["blocks"], values)
        return self.driver._interaction(self.user, {
            "type": "view_submission", "trigger_id": self.driver.fake.issue_trigger_id(self.user),
            "view": {**view, "state": {"values": state}}, "response_urls": []})

    def seen(self) -> str:
        """Everything only they were shown, blocks included (what a read reveals is in its blocks)."""
        try:
            dms = self.slack.messages(self.slack.dm_channel(self.user))
        except KeyError:
            dms = []
        return json.dumps([*self.slack.ephemerals(self.user), *dms])

    def told(self) -> list[str]:
        """What they saw. A user of the other workspace is answered through that workspace, which
        this single-token deployment cannot post to: the stand-in then refuses the attempt, and the
        attempt (an ephemeral or a DM addressed to them) is what counts as telling them."""
        seen = told(self.slack, self.user)
        if self.team == OTHER_TEAM:
            seen += [f"attempted {c.method}" for c in self.world.slack.calls
                     if c.method in ("chat.postEphemeral", "conversations.open")
                     and self.user in (c.args.get("user"), c.args.get("users"))]
        return seen


OTHER_GENERAL = "C2GENERAL"


def told(slack: FakeSlack, user: str) -> list[str]:
    """Every answer only `user` saw: ephemerals, DMs from the bot, the errors of their forms."""
    try:
        dms = [str(m.get("text", "")) for m in slack.messages(slack.dm_channel(user))]
    except KeyError:
        dms = []
    return [str(e.get("text", "")) for e in slack.ephemerals(user)] + dms


def build_world(slack: FakeSlack, rt: Any, dispatch: Any, signing_secret: str, clock: Any) -> World:
    ours = [u for r, u in USERS.items() if r != "other_ws"]
    everyone = [ROOT, REQUESTER, AUTHOR, TARGET, PUBLISHER2, CUSTODIAN2, *ours, "U0BOT"]
    for user in (REQUESTER, AUTHOR, TARGET, PUBLISHER2, CUSTODIAN2, *USERS.values()):
        if user == USERS["other_ws"]:
            continue
        slack.add_user(user, user.lower()[2:], real_name=f"Matrix {user}", email=f"{user.lower()}@example.com",
                       is_restricted=user == USERS["guest"])
    slack.add_user(ROOT, "admin", real_name="Ada Admin", email="ada@example.com", is_admin=True)
    for cid, name in ((APPROVALS, "approvals"), (CRISIS, "crisis"), (DIGEST, "digest"), (GENERAL, "general")):
        slack.add_channel(cid, name, members=everyone)
    theirs = slack.add_workspace(OTHER_TEAM, "Rival", bot_user_id="U2BOT")
    # A Slack admin over there, holding no role of ours anywhere.
    theirs.add_user(USERS["other_ws"], "other", real_name="Olga Other", email="olga@rival.example", is_admin=True)
    theirs.add_channel(OTHER_GENERAL, "general", members=[USERS["other_ws"], "U2BOT"])
    driver = SlackDriver(slack, signing_secret, dispatch=dispatch)
    other = SlackDriver(theirs, signing_secret, dispatch=dispatch)
    world = World(rt=rt, slack=slack, driver=driver, other_driver=other, clock=clock)
    driver.command(ROOT, "/socialops", f"setup approvals <#{APPROVALS}|approvals> crisis <#{CRISIS}|crisis> "
                   f"digest <#{DIGEST}|digest>")
    with world.db.uow() as s:
        for role, user in USERS.items():
            if role in ROLE_OF:
                s.add(RoleAssignment(team_id=TEAM, user_id=user, role=ROLE_OF[role], granted_by=ROOT))
        for user, role in ((AUTHOR, "publisher"), (PUBLISHER2, "publisher"), (CUSTODIAN2, "custodian")):
            s.add(RoleAssignment(team_id=TEAM, user_id=user, role=role, granted_by=ROOT))
    return world


def who(world: World, role: str) -> Who:
    return Who(role, USERS[role], OTHER_TEAM if role == "other_ws" else TEAM, world)


def snapshot(db: Database) -> dict[str, str]:
    """Every row of every table a refused request must not touch, one string per table. The other
    workspace's own rows are left out: a user there may well change their own workspace; what
    matters is that ours stay. Plain SQL on one connection (no ORM, no type processing): the
    matrix takes two snapshots per cell, of a database that grows with every cell."""
    out: dict[str, str] = {}
    with db.engine.connect() as conn:
        for name, sql in _snapshot_queries():
            out[name] = repr([tuple(r) for r in conn.exec_driver_sql(sql)])
    return out


def _snapshot_queries() -> list[tuple[str, str]]:
    queries = []
    for name, table in Base.metadata.tables.items():
        if name in MAY_WRITE:
            continue
        where = f" WHERE team_id <> '{OTHER_TEAM}'" if "team_id" in table.c else ""
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns) or "1"
        queries.append((name, f'SELECT * FROM "{name}"{where} ORDER BY {order}'))
    return queries


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in after if after[name] != before.get(name))


def last_seq(db: Database) -> int:
    with db.uow() as s:
        return int(s.scalar(select(func.max(AuditEntry.seq))) or 0)


def entries_since(db: Database, seq: int) -> list[tuple[str, str, str, str]]:
    with db.uow() as s:
        return [(e.team_id, e.actor, e.action, e.outcome)
                for e in s.scalars(select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq))]


def forget_refusals(db: Database) -> None:
    """Each cell's refusal is a first one: audited in the chain, not counted as a repeat."""
    with db.uow() as s:
        s.execute(delete(RefusalWindow))


Check = Callable[[World, Any, Who], bool]  # (world, the object, the cell's actor)
Prepare = Callable[[World], Any]
Act = Callable[[World, Who, Any], Any]


@dataclass(frozen=True)
class Action:
    """One row of the matrix: how to make the object, how to act on it, and how to see it moved."""

    name: str
    spec: str  # the SPEC section that says who may
    allowed: frozenset[str]
    prepare: Prepare
    act: Act
    moved: Check
    reads: bool = False  # it reveals rather than changes: an allowed cell need not write a row


def row(name: str, spec: str, allowed: str, prepare: Prepare, act: Act, moved: Check, *,
        reads: bool = False) -> Action:
    """`allowed`: the columns that may, space-separated."""
    roles = frozenset(allowed.split())
    assert roles <= set(ROLES), roles - set(ROLES)
    return Action(name, spec, roles, prepare, act, moved, reads)


def sqlite_copy(template: Path, target: Path) -> str:
    import shutil

    shutil.copy(template, target)
    return f"sqlite:///{target}"
