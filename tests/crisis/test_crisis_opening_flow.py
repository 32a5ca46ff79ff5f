"""Opening a crisis (issue 13 §2) through signed payloads and the stand-in: the number, the channel
(name, invitations, topic, `name_taken`), its first messages, the checklist, the hold, the form,
bad input, list and show."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import Crisis, Post
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL
from tests.crisis.support_crisis import (
    all_crises,
    answer,
    audit_actions,
    channel_texts,
    deliveries_of,
    latest_crisis,
    open_and_deliver,
    open_crisis,
    run_scheduler,
    seed_chain,
    timeline_kinds,
)
from tests.posts.support_posts import at, form_values, posts_world, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")

NAME = "crisis-20260302-viral-video-of-a-rude-employee"  # the fixture clock's day (2026-03-02, UTC)


def _crises(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(Crisis)) or 0)


def test_sev1_makes_a_numbered_crisis_its_channel_and_its_first_messages(driver: Any, slack: Any, rt: Any,
                                                                           clock: Any) -> None:
    seed_chain(rt, "sev1", ((ANA,), (BEA,)))
    reply = answer(open_crisis(driver, CARL, "sev1 Viral video of a rude employee https://x.example/v/1"))
    assert "CRI-2026-0001" in reply and f"<@{ANA}>" in reply
    assert deliveries_of(rt)[0][:2] == ("crisis.channel", "1")  # made by the scheduler, after the ack
    assert slack.calls_to("conversations.create") == []
    run_scheduler(rt, clock)
    crisis = latest_crisis(rt)
    assert (crisis.number, crisis.channel_name, crisis.link) == ("CRI-2026-0001", NAME, "https://x.example/v/1")
    [create] = slack.calls_to("conversations.create")
    assert create.args["name"] == NAME
    [invite] = slack.calls_to("conversations.invite")
    assert invite.args["channel"] == crisis.channel_id and set(str(invite.args["users"]).split(",")) == {CARL, ANA}
    [topic] = slack.calls_to("conversations.setTopic")
    assert topic.args["topic"].startswith("CRI-2026-0001 · sev1 · Viral video")
    texts = channel_texts(slack, str(crisis.channel_id))
    assert "CRI-2026-0001" in texts[0] and f"<@{ANA}> → <@{BEA}>" in texts[0]
    assert "*Playbook* (0/12 done)" in texts[1]
    assert "/replies add" in texts[2]  # no approved crisis template yet
    assert crisis.checklist_ts is not None and len(crisis.checklist) == 12
    assert {"opened", "paged", "channel"} <= set(timeline_kinds(rt, crisis.id))
    assert ("U0CARL", "crisis.opened", "ok") in audit_actions(rt)
    run_scheduler(rt, clock)  # nothing more: the channel step is done once
    assert len(slack.calls_to("conversations.create")) == 1 and len(slack.messages(str(crisis.channel_id))) == 3


def test_two_crises_the_same_day_get_two_channels_and_name_taken_is_handled(driver: Any, slack: Any, rt: Any,
                                                                             clock: Any) -> None:
    seed_chain(rt, "sev2", ((ANA,),))
    slack.add_channel("C0SOMEONE", NAME)  # somebody else's channel already has the first name
    open_and_deliver(driver, rt, clock, CARL, "sev2 Viral video of a rude employee")
    open_and_deliver(driver, rt, clock, BEA, "sev2 Viral video of a rude employee")
    first, second = all_crises(rt)
    assert (first.channel_name, second.channel_name) == (f"{NAME}-2", f"{NAME}-3")
    assert first.channel_id != second.channel_id != "C0SOMEONE"
    assert [c.error for c in slack.calls_to("conversations.create", ok=False)] == ["name_taken"] * 3
    assert (first.number, second.number) == ("CRI-2026-0001", "CRI-2026-0002")


def test_numbers_restart_each_year(driver: Any, rt: Any, clock: Any) -> None:
    open_crisis(driver, CARL, "sev3 A troll on the launch post")
    clock.advance(days=365)
    open_crisis(driver, CARL, "sev3 Another troll")
    assert [c.number for c in all_crises(rt)] == ["CRI-2026-0001", "CRI-2027-0001"]


def test_without_a_chain_the_admins_are_paged_and_everyone_is_told(driver: Any, slack: Any, rt: Any,
                                                                     clock: Any) -> None:
    reply = answer(open_crisis(driver, CARL, "sev1 Data leak rumour"))
    assert "No escalation chain is set up for sev1" in reply and f"<@{ADMIN}>" in reply
    run_scheduler(rt, clock)
    crisis = latest_crisis(rt)
    assert crisis.chain_configured is False and crisis.chain[0]["users"] == [ADMIN]
    assert "No escalation chain" in channel_texts(slack, str(crisis.channel_id))[0]


@pytest.mark.parametrize("text", ["", "sev4 Something", "sev1", "sev1    ", "urgent Everything is on fire",
                                  "sev1 Broken link ftp://nope", "sev2 " + "x" * 501])
def test_bad_input_is_a_clear_answer_and_writes_nothing(driver: Any, rt: Any, text: str) -> None:
    resp = driver.command(CARL, "/crisis", f"open {text}".strip()) if text else None
    if resp is None:  # `/crisis open` alone opens the form instead: nothing written either
        driver.command(CARL, "/crisis", "open")
        assert _crises(rt) == 0
        return
    reply = answer(resp)
    assert "sev1" in reply and _crises(rt) == 0  # the usage text with the severity guide
    assert "legal, safety or viral harm" in reply


def test_the_form_opens_a_crisis_and_checks_its_fields_inline(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    driver.command(CARL, "/crisis", "open")
    form = slack.views(CARL)[-1]
    assert form["callback_id"] == "crisis_open_form"
    assert "legal, safety or viral harm" in str(form["blocks"])  # the severity guide
    bad = driver.submit(CARL, {"crisis_open_severity.value": "sev3", "crisis_open_summary.value": "   ",
                               "crisis_open_link.value": "ftp://not-a-web-link"})
    errors = bad.json()["errors"]
    assert set(errors) == {"crisis_open_summary", "crisis_open_link"}
    assert _crises(rt) == 0
    driver.submit(CARL, {"crisis_open_severity.value": "sev3", "crisis_open_summary.value": "A troll again",
                         "crisis_open_link.value": ""})
    crisis = latest_crisis(rt)
    assert (crisis.severity, crisis.summary, crisis.reporter_id) == ("sev3", "A troll again", CARL)
    rt.sender.wait_idle()
    assert any("CRI-2026-0001" in str(m.get("text")) for m in slack.messages(slack.dm_channel(CARL)))


def test_the_checklist_ticks_in_place_and_refuses_forged_or_stale_presses(driver: Any, slack: Any, rt: Any,
                                                                          clock: Any) -> None:
    seed_chain(rt, "sev2", ((ANA,),), playbook=["Acknowledge", "Hold the posts", "Draft the statement"])
    crisis = open_and_deliver(driver, rt, clock, CARL, "sev2 Growing wave of complaints")
    channel = str(crisis.channel_id)
    driver.click(ANA, "crisis_open_step_done", value=f"{crisis.id}:1", channel=channel)
    rt.sender.wait_idle()
    after = latest_crisis(rt)
    assert after.checklist[1]["done_by"] == ANA and after.checklist[0]["done_by"] is None
    [update] = slack.calls_to("chat.update")
    assert update.args["ts"] == crisis.checklist_ts and "(1/3 done)" in str(update.args["text"])
    assert "step_done" in timeline_kinds(rt, crisis.id)
    for value in (f"{crisis.id}:1", f"{crisis.id}:9", "99999:0", "１:0", f"{crisis.id}"):
        driver.forged_click(ANA, "crisis_open_step_done", value, channel=channel)
    assert latest_crisis(rt).checklist == after.checklist  # nothing else changed
    driver.click(ANA, "crisis_open_step_undo", value=f"{crisis.id}:1", channel=channel)
    assert latest_crisis(rt).checklist[1]["done_by"] is None


def test_sev1_with_a_brand_holds_its_posts_due_within_24_hours_and_sev3_does_not(driver: Any, slack: Any, rt: Any,
                                                                                    clock: Any) -> None:
    acc = posts_world(driver, slack, rt)
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, hours=5), "Spring launch"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, hours=40), "Next week"))
    open_crisis(driver, CARL, "sev3 Acme troll on the launch post")
    with rt.ctx.db.uow() as s:
        assert [p.status for p in s.scalars(select(Post).order_by(Post.id))] == ["approved", "pending"]
    reply = answer(open_crisis(driver, CARL, "sev1 Acme employee video going viral"))
    assert "1 post(s) of Acme due in the next 24 h are on hold" in reply
    crisis = latest_crisis(rt)
    assert (crisis.brand, crisis.held_posts) == ("Acme", [1])
    with rt.ctx.db.uow() as s:
        assert [p.status for p in s.scalars(select(Post).order_by(Post.id))] == ["held", "pending"]
    run_scheduler(rt, clock)
    assert "#1" in channel_texts(slack, str(latest_crisis(rt).channel_id))[0]  # the held post, in the channel


def test_list_and_show(driver: Any, rt: Any, clock: Any) -> None:
    seed_chain(rt, "sev1", ((ANA,),))
    crisis = open_and_deliver(driver, rt, clock, CARL, "sev1 Viral video <!channel>")
    listed = answer(driver.command(BEA, "/crisis", "list"))
    assert "CRI-2026-0001" in listed and "not acknowledged" in listed and "<!channel>" not in listed
    shown = answer(driver.command(BEA, "/crisis", "show", channel_id=str(crisis.channel_id)))
    assert "CRI-2026-0001" in shown and f"<@{ANA}>" in shown  # who was paged
    assert "There is no crisis" in answer(driver.command(BEA, "/crisis", "show CRI-2026-0099"))
    assert "Which crisis" in answer(driver.command(BEA, "/crisis", "show"))  # not in a crisis channel


def test_the_same_crisis_opened_again_is_told_where_the_first_is_and_pages_nobody(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """What a reporter sends again when Slack showed a timeout though the crisis was opened."""
    seed_chain(rt, "sev1", ((ANA,), (BEA,)))
    open_and_deliver(driver, rt, clock, CARL, "sev1 Viral video of a rude employee")
    crisis, pages = latest_crisis(rt), len(deliveries_of(rt))
    again = answer(open_crisis(driver, CARL, "sev1   viral video of a RUDE employee"))
    assert "CRI-2026-0001" in again and f"<#{crisis.channel_id}>" in again and "Nobody was paged again" in again
    assert (_crises(rt), len(deliveries_of(rt))) == (1, pages)
    # Other words, someone else, or once the window has passed: a crisis of its own.
    assert "CRI-2026-0002" in answer(open_crisis(driver, CARL, "sev1 Viral video, second account"))
    assert "CRI-2026-0003" in answer(open_crisis(driver, ANA, "sev1 Viral video of a rude employee"))
    clock.advance(minutes=16)
    assert "CRI-2026-0004" in answer(open_crisis(driver, CARL, "sev1 Viral video of a rude employee"))
