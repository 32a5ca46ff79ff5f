"""The holding statement (issue 13 §4): a modal with the CDC CERC parts, a new version each time,
approved by an approver other than its author, once; stale buttons answer; a resolved crisis's
statement can be neither drafted nor decided."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.errors import ValidationFailed
from bot.crisis import statements
from storage.models import Crisis
from tests.conftest import ADMIN, ANA, BEA, CARL
from tests.crisis.support_record import (
    CRISIS_CHANNEL,
    NUMBER,
    answer,
    audit_of,
    deliver,
    events_of,
    refusals,
    seed_crisis,
    statements_of,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")

PARTS = {"empathy": "We are sorry for what our customer went through.",
         "facts": "An employee of the Madrid store was rude to a customer on Monday.",
         "unknowns": "We do not know yet what led to it.",
         "actions": "The employee is off the floor while we talk to everyone involved.",
         "next_update": "Tomorrow at 10:00 on our account.",
         "more_info": "acme.example/statement"}


def _values(parts: dict[str, str]) -> dict[str, str]:
    return {f"crisis_rec_st_{name}.value": text for name, text in parts.items()}


def _draft(driver: Any, user: str, parts: dict[str, str] = PARTS, *, args: str = "") -> Any:
    driver.command(user, "/crisis", f"statement {args}".strip(), channel_id=CRISIS_CHANNEL)
    return driver.submit(user, _values(parts))


def _card(slack: Any) -> dict[str, Any]:
    return next(m for m in slack.messages(CRISIS_CHANNEL) if "Holding statement, version" in m.get("text", ""))


def _buttons(message: dict[str, Any]) -> list[str]:
    return [el["action_id"] for b in message.get("blocks", []) if b["type"] == "actions" for el in b["elements"]]


def test_a_draft_is_posted_with_approve_and_reject(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    driver.command(ANA, "/crisis", "statement", channel_id=CRISIS_CHANNEL)
    form = slack.views(ANA)[-1]
    blocks = {b.get("block_id"): b for b in form["blocks"]}
    assert [b for b in blocks if str(b).startswith("crisis_rec_st_")] == [
        f"crisis_rec_st_{n}" for n in ("empathy", "facts", "unknowns", "actions", "next_update", "more_info")]
    assert blocks["crisis_rec_st_facts"]["element"]["max_length"] == 1500
    assert "1500" in blocks["crisis_rec_st_facts"]["hint"]["text"] and blocks["crisis_rec_st_more_info"]["optional"]
    driver.submit(ANA, _values(PARTS))
    [st] = statements_of(rt, cid)
    assert (st.version, st.status, st.author_id, st.empathy, st.more_info) == (1, "pending", ANA, PARTS["empathy"],
                                                                                PARTS["more_info"])
    assert [e.kind for e in events_of(rt, cid)] == ["statement_drafted"]
    deliver(rt, clock)
    card = _card(slack)
    assert _buttons(card) == ["crisis_rec_statement_approve", "crisis_rec_statement_reject"]
    assert (statements_of(rt, cid)[0].message_channel, statements_of(rt, cid)[0].message_ts) == (
        CRISIS_CHANNEL, card["ts"])


def test_only_another_approver_approves_and_the_first_decision_wins(driver: Any, slack: Any, rt: Any,
                                                                   clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    _draft(driver, BEA)  # Bea, an approver, wrote it: she cannot approve her own
    deliver(rt, clock)
    sid = str(statements_of(rt, cid)[0].id)
    driver.click(BEA, "crisis_rec_statement_approve", value=sid, channel=CRISIS_CHANNEL)
    driver.click(CARL, "crisis_rec_statement_approve", value=sid, channel=CRISIS_CHANNEL)  # a member
    assert statements_of(rt, cid)[0].status == "pending"
    assert refusals(rt) == [(BEA, "crisis.statement.decide"), (CARL, "crisis.statement.decide")]
    assert any("another approver must approve it" in e["text"] for e in slack.ephemerals(BEA))
    clock.advance(minutes=12)
    driver.click(ADMIN, "crisis_rec_statement_approve", value=sid, channel=CRISIS_CHANNEL)
    st = statements_of(rt, cid)[0]
    assert (st.status, st.decided_by, st.decided_at) == ("approved", ADMIN, clock())
    assert [e.kind for e in events_of(rt, cid)] == ["statement_drafted", "statement_approved"]
    assert len(audit_of(rt, "crisis.statement_approved")) == 1
    updates = len(slack.calls_to("chat.update"))
    deliver(rt, clock)
    assert len(slack.calls_to("chat.update")) == updates + 1
    card = _card(slack)
    assert _buttons(card) == [] and "Approved by" in str(card["blocks"])
    assert any("it may now be published" in m["text"] for m in slack.messages(CRISIS_CHANNEL))
    # a second press on a stale copy answers, changes nothing
    driver.forged_click(ADMIN, "crisis_rec_statement_reject", sid, channel=CRISIS_CHANNEL)
    assert any("Version 1 is already approved" in e["text"] for e in slack.ephemerals(ADMIN))
    assert statements_of(rt, cid)[0].status == "approved"


def test_a_new_draft_starts_from_the_last_and_supersedes_the_pending_one(driver: Any, slack: Any, rt: Any,
                                                                        clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    _draft(driver, ANA)
    deliver(rt, clock)
    driver.command(CARL, "/crisis", f"statement {NUMBER}", channel_id="C0GENERAL")
    form = slack.views(CARL)[-1]
    empathy = next(b for b in form["blocks"] if b.get("block_id") == "crisis_rec_st_empathy")
    assert empathy["element"]["initial_value"] == PARTS["empathy"]  # pre-filled from the latest draft
    driver.submit(CARL, _values({**PARTS, "facts": "Confirmed: Madrid store, Monday 18:00."}))
    assert [(s.version, s.status) for s in statements_of(rt, cid)] == [(1, "superseded"), (2, "pending")]
    deliver(rt, clock)
    first = next(m for m in slack.messages(CRISIS_CHANNEL) if "version 1" in m["text"])
    assert _buttons(first) == [] and "Replaced by a newer version" in str(first["blocks"])
    # the superseded one's button answers instead of acting
    sid1 = str(statements_of(rt, cid)[0].id)
    driver.forged_click(BEA, "crisis_rec_statement_approve", sid1, channel=CRISIS_CHANNEL)
    assert statements_of(rt, cid)[0].status == "superseded"
    # Reject, with a comment, through its form
    sid2 = str(statements_of(rt, cid)[1].id)
    driver.click(BEA, "crisis_rec_statement_reject", value=sid2, channel=CRISIS_CHANNEL)
    driver.submit(BEA, {"crisis_rec_comment.value": "Say when the store reopens"})
    st = statements_of(rt, cid)[1]
    assert (st.status, st.decided_by, st.decision_comment) == ("rejected", BEA, "Say when the store reopens")
    assert events_of(rt, cid)[-1].kind == "statement_rejected"
    deliver(rt, clock)
    told = [m["text"] for m in slack.messages(slack.dm_channel(CARL))]  # Carl wrote version 2
    assert any("was rejected by" in t and "Comment: Say when the store reopens" in t for t in told)


def test_missing_parts_are_inline_errors_and_nothing_is_written(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    resp = _draft(driver, ANA, {**PARTS, "empathy": "   ", "unknowns": " \n "})  # blank, past the client
    assert set(resp.errors) == {"crisis_rec_st_empathy", "crisis_rec_st_unknowns"}
    assert statements_of(rt, cid) == [] and events_of(rt, cid) == []
    with pytest.raises(ValidationFailed) as caught:  # over a limit, whatever the client let through
        statements.check_parts({**PARTS, "next_update": "x" * 301})
    assert caught.value.errors == {"next_update": ("crisis.statement.error.long", {"max": 300, "length": 301})}


def test_a_resolved_crisis_statement_is_neither_drafted_nor_decided(driver: Any, slack: Any, rt: Any,
                                                                   clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    _draft(driver, ANA)
    sid = str(statements_of(rt, cid)[0].id)
    with rt.ctx.db.uow() as s:
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        crisis.status = "resolved"
    reply = answer(driver.command(ANA, "/crisis", "statement", channel_id=CRISIS_CHANNEL))
    assert reply.startswith(f"{NUMBER} is resolved: its holding statement can no longer change.")
    driver.forged_click(BEA, "crisis_rec_statement_approve", sid, channel=CRISIS_CHANNEL)
    assert statements_of(rt, cid)[0].status == "pending"
    assert any("is resolved" in e["text"] for e in slack.ephemerals(BEA))
