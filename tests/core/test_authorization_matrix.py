"""The authorization matrix: every privileged action × every role (issue 16 item 6, SPEC §1).

Each row is one action as a user performs it (a slash command, a button, a form), with the SPEC
section that says who may. Each cell sends the signed request as one user through the stand-in:
an admin, a custodian, an approver, a crisis lead, a publisher, an auditor (each holding that
role only), a plain member, a Slack guest, and a user of ANOTHER workspace (a Slack admin there)
naming this workspace's object. An allowed cell must change what the action changes, with no
refusal in the audit chain; a refused one must change no row of ours (audit chain and refusal
counting aside), tell the user with a refusal, and leave the refusal in our chain — or, for the
other workspace's user, answer "there is no …" (in their workspace our object does not exist).
The app is built once per module; each cell makes its object fresh (see authz_matrix_kit).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.devtools.slack.transport import DriverResponse
from storage.db import Database
from tests.conftest import SIGNING_SECRET, FakeClock, bind_features, bolt_dispatcher, make_settings, reset_pg
from tests.core.authz_matrix_kit import (
    OTHER_TEAM,
    ROLES,
    ROOT,
    TEAM,
    Action,
    World,
    build_world,
    changed_tables,
    entries_since,
    forget_refusals,
    last_seq,
    snapshot,
    sqlite_copy,
    who,
)
from tests.core.authz_matrix_rows import MATRIX
from tests.core.authz_matrix_rows2 import MORE_ROWS
from tests.core.authz_matrix_rows3 import LAST_ROWS


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path,
          _pg_migrated: str | None) -> Iterator[World]:
    from bot.app import build
    from bot.devtools.slack import FakeSlack
    from tests.accounts.kit import KEY_LINE

    if _pg_migrated:
        url = _pg_migrated
        fresh = Database(url)
        reset_pg(fresh)
        fresh.dispose()
    else:
        url = sqlite_copy(_sqlite_template, tmp_path_factory.mktemp("matrix") / "socialops.db")
    db = bind_features(Database(url), admins=frozenset({ROOT}))
    slack = FakeSlack(team_id=TEAM)
    slack.start()
    clock = FakeClock()
    rt = build(make_settings(slack, url, socialops_vault_keys=KEY_LINE), db=db, clock=clock)
    try:
        yield build_world(slack, rt, bolt_dispatcher(rt), SIGNING_SECRET, clock)
    finally:
        rt.close()
        slack.stop()
        db.dispose()


ACTIONS = (*MATRIX, *MORE_ROWS, *LAST_ROWS)
CELLS = [pytest.param(action, role, id=f"{action.name}-{role}") for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CELLS)
def test_cell(world: World, action: Action, role: str) -> None:
    obj = action.prepare(world)
    actor = who(world, role)
    forget_refusals(world.db)
    before, seq, seen = snapshot(world.db), last_seq(world.db), Counter(actor.told())
    result = action.act(world, actor, obj)
    entries = entries_since(world.db, seq)
    refusals = [e for e in entries if e[1] == actor.user and e[3] == "refused"]
    if role in action.allowed:
        assert not refusals, f"{action.name} by {role}: refused {refusals}; told {_new(actor.told(), seen)}"
        assert action.moved(world, obj, actor), f"{action.name} by {role}: nothing moved; told {actor.told()[-2:]}"
        # The same snapshot that must stay still for a refusal sees the allowed change.
        assert action.reads or changed_tables(before, snapshot(world.db)), f"{action.name} by {role}: no row moved"
        return
    after = snapshot(world.db)
    assert not changed_tables(before, after), f"{action.name} by {role} wrote {changed_tables(before, after)}"
    assert not action.moved(world, obj, actor)
    answers = _new(actor.told(), seen) + _inline_errors(result)
    assert answers, f"{action.name} by {role}: nobody was told"
    if role == "other_ws":
        # Another workspace's user names an object that, in their workspace, does not exist: "There
        # is no …". Nothing of ours was touched, so nothing of ours is in their chain either.
        assert not [e for e in entries if e[0] == TEAM], entries
        assert all(e[0] == OTHER_TEAM for e in refusals)
        return
    assert [e for e in refusals if e[0] == TEAM], f"{action.name} by {role}: refusal not audited; {entries}"
    assert any(REFUSAL.search(a) for a in answers), f"{action.name} by {role}: told no refusal: {answers}"


# Every refusal text of the rules (English: the workspace's language) says "Not allowed" or "Only …".
REFUSAL = re.compile(r":no_entry:|\bOnly\b")


def _new(told: list[str], before: Counter[str]) -> list[str]:
    return list((Counter(told) - before).elements())


def _inline_errors(result: Any) -> list[str]:
    """A form's refusal may be shown in the form itself (`response_action: errors`)."""
    return [r.body for r in (result if isinstance(result, tuple) else (result,))
            if isinstance(r, DriverResponse) and '"errors"' in r.body]
