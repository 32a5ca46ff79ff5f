"""App Home test helpers: a short refresh window, clicks on the Home view, waiting for a refresh,
and rows seeded straight into the database (many pending items)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from storage.db import Database
from storage.models import AccessRequest, Post
from tests.conftest import TEAM

REFRESH_FOR_TESTS = 0.2  # seconds; the app's is 3


@pytest.fixture(autouse=True)
def _short_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autouse, so it is in place before the app (the `rt` fixture) is built and registers the Home."""
    from handlers.home import publish

    monkeypatch.setattr(publish, "REFRESH_SECONDS", REFRESH_FOR_TESTS)


def home(slack: Any, user: str) -> dict[str, Any]:
    view = slack.home(user)
    assert view is not None, f"{user} has no Home published"
    return dict(view)


def buttons(view: dict[str, Any]) -> list[tuple[str, str]]:
    """(action_id, value) of every button on the view, in order."""
    found: list[tuple[str, str]] = []
    for block in view["blocks"]:
        elements = list(block.get("elements") or []) if block["type"] == "actions" else []
        if block.get("accessory"):
            elements.append(block["accessory"])
        found += [(e["action_id"], e.get("value", "")) for e in elements if e.get("type") == "button"]
    return found


def text_of(view: dict[str, Any]) -> str:
    """Every text on the view, one line per text object."""
    out: list[str] = []
    for block in view["blocks"]:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [e["text"] for e in block.get("elements") or [] if isinstance(e.get("text"), str)]
    return "\n".join(out)


def click_on_home(driver: Any, slack: Any, user: str, action_id: str, value: str) -> Any:
    """Press a button of `user`'s Home: the payload's container is the Home view, not a message."""
    return driver.click(user, action_id, value=value, view_id=home(slack, user)["id"])


def wait_for_home(slack: Any, user: str, seen: Callable[[dict[str, Any]], bool],
                  timeout: float = 5.0) -> dict[str, Any]:
    """The Home once `seen` holds: a refresh is published after its window, off the request thread."""
    deadline = time.monotonic() + timeout
    while True:
        view = home(slack, user)
        if seen(view) or time.monotonic() > deadline:
            return view
        time.sleep(0.02)


def seed_requests(db: Database, account_id: int, requester: str, n: int) -> None:
    with db.uow() as s:
        s.add_all([AccessRequest(team_id=TEAM, account_id=account_id, requester_id=requester, role="analyst",
                                 duration_seconds=7 * 86400, reason=f"reason {i} <!channel>", status="pending")
                   for i in range(n)])


def seed_posts(db: Database, author: str, n: int, when: datetime) -> None:
    with db.uow() as s:
        s.add_all([Post(team_id=TEAM, author_id=author, publisher_id=author, scheduled_at=when + timedelta(hours=i),
                        copy=f"Post {i} copy", status="pending", revision=1, approvals_required=1)
                   for i in range(n)])
