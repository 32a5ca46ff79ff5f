"""`/accounts` pages its inventory (issue 10 §3): by brand, previous/next buttons that replace
the message in place, a pointer to the CSV export; nothing is dropped silently, and a forged
page number is a clear answer."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.accounts.inventory import PAGE_ROWS, InventoryPage, Row
from bot.accounts.views import AccountView
from bot.core.i18n import Translator
from bot.features import translator
from handlers.accounts import blocks
from handlers.accounts.ids import AccountsIds as I
from handlers.blockkit import MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX
from handlers.paging import trusted_response_url
from storage.models import Account, AuditEntry
from tests.conftest import ANA, CARL, TEAM

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HANDLE = re.compile(r"\*@([a-z0-9.]+)\*")


def seed(rt: Any, brands: dict[str, int]) -> set[str]:
    """The inventory straight into the database (registering 60 accounts through the modal would
    test the modal 60 times); what is looked at is the listing, through signed commands."""
    handles: set[str] = set()
    with rt.ctx.db.uow() as s:
        for brand, count in brands.items():
            for n in range(count):
                handle = f"{brand.lower()}.{n:02d}"
                s.add(Account(team_id=TEAM, brand=brand, network="instagram", handle=handle,
                              login_email=f"{handle}@gmail.com", created_by=ANA, custodian_id=ANA, status="active",
                              has_password=False, email_warnings=[], mailbox_created_by="it"))
                handles.add(handle)
    return handles


def listing(slack: Any, user: str) -> dict[str, Any]:
    [message] = [e for e in slack.ephemerals(user) if "Account inventory" in str(e.get("text", ""))]
    return message


def page_buttons(message: dict[str, Any]) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in message.get("blocks", []) if b["type"] == "actions"
            for e in b["elements"]}


def audit_count(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_sixty_accounts_are_paged_by_brand_and_every_one_is_reachable(driver: Any, slack: Any, rt: Any,
                                                                       setup_workspace: None) -> None:
    every = seed(rt, {"Acme": 10, "Bolt": 10, "Cove": 10, "Dune": 10, "Echo": 10, "Fern": 10})
    reply = driver.command(CARL, "/accounts")
    assert reply.status == 200
    first = listing(slack, CARL)
    assert "*Account inventory* (60)" in first["text"]
    assert "Page 1 of 3: 20 account(s), brands Acme to Bolt." in first["text"]
    assert "`/accounts export`" in first["text"]
    assert page_buttons(first) == {I.A_PAGE_NEXT: "2"}

    seen: list[str] = HANDLE.findall(first["text"])
    for number in (2, 3):
        driver.click(CARL, I.A_PAGE_NEXT, value=str(number))
        rt.sender.wait_idle()
        page = listing(slack, CARL)  # still one message: the click replaced it in place
        assert page["ts"] == first["ts"]
        assert f"Page {number} of 3" in page["text"]
        seen += HANDLE.findall(page["text"])
    assert sorted(seen) == sorted(every)  # each account once, none dropped
    assert page_buttons(listing(slack, CARL)) == {I.A_PAGE_PREV: "2"}

    driver.click(CARL, I.A_PAGE_PREV, value="2")
    rt.sender.wait_idle()
    back = listing(slack, CARL)
    assert "Page 2 of 3: 20 account(s), brands Cove to Dune." in back["text"]
    assert page_buttons(back) == {I.A_PAGE_PREV: "1", I.A_PAGE_NEXT: "3"}


def test_a_brand_bigger_than_a_page_continues_on_the_next(driver: Any, slack: Any, rt: Any,
                                                           setup_workspace: None) -> None:
    seed(rt, {"Acme": 3, "Bolt": PAGE_ROWS + 5})
    driver.command(CARL, "/accounts")
    first = listing(slack, CARL)["text"]
    assert "*Acme*" in first and "*Bolt*" not in first  # Bolt does not fit: it starts a page of its own
    driver.click(CARL, I.A_PAGE_NEXT, value="2")
    rt.sender.wait_idle()
    second = listing(slack, CARL)["text"]
    assert "*Bolt*\n" in second and len(HANDLE.findall(second)) == PAGE_ROWS
    driver.click(CARL, I.A_PAGE_NEXT, value="3")
    rt.sender.wait_idle()
    third = listing(slack, CARL)["text"]
    assert "*Bolt* (continued)" in third and len(HANDLE.findall(third)) == 5


def test_a_small_inventory_is_one_page_without_buttons(driver: Any, slack: Any, rt: Any,
                                                       setup_workspace: None) -> None:
    seed(rt, {"Acme": 3})
    driver.command(CARL, "/accounts")
    message = listing(slack, CARL)
    assert page_buttons(message) == {} and "Page" not in message["text"]
    assert len(HANDLE.findall(message["text"])) == 3


@pytest.mark.parametrize("value", ["0", "3", "-1", "abc", "²", "1.5", str(10**30), "", "2; DROP TABLE accounts"])
def test_a_forged_page_number_gets_a_clear_answer_and_writes_nothing(driver: Any, slack: Any, rt: Any,
                                                                     setup_workspace: None, value: str) -> None:
    seed(rt, {"Acme": 10, "Bolt": 10, "Cove": 10})  # two pages
    before = audit_count(rt)
    response = driver.forged_click(CARL, I.A_PAGE_NEXT, value)
    assert response.status == 200
    rt.sender.wait_idle()
    answers = [str(e.get("text", "")) for e in slack.ephemerals(CARL)]
    assert any("page of the inventory" in a and "`/accounts`" in a for a in answers), answers
    assert not any("Account inventory" in a for a in answers)  # no page was shown for it
    assert audit_count(rt) == before


def test_a_page_click_with_a_foreign_response_url_is_not_posted_there(driver: Any, slack: Any, rt: Any,
                                                                      setup_workspace: None) -> None:
    seed(rt, {"Acme": 10, "Bolt": 10, "Cove": 10})  # two pages
    action = {"type": "button", "action_id": I.A_PAGE_NEXT, "block_id": I.B_PAGE, "value": "2",
              "text": {"type": "plain_text", "text": "Next"}, "action_ts": "1.0"}
    driver._interaction(CARL, {
        "type": "block_actions", "trigger_id": slack.issue_trigger_id(CARL),
        "container": {"type": "message", "message_ts": "1.0", "channel_id": "C0GENERAL", "is_ephemeral": True},
        "channel": {"id": "C0GENERAL", "name": "general"},
        "response_url": "https://attacker.example/steal", "actions": [action],
    })
    rt.sender.wait_idle()
    [sent] = slack.calls_to("chat.postEphemeral")
    assert "Page 2 of 2" in json.dumps(sent.args)  # the page, as a new answer only Carl sees


def test_only_slack_hooks_or_the_configured_api_origin_are_trusted() -> None:
    api = "http://127.0.0.1:8123/api/"
    assert trusted_response_url("https://hooks.slack.com/actions/T1/1/abc", api)
    assert trusted_response_url("http://127.0.0.1:8123/response/action-1", api)
    assert not trusted_response_url("http://127.0.0.1:8124/response/action-1", api)
    assert not trusted_response_url("https://hooks.slack.com.attacker.example/x", "https://slack.com/api/")
    assert not trusted_response_url("https://attacker.example/hooks.slack.com/", "https://slack.com/api/")
    assert not trusted_response_url("http://127.0.0.1:8123/api/chat.postMessage", api)


def _longest_rows(n: int) -> list[Row]:
    handle = "&" * 120  # escaped to &amp; in mrkdwn: the longest a row can get
    return [Row(AccountView(id=i, brand="<" * 80, network="google-business", handle=handle, profile_url=None,
                            login_email="x@gmail.com", created_by=ANA, created_at=NOW, custodian_id=ANA,
                            status="active", twofa_enabled=True, twofa_method="app", recovery_email=None,
                            recovery_phone=None, notes=None, last_rotated_at=None, rotation_requested_at=NOW,
                            rotation_reason="compromised", mailbox_created_by="employee"), 999)
            for i in range(n)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_full_page_of_the_longest_rows_stays_within_slacks_limits(lang: str) -> None:
    tr: Translator = translator(lang)
    page = InventoryPage(_longest_rows(PAGE_ROWS), 2, 3, 3 * PAGE_ROWS, continued=True)
    text, body = blocks.inventory(tr, page, NOW)
    assert len(body) <= MESSAGE_BLOCKS_MAX
    assert all(len(b["text"]["text"]) <= SECTION_TEXT_MAX for b in body if b["type"] == "section")
    assert text.count("&amp;" * 120) == PAGE_ROWS  # every row is there, whole
