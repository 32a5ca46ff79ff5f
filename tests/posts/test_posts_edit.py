"""`/post edit`, `/post show`, `/post cancel`: who may, in which states, and what is said."""

from __future__ import annotations

from typing import Any

import pytest

from bot.brands.parse import brand_key
from storage.models import BrandProfile, Post
from tests.conftest import ANA, APPROVALS, BEA, CARL, TEAM
from tests.posts.support_posts import PAT, at, count, form_values, post_row, posts_world, refused, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    return posts_world(driver, slack, rt)


@pytest.fixture
def one_post(setup_workspace: None, driver: Any, clock: Any, acc: dict[str, int]) -> None:
    send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Hello world", campaign="Launch"))


@pytest.mark.usefixtures("one_post")
def test_only_the_author_edits(driver: Any, slack: Any, rt: Any) -> None:
    reply = driver.command(BEA, "/post", "edit 1")
    assert "Only the author of post #1" in reply.json()["text"]
    assert [c for c in slack.calls_to("views.open") if c.args["view"]["callback_id"] == "posts_edit_form"] == []
    assert refused(rt) == [(BEA, "posts.edit")]


@pytest.mark.usefixtures("one_post")
def test_an_edit_shows_what_changed(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    driver.command(ANA, "/post", "edit 1")
    driver.submit(ANA, {"posts_accounts.value": [str(acc["ig"]), str(acc["x"])], "posts_campaign.value": "",
                        "posts_copy.value": "Hello <!channel>"})
    post = post_row(rt)
    assert (post.revision, post.campaign, post.copy) == (2, None, "Hello <!channel>")
    diff = slack.messages(APPROVALS)[-1]["text"]
    assert "accounts: instagram:acmeshop → instagram:acmeshop, x:acmeshop" in diff
    assert "campaign: Launch → —" in diff and "copy: Hello world → Hello" in diff
    assert "<!channel>" not in diff and "<!channel>" not in str(slack.messages(APPROVALS)[0]["blocks"])
    assert "(revision 2)" in slack.messages(APPROVALS)[0]["blocks"][0]["text"]["text"]


@pytest.mark.usefixtures("one_post")
def test_an_edit_with_errors_changes_nothing(driver: Any, slack: Any, rt: Any) -> None:
    driver.command(ANA, "/post", "edit 1")
    resp = driver.submit(ANA, {"posts_copy.value": " ".join(["#tag"] * 31)})  # Instagram allows 30
    assert "posts_copy" in resp.errors and "30" in resp.errors["posts_copy"]
    assert (post_row(rt).revision, post_row(rt).copy) == (1, "Hello world")


def test_brand_words_block_the_post(driver: Any, slack: Any, rt: Any, clock: Any, acc: dict[str, int]) -> None:
    with rt.ctx.db.uow() as s:
        s.add(BrandProfile(team_id=TEAM, brand="Acme", brand_key=brand_key("Acme"), version=1,
                           forbidden_words=["crédito"], never_topics=["política"], updated_by=ANA))
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Pide tu CREDITO hoy"))
    assert "posts_copy" in resp.errors and count(rt, Post) == 0
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Pide tu tarjeta hoy"))
    assert resp.errors == {} and count(rt, Post) == 1


@pytest.mark.usefixtures("one_post")
def test_show_and_cancel(driver: Any, slack: Any, rt: Any) -> None:
    shown = driver.command(CARL, "/post", "show 1").json()["text"]
    assert "Post #1" in shown and "Hello world" in shown and "/2200" in shown
    assert "Only the author, an approver" in driver.command(PAT, "/post", "cancel 1").json()["text"]
    assert refused(rt) == [(PAT, "posts.cancel")]
    assert "is cancelled" in driver.command(BEA, "/post", "cancel 1 duplicate").json()["text"]
    assert post_row(rt).status == "cancelled" and post_row(rt).cancel_reason == "duplicate"
    assert "cancelled your post #1: duplicate" in slack.messages(slack.dm_channel(ANA))[-1]["text"]
    assert "cannot be done now" in driver.command(ANA, "/post", "cancel 1").json()["text"]
    assert "cannot be done now" in driver.command(ANA, "/post", "edit 1").json()["text"]


@pytest.mark.parametrize(("command", "expected"), [
    ("show", "That is not a post number"), ("show abc", "That is not a post number"),
    ("show ⁷", "That is not a post number"), ("cancel 99999999999999999999999", "That is not a post number"),
    ("show 99", "There is no post #99 here"), ("edit 42", "There is no post #42 here"),
])
def test_bad_ids_get_usage(driver: Any, rt: Any, command: str, expected: str) -> None:
    assert expected in driver.command(ANA, "/post", command).json()["text"]
