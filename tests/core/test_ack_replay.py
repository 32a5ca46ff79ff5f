"""The replay check of the ack path (handlers/kit.py RecentSignatures) after it became a fixed,
preallocated structure (issue 16, memory): a replay is still refused, through the HTTP server
too, it forgets like the dict it replaced did, and remembering more requests allocates nothing."""

from __future__ import annotations

import logging
import random
import time
import tracemalloc
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from bot.devtools.slack import SlackDriver
from bot.devtools.slack.transport import http_post
from handlers.kit import RecentSignatures
from storage.models import RoleAssignment
from tests.conftest import ADMIN, BEA, SIGNING_SECRET, serving_http


def _roles(rt: Any) -> int:
    with rt.ctx.db.uow(read_only=True) as s:
        return int(s.scalar(select(func.count()).select_from(RoleAssignment)) or 0)


def test_a_replay_through_the_http_server_is_refused(slack: Any, rt: Any, caplog: Any) -> None:
    with serving_http(rt) as base:
        driver = SlackDriver(slack, SIGNING_SECRET, url=f"{base}/slack/events")
        stamp = int(time.time())  # Slack's signature of the grant, byte for byte, whenever the replay comes
        first = driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver", timestamp=stamp)
        assert first.status == 200 and _roles(rt) == 1
        grant = first.request
        assert grant is not None
        # Revoke it, then replay the grant byte for byte: a replay that got through would grant again.
        assert driver.command(ADMIN, "/socialops", f"role remove <@{BEA}|bea> approver").status == 200
        assert _roles(rt) == 0
        headers = {"Content-Type": grant.content_type, **driver.sign(grant.body, timestamp=stamp)}
        with caplog.at_level(logging.INFO, logger="socialops.request"):
            status, _headers, body = http_post(f"{base}/slack/events", grant.body, headers)
            rt.sender.wait_idle()
    assert (status, body) == (200, "")
    assert _roles(rt) == 0  # refused before any listener ran
    outcomes = [r.__dict__.get("outcome") for r in caplog.records if r.getMessage() == "slack request"]
    assert outcomes == ["replay"]


def test_a_replay_is_refused_among_many_and_a_new_signature_is_not() -> None:
    recent = RecentSignatures()
    signatures = [f"v0={random.getrandbits(256):064x}" for _ in range(5000)]
    assert all(recent.first_time(sig) for sig in signatures)
    assert not any(recent.first_time(sig) for sig in signatures[::97])
    assert recent.first_time("v0=" + "0" * 64)
    assert len(recent) == 5001


def _reader(now: list[float]) -> Callable[[], float]:
    return lambda: now[0]


def test_it_forgets_like_an_ordered_set_of_the_window_and_the_limit() -> None:
    """Against the reference it replaced (an OrderedDict of signatures), with a tiny index so
    probe chains collide, wrap around and are shifted back on every eviction."""
    rng = random.Random(16)
    for limit in (1, 2, 3, 5, 8):
        now = [0.0]
        recent = RecentSignatures(window=10, limit=limit, clock=_reader(now))
        model: OrderedDict[str, float] = OrderedDict()
        for _ in range(4000):
            now[0] += rng.choice((0.0, 0.5, 1.0, 3.0, 11.0))
            sig = f"s{rng.randrange(3 * limit + 2)}"
            while model and (len(model) >= limit or next(iter(model.values())) < now[0] - 10):
                model.popitem(last=False)
            expected = sig not in model
            if expected:
                model[sig] = now[0]
            assert recent.first_time(sig) is expected, (limit, sig)
            assert len(recent) == len(model)


def test_remembering_more_requests_allocates_nothing() -> None:
    recent = RecentSignatures()
    for i in range(1000):
        recent.first_time(f"v0=warm{i}")
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for i in range(10_000):
            recent.first_time(f"v0={i:064x}")
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename")
                if s.traceback[0].filename.endswith("kit.py"))
    assert len(recent) == 11_000
    assert grown < 4096  # the old dict of strings grew about 3 MB here
