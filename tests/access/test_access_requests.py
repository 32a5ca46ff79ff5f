from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.access import requests as access_requests
from bot.access.parse import CommitmentDraft, parse_request
from bot.access.views import KIND_FULFIL
from bot.core.authz import Actor
from bot.core.errors import Conflict, DomainError, Forbidden, UsageError
from storage.db import Database
from storage.models import AccessRequest, AuditEntry, Commitment, Delivery, Grant
from tests.access.support import TEAM, give_role, make_account, set_workspace
from tests.conftest import run_as

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMINS = frozenset({"U0ADMIN"})
ANA, BEA, CARL, GUEST = (Actor(TEAM, u) for u in ("U0ANA", "U0BEA", "U0CARL", "U0GUEST"))


@pytest.fixture
def ready(db: Database) -> Database:
    set_workspace(db, approvals_channel="C0APPROVALS", timezone="Europe/Madrid")
    give_role(db, "U0ANA", "custodian")
    give_role(db, "U0BEA", "approver")
    make_account(db, "acme")
    make_account(db, "acme", network="x")
    make_account(db, "acmeshop", network="facebook")
    make_account(db, "oldbrand", status="archived")
    return db


def request(db: Database, actor: Actor, text: str) -> int:
    view = run_as(db, actor, lambda s: access_requests.create_request(s, actor, parse_request(text), NOW))
    return view.id


def count(db: Database, model: type) -> int:
    with db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def audits(db: Database, action: str) -> list[AuditEntry]:
    with db.uow() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_request_is_stored_with_defaults_and_audited(ready: Database) -> None:
    rid = request(ready, CARL, "acmeshop editor launch week")
    with ready.uow() as s:
        req = s.get(AccessRequest, rid)
        assert req is not None
        assert (req.role, req.status, req.duration_seconds, req.shared_password) == (
            "editor", "pending", 30 * 86400, False)
    assert audits(ready, "access.requested")[0].subject == f"request:{rid}"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("nobody editor why", "access.error.unknown_account"),
        ("oldbrand editor why", "access.error.unknown_account"),  # archived
        ("acme editor why", "access.error.ambiguous_account"),  # instagram and x
        ("x:acme analyst reports", "access.error.role_unavailable"),  # X has no analyst role
        ("acmeshop editor for 181d why", "access.error.too_long"),
        ("acmeshop editor for 26w why", "access.error.too_long"),
    ],
)
def test_refused_requests_store_nothing(ready: Database, text: str, key: str) -> None:
    with pytest.raises(UsageError) as err:
        request(ready, CARL, text)
    assert err.value.key == key
    assert count(ready, AccessRequest) == 0 and audits(ready, "access.requested") == []


def test_network_prefix_and_shared_password_flag(ready: Database) -> None:
    rid = request(ready, CARL, "x:@ACME analyst --shared-password weekly numbers")
    with ready.uow() as s:
        req = s.get(AccessRequest, rid)
        assert req is not None and req.shared_password


def test_no_approvals_channel_means_no_request(db: Database) -> None:
    make_account(db, "acmeshop", network="facebook")
    with pytest.raises(DomainError) as err:
        request(db, CARL, "acmeshop editor launch")
    assert err.value.key == "access.error.no_approvals_channel" and count(db, AccessRequest) == 0


def approve(db: Database, actor: Actor, rid: int, *, external: bool = False) -> access_requests.Decision:
    return run_as(db, actor, lambda s: access_requests.approve(
        s, actor, rid, external=external, email="carl@example.com", now=NOW))


def test_approval_creates_one_grant_and_the_custodian_task(ready: Database) -> None:
    rid = request(ready, CARL, "acmeshop editor for 7d launch")
    decision = approve(ready, BEA, rid)
    assert decision.request.status == "approved" and decision.request.decided_by == "U0BEA"
    with ready.uow() as s:
        grant = s.scalars(select(Grant)).one()
        assert (grant.holder_id, grant.status, grant.role) == ("U0CARL", "awaiting_fulfilment", "editor")
        task = s.scalars(select(Delivery).where(Delivery.kind == KIND_FULFIL)).one()
        assert task.subject_id == str(grant.id) and task.repeat_seconds == 86400
    with pytest.raises(Conflict):
        approve(ready, Actor(TEAM, "U0ADMIN"), rid)
    assert count(ready, Grant) == 1 and len(audits(ready, "access.approved")) == 1


def test_four_eyes_and_roles_are_enforced_and_audited(ready: Database) -> None:
    give_role(ready, "U0CARL", "approver")
    rid = request(ready, CARL, "acmeshop editor launch")
    with pytest.raises(Forbidden) as own:
        approve(ready, CARL, rid)
    assert own.value.key == "access.error.own_request"
    with pytest.raises(Forbidden) as member:
        approve(ready, ANA, rid)  # a custodian is not an approver
    assert member.value.key == "error.forbidden_role"
    refused = [a for a in audits(ready, "access.approve") if a.outcome == "refused"]
    assert [a.actor for a in refused] == ["U0CARL", "U0ANA"]
    assert count(ready, Grant) == 0
    with ready.uow() as s:
        req = s.get(AccessRequest, rid)
        assert req is not None and req.status == "pending"


def test_external_users_need_a_valid_commitment(ready: Database) -> None:
    rid = request(ready, GUEST, "acmeshop moderator community help")
    with pytest.raises(Forbidden) as blocked:
        approve(ready, BEA, rid, external=True)
    assert blocked.value.key == "access.error.needs_commitment" and count(ready, Grant) == 0
    # an expired commitment does not count
    with ready.uow() as s:
        s.add(Commitment(team_id=TEAM, user_id="U0GUEST", document_url="https://x.example/old",
                         expires_on=date(2026, 3, 1), recorded_by="U0ANA"))
    with pytest.raises(Forbidden):
        approve(ready, BEA, rid, external=True)
    run_as(ready, ANA, lambda s: access_requests.record_commitment(
        s, ANA, CommitmentDraft("U0GUEST", "https://x.example/nda", date(2027, 1, 1)), NOW))
    assert approve(ready, BEA, rid, external=True).grant_id is not None


def test_commitments_are_for_custodians_and_not_in_the_past(ready: Database) -> None:
    draft = CommitmentDraft("U0GUEST", "https://x.example/nda", None)
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: access_requests.record_commitment(s, CARL, draft, NOW))
    past = CommitmentDraft("U0GUEST", "https://x.example/nda", date(2026, 3, 1))
    with pytest.raises(UsageError):
        run_as(ready, ANA, lambda s: access_requests.record_commitment(s, ANA, past, NOW))
    assert count(ready, Commitment) == 0


def test_deny_records_the_reason_once(ready: Database) -> None:
    rid = request(ready, CARL, "acmeshop admin everything")
    decision = run_as(ready, BEA, lambda s: access_requests.deny(s, BEA, rid, "too broad", NOW))
    assert (decision.request.status, decision.request.decision_note) == ("denied", "too broad")
    with pytest.raises(Conflict):
        approve(ready, BEA, rid)
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: access_requests.check_can_decide(s, CARL, rid))


def test_two_approvers_at_once_make_one_grant(ready: Database) -> None:
    rid = request(ready, CARL, "acmeshop editor launch")
    give_role(ready, "U0DAN", "approver")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click(actor: Actor) -> None:
        barrier.wait()
        try:
            approve(ready, actor, rid)
            outcomes.append("approved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=click, args=(a,)) for a in (BEA, Actor(TEAM, "U0DAN"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "conflict"]
    assert count(ready, Grant) == 1 and len(audits(ready, "access.approved")) == 1


def test_extension_prefill_only_for_the_holder(ready: Database) -> None:
    rid = request(ready, CARL, "acmeshop editor launch")
    grant_id = approve(ready, BEA, rid).grant_id
    assert grant_id is not None
    pre = run_as(ready, CARL, lambda s: access_requests.extension_prefill(s, CARL, grant_id))
    assert (pre.account, pre.role, pre.grant_id) == ("facebook:acmeshop", "editor", grant_id)
    with pytest.raises(Forbidden):
        run_as(ready, BEA, lambda s: access_requests.extension_prefill(s, BEA, grant_id))


def test_limits_follow_the_workspace(ready: Database) -> None:
    set_workspace(ready, access_default_days=10, access_max_days=14)
    rid = request(ready, CARL, "acmeshop editor launch")
    with ready.uow() as s:
        req = s.get(AccessRequest, rid)
        assert req is not None and req.duration_seconds == int(timedelta(days=10).total_seconds())
    with pytest.raises(UsageError):
        request(ready, CARL, "acmeshop editor for 3w launch")
