"""Notes on the crisis timeline (issue 13 §4): `/crisis note` in and out of the channel, the message
shortcut and the ✍️ reaction, one entry per message however often it is added; bad input writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.authz import Actor
from bot.core.errors import Conflict, UsageError
from bot.crisis import notes
from tests.conftest import ANA, BEA, CARL, GENERAL, GUEST, TEAM
from tests.crisis.support_record import (
    CRISIS_CHANNEL,
    NUMBER,
    answer,
    crisis_of,
    ephemeral_texts,
    events_of,
    seed_crisis,
    texts,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _notes(rt: Any, crisis_id: int) -> list[tuple[str, str, str | None]]:
    return [(e.actor, e.text, e.source_ts) for e in events_of(rt, crisis_id) if e.kind == "note"]


def test_a_note_in_the_crisis_channel_goes_on_its_timeline_and_is_echoed(driver: Any, slack: Any, rt: Any,
                                                                         clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    reply = answer(driver.command(CARL, "/crisis", "note Store manager   called the customer <!channel>",
                                  channel_id=CRISIS_CHANNEL))
    assert reply == f":writing_hand: Added to the timeline of {NUMBER}."
    assert _notes(rt, cid) == [(CARL, "Store manager   called the customer <!channel>", None)]
    assert events_of(rt, cid)[0].at == clock()
    echo = texts(slack, CRISIS_CHANNEL)[-1]
    assert echo.startswith(f":writing_hand: *Note* by <@{CARL}>: Store manager")
    assert "<!channel>" not in echo  # stored as typed, never a ping when shown


def test_elsewhere_a_note_needs_the_number_first(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    reply = answer(driver.command(ANA, "/crisis", f"note {NUMBER.lower()} Press called", channel_id=GENERAL))
    assert NUMBER in reply and _notes(rt, cid) == [(ANA, "Press called", None)]
    assert texts(slack, CRISIS_CHANNEL)[-1].endswith("Press called")  # echoed in the crisis channel anyway
    # by database id too
    answer(driver.command(ANA, "/crisis", f"note {cid} Second", channel_id=GENERAL))
    assert [t for _, t, _ in _notes(rt, cid)] == ["Press called", "Second"]


@pytest.mark.parametrize(("text", "channel", "expected"), [
    ("note Press called", GENERAL, "Which crisis?"),
    ("note", CRISIS_CHANNEL, "The note is empty"),
    ("note    ", CRISIS_CHANNEL, "The note is empty"),
    (f"note {NUMBER}", GENERAL, "The note is empty"),
    ("note CRI-2026-0099 Press called", GENERAL, "There is no crisis CRI-2026-0099"),
    ("note " + "x" * 3001, CRISIS_CHANNEL, "at most 3000 characters (this one has 3001)"),
])
def test_bad_notes_answer_and_write_nothing(driver: Any, slack: Any, rt: Any, clock: Any, text: str, channel: str,
                                            expected: str) -> None:
    cid = seed_crisis(rt, slack, clock)
    before = len(texts(slack, CRISIS_CHANNEL))
    reply = answer(driver.command(CARL, "/crisis", text, channel_id=channel))
    assert expected in reply
    assert "/crisis note [CRI-2026-0001] <text…>" in reply or "There is no crisis" in reply
    assert events_of(rt, cid) == [] and len(texts(slack, CRISIS_CHANNEL)) == before


def test_a_resolved_crisis_takes_no_notes(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    with rt.ctx.db.uow() as s:
        from storage.models import Crisis
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        crisis.status = "resolved"
    reply = answer(driver.command(CARL, "/crisis", "note too late", channel_id=CRISIS_CHANNEL))
    assert reply == f"{NUMBER} is resolved: its timeline takes no more notes."
    assert events_of(rt, cid) == []
    ts = slack.add_message(CRISIS_CHANNEL, ANA, "late message")
    driver.message_shortcut(BEA, CRISIS_CHANNEL, ts, "crisis_note")
    assert events_of(rt, cid) == []
    assert any("is resolved" in t for t in ephemeral_texts(slack, BEA))


def test_a_guest_may_add_a_note(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    slack.workspace.channels[CRISIS_CHANNEL].members.append(GUEST)
    assert NUMBER in answer(driver.command(GUEST, "/crisis", "note Seen on TikTok first", channel_id=CRISIS_CHANNEL))
    assert _notes(rt, cid) == [(GUEST, "Seen on TikTok first", None)]


def test_the_shortcut_and_the_reaction_add_a_message_once(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    ts = slack.add_message(CRISIS_CHANNEL, ANA, "The video was filmed in the Madrid store")
    driver.message_shortcut(BEA, CRISIS_CHANNEL, ts, "crisis_note")
    assert _notes(rt, cid) == [(BEA, "The video was filmed in the Madrid store", ts)]
    note = next(e for e in events_of(rt, cid) if e.kind == "note")
    assert note.detail == {"via": "shortcut", "author": ANA, "channel": CRISIS_CHANNEL, "ts": ts}
    assert f":writing_hand: Added to the timeline of {NUMBER}." in ephemeral_texts(slack, BEA)
    # the ✍️ on the same message, and Slack retrying that event: still one entry
    resp = driver.reaction_added(CARL, CRISIS_CHANNEL, ts, "writing_hand")
    driver.resend(resp)
    assert len(_notes(rt, cid)) == 1
    assert f"That message is already on the timeline of {NUMBER}." in ephemeral_texts(slack, CARL)
    assert len(slack.calls_to("conversations.history")) == 1  # the retry was dropped before any work


def test_a_reaction_reads_the_message_after_the_ack(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    ts = slack.add_message(CRISIS_CHANNEL, ANA, "Customer agreed to a call")
    reply = slack.add_message(CRISIS_CHANNEL, BEA, "In the thread: the store is closed today", thread_ts=ts)
    driver.reaction_added(CARL, CRISIS_CHANNEL, ts, "writing_hand")
    driver.reaction_added(CARL, CRISIS_CHANNEL, reply, "writing_hand")
    assert [(a, t, s) for a, t, s in _notes(rt, cid)] == [
        (CARL, "Customer agreed to a call", ts), (CARL, "In the thread: the store is closed today", reply)]
    history = slack.calls_to("conversations.history")[0].args
    assert (history["channel"], history["latest"], str(history["limit"])) == (CRISIS_CHANNEL, ts, "1")
    assert str(history["inclusive"]).lower() in ("1", "true")
    assert len(slack.calls_to("conversations.replies")) == 1  # only for the thread reply


def test_other_reactions_and_other_channels_do_nothing(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    ts = slack.add_message(CRISIS_CHANNEL, ANA, "hello")
    driver.reaction_added(CARL, CRISIS_CHANNEL, ts, "thumbsup")
    elsewhere = slack.add_message(GENERAL, ANA, "not a crisis channel")
    driver.reaction_added(CARL, GENERAL, elsewhere, "writing_hand")
    assert events_of(rt, cid) == []
    assert slack.calls_to("conversations.history") == [] and ephemeral_texts(slack, CARL) == []


def test_the_shortcut_outside_a_crisis_channel_refuses_clearly(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    cid = seed_crisis(rt, slack, clock)
    ts = slack.add_message(GENERAL, ANA, "random")
    driver.message_shortcut(CARL, GENERAL, ts, "crisis_note")
    assert events_of(rt, cid) == []
    assert any("This message is not in a crisis channel" in t for t in ephemeral_texts(slack, CARL))


def test_rules_split_the_reference_and_cut_long_messages(rt: Any, slack: Any, clock: Any) -> None:
    assert notes.split_note("CRI-2026-0001 hello  there") == ("CRI-2026-0001", "hello  there")
    assert notes.split_note("  hello") == (None, "hello")
    assert notes.split_note("12 x") == ("12", "x")
    cid = seed_crisis(rt, slack, clock)
    with rt.ctx.db.uow() as s:
        view = notes.add_message(s, Actor(TEAM, CARL), CRISIS_CHANNEL, "1.000001", ANA, "y" * 5000, clock(),
                                 via="reaction")
    assert view.added and len(view.text) == 3000 and view.text.endswith("…")
    with rt.ctx.db.uow() as s, pytest.raises(UsageError):
        notes.add_message(s, Actor(TEAM, CARL), CRISIS_CHANNEL, "1.000002", ANA, "   ", clock(), via="reaction")
    crisis_of(rt, cid)
    with rt.ctx.db.uow() as s:
        from storage.models import Crisis
        c = s.get(Crisis, cid)
        assert c is not None
        c.status = "resolved"
    with rt.ctx.db.uow() as s, pytest.raises(Conflict):
        notes.add_note(s, Actor(TEAM, CARL), CRISIS_CHANNEL, "x", clock())
