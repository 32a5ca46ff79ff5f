"""Issue 16, posts: a SIGKILL inside a request's after-ack work — the approvals post of a submission,
the redraw of an approval, the publisher's confirmation — no longer loses what the decision owed
others. The decision scheduled it in its own transaction (bot/posts/notify.py, the outbox); the
killed process had claimed it, so the restarted one's scheduler sends it once the lease runs out.

Each test plays the POSTS flow (tests/reliability/flows.py) twice side by side, a reference and a
run killed at the named point, and compares the rows and the Slack effects as test_crash.py does.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.reliability.flows import POSTS, Kill, Outcome, describe, play
from tests.reliability.harness import Databases, rows_diff

SUBMIT, APPROVE, PUBLISHED_FORM = 1, 2, 6  # the POSTS flow's steps


def _side_by_side(databases: Databases, work: Path, kills: dict[int, Kill]) -> tuple[Outcome, Outcome]:
    with ThreadPoolExecutor(2) as pool:
        ref = pool.submit(play, POSTS, databases.new(), work, "reference")
        got = pool.submit(play, POSTS, databases.new(), work, "killed", kills)
        return ref.result(), got.result()


def _same_outcome(ref: Outcome, got: Outcome) -> Counter[tuple[str, str, str]]:
    """Rows equal; every effect of the reference happened; extras at most one per kill (the send
    the process made just before it died, made again: at least once). Returns the extras."""
    assert ref.errors == [], ref.errors
    assert got.errors == [], got.errors
    diff = rows_diff(ref.rows, got.rows)
    assert diff == {}, describe(diff)
    missing, extra = ref.effects - got.effects, got.effects - ref.effects
    assert not missing, f"lost: {sorted(missing.elements())}; extra: {sorted(extra.elements())}"
    assert sum(extra.values()) <= got.kills, f"more duplicates than kills ({got.kills}): {sorted(extra.elements())}"
    return extra


def _said(outcome: Outcome, method: str, words: str) -> int:
    return sum(n for (m, _where, text), n in outcome.effects.items() if m == method and words in text)


@pytest.mark.parametrize(("step", "kill", "method", "words"), [
    # Killed as soon as the approvals message is updated: Ana's "approved" DM came next in that work.
    (APPROVE, "call:chat.update", "chat.postMessage", "was approved by"),
    # Killed as soon as the post reached the approvals channel: where it is (for every later update)
    # and Ana's "waiting for approval" DM were not recorded or sent.
    (SUBMIT, "call:chat.postMessage", "chat.postMessage", "waiting for approval"),
    # Killed as soon as the approvals message shows it published: Pat's confirmation came next.
    (PUBLISHED_FORM, "call:chat.update", "chat.postMessage", "is published"),
], ids=["approval", "submission", "published"])
def test_killed_in_the_after_ack_work_the_posts_flow_ends_as_without_the_kill(
        databases: Databases, work: Path, step: int, kill: Kill, method: str, words: str) -> None:
    ref, got = _side_by_side(databases, work, {step: kill})
    assert got.kills == 1
    assert _said(ref, method, words) == 1, "the reference says it once"
    assert _said(got, method, words) >= 1, f"never said: {words!r}"
    extra = _same_outcome(ref, got)
    # The one repeat a kill may cost is the send it interrupted, of a message or an update.
    assert {m for m, _where, _text in extra} <= {"chat.postMessage", "chat.update"}


def test_killed_as_the_approval_is_acked_every_notice_still_goes_out(databases: Databases, work: Path) -> None:
    """Killed the moment the approval's answer arrived: the after-ack work had just begun (before or
    after it claimed the notice): the message and Ana's DM still go out, and Pat's two reminders."""
    ref, got = _side_by_side(databases, work, {APPROVE: "ack"})
    _same_outcome(ref, got)
    assert _said(got, "chat.postMessage", "was approved by") >= 1
    assert _said(got, "chat.postMessage", ":bell: Post #1") == _said(ref, "chat.postMessage", ":bell: Post #1") == 2
