"""Acknowledge (issue 13 §3, bad input): the first wins; a second press, a resolved crisis, an old
generation's button, a forged or foreign value and a stranger are answered and change nothing; a
page whose DM goes out in the same instant as the acknowledgement is still edited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.schedule import Outgoing
from scheduler.jobs import run_due, tick
from scheduler.notifier import SlackNotifier
from storage.models import AuditEntry, CrisisEvent, Delivery
from tests.conftest import ADMIN, ANA, BEA, CARL, CRISIS
from tests.crisis.support_crisis import crisis_row
from tests.crisis.support_paging import (
    DANI,
    add_leads,
    dm_messages,
    has_button,
    pages,
    resolve,
    seed_chain,
    seed_crisis,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")
ACK = "crisis_page_ack"


def _writes(rt: Any) -> tuple[int, int, int]:
    """What an answered press must not change: audit entries, timeline entries, deliveries."""
    with rt.ctx.db.uow() as s:
        return (int(s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.outcome == "ok")) or 0),
                int(s.scalar(select(func.count()).select_from(CrisisEvent)) or 0),
                int(s.scalar(select(func.count()).select_from(Delivery)) or 0))


def _answers(slack: Any, user: str) -> list[str]:
    """What the presser was told: ephemerals, or the DM the answer fell back to."""
    return [str(m.get("text", "")) for m in slack.ephemerals(user)] + [str(m["text"]) for m in dm_messages(slack, user)]


def _paged(rt: Any, slack: Any, clock: Any, levels: Any = ((ANA, BEA), (DANI,))) -> int:
    add_leads(slack)
    seed_chain(rt, "sev1", levels, ack_minutes=5)
    cid = seed_crisis(rt, clock())
    tick(rt, now=clock())
    return cid


def test_a_second_acknowledgement_answers_who_was_first_and_writes_nothing(
        rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    cid = _paged(rt, slack, clock)
    clock.advance(minutes=2)
    driver.click(ANA, ACK, value=f"{cid}:1")
    before = _writes(rt)
    driver.forged_click(BEA, ACK, f"{cid}:1")  # BEA's page still shows the button until the edit goes out
    driver.command(ADMIN, "/crisis", f"ack {crisis_row(rt, cid).number}")
    assert _writes(rt) == before
    assert any(f"was already acknowledged by <@{ANA}> at 09:02" in t for t in _answers(slack, BEA))
    assert any(f"was already acknowledged by <@{ANA}> at 09:02" in t for t in _answers(slack, ADMIN))
    assert crisis_row(rt, cid).acknowledged_by == ANA


def test_acknowledging_a_resolved_crisis_answers_and_writes_nothing(
        rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    cid = _paged(rt, slack, clock)
    resolve(rt, cid, clock.advance(minutes=1))
    before = _writes(rt)
    driver.click(ANA, ACK, value=f"{cid}:1")  # the page as it still shows, before its edit goes out
    assert _writes(rt) == before
    assert any("is resolved: there is nothing to acknowledge" in t for t in _answers(slack, ANA))
    assert crisis_row(rt, cid).acknowledged_at is None
    tick(rt, now=clock())  # then the pages are edited: resolved, no button
    for user in (ANA, BEA):
        page = dm_messages(slack, user)[0]
        assert not has_button(page) and "Resolved at 09:01" in page["text"]
    assert [p[3] for p in pages(rt, cid)] == ["closed", "closed"]


@pytest.mark.parametrize("value", ["", "abc", "1", "1:1:1", "１:1", "99:1", "1:0", "1:99", "9" * 30 + ":1"])
def test_forged_values_are_no_such_crisis_or_stale_and_write_nothing(
        rt: Any, slack: Any, clock: Any, driver: Any, value: str) -> None:
    _paged(rt, slack, clock)
    before = _writes(rt)
    driver.forged_click(ANA, ACK, value)
    assert _writes(rt) == before
    told = _answers(slack, ANA)
    assert any("There is no crisis" in t or "from before its severity changed" in t for t in told), told
    assert crisis_row(rt, 1).acknowledged_at is None


def test_another_workspaces_crisis_is_no_such_crisis(rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    _paged(rt, slack, clock)
    other = seed_crisis(rt, clock(), "sev3", team="T0OTHER", channel=None)
    before = _writes(rt)
    driver.forged_click(ANA, ACK, f"{other}:1")
    assert _writes(rt) == before
    assert any(f"There is no crisis {other}" in t for t in _answers(slack, ANA))


def test_a_stranger_is_refused_and_the_refusal_audited(rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    cid = _paged(rt, slack, clock)
    before = _writes(rt)
    driver.forged_click(CARL, ACK, f"{cid}:1")  # CARL reported it but was not paged and leads nothing
    assert _writes(rt) == before
    assert any("Only the people paged for" in t for t in _answers(slack, CARL))
    with rt.ctx.db.uow() as s:
        refused = [(e.actor, e.action) for e in s.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused"))]
    assert (CARL, "crisis.acknowledge") in refused
    assert crisis_row(rt, cid).acknowledged_at is None


def test_a_crisis_lead_not_paged_may_acknowledge_from_the_channel(
        rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    cid = _paged(rt, slack, clock)
    driver.command(ADMIN, "/socialops", f"role add <@{CARL}|carl> crisis_lead")
    driver.command(CARL, "/crisis", "ack", channel_id=CRISIS)
    assert crisis_row(rt, cid).acknowledged_by == CARL
    assert [p[3] for p in pages(rt, cid)] == ["closed", "closed"]  # closed, not CARL's: he had no page


class AckWhileSending:
    """A notifier that lets an acknowledgement land while a page is on its way: after the first page
    DM of the step goes out (before any on_sent hook runs), an admin acknowledges and the resulting
    `crisis.acked` delivery is sent at once — it cannot see the pages' DMs yet."""

    def __init__(self, rt: Any, driver: Any, number: str, now: datetime) -> None:
        self.inner, self.rt, self.driver, self.number, self.now = SlackNotifier(rt.client), rt, driver, number, now
        self.done = False

    def send(self, out: Outgoing, *, team_id: str) -> tuple[str, str]:
        sent = self.inner.send(out, team_id=team_id)
        if not self.done and out.update_ts is None and any(b.get("type") == "actions" for b in out.blocks or []):
            self.done = True
            self.driver.command(ADMIN, "/crisis", f"ack {self.number}")
            run_due(self.rt.ctx, self.inner, self.now, "other-worker")
        return sent


def test_a_page_sent_in_the_same_instant_as_the_ack_is_still_edited(
        rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    add_leads(slack)
    seed_chain(rt, "sev1", ((ANA, BEA),), ack_minutes=5)
    cid = seed_crisis(rt, clock())
    number = crisis_row(rt, cid).number
    run_due(rt.ctx, AckWhileSending(rt, driver, number, clock()), clock(), "racing-worker")
    assert [p[3] for p in pages(rt, cid)] == ["closed", "closed"]
    assert any(f"<@{ADMIN}> acknowledged *{number}*" in m["text"] for m in slack.messages(CRISIS))
    # both page DMs went out, the acknowledgement's edit saw neither: each gets its own edit
    tick(rt, now=clock.advance(seconds=2))  # the scheduler's next heartbeat
    for user in (ANA, BEA):
        [page] = dm_messages(slack, user)
        assert not has_button(page), user
        assert f"Acknowledged by <@{ADMIN}> at 09:00" in page["text"], user
    with rt.ctx.db.uow() as s:
        kinds = sorted((d.kind, d.subject_id, d.state) for d in s.scalars(
            select(Delivery).where(Delivery.kind.startswith("crisis.page"))))
    assert kinds == [("crisis.page", f"{cid}:1:0", "sent"), ("crisis.page", f"{cid}:1:1", "cancelled"),
                     ("crisis.page_update", "1", "sent"), ("crisis.page_update", "2", "sent")]
