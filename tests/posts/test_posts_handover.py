"""Posts in the handover act (SPEC §4, issue 12 §10): what the leaver authors or publishes is to
be reassigned, and `/post reassign` ticks it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage.models import HandoverAct, HandoverItem
from tests.conftest import ANA, APPROVALS, BEA, CARL
from tests.posts.support_posts import DANI, PAT, at, audited, form_values, post_row, posts_world, refused, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    return posts_world(driver, slack, rt)


def _items(rt: Any) -> dict[str, tuple[str, str]]:
    with rt.ctx.db.uow() as s:
        return {i.subject_id: (i.kind, i.status) for i in s.scalars(select(HandoverItem).where(
            HandoverItem.kind == "post.reassign"))}


def _seed(driver: Any, clock: Any, acc: dict[str, int]) -> None:
    """#1 Ana's, published by Pat; #2 Pat's own; #3 Pat's, cancelled; #4 Ana's, nothing of Pat's."""
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, hours=30), "By Ana for Pat", publisher=PAT))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    send_form(driver, PAT, form_values([acc["x"]], at(clock, hours=40), "Pat's own"))
    send_form(driver, PAT, form_values([acc["x"]], at(clock, hours=50), "Cancelled"))
    driver.command(PAT, "/post", "cancel 3")
    send_form(driver, ANA, form_values([acc["x"]], at(clock, hours=60), "Not Pat's"))


def _start(driver: Any, rt: Any) -> HandoverAct:
    driver.command(ANA, "/handover", f"start <@{PAT}|pat> to <@{BEA}|bea> leaves the company")
    with rt.ctx.db.uow() as s:
        act: HandoverAct = s.scalars(select(HandoverAct)).one()
        return act


def test_the_leavers_posts_join_the_act_and_a_reassign_ticks_them(driver: Any, slack: Any, rt: Any, clock: Any,
                                                                  acc: dict[str, int]) -> None:
    _seed(driver, clock, acc)
    _start(driver, rt)
    assert _items(rt) == {"1": ("post.reassign", "open"), "2": ("post.reassign", "open")}
    rt.sender.wait_idle()
    assert "Reassign the post: #1" in str(slack.messages(APPROVALS))

    reply = driver.command(ANA, "/post", f"reassign 1 <@{ANA}|ana>").json()["text"]  # the author
    assert "Post #1: <@U0ANA> publishes it now." in reply
    assert post_row(rt, 1).publisher_id == ANA and audited(rt, "posts.reassigned") == 1
    assert _items(rt)["1"] == ("post.reassign", "done") and _items(rt)["2"][1] == "open"
    driver.command(BEA, "/post", f"reassign 2 <@{ANA}>")  # an approver, for someone else's post
    post = post_row(rt, 2)  # Pat wrote it and would publish it: the whole post is handed over
    assert (post.author_id, post.publisher_id, _items(rt)["2"][1]) == (ANA, ANA, "done")


def test_reassign_is_refused_or_answered_and_writes_nothing(driver: Any, slack: Any, rt: Any, clock: Any,
                                                            acc: dict[str, int]) -> None:
    _seed(driver, clock, acc)
    _start(driver, rt)
    assert "Only the author" in driver.command(CARL, "/post", f"reassign 1 <@{ANA}>").json()["text"]
    assert (CARL, "posts.reassign") in refused(rt)
    assert "cannot publish" in driver.command(ANA, "/post", f"reassign 1 <@{DANI}>").json()["text"]  # no author role
    assert "not a person" in driver.command(ANA, "/post", "reassign 1 ana").json()["text"]
    assert "is cancelled" in driver.command(PAT, "/post", f"reassign 3 <@{ANA}>").json()["text"]
    assert "no post #99" in driver.command(ANA, "/post", f"reassign 99 <@{ANA}>").json()["text"]
    assert post_row(rt, 1).publisher_id == PAT and audited(rt, "posts.reassigned") == 0
    assert _items(rt)["1"][1] == "open"


def test_an_edit_that_changes_the_publisher_or_a_cancel_ticks_the_item(driver: Any, slack: Any, rt: Any,
                                                                       clock: Any, acc: dict[str, int]) -> None:
    _seed(driver, clock, acc)
    _start(driver, rt)
    driver.command(ANA, "/post", "edit 1")  # Ana wrote it for Pat to publish: she takes it back
    driver.submit(ANA, {"posts_publisher.value": ANA})
    assert post_row(rt, 1).publisher_id == ANA and _items(rt)["1"] == ("post.reassign", "done")
    driver.command(PAT, "/post", "cancel 2")  # nothing left to hand over
    assert _items(rt)["2"] == ("post.reassign", "done")
