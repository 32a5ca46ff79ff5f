"""`/post new`: the form and the one-line command, validation inline, the approvals message."""

from __future__ import annotations

from typing import Any

import pytest

from storage.models import Delivery, Post, PostVariant
from tests.conftest import ADMIN, ANA, APPROVALS, CARL
from tests.posts.support_posts import (
    PAT,
    at,
    audited,
    count,
    form_values,
    post_row,
    posts_world,
    refused,
    send_form,
    variants,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def acc(driver: Any, slack: Any, rt: Any) -> dict[str, int]:
    return posts_world(driver, slack, rt)


def test_the_form_offers_the_inventory_and_a_datetimepicker(driver: Any, slack: Any, acc: dict[str, int]) -> None:
    driver.command(ANA, "/post", "new")
    view = slack.views(ANA)[-1]
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    menu = by_id["posts_accounts"]["element"]
    assert menu["type"] == "multi_static_select"
    # active accounts only: the archived one is not offered
    assert [o["value"] for o in menu["options"]] == [str(acc["ig"]), str(acc["x"])]
    assert by_id["posts_when"]["element"]["type"] == "datetimepicker"
    assert isinstance(by_id["posts_when"]["element"]["initial_date_time"], int)
    # one optional copy per network of the inventory, and the author publishes by default
    assert {"posts_copy_instagram", "posts_copy_x"} <= set(by_id)
    assert by_id["posts_publisher"]["element"]["initial_user"] == ANA


def test_a_post_from_the_form_goes_to_approval_with_a_preview(driver: Any, slack: Any, rt: Any, clock: Any,
                                                              acc: dict[str, int]) -> None:
    values = form_values([acc["ig"], acc["x"]], at(clock, days=1), "Sale today https://acme.com #spring",
                         link="https://acme.example/sale?ref=home#top", campaign="Spring Sale 2026",
                         x="Spring sale today! #spring")
    resp = send_form(driver, ANA, values)
    assert resp.errors == {}
    post = post_row(rt)
    assert (post.status, post.revision, post.author_id, post.publisher_id) == ("pending", 1, ANA, ANA)
    stored = variants(rt)
    assert [(n, o) for n, o, _ in stored] == [("instagram", None), ("x", "Spring sale today! #spring")]
    ig_link = stored[0][2] or ""
    assert "utm_source=instagram" in ig_link and "utm_medium=social" in ig_link and "ref=home" in ig_link
    assert "utm_campaign=spring-sale-2026" in ig_link and ig_link.endswith("#top")
    # the approvals message: each variant with its count against its own limit and its tagged link
    posted = slack.calls_to("chat.postMessage")
    message = next(c for c in posted if c.args.get("channel") == APPROVALS)
    text = str(message.args["blocks"])
    assert "/2200" in text and "/280" in text and "utm_source=x" in text and "utm_source=instagram" in text
    buttons = [e["action_id"] for b in message.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["posts_approve", "posts_changes", "posts_reject"]
    # a link in an Instagram caption is not clickable: a warning, not an error
    assert "Warnings" in text and post.status == "pending"
    assert (post_row(rt).message_channel, post_row(rt).message_ts) == (APPROVALS, slack.messages(APPROVALS)[-1]["ts"])
    assert any("waiting for approval" in m["text"] for m in slack.messages(slack.dm_channel(ANA)))
    # escalation at T-2h and expiry at T, in the same unit of work
    with rt.ctx.db.uow() as s:
        kinds = sorted((d.kind, d.due_at) for d in s.query(Delivery).filter(
            Delivery.kind.like("posts.%"), Delivery.kind != "posts.notice"))  # the notice: sent already
    assert kinds == [("posts.escalation", post.scheduled_at - __import__("datetime").timedelta(hours=2)),
                     ("posts.expiry", post.scheduled_at)]
    assert audited(rt, "posts.created") == 1


def test_errors_are_inline_and_nothing_is_stored(driver: Any, slack: Any, rt: Any, clock: Any,
                                                 acc: dict[str, int]) -> None:
    too_long = "word " * 70  # 350 characters: fine on Instagram, too long for X
    resp = send_form(driver, ANA, form_values([acc["ig"], acc["x"]], at(clock, days=1), too_long))
    assert "posts_copy" in resp.errors and "280" in resp.errors["posts_copy"]
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, minutes=10), "Soon"))
    assert "posts_when" in resp.errors
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Hi", link="ftp://acme.example"))
    assert "posts_link" in resp.errors
    # an override too long for X goes to X's own copy
    resp = send_form(driver, ANA, form_values([acc["x"]], at(clock, days=1), "short", x=too_long))
    assert "posts_copy_x" in resp.errors
    assert count(rt, Post) == 0 and count(rt, PostVariant) == 0
    assert not [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == APPROVALS]


def test_the_publisher_must_be_able_to_publish(driver: Any, slack: Any, rt: Any, clock: Any,
                                               acc: dict[str, int]) -> None:
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Hi", publisher=CARL))
    assert "posts_publisher" in resp.errors and count(rt, Post) == 0
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "Hi", publisher=PAT))
    assert resp.errors == {} and post_row(rt).publisher_id == PAT


def test_members_cannot_write_posts(driver: Any, slack: Any, rt: Any, acc: dict[str, int]) -> None:
    reply = driver.command(CARL, "/post", "new")
    assert "Not allowed" in reply.json()["text"]
    reply = driver.command(CARL, "/post", "new acmeshop 2026-03-05 10:00 Hello")
    assert "Not allowed" in reply.json()["text"]
    assert slack.calls_to("views.open") == [] and count(rt, Post) == 0
    assert refused(rt) == [(CARL, "posts.create")]  # the repeat within ten minutes is counted on it


def test_the_one_line_command_goes_straight_to_approval(driver: Any, slack: Any, rt: Any,
                                                        acc: dict[str, int]) -> None:
    # the workspace is in UTC: 10:00 is 10:00Z; the clock is 2026-03-02 09:00Z
    reply = driver.command(ADMIN, "/post", "new instagram:acmeshop,x:acmeshop 2026-03-05 10:00 Hello\nsecond line")
    assert "waiting for approval" in reply.json()["text"]
    post = post_row(rt)
    assert post.copy == "Hello\nsecond line" and post.scheduled_at.isoformat().startswith("2026-03-05T10:00")
    assert [n for n, _, _ in variants(rt)] == ["instagram", "x"]
    assert any(m.get("text", "").startswith(":hourglass") for m in slack.messages(APPROVALS))


def test_a_link_ending_the_one_line_copy_is_the_posts_link_tagged_per_account(driver: Any, rt: Any,
                                                                             acc: dict[str, int]) -> None:
    # Slack sends a URL typed in a slash command as <https://…>.
    driver.command(ADMIN, "/post", "new instagram:acmeshop,x:acmeshop 2026-03-05 10:00 Our menu "
                   "<https://acme.example/menu?ref=bio>")
    post = post_row(rt)
    assert (post.copy, post.link) == ("Our menu", "https://acme.example/menu?ref=bio")
    tagged = {network: link for network, _, link in variants(rt)}
    assert tagged["x"] == "https://acme.example/menu?ref=bio&utm_source=x&utm_medium=social"
    assert tagged["instagram"] is not None and "utm_source=instagram" in tagged["instagram"]


@pytest.mark.parametrize(("text", "expected"), [
    ("nosuch 2026-03-05 10:00 Hello", "no active account `nosuch`"),
    ("acmeold 2026-03-05 10:00 Hello", "`acmeold` is archived"),
    ("acmeshop 2026-03-05 10:00 Hello", "more than one account"),
    ("instagram:acmeshop 2026-02-30 10:00 Hello", "Not a date and time"),
    ("instagram:acmeshop tomorrow Hello", "Not a date and time"),
    ("instagram:acmeshop 2026-03-01 10:00 Hello", "already passed"),
])
def test_bad_command_input_gets_usage_and_writes_nothing(driver: Any, rt: Any, acc: dict[str, int], text: str,
                                                         expected: str) -> None:
    reply = driver.command(ANA, "/post", f"new {text}").json()["text"]
    assert expected in reply and "/post new" in reply
    assert count(rt, Post) == 0


def test_over_a_hundred_accounts_are_typed(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    """Slack's menu holds 100 options: past that, the form asks for the handles, read as the command reads them."""
    from tests.access.support import make_account

    for n in range(101):
        make_account(rt.ctx.db, f"shop{n:03d}", network="instagram", custodian=ANA)
    driver.command(ANA, "/post", "new")
    block = next(b for b in slack.views(ANA)[-1]["blocks"] if b.get("block_id") == "posts_accounts")
    assert block["element"]["type"] == "plain_text_input"
    resp = driver.submit(ANA, {"posts_accounts.value": "shop007, @shop100, nosuch", "posts_when.value":
                               at(clock, days=1), "posts_copy.value": "Hello"})
    assert "no active account `nosuch`" in resp.errors["posts_accounts"] and count(rt, Post) == 0
    driver.command(ANA, "/post", "new")
    resp = driver.submit(ANA, {"posts_accounts.value": "shop007, @shop100", "posts_when.value": at(clock, days=1),
                               "posts_copy.value": "Hello"})
    assert resp.errors == {} and len(variants(rt)) == 2
