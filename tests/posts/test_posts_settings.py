"""`/post settings`: approvals required and per-network limits (admin), and their effect."""

from __future__ import annotations

from typing import Any

import pytest

from storage.models import Post, PostSettings
from tests.conftest import ADMIN, ANA, BEA
from tests.posts.support_posts import at, count, form_values, posts_world, refused, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _settings(rt: Any) -> tuple[int, dict[str, Any], dict[str, Any]] | None:
    with rt.ctx.db.uow() as s:
        row = s.query(PostSettings).one_or_none()
        return (row.approvals_required, row.text_limits, row.hashtag_limits) if row else None


def test_defaults_are_shown(driver: Any) -> None:
    text = driver.command(BEA, "/post", "settings").json()["text"]
    assert "Approvals required: 1" in text and "x 280" in text and "instagram 30" in text


def test_only_admins_change_settings(driver: Any, rt: Any) -> None:
    assert "Not allowed" in driver.command(BEA, "/post", "settings approvals 2").json()["text"]
    assert _settings(rt) is None and refused(rt) == [(BEA, "posts.settings")]


@pytest.mark.parametrize("text", ["approvals 3", "approvals two", "limit x abc", "limit myspace 10",
                                  "hashtags instagram 40", "volume 11", "limit x 0"])
def test_bad_settings_get_usage_and_write_nothing(driver: Any, rt: Any, text: str) -> None:
    reply = driver.command(ADMIN, "/post", f"settings {text}").json()["text"]
    assert "/post settings approvals" in reply
    assert _settings(rt) is None


def test_a_lower_limit_applies_to_the_next_post(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    acc = posts_world(driver, slack, rt)
    assert "Saved" in driver.command(ADMIN, "/post", "settings hashtags instagram 5").json()["text"]
    assert "Saved" in driver.command(ADMIN, "/post", "settings limit x 100").json()["text"]
    assert _settings(rt) == (1, {"x": 100}, {"instagram": 5})
    resp = send_form(driver, ANA, form_values([acc["ig"]], at(clock, days=1), "#a #b #c #d #e #f"))
    assert "posts_copy" in resp.errors
    resp = send_form(driver, ANA, form_values([acc["x"]], at(clock, days=1), "x" * 101))
    assert "posts_copy" in resp.errors and "100" in resp.errors["posts_copy"]
    assert count(rt, Post) == 0
