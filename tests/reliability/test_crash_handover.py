"""Issue 16, the handover flow: SIGKILL inside the after-ack work of its steps (the checklist
posted, redrawn after each click, the sealed document uploaded) — the run still ends as the
reference run, since that work is scheduled in the decision's transaction (the outbox) and the
restarted process's scheduler sends whatever the dead one did not.

Compared as tests/reliability/test_crash.py does (rows equal, every effect of the reference
happened), with the at-least-once window counted per message: each extra is a send repeated at
most once per kill. Per message, not in total: the scheduler records a batch of sends together
(scheduler.jobs.RECORD_WAIT), so a kill in step 0 can fall just after the two rotation-task DMs
the act's start made due went out together, and both go again after the restart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.flows import HANDOVER, Kill, Outcome, describe
from tests.reliability.harness import Databases, rows_diff
from tests.reliability.test_crash import side_by_side

# Step indexes of tests/reliability/flows.py HANDOVER: 0 /handover start, 1 every custody item,
# 2 the other features finish the items (no request), 3 Carl delivers, 4 Bea receives, 5 the clock,
# 6 Ana closes. A "call:<method>" kill lands as soon as the stand-in got that call: the work that
# made it is cut there, and nothing after it in that process happens.
PLANS: dict[str, dict[int, Kill]] = {
    # Killed while the post names the act's people (users.info): the checklist was never posted;
    # the restarted process's scheduler posts it once the dead one's claim runs out.
    "post": {0: "call:users.info"},
    # Killed as the first message of step 0 went out — the checklist (posted, not remembered: it
    # is posted again, the window, and the redraws update the one remembered) or the rotation DMs.
    "post_sent": {0: "call:chat.postMessage"},
    # The redraws after Ana's click and Carl's signature: killed as the chat.update went out.
    "redraws": {1: "call:chat.update", 3: "call:chat.update"},
    # Killed as soon as Bea's click was answered: its redraw is still owed (the scheduler's).
    "after_ack": {4: "ack"},
    # The act is sealed; the document's upload is cut at its first call: uploaded after the restart.
    "document": {6: "call:files.getUploadURLExternal"},
    # Killed as soon as Ana's Close was answered, before the names and the close (its after-ack
    # work): the press was written before the ack (handover.close), so the scheduler closes it.
    "close_after_ack": {6: "ack"},
    # Killed while the close names the act's people (users.info), the act not closed yet.
    "close_names": {6: "call:users.info"},
}


# What a repeated send can be: a message posted or updated again, the document uploaded again.
REPEATABLE = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral", "response_url",
                        "files.completeUploadExternal"})


def assert_ends_as_the_reference(ref: Outcome, got: Outcome) -> None:
    assert ref.errors == [], ref.errors
    diff = rows_diff(ref.rows, got.rows)
    assert diff == {}, describe(diff)
    missing, extra = ref.effects - got.effects, got.effects - ref.effects
    assert not missing, f"lost: {sorted(missing.elements())}; extra: {sorted(extra.elements())}"
    assert all(n <= got.kills for n in extra.values()), f"repeated more than once a kill: {sorted(extra.items())}"
    assert {method for method, _where, _text in extra} <= REPEATABLE, sorted(extra)


@pytest.mark.parametrize("plan", list(PLANS), ids=list(PLANS))
def test_killed_in_the_after_ack_work_of_a_handover_step_the_flow_ends_as_without_the_kill(
        plan: str, databases: Databases, work: Path) -> None:
    kills = PLANS[plan]
    ref, got = side_by_side(HANDOVER, databases, work, kills)
    assert got.kills == len(kills)
    assert got.errors == [], got.errors
    assert_ends_as_the_reference(ref, got)
    # The document the reference posted in the act's thread was posted in the killed run too.
    uploads = [k for k in ref.effects if k[0] == "files.completeUploadExternal"]
    assert uploads and all(got.effects[k] >= 1 for k in uploads)
