"""Every button and every form of the app, as a tampered client sends them (issue 11).

The list of buttons and forms is read off the router, so a feature added later is covered
the day it registers a button. Each forged click or submission carries an id that is not
one of this workspace's: Unicode and superscript digits, ids too big for the database or for
Python's int conversion, floats, junk, and the real ids of another workspace's rows. Whoever
sends it (an admin, a plain member, a guest), the answer is a refusal or "there is no …":
never a 500, never an error in the log, never a write, and the sender is always told.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.core.authz import Actor
from bot.core.parsing import parse_id
from bot.devtools.slack.payloads import build_state, iter_elements
from bot.handover import acts as handover_acts
from bot.handover.items import KIND
from handlers.access.ids import AccessIds
from handlers.posts.ids import PostsIds
from storage.models import AccessRequest, AccessReview, Grant
from storage.models.base import Base
from tests.access.support import told
from tests.accounts.kit import add_account, vault_runtime
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GUEST, TEAM, run_as
from tests.handover.seed import add_account as add_their_account
from tests.handover.seed import add_grant, seed_leaver, set_channel

rt = pytest.fixture(name="rt")(vault_runtime)  # /accounts add stores a password: the vault is on

SHOW = False
OTHER_TEAM = "T0OTHER"
SENDERS = (ADMIN, CARL, GUEST)  # the most trusted, a plain member, a guest
# Rows a refused or pointless request may write: the audit chain (refusals are facts worth
# keeping), refusal counting, the once-per-view claims, the scheduler's own lease.
MAY_WRITE = {"audit_entries", "audit_heads", "refusal_windows", "inbound_requests", "scheduler_locks"}

NASTY = (
    "①", "⁷⁷⁷⁷⁷⁷", "²", "٣", "9" * 25, "9" * 5000, "1e300", "-1", "0", "", " ", "1.0", "0x10", "+1",
    "null", "{}", "[]", "NaN", "1 ", "\u200b1", "1\n", "%31", "<!here>", "a" * 3000,
)


@dataclass(frozen=True)
class World:
    own_ids: frozenset[int]  # every primary key of this workspace's rows: never forged
    foreign_ids: tuple[int, ...]  # another workspace's rows: real ids, not ours
    act_id: int  # a real act of ours, to forge the second half of "act:item" values
    action_ids: tuple[str, ...]
    modals: dict[str, dict[str, Any]]  # callback_id → the modal as the app opened it


def _rows_of(session: Any, team: str) -> set[int]:
    ids: set[int] = set()
    for table in Base.metadata.tables.values():
        if "team_id" in table.c and "id" in table.c:
            ids.update(session.execute(select(table.c.id).where(table.c.team_id == team)).scalars())
    return ids


def _everything(rt: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a forged request must not touch."""
    with rt.ctx.db.uow() as s:
        return {
            name: sorted((tuple(map(repr, row)) for row in s.execute(select(table))), key=repr)
            for name, table in Base.metadata.tables.items() if name not in MAY_WRITE
        }


def _their_workspace(rt: Any) -> None:
    """Another workspace with one of everything: accounts, grants, a request, a review, an act."""
    with rt.ctx.db.uow() as s:
        set_channel(s, OTHER_TEAM, "C2APPROVALS")
        seed_leaver(s, OTHER_TEAM, "U2CARL", "U2ANA", "U2ADMIN")
        for n in range(20):  # enough rows that their ids go well past ours
            padding = add_their_account(s, OTHER_TEAM, f"pad{n}", custodian="U2ANA", created_by="U2ADMIN")
            add_grant(s, OTHER_TEAM, padding, "U2CARL")
        grant = s.scalars(select(Grant).where(Grant.team_id == OTHER_TEAM)).first()
        assert grant is not None
        now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        for n in range(12):
            s.add(AccessRequest(team_id=OTHER_TEAM, account_id=grant.account_id, requester_id="U2CARL",
                                role="editor", duration_seconds=86400, reason="theirs", status="pending",
                                created_at=now))
            s.add(AccessReview(team_id=OTHER_TEAM, cycle=f"2026-03-{n + 1:02d}", grant_id=grant.id,
                               custodian_id="U2ANA", status="pending", created_at=now))
    admin = Actor(OTHER_TEAM, ADMIN)  # a deployment admin, acting in their workspace
    run_as(rt.ctx.db, admin, lambda s: handover_acts.start_act(
        s, rt.ctx.settings, admin, leaving="U2CARL", receiver=None, reason="", channel=None, now=rt.ctx.clock()))


def _open_every_form(driver: Any, slack: Any, rt: Any) -> dict[str, dict[str, Any]]:
    """Each form, opened the way a user opens it; its blocks and metadata as the app wrote them."""
    from tests.access.support import deliver_due

    opened: dict[str, dict[str, Any]] = {}

    def keep(user: str) -> None:
        for view in slack.views(user):
            opened.setdefault(str(view["callback_id"]), json.loads(json.dumps(view)))
        for view in list(slack.views(user)):
            slack.close_view(user, view["id"])

    driver.command(ADMIN, "/socialops", "setup")
    keep(ADMIN)
    driver.command(ANA, "/accounts", "add")
    keep(ANA)
    driver.command(ANA, "/accounts", "edit @AcmeShop")
    keep(ANA)
    driver.command(ANA, "/accounts", "rotate @AcmeShop")
    keep(ANA)
    driver.command(ANA, "/accounts", "rotate @AcmeShop mailbox")  # the login mailbox's password
    keep(ANA)
    driver.command(ANA, "/socialops", "brand Acme")  # the brand profile form (an editor)
    keep(ANA)
    driver.command(CARL, "/access")  # typed alone: the form
    keep(CARL)
    driver.command(CARL, "/access", "request @AcmeShop analyst for 7d numbers")
    driver.click(BEA, AccessIds.DENY, channel=APPROVALS)
    keep(BEA)
    deliver_due(rt, rt.ctx.clock())  # the fulfilment task reaches Ana
    driver.click(ANA, AccessIds.CANNOT, channel=slack.dm_channel(ANA))
    keep(ANA)
    driver.command(ANA, "/post", "new")  # the post form (Ana, a custodian, may write posts)
    keep(ANA)
    driver.command(ANA, "/post", "new @AcmeShop 2026-03-09 10:00 Spring is here")
    driver.click(BEA, PostsIds.CHANGES, channel=APPROVALS)  # the reviewer's comment forms
    keep(BEA)
    driver.click(BEA, PostsIds.REJECT, channel=APPROVALS)
    keep(BEA)
    with rt.ctx.db.uow() as s:
        post_id = max(s.scalars(select(Base.metadata.tables["posts"].c.id)))
    driver.command(ANA, "/post", f"edit {post_id}")  # the same form, prefilled, for a new revision
    keep(ANA)
    driver.click(BEA, PostsIds.APPROVE, channel=APPROVALS)
    driver.command(ANA, "/post", f"published {post_id}")  # no URL given: the form asks for it
    keep(ANA)
    driver.command(BEA, "/post", "hold Acme 200 recall")  # the crisis hold's list, and its Reschedule form
    driver.click(BEA, PostsIds.HOLD_RESCHEDULE, channel=APPROVALS)
    keep(BEA)
    _open_reply_and_crisis_forms(driver, slack, rt, keep)
    return opened


def _open_reply_and_crisis_forms(driver: Any, slack: Any, rt: Any, keep: Any) -> None:
    """The response protocol's forms, the crisis's (a crisis with its channel, a statement card), the KPI scope."""
    from tests.access.support import deliver_due
    from tests.crisis.support_record import seed_crisis
    from tests.replies.support_replies import seed as seed_template

    driver.command(ANA, "/replies", "add")
    keep(ANA)
    template = seed_template(rt, rt.ctx.clock, "Refund", "Hola {name}, te devolvemos el importe.")
    driver.command(ANA, "/replies", f"edit {template}")  # the same form, prefilled, for a new version
    keep(ANA)
    channel = "C0CRISISF"
    seed_crisis(rt, slack, rt.ctx.clock, channel=channel)
    driver.command(ANA, "/crisis", "statement", channel_id=channel)  # the holding statement
    keep(ANA)
    driver.command(ANA, "/crisis", "statement", channel_id=channel)  # again, drafted this time
    driver.submit(ANA, {f"crisis_rec_st_{part}.value": "We are on it." for part in
                        ("empathy", "facts", "unknowns", "actions", "next_update")})
    deliver_due(rt, rt.ctx.clock())  # its card with Approve / Reject
    driver.click(BEA, "crisis_rec_statement_reject", channel=channel)  # the rejection's comment form
    keep(BEA)
    driver.command(CARL, "/crisis", "open")  # typed alone: the form
    keep(CARL)
    driver.command(ADMIN, "/crisis", "setup sev1")  # one severity's chain, deadlines, playbook
    keep(ADMIN)
    driver.command(ADMIN, "/kpi", "scope")  # the agency scope (an input per account, the deliverables)
    keep(ADMIN)


@pytest.fixture
def world(driver: Any, rt: Any, slack: Any, setup_workspace: None) -> World:
    """Ours: an account, a grant awaiting fulfilment, a pending request, a handover act in progress."""
    assert add_account(driver, ANA).status == 200
    driver.command(CARL, "/access", "request @AcmeShop editor for 7d launch")
    driver.click(BEA, AccessIds.APPROVE, channel=APPROVALS)
    driver.command(ANA, "/handover", f"start <@{CARL}> to <@{BEA}>")
    modals = _open_every_form(driver, slack, rt)
    _their_workspace(rt)
    with rt.ctx.db.uow() as s:
        own, theirs = _rows_of(s, TEAM), _rows_of(s, OTHER_TEAM)
        act_id = max(i for i in own if i in set(s.scalars(select(Base.metadata.tables["handover_acts"].c.id))))
    # A pattern-routed button ("handover_all:<kind>") is tried with every kind there is, and one that is not.
    kinds = [k.name for k in rt.ctx.registries.contributions.get(KIND, ())] + ["no.such.kind"]
    patterns = [f"{p.pattern.lstrip('^').rstrip(':')}:{kind}" for p, _ in rt.router.action_patterns for kind in kinds]
    return World(
        own_ids=frozenset(own), foreign_ids=tuple(sorted(theirs - own)), act_id=act_id,
        action_ids=tuple(sorted(rt.router.actions)) + tuple(patterns), modals=modals,
    )


def test_every_form_was_opened(world: World, rt: Any) -> None:
    """A form added later must be added to `_open_every_form`, or it would go untested here."""
    assert set(world.modals) == set(rt.router.views)


def _forged_values(world: World, *, few: bool = False) -> list[str]:
    """`few`: a smaller set, for the senders the role check stops before any lookup."""
    step = max(1, len(world.foreign_ids) // (3 if few else 8))
    foreign = [str(i) for i in world.foreign_ids[::step]]  # spread over every table's range
    nasty = NASTY[::3] if few else NASTY
    single = [*nasty, *foreign]
    # Two-part values ("act:item", "act:page"): a real act of ours with a forged second half,
    # and forged first halves.
    pairs = [f"{world.act_id}:{v}" for v in (*nasty[:6], *foreign)]
    pairs += [f"{v}:1" for v in (*nasty[:6], *foreign)]
    return [v for v in single + pairs if not _is_own(world, v)]


def _is_own(world: World, value: str) -> bool:
    """True when the value could be a genuine click: every part one of our ids (read the way the
    app reads ids), or one of our ids and then a small index such as a page ("2:0" is page 0 of
    act 2, which only redraws the checklist)."""
    first, *rest = value.split(":")
    if parse_id(first) not in world.own_ids:
        return False
    return all(parse_id(p) in world.own_ids or (p.isascii() and p.isdigit() and len(p) <= 2) for p in rest)


@pytest.fixture
def errors(caplog: Any) -> Iterator[list[logging.LogRecord]]:
    with caplog.at_level(logging.ERROR):
        yield caplog.records


def _check(world: World, response: Any, slack: Any, user: str, before: int, what: str,
           errors: list[logging.LogRecord]) -> None:
    assert response.status == 200, (what, response.status, response.body[:200])
    assert not [r for r in errors if r.levelno >= logging.ERROR], (what, [r.getMessage() for r in errors])
    assert len(told(slack, user)) > before or response.errors or response.body.strip(), f"{what}: nobody was told"


def test_every_button_with_every_forged_value_is_refused_and_writes_nothing(
        world: World, driver: Any, rt: Any, slack: Any, errors: list[logging.LogRecord]) -> None:
    before = _everything(rt)
    values = {user: _forged_values(world, few=user != ADMIN) for user in SENDERS}
    for action_id in world.action_ids:
        for user in SENDERS:
            for value in values[user]:
                seen = len(told(slack, user))
                response = driver.forged_click(user, action_id, value)
                _check(world, response, slack, user, seen, f"{user} {action_id}={value[:40]!r}", errors)
    assert _everything(rt) == before


def _forged_metadata(original: str, world: World) -> list[str]:
    """The app's own metadata with each field forged, and metadata that is not what it wrote at all."""
    out = ["", "not json", "{", "[]", "null", "1", json.dumps({"x": 1}), "x" * 3000]
    try:
        parsed = json.loads(original) if original else None
    except ValueError:
        parsed = None
    fields = parsed if isinstance(parsed, dict) else {"id": 1, "account_id": 1, "request_id": 1, "grant_id": 1}
    for key in fields:
        for value in (*NASTY[:12:2], *(str(i) for i in world.foreign_ids[::max(1, len(world.foreign_ids) // 4)])):
            for shaped in (value, _as_number(value)):
                out.append(json.dumps({**fields, key: shaped}))
    out.append(json.dumps({k: 99999999999999999999999 for k in fields}))
    out.append('{"account_id": 1e300}')
    return [m for m in out if m != original]


def _as_number(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _filled(view: dict[str, Any]) -> dict[str, Any]:
    """What a user typing something into every empty text field would send."""
    values: dict[str, Any] = {}
    for block, element in iter_elements(view.get("blocks", [])):
        if element.get("type") == "plain_text_input" and not element.get("initial_value"):
            values[f"{block.get('block_id')}.{element.get('action_id')}"] = "forged but well formed"
    return values


def _forged_submit(driver: Any, user: str, modal: dict[str, Any], metadata: str) -> Any:
    view = {**modal, "private_metadata": metadata, "id": f"VFORGED{driver.fake.issue_trigger_id(user)[-8:]}"}
    # A form that carries metadata is filled in, so the forged metadata is what decides; one
    # that carries none is sent as opened (it fails validation), to show junk metadata is ignored.
    state = build_state(view["blocks"], _filled(view) if modal.get("private_metadata") else {})
    payload = {"type": "view_submission", "trigger_id": driver.fake.issue_trigger_id(user),
               "view": {**view, "state": {"values": state}}, "response_urls": []}
    return driver._interaction(user, payload)


def test_every_form_with_forged_metadata_is_refused_and_writes_nothing(
        world: World, driver: Any, rt: Any, slack: Any, errors: list[logging.LogRecord]) -> None:
    before = _everything(rt)
    for callback_id, modal in sorted(world.modals.items()):
        for metadata in _forged_metadata(str(modal.get("private_metadata") or ""), world):
            if not modal.get("private_metadata") and metadata == "":
                continue  # the form as the app sent it: a genuine submission
            for user in SENDERS:
                seen = len(told(slack, user))
                response = _forged_submit(driver, user, modal, metadata)
                if SHOW:
                    print(callback_id, user, metadata[:50], response.body[:150], told(slack, user)[-1:])
                _check(world, response, slack, user, seen, f"{user} {callback_id} {metadata[:60]!r}", errors)
    assert _everything(rt) == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_on_any_button_never_fails_or_writes(
        world: World, driver: Any, rt: Any, slack: Any, errors: list[logging.LogRecord], data: Any) -> None:
    before = _everything(rt)
    action_id = data.draw(st.sampled_from(world.action_ids))
    user = data.draw(st.sampled_from(SENDERS))
    part = st.one_of(st.text(max_size=30), st.integers(min_value=-(2**70), max_value=2**70).map(str),
                     st.sampled_from([str(i) for i in world.foreign_ids] or ["0"]))
    value = data.draw(st.one_of(part, st.tuples(part, part).map(":".join)).filter(lambda v: not _is_own(world, v)))
    seen = len(told(slack, user))
    response = driver.forged_click(user, action_id, value)
    _check(world, response, slack, user, seen, f"{user} {action_id}={value!r}", errors)
    assert _everything(rt) == before
