"""`/handover` against hostile input, through signed requests: forged button values and block ids,
mentions and disguised links in what people typed, a checklist sent to a channel of the starter's
choosing, paging by anyone. Each is answered; none is a 500, and none writes anything."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.authz import Actor
from bot.features import translator
from bot.handover import acts as svc
from handlers.handover.notices import reminders_for
from storage.models import Account, AuditEntry, Delivery, Grant, HandoverAct, HandoverItem
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GENERAL, TEAM, run_as
from tests.handover.seed import add_account, add_grant, add_knower, set_channel

NO_SUCH_ACT = "There is no such handover act in this workspace."
# Unicode digits that str.isdigit() accepts and int() refuses, ids no column can hold, and other junk.
FORGED = ["⁷⁷⁷⁷⁷⁷", "①", "9" * 25, "9" * 5000, "-1", "1e3", "", "7 7"]
OTHER_TEAM = "T00000002"


@dataclass
class Act:
    id: int
    number: str
    item_id: int


def start(driver: Any, rt: Any, text: str = f"start <@{CARL}|carl>") -> Act:
    driver.command(ANA, "/handover", text)
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct).where(HandoverAct.team_id == TEAM)).one()
        item = s.scalars(select(HandoverItem).where(HandoverItem.act_id == act.id)).first()
        return Act(act.id, act.number, item.id if item else 0)


@pytest.fixture
def act(driver: Any, rt: Any, setup_workspace: None) -> Act:
    """Carl leaves holding 40 grants (three pages of checklist), no receiver chosen yet."""
    with rt.ctx.db.uow() as s:
        for n in range(40):
            add_grant(s, TEAM, add_account(s, TEAM, f"brand{n}", custodian=ANA, created_by=ADMIN), CARL)
    return start(driver, rt)


def everything(rt: Any) -> tuple[Any, ...]:
    """What any click could have changed: acts, items, custody, grants, audit, deliveries."""
    with rt.ctx.db.uow() as s:
        acts = [(a.id, a.team_id, a.status, a.receiver_id, a.delivered_at, a.received_at, a.closed_at,
                 a.leaver_unavailable_at, a.message_page)
                for a in s.scalars(select(HandoverAct).order_by(HandoverAct.id))]
        items = [(i.id, i.status, i.requested_by, i.done_by)
                 for i in s.scalars(select(HandoverItem).order_by(HandoverItem.id))]
        custody = [(a.id, a.custodian_id) for a in s.scalars(select(Account).order_by(Account.id))]
        grants = [(g.id, g.status) for g in s.scalars(select(Grant).order_by(Grant.id))]
        audit = s.scalar(select(func.count()).select_from(AuditEntry))
        deliveries = s.scalar(select(func.count()).select_from(Delivery))
    return acts, items, custody, grants, audit, deliveries


def forge(slack: Any, element: dict[str, Any], block_id: str = "forged") -> None:
    """A message carrying a button Slack never got from the app: what a forged payload clicks."""
    slack.add_message(APPROVALS, CARL, "forged",
                      blocks=[{"type": "actions", "block_id": block_id, "elements": [element]}])


def forged_button(slack: Any, action_id: str, value: str) -> None:
    forge(slack, {"type": "button", "action_id": action_id, "value": value,
                  "text": {"type": "plain_text", "text": "x"}})


def click_forged(driver: Any, slack: Any, user: str, action_id: str, value: str) -> str:
    """Click a forged button; returns what the clicker was told."""
    forged_button(slack, action_id, value)
    before = len(slack.ephemerals(user))
    response = driver.click(user, action_id, value=value)
    assert response.status == 200, (action_id, value[:40], response.status)
    told = slack.ephemerals(user)[before:]
    assert told, f"{action_id} {value[:40]!r}: nothing was answered"
    return str(told[-1]["text"])


def every_button(act_id: str, item_id: str) -> list[tuple[str, str]]:
    """Every button of the checklist message, with the ids it carries."""
    return [
        ("handover_item", f"{act_id}:{item_id}"),
        ("handover_all:grant.revoke", act_id),
        ("handover_all:account.custody", act_id),
        ("handover_deliver", act_id),
        ("handover_receive", act_id),
        ("handover_close", act_id),
        ("handover_leaver_gone", act_id),
        ("handover_page_next", f"{act_id}:1"),
        ("handover_page_prev", f"{act_id}:0"),
    ]


def pick_in_forged_picker(driver: Any, slack: Any, block_id: str, user: str = BEA) -> str:
    forge(slack, {"type": "users_select", "action_id": "handover_receiver"}, block_id=block_id)
    before = len(slack.ephemerals(ANA))
    assert driver.click(ANA, "handover_receiver", value=user).status == 200
    told = slack.ephemerals(ANA)[before:]
    assert told, f"picker {block_id[:40]!r}: nothing was answered"
    return str(told[-1]["text"])


def refusals(s: Any) -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.subject)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused").order_by(AuditEntry.seq))]


# ---- 1. forged ids ---------------------------------------------------------------------------


@pytest.mark.parametrize("forged", FORGED, ids=lambda v: f"{v[:12]}({len(v)})")
def test_a_forged_act_id_on_any_button_is_no_such_act_and_writes_nothing(
        driver: Any, rt: Any, slack: Any, act: Act, forged: str) -> None:
    before = everything(rt)
    for action_id, value in every_button(forged, str(act.item_id)):
        assert click_forged(driver, slack, ANA, action_id, value) == NO_SUCH_ACT, (action_id, value[:40])
    assert pick_in_forged_picker(driver, slack, f"handover_pick:{forged}") == NO_SUCH_ACT
    assert everything(rt) == before


@pytest.mark.parametrize("forged", FORGED, ids=lambda v: f"{v[:12]}({len(v)})")
def test_a_forged_item_or_page_beside_a_real_act_is_refused_and_writes_nothing(
        driver: Any, rt: Any, slack: Any, act: Act, forged: str) -> None:
    before = everything(rt)
    for action_id, value in (("handover_item", f"{act.id}:{forged}"), ("handover_page_next", f"{act.id}:{forged}")):
        assert click_forged(driver, slack, ANA, action_id, value) == NO_SUCH_ACT, (action_id, value[:40])
    assert everything(rt) == before


def test_another_workspaces_act_is_no_act_here(driver: Any, rt: Any, slack: Any, act: Act) -> None:
    with rt.ctx.db.uow() as s:
        set_channel(s, OTHER_TEAM, "C2APPROVALS")
        add_grant(s, OTHER_TEAM, add_account(s, OTHER_TEAM, "theirs", custodian="U2ANA", created_by="U2ANA"), CARL)
    admin = Actor(OTHER_TEAM, ADMIN)
    theirs = run_as(rt.ctx.db, admin, lambda s: svc.start_act(
        s, rt.ctx.settings, admin, leaving=CARL, receiver=None, reason="", channel=None, now=rt.ctx.clock()))
    with rt.ctx.db.uow() as s:
        their_item = s.scalars(select(HandoverItem).where(HandoverItem.act_id == theirs.id)).one().id
    before = everything(rt)
    for user in (ANA, ADMIN):  # a custodian here, and an admin of the app: neither reaches it from this workspace
        for action_id, value in every_button(str(theirs.id), str(their_item)):
            assert click_forged(driver, slack, user, action_id, value) == NO_SUCH_ACT, (user, action_id)
    assert pick_in_forged_picker(driver, slack, f"handover_pick:{theirs.id}") == NO_SUCH_ACT
    # This act's own button with the other act's item: no such item on this act.
    told = click_forged(driver, slack, ANA, "handover_item", f"{act.id}:{their_item}")
    assert told == f"{act.number} has no such item."
    assert everything(rt) == before


@pytest.mark.parametrize("page", ["3", "40", str(2**31), str(2**63 - 1)])
def test_a_page_out_of_range_is_refused_and_nothing_changes(
        driver: Any, rt: Any, slack: Any, act: Act, page: str) -> None:
    before, updates = everything(rt), len(slack.calls_to("chat.update"))
    told = click_forged(driver, slack, ANA, "handover_page_next", f"{act.id}:{page}")
    assert told == f"The checklist of {act.number} has no such page."
    assert everything(rt) == before and len(slack.calls_to("chat.update")) == updates


@pytest.mark.parametrize("user", ["<!here>", "U0X><!channel", "U" + "A" * 40, "u0bea", "U0BEA|bea"])
def test_a_forged_receiver_is_refused_and_nothing_changes(
        driver: Any, rt: Any, slack: Any, act: Act, user: str) -> None:
    before = everything(rt)
    told = pick_in_forged_picker(driver, slack, f"handover_pick:{act.id}", user=user)
    assert "not a person I can make the receiver" in told
    assert everything(rt) == before


# ---- 2. what people typed, echoed into Slack messages -------------------------------------------

HOSTILE = "<!here> <!channel> <!everyone> <!subteam^S0MKT|@marketing> <https://evil.example|the wiki>"


def no_broadcast(what: str, payload: Any) -> None:
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    for raw in ("<!here", "<!channel", "<!everyone", "<!subteam", "|the wiki>"):
        assert raw not in text, f"{what} carries {raw!r}"


def test_reason_and_account_labels_never_ping_or_hide_a_link_in_any_slack_message(
        driver: Any, rt: Any, slack: Any, setup_workspace: None) -> None:
    with rt.ctx.db.uow() as s:
        brand = add_account(s, TEAM, "acme<!channel>", brand="<!subteam^S0MKT|@mkt> <https://evil.example|the wiki>",
                            custodian=ANA, created_by=ADMIN)
        add_grant(s, TEAM, brand, CARL)
        add_knower(s, TEAM, brand, CARL, "<!here>")  # a source this catalog has no word for: shown as recorded
        add_account(s, TEAM, "<!everyone>", network="x<!here>", brand="<!here>", custodian=CARL, created_by=ADMIN)
    act = start(driver, rt, f"start <@{CARL}|carl> {HOSTILE}")
    driver.click(ANA, "handover_receiver", value=BEA)  # a redraw (chat.update) with the receiver's buttons
    shown = driver.command(ANA, "/handover", f"show {act.number}").json()
    sent = [c for c in slack.calls if c.method in ("chat.postMessage", "chat.update", "chat.postEphemeral")]
    assert {c.method for c in sent} >= {"chat.postMessage", "chat.update"}
    for call in sent:
        no_broadcast(call.method, call.args)
    no_broadcast("/handover show", shown)
    with rt.ctx.db.uow() as s:
        reminders = reminders_for(s, translator("en"), act.id)
    assert reminders
    for out in reminders:
        no_broadcast(f"reminder to {out.to}", [out.text, out.blocks])
    # Still readable, and the link shows where it really goes; the record keeps what was typed.
    message = json.dumps([c.args for c in sent], ensure_ascii=False)
    assert "the wiki (https://evil.example)" in message and "@\u2060here" in message
    with rt.ctx.db.uow() as s:
        assert s.get(HandoverAct, act.id).reason == HOSTILE  # type: ignore[union-attr]


# ---- 3. the channel the act is posted in -------------------------------------------------------


def told(slack: Any, user: str) -> str:
    return "\n".join(str(e["text"]) for e in slack.ephemerals(user)) + "\n".join(
        str(m.get("text")) for m in slack.messages(slack.dm_channel(user)))


def no_act(rt: Any) -> None:
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(HandoverAct)).all() == []
        assert s.scalars(select(AuditEntry).where(AuditEntry.action.like("handover.%"))).all() == []


@pytest.mark.parametrize("channel", [GENERAL, "C0SECRET", "C0NOWHERE"])
def test_an_act_is_never_posted_in_a_channel_that_is_not_approvals_or_private_with_the_bot(
        driver: Any, rt: Any, slack: Any, setup_workspace: None, channel: str) -> None:
    slack.add_channel("C0SECRET", "secret", members=[ANA, CARL], is_private=True)  # the bot is not in it
    with rt.ctx.db.uow() as s:
        add_grant(s, TEAM, add_account(s, TEAM, "acme", custodian=ANA, created_by=ADMIN), CARL)
    reply = driver.command(ANA, "/handover", f"start <@{CARL}> in <#{channel}> shhh")
    assert reply.status == 200
    answer = told(slack, ANA)
    assert f"<#{channel}> is neither. Nothing was drawn up." in answer and "/handover start @leaving" in answer
    no_act(rt)
    assert not [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") not in (slack.dm_channel(ANA),)]


def test_an_act_may_go_to_a_private_channel_the_bot_is_in(
        driver: Any, rt: Any, slack: Any, setup_workspace: None) -> None:
    slack.add_channel("C0HR", "hr", members=[ANA, "U0BOT"], is_private=True)
    driver.command(ANA, "/handover", f"start <@{CARL}> in <#C0HR|hr> moves on")
    with rt.ctx.db.uow() as s:
        act = s.scalars(select(HandoverAct)).one()
    assert act.channel_id == "C0HR" and act.message_ts
    assert any(m.get("ts") == act.message_ts for m in slack.messages("C0HR"))
    assert f"{act.number} drawn up with 0 item(s); the checklist is in <#C0HR>" in told(slack, ANA)


def test_naming_the_approvals_channel_needs_no_check(driver: Any, rt: Any, slack: Any, setup_workspace: None) -> None:
    reply = driver.command(ANA, "/handover", f"start <@{CARL}> in <#{APPROVALS}|approvals>")
    assert "drawn up" in reply.json()["text"]
    assert slack.calls_to("conversations.info", ok=None) == []


def test_when_slack_cannot_say_what_the_channel_is_nothing_is_drawn_up(
        driver: Any, rt: Any, slack: Any, setup_workspace: None) -> None:
    slack.add_channel("C0HR", "hr", members=[ANA, "U0BOT"], is_private=True)
    slack.fail_next("conversations.info", error="internal_error", times=10)
    driver.command(ANA, "/handover", f"start <@{CARL}> in <#C0HR|hr>")
    assert "I could not check <#C0HR> with Slack (internal_error)" in told(slack, ANA)
    no_act(rt)


def test_who_may_not_start_is_refused_before_any_channel_check(
        driver: Any, rt: Any, slack: Any, setup_workspace: None) -> None:
    reply = driver.command(BEA, "/handover", f"start <@{CARL}> in <#{GENERAL}|general>")
    assert "Not allowed" in reply.json()["text"]
    assert slack.calls_to("conversations.info", ok=None) == []
    with rt.ctx.db.uow() as s:
        refused = refusals(s)
        assert s.scalars(select(HandoverAct)).all() == []
    assert refused == [(BEA, "handover.start", CARL)]


# ---- 4. paging is reading ----------------------------------------------------------------------


def page_of(rt: Any, act: Act) -> int:
    with rt.ctx.db.uow() as s:
        row = s.get(HandoverAct, act.id)
        assert row is not None
        return row.message_page


def test_only_those_who_may_read_the_act_may_page_it(driver: Any, rt: Any, slack: Any, act: Act) -> None:
    before, updates = everything(rt), len(slack.calls_to("chat.update"))
    driver.click(BEA, "handover_page_next", value=f"{act.id}:1")  # an approver, no party to this act
    assert "Not allowed" in slack.ephemerals(BEA)[-1]["text"]
    assert page_of(rt, act) == 0 and len(slack.calls_to("chat.update")) == updates
    with rt.ctx.db.uow() as s:
        refused = refusals(s)
    assert refused == [(BEA, "handover.page", act.number)]
    acts, items, custody, grants, _, deliveries = before
    assert everything(rt)[:4] + everything(rt)[5:] == (acts, items, custody, grants, deliveries)
    driver.click(CARL, "handover_page_next", value=f"{act.id}:1")  # the leaver is a party: may
    assert page_of(rt, act) == 1
    driver.click(ANA, "handover_page_next", value=f"{act.id}:2")  # a custodian: may
    assert page_of(rt, act) == 2 and len(slack.calls_to("chat.update")) == updates + 2
