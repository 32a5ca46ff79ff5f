"""Approval of posts: the whole round trip, four eyes, one or two approvers, concurrent clicks."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL
from tests.posts.support_posts import (
    DANI,
    at,
    audited,
    form_values,
    post_row,
    posts_world,
    refused,
    reviews,
    send_form,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    return posts_world(driver, slack, rt)


def _calls(slack: Any, start: int) -> list[tuple[str, str]]:
    """The Web API calls since `start`: (method, channel or view), DMs opened aside."""
    return [(c.method, str(c.args.get("channel") or (c.args.get("view") or {}).get("callback_id") or ""))
            for c in slack.calls[start:] if c.ok and c.method != "conversations.open"]


def _buttons(slack: Any) -> list[tuple[str, str]]:
    message = slack.messages(APPROVALS)[0]  # the post's own message (replies are in its thread)
    return [(e["action_id"], e.get("value", "")) for b in message["blocks"] if b["type"] == "actions"
            for e in b["elements"]]


def _thread(slack: Any) -> list[str]:
    root = slack.messages(APPROVALS)[0]
    return [m["text"] for m in slack.messages(APPROVALS) if m.get("thread_ts") == root["ts"] and m is not root]


def test_draft_changes_edit_approve(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    ana_dm = slack.dm_channel(ANA)
    start = len(slack.calls)
    send_form(driver, ANA, form_values([acc["ig"], acc["x"]], at(clock, days=2), "Spring is here #spring"))
    assert _calls(slack, start) == [("views.open", "posts_new"), ("chat.postMessage", APPROVALS),
                                    ("chat.postMessage", ana_dm)]
    assert _buttons(slack) == [("posts_approve", "1:1"), ("posts_changes", "1:1"), ("posts_reject", "1:1")]

    # Bea asks for changes, with a comment that tries to ping the channel
    start = len(slack.calls)
    driver.click(BEA, "posts_changes", value="1:1", channel=APPROVALS)
    driver.submit(BEA, {"posts_comment.value": "Shorter please <!channel>"})
    assert _calls(slack, start) == [("views.open", "posts_changes_comment"), ("chat.update", APPROVALS),
                                    ("chat.postMessage", APPROVALS), ("chat.postMessage", ana_dm)]
    assert post_row(rt).status == "changes_requested" and _buttons(slack) == []
    note = _thread(slack)[-1]
    assert "Shorter please" in note and "<!channel>" not in note
    dm = slack.messages(ana_dm)[-1]
    assert "asked for changes" in dm["text"] and "<!channel>" not in dm["text"]

    # Ana edits from her DM: the form opens prefilled; saving makes revision 2, back to pending
    start = len(slack.calls)
    driver.click(ANA, "posts_edit", value="1:1", channel=ana_dm)
    form = slack.views(ANA)[-1]
    copy_block = next(b for b in form["blocks"] if b.get("block_id") == "posts_copy")
    assert copy_block["element"]["initial_value"] == "Spring is here #spring"
    driver.submit(ANA, {"posts_copy.value": "Spring! #spring"})
    assert _calls(slack, start) == [("views.open", "posts_edit_form"), ("chat.update", APPROVALS),
                                    ("chat.postMessage", APPROVALS), ("chat.postMessage", ana_dm)]
    post = post_row(rt)
    assert (post.status, post.revision, post.copy) == ("pending", 2, "Spring! #spring")
    assert _buttons(slack) == [("posts_approve", "1:2"), ("posts_changes", "1:2"), ("posts_reject", "1:2")]
    diff = _thread(slack)[-1]
    assert "Revision 2 changed" in diff and "Spring is here #spring → Spring! #spring" in diff

    # Bea approves revision 2 (another user than the author)
    start = len(slack.calls)
    driver.click(BEA, "posts_approve", value="1:2", channel=APPROVALS)
    assert _calls(slack, start) == [("chat.update", APPROVALS), ("chat.postMessage", ana_dm)]
    assert post_row(rt).status == "approved" and _buttons(slack) == []
    approved = slack.messages(ana_dm)[-1]
    assert "was approved by <@U0BEA>" in approved["text"]
    assert [e["action_id"] for b in approved["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "posts_edit"]  # an approved post can still be edited, back to approval
    assert reviews(rt) == [(1, BEA, "changes"), (2, BEA, "approve")]
    assert audited(rt, "posts.approved") == 1 and audited(rt, "posts.edited") == 1


def test_nobody_approves_their_own_post(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> publisher")
    send_form(driver, BEA, form_values([acc["ig"]], at(clock, days=1), "Mine"))
    start = len(slack.calls)
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert "Nobody approves their own post" in slack.ephemerals(BEA)[-1]["text"]
    driver.click(BEA, "posts_reject", value="1:1", channel=APPROVALS)
    driver.click(CARL, "posts_approve", value="1:1", channel=APPROVALS)  # a member
    assert "Not allowed" in slack.ephemerals(CARL)[-1]["text"]
    assert post_row(rt).status == "pending" and reviews(rt) == []
    assert [m for m, _ in _calls(slack, start)] == ["chat.postEphemeral"] * 3  # no update, no modal
    assert refused(rt) == [(BEA, "posts.approve"), (BEA, "posts.reject"), (CARL, "posts.approve")]


def test_three_approvers_at_once_make_one_approval(driver: Any, slack: Any, rt: Any, clock: Any,
                                                   acc: dict[str, int]) -> None:
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Race"))
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def click(user: str) -> None:
        barrier.wait()
        try:
            driver.click(user, "posts_approve", value="1:1", channel=APPROVALS)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(u,)) for u in (BEA, DANI, ADMIN)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rt.sender.wait_idle()
    assert errors == []
    assert post_row(rt).status == "approved"
    assert len(reviews(rt)) == 1 and audited(rt, "posts.approved") == 1
    assert len(slack.calls_to("chat.update")) == 1
    assert len([m for m in slack.messages(slack.dm_channel(ANA)) if "was approved" in m["text"]]) == 1
    late = [e["text"] for u in (BEA, DANI, ADMIN) for e in slack.ephemerals(u)]
    assert len([t for t in late if "is approved: that cannot be done now" in t]) == 2


def test_two_approvals_required(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    assert "Saved" in driver.command(ADMIN, "/post", "settings approvals 2").json()["text"]
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Four eyes, twice"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert post_row(rt).status == "pending"
    assert "counted (1 of 2)" in slack.ephemerals(BEA)[-1]["text"]
    assert "1 of 2 approvals" in slack.messages(slack.dm_channel(ANA))[-1]["text"]
    assert "Approvals: 1 of 2" in str(slack.messages(APPROVALS)[0]["blocks"])
    # the same person twice does not count
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert "already approved" in slack.ephemerals(BEA)[-1]["text"]
    assert post_row(rt).status == "pending" and len(reviews(rt)) == 1
    # a second, different approver does
    driver.click(DANI, "posts_approve", value="1:1", channel=APPROVALS)
    assert post_row(rt).status == "approved"
    assert reviews(rt) == [(1, BEA, "approve"), (1, DANI, "approve")]
    assert "approved by <@U0BEA>, <@U0DANI>" in slack.messages(slack.dm_channel(ANA))[-1]["text"]


def test_an_edit_resets_the_approvals(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    driver.command(ADMIN, "/post", "settings approvals 2")
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "First"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    driver.command(ANA, "/post", "edit 1")
    driver.submit(ANA, {"posts_copy.value": "Second"})
    # the old message's button (revision 1) answers instead of approving text nobody reviewed
    driver.forged_click(DANI, "posts_approve", "1:1", channel=APPROVALS)
    assert "revision 1 of post #1" in slack.ephemerals(DANI)[-1]["text"]
    driver.click(DANI, "posts_approve", value="1:2", channel=APPROVALS)
    assert post_row(rt).status == "pending"  # Bea's approval was of revision 1
    driver.click(BEA, "posts_approve", value="1:2", channel=APPROVALS)
    assert post_row(rt).status == "approved"


def test_reject_with_a_comment(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Off brand"))
    driver.click(BEA, "posts_reject", value="1:1", channel=APPROVALS)
    resp = driver.submit(BEA, {"posts_comment.value": "   "})
    assert "posts_comment" in resp.errors and post_row(rt).status == "pending"
    driver.submit(BEA, {"posts_comment.value": "Not our tone"})
    assert post_row(rt).status == "rejected"
    assert "rejected your post #1: Not our tone" in slack.messages(slack.dm_channel(ANA))[-1]["text"]
    driver.forged_click(DANI, "posts_approve", "1:1", channel=APPROVALS)
    assert "is rejected" in slack.ephemerals(DANI)[-1]["text"]


def test_two_required_and_two_approvers_at_once(driver: Any, slack: Any, rt: Any, clock: Any,
                                                acc: dict[str, int]) -> None:
    """Each counts the other's approval (the post's row is locked for the decision): approved once."""
    driver.command(ADMIN, "/post", "settings approvals 2")
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Together"))
    barrier = threading.Barrier(2)

    def click(user: str) -> None:
        barrier.wait()
        driver.click(user, "posts_approve", value="1:1", channel=APPROVALS)

    threads = [threading.Thread(target=click, args=(u,)) for u in (BEA, DANI)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rt.sender.wait_idle()
    assert post_row(rt).status == "approved" and sorted(r[1] for r in reviews(rt)) == [BEA, DANI]
    assert audited(rt, "posts.approved") == 1 and audited(rt, "posts.approval_counted") == 1
