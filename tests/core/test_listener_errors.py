"""A bug in a listener (before the ack) or in the work queued after it: the user reads a short
apology with a reference id, Slack gets a 200, the log has the traceback under the same id."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.core.logs import JsonFormatter
from tests.conftest import ADMIN, CARL, GENERAL
from tests.core.platform_kit import COMMAND, REF, TESTKIT


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    return (TESTKIT,)


def _ref(text: str) -> str:
    found = REF.search(text)
    assert found, f"no reference id in {text!r}"
    return found.group(1)


def _failure_logs(caplog: Any, ref: str) -> list[dict[str, Any]]:
    """The log lines (as the JSON formatter writes them) that carry `ref` and a traceback."""
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.__dict__.get("ref") == ref]
    return [line for line in lines if "traceback" in line]


def _ephemerals(slack: Any, user: str) -> list[str]:
    return [str(e.get("text")) for e in slack.ephemerals(user)]


def test_a_command_that_raises_gets_200_and_an_apology_with_the_logged_ref(
    driver: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.INFO):
        resp = driver.command(CARL, COMMAND, "boom")
    assert resp.status == 200
    text = resp.json()["text"]
    assert "Sorry, something went wrong" in text
    ref = _ref(text)
    [line] = _failure_logs(caplog, ref)
    assert line["level"] == "error" and line["team"] and line["user"] == CARL
    assert line["kind"] == "command" and line["op"] == f"{COMMAND} boom"
    assert "RuntimeError: kaboom: a bug in a listener" in line["traceback"]
    assert not [r for r in caplog.records if r.name.startswith("slack_bolt") and r.levelno >= logging.ERROR]


def test_the_apology_is_in_the_workspace_language(driver: Any) -> None:
    driver.command(ADMIN, "/socialops", "setup language es")
    text = driver.command(CARL, COMMAND, "boom").json()["text"]
    assert "Perdona, algo falló" in text and _ref(text)


def test_a_button_that_raises_is_acked_and_the_user_told_where_they_clicked(
    driver: Any, slack: Any, caplog: Any
) -> None:
    driver.command(CARL, COMMAND, "buttons")
    with caplog.at_level(logging.INFO):
        resp = driver.click(CARL, "test.boom")
    assert (resp.status, resp.body) == (200, "")
    [apology] = [t for t in _ephemerals(slack, CARL) if "Sorry" in t]
    assert slack.ephemerals(CARL)[-1]["channel"] == GENERAL
    [line] = _failure_logs(caplog, _ref(apology))
    assert "kaboom: a bug in a listener" in line["traceback"]


def test_a_modal_that_raises_keeps_the_form_and_shows_the_apology(driver: Any, slack: Any, caplog: Any) -> None:
    driver.command(CARL, COMMAND, "boomform")
    with caplog.at_level(logging.INFO):
        resp = driver.submit(CARL, {"name.value": "x"})
    assert resp.status == 200
    assert "Sorry" in resp.errors["name"]
    assert slack.views(CARL), "the modal stays open with what was typed"
    assert _failure_logs(caplog, _ref(resp.errors["name"]))


def test_work_after_the_ack_that_fails_tells_the_user_in_the_channel(
    driver: Any, slack: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.INFO):
        resp = driver.command(CARL, COMMAND, "later")
    assert resp.json()["text"] == "queued"
    [apology] = [t for t in _ephemerals(slack, CARL) if "Sorry" in t]
    [line] = _failure_logs(caplog, _ref(apology))
    assert line["logger"] == "socialops.outbound" and line["what"] == COMMAND
    assert "kaboom: a bug after the ack" in line["traceback"]


def test_work_after_a_click_in_a_dm_that_fails_is_told_in_the_dm(driver: Any, slack: Any, caplog: Any) -> None:
    dm = slack.dm_channel(CARL)
    driver.command(CARL, COMMAND, "buttons", channel_id=dm)
    with caplog.at_level(logging.INFO):
        driver.click(CARL, "test.later_boom")
    [apology] = [str(m.get("text")) for m in slack.messages(dm) if "Sorry" in str(m.get("text"))]
    assert _failure_logs(caplog, _ref(apology))


def test_when_the_apology_cannot_be_sent_either_it_is_logged_once(driver: Any, slack: Any, caplog: Any) -> None:
    driver.command(CARL, COMMAND, "buttons")
    slack.fail_next("chat.postEphemeral", status=200, error="channel_not_found", times=1)
    slack.fail_next("conversations.open", status=200, error="user_not_found", times=1)
    with caplog.at_level(logging.INFO):
        assert driver.click(CARL, "test.later_boom").status == 200
    lost = [r for r in caplog.records if r.getMessage() == "apology not delivered"]
    assert len(lost) == 1 and lost[0].__dict__["ref"]
