"""A form registered with `once=True` creates one thing however often the same modal is
submitted at once (a double click, a replay with fresh trigger ids), across threads."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from bot.devtools.slack import SlackDriver
from bot.devtools.slack.transport import http_post
from storage.models import AuditEntry, InboundRequest
from tests.conftest import CARL, SIGNING_SECRET, serving_http
from tests.core.platform_kit import COMMAND, CREATED, TESTKIT, ProcessKilled

COPIES = 5


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TESTKIT,)


@pytest.fixture
def http_url(rt: Any) -> Iterator[str]:
    with serving_http(rt, threads=COPIES + 2) as url:
        yield f"{url}/slack/events"


def _created(rt: Any) -> list[str]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(AuditEntry.subject).where(AuditEntry.action == CREATED)))


def _claims(rt: Any) -> list[tuple[str, str]]:
    with rt.ctx.db.uow() as s:
        return [(r.key, r.team_id) for r in s.scalars(select(InboundRequest).where(InboundRequest.key.like("view:%")))]


def _signed_submissions(slack: Any, user: str, view_id: str, values: dict[str, str], n: int) -> list[Any]:
    """n submissions of the same open modal, each with a fresh trigger id, as Slack signs them.

    Recorded by a driver whose "app" keeps the modal open (an errors reply), so each copy is
    built from the same view the user still sees."""
    sent: list[Any] = []

    def record(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        sent.append((body, headers))
        return 200, {}, json.dumps({"response_action": "errors", "errors": {"name": "held"}})

    recorder = SlackDriver(slack, SIGNING_SECRET, dispatch=record)
    for _ in range(n):
        recorder.submit(user, values, view_id=view_id)
    return sent


def _open_form(driver: Any, slack: Any, word: str = "form") -> str:
    driver.command(CARL, COMMAND, word)
    return str(slack.views(CARL)[-1]["id"])


def test_five_simultaneous_submissions_make_one_thing(
    driver: Any, slack: Any, rt: Any, http_url: str, caplog: Any
) -> None:
    view_id = _open_form(driver, slack)
    copies = _signed_submissions(slack, CARL, view_id, {"name.value": "launch plan"}, COPIES)
    assert len({body for body, _ in copies}) == COPIES  # not byte-identical: the retry dedup does not apply
    gate = threading.Barrier(COPIES)

    def send(copy: tuple[bytes, dict[str, str]]) -> int:
        gate.wait(5)
        return http_post(http_url, *copy)[0]

    with caplog.at_level(logging.INFO), ThreadPoolExecutor(COPIES) as pool:
        statuses = list(pool.map(send, copies))
    assert statuses == [200] * COPIES
    assert _created(rt) == ["launch plan"]
    ignored = [r for r in caplog.records if r.getMessage() == "repeated view submission ignored"]
    assert len(ignored) == COPIES - 1
    assert _claims(rt) == [(f"view:{view_id}", slack.team_id)]


def test_a_form_with_errors_can_be_corrected_and_submitted_again(driver: Any, slack: Any, rt: Any) -> None:
    view_id = _open_form(driver, slack)
    bad = driver.submit(CARL, {"name.value": "bad"}, view_id=view_id)
    assert bad.errors == {"name": "Some fields need attention."}
    assert _claims(rt) == []  # nothing was made, so nothing claimed
    driver.submit(CARL, {"name.value": "good"}, view_id=view_id)
    assert _created(rt) == ["good"]


def test_views_without_the_flag_write_no_claim(driver: Any, slack: Any, rt: Any) -> None:
    view_id = _open_form(driver, slack, "plain")
    copies = _signed_submissions(slack, CARL, view_id, {"name.value": "twice"}, 2)
    for body, headers in copies:
        driver.dispatch(body, headers)
    assert _created(rt) == ["twice", "twice"]  # opt-in: the flag is what makes a form single-shot
    assert _claims(rt) == []


def test_killed_before_the_form_committed_the_same_view_can_be_submitted_again(
        driver: Any, slack: Any, rt: Any) -> None:
    """The claim commits with what it guards: a process killed inside the form's unit of work
    leaves neither, so the user's repeat (Slack showed a timeout) makes the thing. Claimed in a
    transaction of its own, the claim survived the kill and every repeat was ignored."""
    view_id = _open_form(driver, slack)
    with pytest.raises(ProcessKilled):
        driver.submit(CARL, {"name.value": "dies"}, view_id=view_id)
    assert (_claims(rt), _created(rt)) == ([], [])
    driver.submit(CARL, {"name.value": "launch plan"}, view_id=view_id)
    assert _created(rt) == ["launch plan"]
    assert _claims(rt) == [(f"view:{view_id}", slack.team_id)]
