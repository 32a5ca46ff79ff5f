from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.access import grants
from bot.access import requests as access_requests
from bot.access import review as access_review
from bot.access.parse import parse_request
from bot.access.views import KIND_REVIEW, KIND_REVIEW_REPORT, KIND_REVOKE
from bot.core.authz import Actor
from bot.core.errors import Conflict, Forbidden
from storage.db import Database
from storage.models import AccessReview, AccessReviewCycle, AuditEntry, Grant, Workspace
from tests.access.support import TEAM, Outbox, give_role, make_account, render_due, set_workspace
from tests.conftest import run_as

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMINS = frozenset({"U0ADMIN"})
ANA, BEA, CARL, DAN = (Actor(TEAM, u) for u in ("U0ANA", "U0BEA", "U0CARL", "U0DAN"))


@pytest.fixture
def ready(db: Database) -> Database:
    set_workspace(db, approvals_channel="C0APPROVALS")
    give_role(db, "U0ANA", "custodian")
    give_role(db, "U0EVA", "custodian")
    give_role(db, "U0BEA", "approver")
    make_account(db, "acmeshop", network="facebook", custodian="U0ANA")
    make_account(db, "acmepro", network="linkedin", custodian="U0EVA")
    return db


def active_grant(db: Database, actor: Actor, text: str) -> int:
    view = run_as(db, actor, lambda s: access_requests.create_request(s, actor, parse_request(text), NOW))
    decision = run_as(db, BEA, lambda s: access_requests.approve(
        s, BEA, view.id, external=False, email=None, now=NOW))
    gid = decision.grant_id or 0
    custodian = Actor(TEAM, view.account.custodian_id)  # Done is the account's own custodian's
    run_as(db, custodian, lambda s: grants.fulfil(s, custodian, gid, NOW))
    return gid


def reviews(db: Database) -> dict[int, AccessReview]:
    with db.uow() as s:
        return {r.grant_id: r for r in s.scalars(select(AccessReview))}


def test_review_cycle_keep_revoke_and_reminders(ready: Database) -> None:
    g_carl = active_grant(ready, CARL, "acmeshop editor for 25w campaign")
    g_dan = active_grant(ready, DAN, "acmeshop analyst for 25w numbers")
    g_pro = active_grant(ready, CARL, "acmepro analyst for 25w numbers")
    start = NOW + timedelta(days=90)
    with ready.uow() as s:
        assert access_review.start_review(s, TEAM, start) == 3
        assert access_review.start_review(s, TEAM, start + timedelta(hours=1)) == 0  # same day
    outbox = render_due(ready, start)
    ana_msgs = outbox.to("U0ANA", KIND_REVIEW)
    assert len(ana_msgs) == 1 and "2 grant(s)" in ana_msgs[0].text
    block_ids = [b.get("block_id") for b in ana_msgs[0].blocks or [] if b["type"] == "actions"]
    rows = reviews(ready)
    assert block_ids == [f"access_review_{rows[g_carl].id}", f"access_review_{rows[g_dan].id}"]
    assert len(outbox.to("U0EVA", KIND_REVIEW)) == 1

    # Ana answers both; Eva answers nothing
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: access_review.decide(s, CARL, rows[g_carl].id, keep=True,
                                                                 now=start))
    kept = run_as(ready, ANA, lambda s: access_review.decide(s, ANA, rows[g_carl].id, keep=True,
                                                                   now=start))
    assert kept.status == "kept"
    run_as(ready, ANA, lambda s: access_review.decide(s, ANA, rows[g_dan].id, keep=False, now=start))
    with pytest.raises(Conflict):
        run_as(ready, ANA, lambda s: access_review.decide(s, ANA, rows[g_dan].id, keep=True, now=start))
    with ready.uow() as s:
        assert s.get(Grant, g_carl).status == "active"  # type: ignore[union-attr]
        assert s.get(Grant, g_dan).status == "revoking"  # type: ignore[union-attr]
        assert s.get(Grant, g_dan).revoke_reason == "review"  # type: ignore[union-attr]
    assert render_due(ready, start).to("U0ANA", KIND_REVOKE)  # the revocation task follows

    # a week later: Eva is reminded, Ana is not; the admin gets the report
    week = Outbox()
    render_due(ready, start + timedelta(days=7), week)
    assert week.to("U0ANA", KIND_REVIEW) == []
    [reminder] = week.to("U0EVA", KIND_REVIEW)
    assert "Reminder" in reminder.text and "1 grant(s)" in reminder.text
    [report] = week.to("U0ADMIN", KIND_REVIEW_REPORT)
    assert "<@U0EVA>: 1 grant(s)" in report.text and "U0ANA" not in report.text

    # once answered, reminders and reports stop
    run_as(ready, Actor(TEAM, "U0EVA"), lambda s: access_review.decide(
        s, Actor(TEAM, "U0EVA"), rows[g_pro].id, keep=True, now=start + timedelta(days=8)))
    later = render_due(ready, start + timedelta(days=14, hours=1)).kinds()
    assert KIND_REVIEW not in later and KIND_REVIEW_REPORT not in later
    assert later == [KIND_REVOKE]  # only the revocation Ana has not confirmed yet
    with ready.uow() as s:
        actions = [(a.action, a.outcome) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.action.like("access.review%")).order_by(AuditEntry.seq))]
    assert actions[1] == ("access.review_keep", "refused")  # Carl is no custodian
    assert [a for a, outcome in actions if outcome == "ok"] == [
        "access.review_started", "access.review_keep", "access.review_revoke", "access.review_keep"]


def test_producer_starts_a_cycle_every_review_days(ready: Database) -> None:
    active_grant(ready, CARL, "acmeshop editor for 25w campaign")
    with ready.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        ws.created_at, ws.review_days = NOW, 30
    with ready.uow() as s:
        access_review.review_producer(s, TEAM, NOW + timedelta(days=29))
        access_review.review_producer(s, TEAM, NOW + timedelta(days=30))
        access_review.review_producer(s, TEAM, NOW + timedelta(days=30, minutes=1))
        access_review.review_producer(s, TEAM, NOW + timedelta(days=59))
        access_review.review_producer(s, TEAM, NOW + timedelta(days=60, hours=1))
    with ready.uow() as s:
        cycles = [c.cycle for c in s.scalars(select(AccessReviewCycle).order_by(AccessReviewCycle.id))]
    assert cycles == ["2026-04-01", "2026-05-01"]


def test_a_grant_that_ends_leaves_the_review(ready: Database) -> None:
    gid = active_grant(ready, CARL, "acmeshop editor for 25w campaign")
    with ready.uow() as s:
        access_review.start_review(s, TEAM, NOW)
    run_as(ready, ANA, lambda s: grants.request_revocation(s, ANA, gid, NOW))
    assert reviews(ready)[gid].status == "closed"
    assert [s.kind for s in render_due(ready, NOW + timedelta(days=8)).sent].count(KIND_REVIEW) == 0
