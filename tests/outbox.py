"""Killing a request's after-ack work in-process, for the features' outbox tests.

A listener's decision schedules its notices as deliveries and the after-ack work sends them at
once through `Runtime.outbox` (Runtime.send_due). Swapping that function stands for the two
moments a SIGKILL can land (tests/reliability does the real kill, in a separate process)."""

from __future__ import annotations

from typing import Any

from scheduler.claim import claim_subject
from scheduler.jobs import DEFAULT_LEASE


def after_ack_dies(rt: Any) -> Any:
    """From now on the after-ack send of the notices never happens (killed right after the ack);
    returns the real fast path, to put back."""
    real = rt.outbox
    rt.outbox = lambda *_args: None
    return real


def after_ack_dies_holding_the_claim(rt: Any, clock: Any) -> Any:
    """From now on the after-ack work claims the notices and is killed before it sends them (the
    scheduler may send them once the lease runs out); returns the real fast path."""
    def claim_and_die(_client: Any, team_id: str, kind: str, subject_id: str) -> None:
        claim_subject(rt.ctx.db, worker_id="killed", now=clock(), lease=DEFAULT_LEASE, team_id=team_id, kind=kind,
                      subject_id=subject_id)

    real = rt.outbox
    rt.outbox = claim_and_die
    return real
