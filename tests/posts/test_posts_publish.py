"""Publication: the publisher's reminders at T-24 h and T-15 min, Mark published, overdue at T+30 min."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.access.support import deliver_due, pending
from tests.conftest import ANA, APPROVALS, BEA, CARL
from tests.posts.support_posts import PAT, at, audited, form_values, post_row, posts_world, refused, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def due(setup_workspace: None, driver: Any, slack: Any, rt: Any, clock: Any) -> Any:
    """Post #1 by Ana for Instagram and X, published by Pat, approved by Bea; its time."""
    acc = posts_world(driver, slack, rt)
    when = at(clock, days=2)
    send_form(driver, ANA, form_values([acc["ig"], acc["x"]], when, "Spring sale #spring",
                                       link="https://acme.com/sale", campaign="Spring", publisher=PAT,
                                       x="Spring sale on X"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    return when


def _dms(slack: Any, user: str) -> list[dict[str, Any]]:
    return list(slack.messages(slack.dm_channel(user)))


def test_reminders_then_mark_published(driver: Any, slack: Any, rt: Any, due: Any) -> None:
    assert sorted((d.kind, d.due_at) for d in pending(rt.ctx.db)) == [
        ("posts.overdue", due + timedelta(minutes=30)), ("posts.reminder", due - timedelta(hours=24)),
        ("posts.reminder", due - timedelta(minutes=15))]
    assert deliver_due(rt, due - timedelta(hours=24)) == 1
    reminder = _dms(slack, PAT)[-1]
    body = str(reminder["blocks"])
    assert "goes out in 24 hours" in reminder["text"]
    assert "Spring sale #spring" in body and "Spring sale on X" in body  # the final text per network
    assert "utm_source=instagram" in body and "utm_source=x" in body and "utm_campaign=spring" in body
    assert deliver_due(rt, due - timedelta(hours=1)) == 0
    assert deliver_due(rt, due - timedelta(minutes=15)) == 1
    assert "in 15 minutes" in _dms(slack, PAT)[-1]["text"]

    driver.click(PAT, "posts_mark_published", value="1:1", channel=slack.dm_channel(PAT))
    resp = driver.submit(PAT, {"posts_url.value": "not a link"})
    assert "posts_url" in resp.errors and post_row(rt).status == "approved"
    driver.submit(PAT, {"posts_url.value": "https://instagram.com/p/abc"})
    post = post_row(rt)
    assert (post.status, post.published_url, post.published_by) == ("published", "https://instagram.com/p/abc", PAT)
    assert "Published by <@U0PAT>: https://instagram.com/p/abc" in str(slack.messages(APPROVALS)[0]["blocks"])
    # the overdue check is cancelled: nothing of the post is left (the cadence notice and the digest are weekly)
    assert [d.kind for d in pending(rt.ctx.db) if d.kind not in ("posts.cadence", "kpi.digest")] == []
    assert deliver_due(rt, due + timedelta(hours=1)) == 0 and audited(rt, "posts.published") == 1


def test_not_marked_becomes_overdue_then_published_by_command(driver: Any, slack: Any, rt: Any, due: Any) -> None:
    deliver_due(rt, due)
    assert deliver_due(rt, due + timedelta(minutes=29)) == 0
    assert deliver_due(rt, due + timedelta(minutes=30)) == 1
    assert post_row(rt).status == "overdue"
    assert "is not marked published" in _dms(slack, PAT)[-1]["text"]
    assert "is overdue" in slack.messages(APPROVALS)[-1]["text"]
    assert deliver_due(rt, due + timedelta(hours=2)) == 0 and audited(rt, "posts.overdue") == 1
    reply = driver.command(PAT, "/post", "published 1 <https://x.com/acmeshop/status/1>").json()["text"]
    assert "is published: https://x.com/acmeshop/status/1" in reply
    assert post_row(rt).status == "published"


def test_only_the_publisher_or_an_admin_marks_it(driver: Any, slack: Any, rt: Any, due: Any) -> None:
    assert "Only <@U0PAT>" in driver.command(CARL, "/post", "published 1 https://instagram.com/p/abc").json()["text"]
    assert "Only <@U0PAT>" in driver.command(ANA, "/post", "published 1 https://instagram.com/p/abc").json()["text"]
    assert post_row(rt).status == "approved" and refused(rt) == [(CARL, "posts.publish"), (ANA, "posts.publish")]
    assert "Not a web address" in driver.command(PAT, "/post", "published 1 ftp://x").json()["text"]
    driver.command(PAT, "/post", "published 1")  # no URL: the form asks for it
    assert slack.views(PAT)[-1]["callback_id"] == "posts_published_url"


def test_an_edit_after_approval_stops_the_reminders(driver: Any, slack: Any, rt: Any, due: Any) -> None:
    driver.command(ANA, "/post", "edit 1")
    driver.submit(ANA, {"posts_copy.value": "Spring sale, edited"})
    assert post_row(rt).status == "pending"
    assert sorted(d.kind for d in pending(rt.ctx.db)) == ["posts.escalation", "posts.expiry"]
    deliver_due(rt, due - timedelta(hours=24))
    assert not [m for m in _dms(slack, PAT) if "goes out" in m["text"]]
