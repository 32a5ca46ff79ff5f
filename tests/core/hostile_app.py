"""The app the hostile-input properties run against, built once per module, and the judges of
an answer and of a database change (issue 16, item 5).

Building the app and its world (every form opened, another workspace seeded) takes seconds;
hypothesis runs hundreds of examples, so the app lives for the module and each example only
snapshots the rows before and after itself.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.core.authz import Actor
from bot.core.i18n import Catalog
from bot.handover.items import KIND
from bot.replies import templates
from bot.replies.views import Draft
from storage.db import Database
from storage.models import Crisis
from storage.models.base import Base
from storage.models.crisis import CrisisCounter
from tests.access.support import told
from tests.accounts.kit import KEY_LINE, add_account
from tests.conftest import (
    ADMIN,
    ANA,
    APPROVALS,
    BEA,
    CARL,
    CRISIS,
    DIGEST,
    GENERAL,
    GUEST,
    SIGNING_SECRET,
    TEAM,
    FakeClock,
    bind_features,
    bolt_dispatcher,
    make_settings,
    reset_pg,
    run_as,
)
from tests.core.test_forged_everything import OTHER_TEAM, World, _open_every_form, _rows_of, _their_workspace

ROOT = Path(__file__).resolve().parents[2]
# Rows an answer that refuses may still write, and why:
# - audit_entries / audit_heads: a refused attempt is a fact in the chain (SPEC §0.9); only
#   entries with outcome "refused", by the sender, in the sender's workspace;
# - refusal_windows: the count of a refusal repeated within its window (bot/core/runner.py);
# - inbound_requests: the once-only claim a create-form takes before it reads its values;
# - scheduler_locks: the scheduler's own lease (no workspace, no user's data).
BOOKKEEPING = frozenset({"audit_entries", "audit_heads", "refusal_windows", "inbound_requests", "scheduler_locks"})
# The error classes a rule raises with a catalog key as its first argument.
ERROR_CLASSES = frozenset({"DomainError", "UsageError", "NotFound", "Conflict", "Forbidden"})
OWN_CRISIS_CHANNEL = "C0CRISISF"  # where the forms' crisis was seeded (test_forged_everything)
THEIR_CRISIS_CHANNEL = "C2CRISIS"
THEIR_CRISIS = "CRI-2026-0042"
Rows = dict[str, dict[tuple[str, ...], tuple[str, ...]]]


class Hostile:
    """The app, its stand-in and driver, and what was seeded. Not a dataclass: hypothesis prints
    a dataclass field by field, the whole Runtime for every failing example."""

    def __init__(self, rt: Any, slack: Any, driver: Any, world: World, answers: Answers, their_template: int) -> None:
        self.rt, self.slack, self.driver, self.world = rt, slack, driver, world
        self.answers, self.their_template = answers, their_template

    def __repr__(self) -> str:
        return f"Hostile({self.rt.ctx.settings.database_url.split(':')[0]})"


def _stand_in() -> Any:
    """The Slack stand-in with the users and channels of tests/conftest.py's `slack` fixture."""
    from bot.devtools.slack import FakeSlack

    fake = FakeSlack(team_id=TEAM)
    fake.add_user(ADMIN, "admin", real_name="Ada Admin", email="ada@example.com", is_admin=True)
    fake.add_user(ANA, "ana", real_name="Ana Custodian", email="ana@example.com")
    fake.add_user(BEA, "bea", real_name="Bea Approver", email="bea@example.com")
    fake.add_user(CARL, "carl", real_name="Carl Member", email="carl@example.com")
    fake.add_user(GUEST, "gina", real_name="Gina Guest", email="gina@agency.example", is_restricted=True)
    everyone = [ADMIN, ANA, BEA, CARL, "U0BOT"]
    for cid, name in ((APPROVALS, "approvals"), (CRISIS, "crisis"), (DIGEST, "digest"), (GENERAL, "general")):
        fake.add_channel(cid, name, members=everyone)
    return fake


@contextmanager
def hostile_app(folder: Path, sqlite_template: Path, pg_url: str | None) -> Iterator[Hostile]:
    from bot.app import build
    from bot.devtools.slack import SlackDriver

    if pg_url:
        reset = Database(pg_url)
        reset_pg(reset)
        reset.dispose()
        url = pg_url
    else:
        shutil.copy(sqlite_template, folder / "socialops.db")
        url = f"sqlite:///{folder / 'socialops.db'}"
    slack = _stand_in()
    slack.start()
    db = bind_features(Database(url), admins=frozenset({ADMIN}))
    clock = FakeClock()
    rt = build(make_settings(slack, url, socialops_vault_keys=KEY_LINE), db=db, clock=clock)
    try:
        driver = SlackDriver(slack, SIGNING_SECRET, dispatch=bolt_dispatcher(rt))
        world, their_template = _seed(rt, slack, driver)
        yield Hostile(rt, slack, driver, world, Answers.of(rt.ctx.registries.catalog), their_template)
    finally:
        rt.close()
        db.dispose()
        slack.stop()


def _seed(rt: Any, slack: Any, driver: Any) -> tuple[World, int]:
    """Ours as test_forged_everything seeds it (every form opened), and theirs with a crisis and
    an approved reply template on top, so their crisis number and template id can be forged."""
    driver.command(ADMIN, "/socialops", f"setup approvals <#{APPROVALS}|approvals> crisis <#{CRISIS}|crisis> "
                   f"digest <#{DIGEST}|digest>")
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
    assert add_account(driver, ANA).status == 200
    driver.command(CARL, "/access", "request @AcmeShop editor for 7d launch")
    driver.click(BEA, "access_approve", channel=APPROVALS)
    driver.command(ANA, "/handover", f"start <@{CARL}> to <@{BEA}>")
    modals = _open_every_form(driver, slack, rt)
    _their_workspace(rt)
    slack.add_channel(THEIR_CRISIS_CHANNEL, "crisis-theirs", members=[ADMIN, ANA, BEA, CARL, "U0BOT"])
    with rt.ctx.db.uow() as s:
        # The forms' crisis was written as a row, past the numbering: the counter says so, or a
        # generated `/crisis open` would be handed its number again.
        counter = s.scalars(select(CrisisCounter).filter_by(team_id=TEAM, year=2026)).one_or_none()
        if counter is None:
            s.add(CrisisCounter(team_id=TEAM, year=2026, last=1))
        else:
            counter.last = max(counter.last, 1)
        s.add(CrisisCounter(team_id=OTHER_TEAM, year=2026, last=42))
        s.add(Crisis(team_id=OTHER_TEAM, number=THEIR_CRISIS, year=2026, seq=42, severity="sev1",
                     summary="theirs", brand="Acme", reporter_id="U2CARL", status="open",
                     opened_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), channel_id=THEIR_CRISIS_CHANNEL,
                     channel_name="crisis-theirs", chain=[{"users": ["U2ANA"], "ack_minutes": 5}],
                     held_posts=[], checklist=[]))
    now = rt.ctx.clock()
    proposed = run_as(rt.ctx.db, Actor(OTHER_TEAM, "U2ANA"), lambda s: templates.propose(
        s, Actor(OTHER_TEAM, "U2ANA"), Draft("Refund", "question", "", "es", "Hola, te devolvemos."), now), now)
    run_as(rt.ctx.db, Actor(OTHER_TEAM, ADMIN), lambda s: templates.decide(
        s, Actor(OTHER_TEAM, ADMIN), proposed.version.id, "approve", now), now)
    with rt.ctx.db.uow() as s:
        own, theirs = _rows_of(s, TEAM), _rows_of(s, OTHER_TEAM)
        acts = set(s.scalars(select(Base.metadata.tables["handover_acts"].c.id)))
    act_id = max(i for i in own if i in acts)
    # A pattern-routed button ("handover_all:<kind>") with every kind there is, and one that is not.
    kinds = [k.name for k in rt.ctx.registries.contributions.get(KIND, ())] + ["no.such.kind"]
    patterns = [f"{p.pattern.lstrip('^').rstrip(':')}:{kind}" for p, _ in rt.router.action_patterns for kind in kinds]
    world = World(own_ids=frozenset(own), foreign_ids=tuple(sorted(theirs - own)), act_id=act_id,
                  action_ids=tuple(sorted(rt.router.actions)) + tuple(patterns), modals=modals)
    return world, proposed.version.template_id


# ---- the database, before and after -------------------------------------------------------

def rows(rt: Any) -> Rows:
    """Every row of every table, by primary key."""
    out: Rows = {}
    with rt.ctx.db.uow(read_only=True) as s:
        for name, table in Base.metadata.tables.items():
            keys = [c.name for c in table.primary_key.columns]
            names = [c.name for c in table.columns]
            out[name] = {tuple(repr(row._mapping[k]) for k in keys): tuple(map(repr, row))
                         for row in s.execute(select(table))}
            out[name + "#columns"] = {("",): tuple(names)}
    return out


@dataclass(frozen=True)
class Change:
    table: str
    before: dict[str, str] | None  # None: the row was added
    after: dict[str, str] | None  # None: the row was removed

    def team(self) -> str | None:
        row = self.after or self.before or {}
        value = row.get("team_id")
        return None if value is None else value.strip("'\"")


def changes(before: Rows, after: Rows) -> list[Change]:
    out: list[Change] = []
    for table in (t for t in after if not t.endswith("#columns")):
        columns = after[table + "#columns"][("",)]
        old, new = before.get(table, {}), after[table]
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                out.append(Change(table, _named(columns, old.get(key)), _named(columns, new.get(key))))
    return out


def _named(columns: tuple[str, ...], row: tuple[str, ...] | None) -> dict[str, str] | None:
    return None if row is None else dict(zip(columns, row, strict=True))


def refusal_bookkeeping_only(found: list[Change], user: str, team: str = TEAM) -> list[Change]:
    """The changes a refusal may not make: anything outside the bookkeeping, and any audit entry
    that is not a refusal of this sender in the sender's workspace."""
    bad = []
    for change in found:
        if change.table not in BOOKKEEPING:
            bad.append(change)
        elif change.table == "audit_entries":
            row = change.after
            if (change.before is not None or row is None or row.get("outcome") not in ("'refused'",)
                    or row.get("actor") != repr(user) or row.get("team_id") != repr(team)):
                bad.append(change)
    return bad


# ---- the answer -------------------------------------------------------------------------------

def _pattern(template: str) -> str:
    """A catalog text as a regex: the words as written, each `{placeholder}` any text."""
    parts = re.split(r"\{[^{}]*\}", template)
    return "(?s:" + ".*?".join(re.escape(p) for p in parts) + ")"


def error_keys(catalog: Catalog) -> set[str]:
    """The catalog keys a refusal is written with: every key a rule raises (read off the source:
    the first argument of an error class), and every key named as an error."""
    raised: set[str] = set()
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name in ERROR_CLASSES and isinstance(first, ast.Constant) and isinstance(first.value, str):
                raised.add(first.value)
    every = catalog.keys()  # a Catalog is not iterable: a list of its keys
    named = {k for k in every if "error" in k.split(".") or k.startswith("error.") or ".error" in k}
    return {k for k in raised | named | {"error.forbidden"} if k in catalog}


@dataclass(frozen=True)
class Answers:
    """Tells an apology for an internal error and a refusal from a result, in either language."""

    internal: re.Pattern[str]
    refusal: re.Pattern[str]

    @classmethod
    def of(cls, catalog: Catalog) -> Answers:
        def alternation(keys: set[str]) -> re.Pattern[str]:
            texts = {t for k in keys for t in catalog.texts(k).values()}
            # A text that is mostly a placeholder ("{text}") would match anything at all.
            kept = [t for t in texts if len(re.sub(r"\{[^{}]*\}", "", t).strip()) >= 6]
            return re.compile("|".join(_pattern(t) for t in sorted(kept)))

        refusals = error_keys(catalog) - {"error.internal"}
        return cls(internal=alternation({"error.internal"}), refusal=alternation(refusals))

    def is_internal(self, text: str) -> bool:
        return self.internal.search(text) is not None

    def is_refusal(self, text: str) -> bool:
        return self.refusal.match(text.strip()) is not None


def answered(slack: Any, user: str) -> Counter[str]:
    """Every answer `user` has seen so far (ephemerals and DMs, which grow apart: a count, not a list)."""
    return Counter(told(slack, user))


def new_answers(slack: Any, user: str, seen: Counter[str]) -> list[str]:
    return list((answered(slack, user) - seen).elements())
