"""The crisis hold (issue 12 §9): `/post hold`, then release or reschedule, through the real scheduler tick."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.core.authz import Actor
from bot.core.errors import Conflict, Forbidden, UsageError
from bot.posts import holds
from bot.posts.views import PostView
from storage.models import Account
from tests.access.support import deliver_due, pending
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, TEAM
from tests.posts.support_posts import DANI, PAT, at, audited, form_values, post_row, posts_world, refused, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    world = posts_world(driver, slack, rt)
    with rt.ctx.db.uow() as s:  # another brand's account: a crisis of Acme leaves it alone
        other = Account(team_id=TEAM, brand="Globex", network="instagram", handle="globex",
                        login_email="social+globex@globex.example", created_by=ANA, custodian_id=ANA,
                        status="active")
        s.add(other)
        s.flush()
        world["globex"] = other.id
    return world


def _dm_texts(slack: Any, user: str) -> list[str]:
    try:
        return [m["text"] for m in slack.messages(slack.dm_channel(user))]
    except KeyError:
        return []


def _reminders(slack: Any) -> list[str]:
    return [t for t in _dm_texts(slack, PAT) if t.startswith(":bell: Post #")]


def _approved(driver: Any, post_id: int) -> None:
    driver.click(BEA, "posts_approve", value=f"{post_id}:1", channel=APPROVALS)


def _release(rt: Any, user: str, post_id: int, now: datetime) -> PostView:
    with rt.ctx.db.uow() as s:
        return holds.release(s, Actor(TEAM, user), post_id, now)


def _reschedule(rt: Any, user: str, post_id: int, when: datetime, now: datetime) -> PostView:
    with rt.ctx.db.uow() as s:
        return holds.reschedule(s, Actor(TEAM, user), post_id, when, now)


def _world_of_posts(driver: Any, clock: Any, acc: dict[str, int]) -> datetime:
    """#1 approved in 30 h, #2 pending in 5 h, #3 approved in 50 h (outside a 48 h window),
    #4 Globex's in 5 h; Pat publishes #1."""
    due = at(clock, hours=30)
    send_form(driver, ANA, form_values([acc["ig"], acc["x"]], due, "Spring sale", publisher=PAT))
    _approved(driver, 1)
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, hours=5), "Waiting"))
    send_form(driver, ANA, form_values([acc["x"]], at(clock, hours=50), "Later"))
    _approved(driver, 3)
    send_form(driver, ANA, form_values([acc["globex"]], at(clock, hours=5), "Other brand"))
    return due


def test_hold_holds_the_brands_posts_in_the_window_only(driver: Any, slack: Any, rt: Any, clock: Any,
                                                        acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    updates = len(slack.calls_to("chat.update"))
    reply = driver.command(BEA, "/post", "hold acme 48 Product recall, nothing goes out").json()["text"]
    assert "2 post(s) of Acme held: #1, #2" in reply
    assert [post_row(rt, i).status for i in (1, 2, 3, 4)] == ["held", "held", "approved", "pending"]
    held = post_row(rt, 1)
    assert (held.held_from, held.held_reason) == ("approved", "Product recall, nothing goes out")
    assert post_row(rt, 2).held_from == "pending" and held.held_at is not None
    # the held posts' deliveries are cancelled, the others' kept
    assert {d.subject_id for d in pending(rt.ctx.db)} == {"3:1", "4:1"}
    assert audited(rt, "posts.held") == 1
    # each approvals message is drawn again, held, without its buttons
    assert len(slack.calls_to("chat.update")) == updates + 2
    message = slack.messages(APPROVALS)[0]
    assert "held" in message["text"]
    # /post show says so too
    assert "held" in driver.command(ANA, "/post", "show 1").json()["text"]


def test_held_posts_send_nothing_and_release_restores_them(driver: Any, slack: Any, rt: Any, clock: Any,
                                                           acc: dict[str, int]) -> None:
    due = _world_of_posts(driver, clock, acc)
    driver.command(BEA, "/post", "hold Acme 48 recall")
    # the 24 h reminder of #1, #2's escalation and expiry: none fire while held
    assert deliver_due(rt, at(clock, hours=6)) == 2  # only Globex's escalation and expiry (#4, not held)
    assert post_row(rt, 4).status == "expired"
    assert [post_row(rt, i).status for i in (1, 2)] == ["held", "held"]
    assert _reminders(slack) == [] and not any("still waiting" in t and "#2" in t for t in _dm_texts(slack, BEA))

    # #2's time passed while held: released, it goes back to approval as a new revision (and expires)
    now = at(clock, hours=6)
    view = _release(rt, BEA, 2, now)
    assert (view.status, view.revision) == ("pending", 2) and post_row(rt, 2).held_from is None
    # #1 still has its time: approved again, its reminders back at its time
    now = at(clock, hours=1)
    view = _release(rt, ADMIN, 1, now)
    assert (view.status, view.revision) == ("approved", 1)
    assert sorted((d.kind, d.due_at) for d in pending(rt.ctx.db) if d.subject_id == "1:1") == [
        ("posts.overdue", due + timedelta(minutes=30)), ("posts.reminder", due - timedelta(hours=24)),
        ("posts.reminder", due - timedelta(minutes=15))]
    assert deliver_due(rt, due - timedelta(hours=24)) >= 1
    assert len(_reminders(slack)) == 1 and post_row(rt, 1).status == "approved"
    assert audited(rt, "posts.released") == 2


def test_a_release_under_15_minutes_before_goes_back_to_approval(driver: Any, slack: Any, rt: Any, clock: Any,
                                                                 acc: dict[str, int]) -> None:
    due = _world_of_posts(driver, clock, acc)
    driver.command(BEA, "/post", "hold Acme 48 recall")
    view = _release(rt, BEA, 1, due - timedelta(minutes=10))
    assert (view.status, view.revision, view.approved_by) == ("pending", 2, ())
    assert {d.kind for d in pending(rt.ctx.db) if d.subject_id == "1:2"} == {"posts.escalation", "posts.expiry"}
    assert not [d for d in pending(rt.ctx.db) if d.subject_id == "1:1"]
    assert deliver_due(rt, due - timedelta(minutes=5)) >= 1
    assert _reminders(slack) == []  # nothing reminds the publisher of a post nobody approved at this time


def test_reschedule_gives_a_new_time_and_a_new_revision(driver: Any, slack: Any, rt: Any, clock: Any,
                                                        acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    driver.command(BEA, "/post", "hold Acme 48 recall")
    later = at(clock, days=3)
    with pytest.raises(UsageError):  # too soon: nothing written
        _reschedule(rt, BEA, 1, at(clock, minutes=10), clock())
    assert post_row(rt, 1).status == "held"
    view = _reschedule(rt, BEA, 1, later, clock())
    assert (view.status, view.revision, view.scheduled_at) == ("pending", 2, later)
    assert sorted((d.kind, d.due_at) for d in pending(rt.ctx.db) if d.subject_id == "1:2") == [
        ("posts.escalation", later - timedelta(hours=2)), ("posts.expiry", later)]
    assert audited(rt, "posts.rescheduled") == 1
    with pytest.raises(Conflict):  # no longer held: neither again
        _reschedule(rt, BEA, 1, later, clock())
    with pytest.raises(Conflict):
        _release(rt, BEA, 1, clock())


def test_only_approvers_and_admins_hold_release_or_reschedule(driver: Any, slack: Any, rt: Any, clock: Any,
                                                              acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    for user in (CARL, ANA, PAT):
        driver.command(user, "/post", "hold Acme 48 recall")
    assert post_row(rt, 1).status == "approved" and audited(rt, "posts.held") == 0
    assert refused(rt) == [(CARL, "posts.hold"), (ANA, "posts.hold"), (PAT, "posts.hold")]
    driver.command(ADMIN, "/post", "hold Acme 48 recall")
    with pytest.raises(Forbidden):
        _release(rt, ANA, 1, clock())
    with pytest.raises(Forbidden):
        _reschedule(rt, CARL, 1, at(clock, days=3), clock())
    assert post_row(rt, 1).status == "held"


@pytest.mark.parametrize(("args", "says"), [
    ("", "Say why"), ("Acme", "Say why"), ("Acme 48", "Say why"), ("Acme 0 recall", "between 1 and"),
    ("Acme 99999 recall", "between 1 and"), ("Nobody 4 recall", "Nobody"),
])
def test_bad_hold_commands_answer_and_hold_nothing(driver: Any, slack: Any, rt: Any, clock: Any,
                                                   acc: dict[str, int], args: str, says: str) -> None:
    _world_of_posts(driver, clock, acc)
    reply = driver.command(BEA, "/post", f"hold {args}").json()["text"]
    assert says in reply and "/post hold <brand>" in reply
    assert post_row(rt, 1).status == "approved" and audited(rt, "posts.held") == 0


def test_a_hold_with_nothing_in_the_window_says_so(driver: Any, slack: Any, rt: Any, clock: Any,
                                                   acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    reply = driver.command(BEA, "/post", "hold Acme 1 recall").json()["text"]
    assert "No approved or pending post of Acme" in reply
    assert post_row(rt, 2).status == "pending"


def test_the_service_entry_point_for_the_crisis_feature(driver: Any, slack: Any, rt: Any, clock: Any,
                                                        acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    with rt.ctx.db.uow() as s:
        ids = holds.hold_brand(s, TEAM, "GLOBEX", hours=6, reason="crisis #7", actor=Actor(TEAM, "system"),
                               now=clock())
    assert ids == [4] and post_row(rt, 4).status == "held" and post_row(rt, 1).status == "approved"


def _hold_list(slack: Any) -> dict[str, Any]:
    return [m for m in slack.messages(APPROVALS) if "held* —" in m["text"]][-1]


def test_the_held_list_in_the_approvals_channel_releases_with_a_button(driver: Any, slack: Any, rt: Any,
                                                                       clock: Any, acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    driver.command(BEA, "/post", "hold Acme 48 Recall <!channel>")
    listed = _hold_list(slack)
    assert "<!channel>" not in listed["text"]  # the reason is neutralised
    buttons = [(e["action_id"], e["value"]) for b in listed["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [("posts_hold_release", "1:1"), ("posts_hold_reschedule", "1:1"),
                       ("posts_hold_release", "2:1"), ("posts_hold_reschedule", "2:1")]
    driver.click(CARL, "posts_hold_release", value="1:1", channel=APPROVALS)  # not an approver
    assert post_row(rt, 1).status == "held" and (CARL, "posts.release") in refused(rt)
    driver.click(DANI, "posts_hold_release", value="1:1", channel=APPROVALS)
    assert post_row(rt, 1).status == "approved"
    assert "Post #1 released: approved" in slack.ephemerals(DANI)[-1]["text"]
    driver.click(BEA, "posts_hold_release", value="1:1", channel=APPROVALS)  # a stale button answers
    assert "is approved" in slack.ephemerals(BEA)[-1]["text"] and audited(rt, "posts.released") == 1


def test_reschedule_through_its_form(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    _world_of_posts(driver, clock, acc)
    driver.command(BEA, "/post", "hold Acme 48 recall")
    driver.click(CARL, "posts_hold_reschedule", value="2:1", channel=APPROVALS)  # refused before any form
    assert all(v["callback_id"] != "posts_hold_reschedule_form" for v in slack.views(CARL))
    driver.click(BEA, "posts_hold_reschedule", value="2:1", channel=APPROVALS)
    assert slack.views(BEA)[-1]["callback_id"] == "posts_hold_reschedule_form"
    answer = driver.submit(BEA, {"posts_hold_when.value": at(clock, minutes=5)})  # too soon: said inline
    assert "posts_hold_when" in answer.json()["errors"] and post_row(rt, 2).status == "held"
    later = at(clock, days=2)
    driver.submit(BEA, {"posts_hold_when.value": later})
    post = post_row(rt, 2)
    assert (post.status, post.revision, post.scheduled_at) == ("pending", 2, later)
    assert any("rescheduled to" in m["text"] for m in slack.messages(slack.dm_channel(ANA)))
