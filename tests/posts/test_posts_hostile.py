"""Hostile input on posts: forged button values and form metadata, another workspace's posts,
mentions in what people write."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from storage.models import Post, PostReview
from tests.access.support import forge_metadata, told
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL
from tests.posts.support_posts import at, count, form_values, post_row, posts_world, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")
OTHER = "T0OTHERWS"


@pytest.fixture
def world(setup_workspace: None, driver: Any, slack: Any, rt: Any, clock: Any) -> int:
    """Our post #1 (pending) and another workspace's post; the other's id is returned."""
    acc = posts_world(driver, slack, rt)
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Ours <!channel> <!here|here> @everyone"))
    with rt.ctx.db.uow() as s:
        theirs = Post(team_id=OTHER, author_id="U0THEM", publisher_id="U0THEM", scheduled_at=at(clock, days=1),
                      copy="Theirs", status="pending", revision=1, approvals_required=1)
        s.add(theirs)
        s.flush()
        return theirs.id


def _state(rt: Any) -> tuple[Any, ...]:
    with rt.ctx.db.uow() as s:
        posts = tuple((p.id, p.status, p.revision, p.copy) for p in s.query(Post).order_by(Post.id))
    return posts, count(rt, PostReview)


FORGED = ["", "1", "abc", "⁷:1", "1:⁷", "١:١", "1.0:1", "-1:1", "1:1:1", "1e300:1", "1:0", "9" * 25 + ":1",
          "99:1", "1:" + "9" * 5000]


@pytest.mark.parametrize("action", ["posts_approve", "posts_changes", "posts_reject", "posts_edit",
                                    "posts_mark_published"])
def test_forged_button_values_are_refused_without_a_write(world: int, driver: Any, slack: Any, rt: Any,
                                                          action: str, caplog: Any) -> None:
    before = _state(rt)
    opened = len(slack.calls_to("views.open"))
    values = [*FORGED, f"{world}:1"]  # another workspace's real post
    with caplog.at_level(logging.ERROR):
        for user in (ADMIN, BEA, CARL, ANA):
            for value in values:
                resp = driver.forged_click(user, action, value, channel=APPROVALS)
                assert resp.status == 200, (user, value)
    assert _state(rt) == before
    assert len(slack.calls_to("views.open")) == opened
    assert slack.calls_to("chat.update") == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    answers = told(slack, BEA)
    assert answers and all("no post" in t or "Not allowed" in t or "revision" in t for t in answers[-len(values):])


def test_another_workspaces_post_is_no_post_here(world: int, driver: Any, rt: Any) -> None:
    for command in (f"show {world}", f"edit {world}", f"cancel {world} oops"):
        assert f"There is no post #{world} here" in driver.command(ADMIN, "/post", command).json()["text"]
    with rt.ctx.db.uow() as s:
        theirs = s.get(Post, world)
        assert theirs is not None and theirs.status == "pending"


@pytest.mark.parametrize("metadata", ["", "not json", '{"post_id": "1e300", "revision": 1}',
                                      '{"post_id": 1, "revision": "٢"}', '{"post_id": 1}'])
def test_forged_metadata_on_the_comment_form(world: int, driver: Any, slack: Any, rt: Any, metadata: str) -> None:
    driver.click(BEA, "posts_changes", value="1:1", channel=APPROVALS)
    forge_metadata(slack, BEA, metadata)
    before = _state(rt)
    resp = driver.submit(BEA, {"posts_comment.value": "forged"})
    assert resp.status == 200
    assert _state(rt) == before and post_row(rt).status == "pending"


def test_metadata_naming_another_workspaces_post(world: int, driver: Any, slack: Any, rt: Any) -> None:
    driver.click(BEA, "posts_reject", value="1:1", channel=APPROVALS)
    forge_metadata(slack, BEA, f'{{"post_id": {world}, "revision": 1}}')
    refused = driver.submit(BEA, {"posts_comment.value": "theirs"})
    assert f"There is no post #{world} here" in str(refused.errors)  # inline, the form kept
    driver.command(ANA, "/post", "edit 1")
    forge_metadata(slack, ANA, f'{{"post_id": {world}, "revision": 1}}')
    refused = driver.submit(ANA, {"posts_copy.value": "rewritten"})
    assert f"There is no post #{world} here" in str(refused.errors)
    with rt.ctx.db.uow() as s:
        theirs = s.get(Post, world)
        assert theirs is not None and (theirs.status, theirs.copy, theirs.revision) == ("pending", "Theirs", 1)
    assert count(rt, PostReview) == 0 and post_row(rt).copy.startswith("Ours")


def test_mentions_in_copy_and_comments_are_inert(world: int, driver: Any, slack: Any, rt: Any) -> None:
    message = str(slack.messages(APPROVALS)[0]["blocks"]) + slack.messages(APPROVALS)[0]["text"]
    assert "<!channel>" not in message and "<!here" not in message and "@everyone" not in message
    assert "Ours" in message
    driver.click(BEA, "posts_changes", value="1:1", channel=APPROVALS)
    driver.submit(BEA, {"posts_comment.value": "<!everyone> look <https://evil.example|our site>"})
    reply = slack.messages(APPROVALS)[-1]["text"]
    assert "<!everyone>" not in reply and "https://evil.example" in reply
    shown = driver.command(CARL, "/post", "show 1").json()["text"]
    assert "<!channel>" not in shown and "<!everyone>" not in shown
    assert post_row(rt).copy.startswith("Ours <!channel>")  # stored as typed


def test_a_time_zone_edge_is_read_as_the_workspace_zone(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """The one-line command reads its time in the workspace zone (Madrid here, UTC+1 in March)."""
    posts_world(driver, slack, rt)
    driver.command(ADMIN, "/socialops", "setup timezone Europe/Madrid")
    driver.command(ANA, "/post", "new instagram:acmeshop 2026-03-05 10:00 Hola")
    assert post_row(rt).scheduled_at.replace(tzinfo=UTC) == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
