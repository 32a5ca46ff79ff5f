"""Issue 16, the handover flow: SIGKILL inside the after-ack work of its steps (the checklist
posted, redrawn after each click, the sealed document uploaded) — the run still ends as the
reference run, since that work is scheduled in the decision's transaction (the outbox) and the
restarted process's scheduler sends whatever the dead one did not.

Same comparison as tests/reliability/test_crash.py (rows equal, every effect of the reference
happened, at most one extra per kill: the at-least-once window of a send whose record died).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.flows import HANDOVER, Kill
from tests.reliability.harness import Databases
from tests.reliability.test_crash import assert_same_outcome, side_by_side

# Step indexes of tests/reliability/flows.py HANDOVER: 0 /handover start, 1 every custody item,
# 2 the other features finish the items (no request), 3 Carl delivers, 4 Bea receives, 5 the clock,
# 6 Ana closes. A "call:<method>" kill lands as soon as the stand-in got that call: the work that
# made it is cut there, and nothing after it in that process happens.
PLANS: dict[str, dict[int, Kill]] = {
    # The checklist reached the channel; the process died before remembering it (on_sent): the
    # post is sent again once its lease runs out (one extra post, the window), and the redraws
    # after it update the message remembered.
    "post": {0: "call:chat.postMessage"},
    # The redraws after Ana's click and Carl's signature: killed as the chat.update went out.
    "redraws": {1: "call:chat.update", 3: "call:chat.update"},
    # Killed as soon as Bea's click was answered: its redraw is still owed (the scheduler's).
    "after_ack": {4: "ack"},
    # The act is sealed; the document's upload is cut at its first call: uploaded after the restart.
    "document": {6: "call:files.getUploadURLExternal"},
}


@pytest.mark.parametrize("plan", list(PLANS), ids=list(PLANS))
def test_killed_in_the_after_ack_work_of_a_handover_step_the_flow_ends_as_without_the_kill(
        plan: str, databases: Databases, work: Path) -> None:
    kills = PLANS[plan]
    ref, got = side_by_side(HANDOVER, databases, work, kills)
    assert got.kills == len(kills)
    assert got.errors == [], got.errors
    assert_same_outcome(ref, got)
    # The document the reference posted in the act's thread was posted in the killed run too.
    uploads = [k for k in ref.effects if k[0] == "files.completeUploadExternal"]
    assert uploads and all(got.effects[k] >= 1 for k in uploads)
