"""Issue 10 §3, the sharp edges of handover: signed commands and clicks in, Web API calls and rows out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import HandoverAct
from tests.conftest import ADMIN, ANA, CARL, TEAM
from tests.handover.seed import Seeded, seed_leaver
from tests.handover.test_handover_flow import NUMBER, start_act


@pytest.fixture
def seeded(rt: Any, setup_workspace: None) -> Seeded:
    with rt.ctx.db.uow() as s:
        return seed_leaver(s, TEAM, CARL, ANA, ADMIN)


# ---- §4: said once; ask who leaves --------------------------------------------------------------


def test_a_refused_close_says_the_act_once_and_lists_every_reason(
        driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    act = start_act(driver, rt).act
    driver.click(ADMIN, "handover_close", value=str(act.id))
    text = slack.ephemerals(ADMIN)[-1]["text"]
    assert text.count(NUMBER) == 1 and text.count("cannot be closed yet") == 1
    assert "7 item(s) still open" in text
    assert f"<@{CARL}> has not signed *I deliver*" in text and "has not signed *I receive*" in text
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(HandoverAct)).one().status == "open"


def test_the_checklist_message_says_cannot_be_closed_once(driver: Any, rt: Any, slack: Any, seeded: Seeded) -> None:
    start_act(driver, rt)
    from tests.handover.test_handover_flow import act_message

    blocks = json.dumps(act_message(slack, NUMBER)["blocks"])
    assert blocks.count("cannot be closed yet") == 1 and "7 item(s) still open" in blocks


def test_start_alone_asks_who_is_leaving(driver: Any, rt: Any, seeded: Seeded) -> None:
    for text in ("start", "start   "):
        body = driver.command(ANA, "/handover", text).json()["text"]
        assert "Who is leaving?" in body and "Usage" in body and "could not read" not in body
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(HandoverAct)).all() == []
