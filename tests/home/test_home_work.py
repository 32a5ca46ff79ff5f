"""The App Home's *My work* and *My access*: what each person sees, buttons that act in place,
the refresh after an action, the 100-block limit, the language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from storage.models import AccessRequest, Grant, Post
from tests.access.support import make_account, set_workspace
from tests.conftest import ANA, APPROVALS, BEA, CARL, GUEST
from tests.home.conftest import (
    buttons,
    click_on_home,
    home,
    seed_posts,
    seed_requests,
    text_of,
    wait_for_home,
)
from tests.posts.support_posts import at, form_values, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def account(rt: Any) -> int:
    return make_account(rt.ctx.db, "acmeshop", network="instagram", custodian=ANA)


@pytest.fixture
def pending_pair(driver: Any, clock: Any, account: int) -> None:
    """Carl asks for access; Ana writes a post: both wait for an approver (Bea)."""
    driver.command(CARL, "/access", "request acmeshop analyst for 7d quarterly numbers <!channel>")
    send_form(driver, ANA, form_values([account], at(clock, days=2), "Spring launch, 20% off"))


def request_status(rt: Any) -> str:
    with rt.ctx.db.uow() as s:
        return s.scalars(select(AccessRequest.status)).one()


def test_an_approver_sees_the_request_and_the_post_with_their_buttons(
        driver: Any, slack: Any, pending_pair: None) -> None:
    driver.app_home_opened(BEA)
    view = home(slack, BEA)
    shown = buttons(view)
    assert ("access_approve", "1") in shown and ("access_deny", "1") in shown
    assert ("posts_approve", "1:1") in shown and ("posts_changes", "1:1") in shown
    assert ("posts_reject", "1:1") in shown
    text = text_of(view)
    assert "My work" in text and "Access request `#1`" in text and "Spring launch" in text
    assert "<!channel>" not in text  # the requester's reason is user text: no broadcast ping


def test_approve_from_the_home_acts_updates_the_approvals_message_and_refreshes_the_home(
        driver: Any, slack: Any, rt: Any, pending_pair: None) -> None:
    request_ts = slack.messages(APPROVALS)[0]["ts"]
    driver.app_home_opened(BEA)
    publishes = len(slack.calls_to("views.publish"))

    click_on_home(driver, slack, BEA, "access_approve", "1")

    assert request_status(rt) == "approved"
    updates = [c.args for c in slack.calls_to("chat.update")]
    assert any(u["channel"] == APPROVALS and u["ts"] == request_ts for u in updates)
    original = next(m for m in slack.messages(APPROVALS) if m["ts"] == request_ts)
    assert not any(b["type"] == "actions" for b in original["blocks"])  # the buttons gave way to who decided
    view = wait_for_home(slack, BEA, lambda v: ("access_approve", "1") not in buttons(v))
    assert ("access_approve", "1") not in buttons(view)
    assert ("posts_approve", "1:1") in buttons(view)  # the post still waits
    assert len(slack.calls_to("views.publish")) > publishes

    click_on_home(driver, slack, BEA, "posts_approve", "1:1")
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Post.status)).one() == "approved"
    view = wait_for_home(slack, BEA, lambda v: ("posts_approve", "1:1") not in buttons(v))
    assert "Nothing is waiting on you" in text_of(view)


def test_the_custodian_sets_up_the_grant_from_the_home(
        driver: Any, slack: Any, rt: Any, pending_pair: None) -> None:
    driver.click(BEA, "access_approve", value="1", channel=APPROVALS)
    driver.app_home_opened(ANA)
    assert ("access_fulfil_done", "1") in buttons(home(slack, ANA))
    assert "Set up grant `#1`" in text_of(home(slack, ANA))

    click_on_home(driver, slack, ANA, "access_fulfil_done", "1")

    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Grant.status)).one() == "active"
    wait_for_home(slack, ANA, lambda v: ("access_fulfil_done", "1") not in buttons(v))
    # Carl holds it now: *My access* shows it with "Ask to extend", which opens the access form.
    driver.app_home_opened(CARL)
    carl = home(slack, CARL)
    assert ("access_extend", "1") in buttons(carl)
    assert "instagram @acmeshop" in text_of(carl) and "until" in text_of(carl)
    click_on_home(driver, slack, CARL, "access_extend", "1")
    assert slack.views(CARL)[-1]["callback_id"] == "access_request"


def test_a_member_with_nothing_sees_the_empty_states(driver: Any, slack: Any) -> None:
    driver.app_home_opened(CARL)
    text = text_of(home(slack, CARL))
    assert "Nothing is waiting on you" in text and "You hold no access" in text
    assert buttons(home(slack, CARL)) == []


def test_a_guest_sees_no_decisions(driver: Any, slack: Any, pending_pair: None) -> None:
    driver.app_home_opened(GUEST)
    view = home(slack, GUEST)
    assert not [b for b in buttons(view) if b[0] in ("access_approve", "posts_approve")]
    assert "Nothing is waiting on you" in text_of(view)
    assert "Access request" not in text_of(view)


def test_a_spanish_workspace_sees_spanish(driver: Any, slack: Any, rt: Any, pending_pair: None) -> None:
    set_workspace(rt.ctx.db, language="es")
    rt.forget_language("T00000001")
    driver.app_home_opened(BEA)
    text = text_of(home(slack, BEA))
    assert "Mi trabajo" in text and "Mis accesos" in text and "Solicitud de acceso `#1`" in text
    labels = [e["text"]["text"] for b in home(slack, BEA)["blocks"] if b["type"] == "actions"
              for e in b["elements"]]
    assert labels[:2] == ["Aprobar", "Denegar"]


def test_150_pending_items_stay_within_100_blocks_and_say_where_the_rest_are(
        driver: Any, slack: Any, rt: Any, clock: Any, account: int) -> None:
    seed_requests(rt.ctx.db, account, CARL, 50)
    seed_posts(rt.ctx.db, ANA, 100, clock() + timedelta(days=1))
    driver.app_home_opened(BEA)
    view = home(slack, BEA)  # published: the stand-in checked the view as Slack does
    assert len(view["blocks"]) <= 100
    text = text_of(view)
    assert "more posts — `/post list pending`" in text
    shown = [b for b in buttons(view) if b[0] in ("access_approve", "posts_approve")]
    assert 0 < len(shown) < 150
    block_ids = [b["block_id"] for b in view["blocks"] if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))


def test_building_the_home_takes_as_many_statements_for_50_items_as_for_5(
        rt: Any, clock: Any, account: int) -> None:
    from bot.core.authz import Actor
    from handlers.home.publish import build

    def statements(n: int) -> int:
        seed_requests(rt.ctx.db, account, CARL, n)
        seed_posts(rt.ctx.db, ANA, n, clock() + timedelta(days=1))
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(str(args[2]))

        event.listen(rt.ctx.db.engine, "before_cursor_execute", count)
        try:
            build(rt, Actor("T00000001", BEA))
        finally:
            event.remove(rt.ctx.db.engine, "before_cursor_execute", count)
        return len(seen)

    assert statements(5) == statements(45)
