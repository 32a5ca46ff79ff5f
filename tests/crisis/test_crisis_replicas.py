"""Two schedulers on one PostgreSQL database page each step of each chain exactly once (issue 13 §3:
"a second replica in the middle continues the sequence without a lost or a repeated page"), and
an acknowledgement between their ticks stops both."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest

from scheduler.jobs import run_due
from scheduler.notifier import SlackNotifier
from tests.conftest import ADMIN, ANA, BEA, PG_URL
from tests.crisis.support_paging import DANI, EVA, add_leads, pages, seed_chain, seed_crisis

pytestmark = [pytest.mark.skipif(not PG_URL, reason="needs SOCIALOPS_TEST_DATABASE_URL (PostgreSQL)"),
              pytest.mark.usefixtures("setup_workspace")]
CRISES = 12


def _both(rt: Any, now: Any) -> list[int]:
    """Two replicas drain what is due at `now` at the same moment, each with its own notifier."""
    handled = [0, 0]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def replica(n: int) -> None:
        notifier = SlackNotifier(rt.client)
        try:
            barrier.wait(timeout=10)
            while True:
                got = run_due(rt.ctx, notifier, now, f"replica-{n}", limit=5)
                handled[n] += got
                if got == 0:
                    return
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=replica, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return handled


def _page_posts(slack: Any) -> Counter[tuple[str, str]]:
    """(DM channel, button value) → how many times such a page was posted."""
    seen: Counter[tuple[str, str]] = Counter()
    for call in slack.calls_to("chat.postMessage"):
        for block in call.args.get("blocks") or []:
            for el in block.get("elements", []) if block.get("type") == "actions" else []:
                if el.get("action_id") == "crisis_page_ack":
                    seen[(str(call.response.get("channel")), str(el.get("value")))] += 1
    return seen


def test_two_replicas_page_each_step_exactly_once(rt: Any, slack: Any, clock: Any, driver: Any) -> None:
    add_leads(slack)
    seed_chain(rt, "sev1", ((ANA,), (BEA, DANI), (EVA,)), ack_minutes=5, repeats=1)
    ids = [seed_crisis(rt, clock()) for _ in range(CRISES)]
    totals = [0, 0]
    for minute in range(0, 21):
        if minute == 7:  # between level 2 and level 3, half the crises are acknowledged
            for cid in ids[::2]:
                driver.click(BEA, "crisis_page_ack", value=f"{cid}:1")
        now = clock() if minute == 0 else clock.advance(minutes=1)
        got = _both(rt, now)
        totals = [totals[0] + got[0], totals[1] + got[1]]
    posts = _page_posts(slack)
    assert set(posts.values()) == {1}, "a page was posted twice"
    dm = {u: slack.dm_channel(u) for u in (ANA, BEA, DANI, EVA)}
    expected = Counter()
    for cid in ids:
        users = (ANA, BEA, DANI) if cid in ids[::2] else (ANA, BEA, DANI, EVA)
        for u in users:
            expected[(dm[u], f"{cid}:1")] = 1
    assert posts == expected
    for cid in ids:
        got = [(p[1], p[2]) for p in pages(rt, cid)]
        assert got == ([(0, ANA), (1, BEA), (1, DANI)] if cid in ids[::2] else
                       [(0, ANA), (1, BEA), (1, DANI), (2, EVA)])
    unanswered = [c for c in slack.calls_to("chat.postMessage")
                  if c.response.get("channel") == slack.dm_channel(ADMIN) and "Nobody acknowledged" in
                  str(c.args.get("text"))]
    assert len(unanswered) == CRISES // 2  # once per unanswered crisis, from one replica or the other
    assert all(t > 0 for t in totals), f"one replica did all the work: {totals}"
