from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.access import grants
from bot.access import requests as access_requests
from bot.access.parse import ListTarget, parse_request
from bot.access.views import KIND_FULFIL, KIND_REVOKE, KIND_WARNING
from bot.core.authz import Actor
from bot.core.errors import Conflict, Forbidden
from bot.core.events import emit
from storage.db import Database
from storage.models import AccessRequest, AuditEntry, Grant, PasswordKnower
from tests.access.support import TEAM, Outbox, give_role, make_account, pending, render_due, set_workspace
from tests.conftest import listening, run_as

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMINS = frozenset({"U0ADMIN"})
ANA, BEA, CARL = (Actor(TEAM, u) for u in ("U0ANA", "U0BEA", "U0CARL"))


@pytest.fixture
def events(db: Database) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Record grant.revoked and rotation.needed as the other features would receive them."""
    with listening(db, "grant.revoked", "rotation.needed") as seen:
        yield seen


@pytest.fixture
def ready(db: Database) -> Database:
    set_workspace(db, approvals_channel="C0APPROVALS", timezone="Europe/Madrid")
    give_role(db, "U0ANA", "custodian")
    give_role(db, "U0BEA", "approver")
    make_account(db, "acmeshop", network="facebook")
    make_account(db, "acmetok", network="tiktok")
    return db


def approved(db: Database, text: str, actor: Actor = CARL) -> int:
    view = run_as(db, actor, lambda s: access_requests.create_request(s, actor, parse_request(text), NOW))
    decision = run_as(db, BEA, lambda s: access_requests.approve(
        s, BEA, view.id, external=False, email=f"{actor.user_id.lower()}@example.com", now=NOW))
    assert decision.grant_id is not None
    return decision.grant_id


def fulfil(db: Database, grant_id: int, at: datetime = NOW, actor: Actor = ANA) -> grants.GrantView:
    return run_as(db, actor, lambda s: grants.fulfil(s, actor, grant_id, at))


def status(db: Database, grant_id: int) -> str:
    with db.uow() as s:
        grant = s.get(Grant, grant_id)
        assert grant is not None
        return grant.status


def test_fulfilment_task_carries_the_network_guide(ready: Database) -> None:
    gid = approved(ready, "acmeshop editor for 7d launch")
    out = render_due(ready, NOW)
    [task] = out.to("U0ANA", KIND_FULFIL)
    text = str(task.blocks)
    assert "Meta Business Suite → Settings → People → + Invite people" in text
    assert "u0carl@example.com" in text and "Partial access: Content" in text
    assert {e["action_id"] for b in task.blocks or [] if b["type"] == "actions" for e in b["elements"]} == {
        "access_fulfil_done", "access_fulfil_cannot"}
    # repeated daily while not done
    out = render_due(ready, NOW + timedelta(days=1, minutes=1))
    assert "Reminder" in out.to("U0ANA", KIND_FULFIL)[0].text
    fulfil(ready, gid, NOW + timedelta(days=1, hours=2))
    assert render_due(ready, NOW + timedelta(days=2, hours=1)).to("U0ANA", KIND_FULFIL) == []


def test_lifecycle_warnings_expiry_and_revocation(ready: Database, events: list[Any]) -> None:
    gid = approved(ready, "acmeshop editor for 7d launch")
    done_at = NOW + timedelta(hours=3)
    view = fulfil(ready, gid, done_at)
    assert view.status == "active" and view.expires_at == done_at + timedelta(days=7)
    assert sorted(d.due_at for d in pending(ready, KIND_WARNING)) == [
        view.expires_at - timedelta(days=1), view.expires_at - timedelta(hours=1)]
    outbox = Outbox()
    render_due(ready, done_at + timedelta(days=5), outbox)
    assert [o for o in outbox.sent if o.kind == KIND_WARNING] == []
    render_due(ready, view.expires_at - timedelta(days=1), outbox)
    render_due(ready, view.expires_at - timedelta(hours=1), outbox)
    warnings = outbox.to("U0CARL", KIND_WARNING)
    assert ["1 day" in warnings[0].text, "1 hour" in warnings[1].text] == [True, True]
    assert "access_extend" in str(warnings[0].blocks)
    assert status(ready, gid) == "active"
    render_due(ready, view.expires_at, outbox)
    assert status(ready, gid) == "revoking"
    [task] = outbox.to("U0ANA", KIND_REVOKE)
    assert "Settings → People" in str(task.blocks) and "access_revoked" in str(task.blocks)
    assert "expired" in outbox.to("U0CARL", KIND_REVOKE)[0].text
    # daily until Revoked is pressed
    render_due(ready, view.expires_at + timedelta(days=1), outbox)
    assert len(outbox.to("U0ANA", KIND_REVOKE)) == 2 and "Reminder" in outbox.to("U0ANA", KIND_REVOKE)[1].text
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: grants.confirm_revoked(s, CARL, gid, NOW))
    run_as(ready, ANA, lambda s: grants.confirm_revoked(s, ANA, gid, view.expires_at + timedelta(days=1)))
    assert status(ready, gid) == "revoked"
    assert events == [("grant.revoked", {"team_id": TEAM, "grant_id": gid, "account_id": view.account.id,
                                          "holder_id": "U0CARL", "actor": "U0ANA",
                                          "now": view.expires_at + timedelta(days=1)})]
    assert pending(ready, KIND_REVOKE) == []
    with pytest.raises(Conflict):
        run_as(ready, ANA, lambda s: grants.confirm_revoked(s, ANA, gid, NOW))


def test_short_grant_gets_only_the_hour_warning(ready: Database) -> None:
    gid = approved(ready, "acmeshop editor for 12h hotfix")
    fulfil(ready, gid)
    assert [d.payload["before"] for d in pending(ready, KIND_WARNING)] == ["1h"]


def test_shared_password_grant(ready: Database, events: list[Any]) -> None:
    gid = approved(ready, "acmetok moderator --shared-password for 2d replies")
    out = render_due(ready, NOW)
    assert "shared password" in out.to("U0ANA", KIND_FULFIL)[0].text
    assert "password manager" in str(out.to("U0ANA", KIND_FULFIL)[0].blocks)
    fulfil(ready, gid)
    fulfil_again = pytest.raises(Conflict)
    with fulfil_again:
        fulfil(ready, gid)
    with ready.uow() as s:
        knower = s.scalars(select(PasswordKnower)).one()
        assert (knower.user_id, knower.source) == ("U0CARL", "shared_grant")
    run_as(ready, ANA, lambda s: grants.request_revocation(s, ANA, gid, NOW + timedelta(hours=1)))
    assert events == [("rotation.needed", {"team_id": TEAM, "account_id": knower.account_id,
                                            "reason": "shared_grant_ended", "actor": "U0ANA",
                                            "user_id": "U0CARL", "now": NOW + timedelta(hours=1)})]
    task = render_due(ready, NOW + timedelta(hours=1)).to("U0ANA", KIND_REVOKE)[0]
    assert "/accounts rotate acmetok" in str(task.blocks) and "shared password" in task.text
    # the rotation (by the accounts feature) ends the shared grant
    with ready.uow() as s:
        emit(s, "account.rotated", now=NOW + timedelta(hours=2), team_id=TEAM, account_id=knower.account_id,
             actor="U0ANA")
    assert status(ready, gid) == "revoked" and events[-1][0] == "grant.revoked"


def test_revocation_requests(ready: Database) -> None:
    gid = approved(ready, "acmeshop analyst for 30d numbers")
    fulfil(ready, gid)
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: grants.request_revocation(s, CARL, gid, NOW))
    run_as(ready, ANA, lambda s: grants.request_revocation(s, ANA, gid, NOW))
    assert status(ready, gid) == "revoking" and pending(ready, KIND_WARNING) == []
    assert [d.due_at for d in pending(ready, KIND_REVOKE)] == [NOW]  # the expiry task gave way to this one
    with pytest.raises(Conflict):
        run_as(ready, ANA, lambda s: grants.request_revocation(s, ANA, gid, NOW))


def test_revocation_needed_event_from_handover(ready: Database) -> None:
    gid = approved(ready, "acmeshop analyst for 30d numbers")
    fulfil(ready, gid)
    with ready.uow() as s:
        emit(s, "revocation.needed", now=NOW, team_id=TEAM, grant_id=gid, reason="handover", actor="U0ANA")
        emit(s, "revocation.needed", now=NOW, team_id=TEAM, grant_id=gid, reason="handover", actor="U0ANA")  # no-op
        emit(s, "revocation.needed", now=NOW, team_id="T0OTHER", grant_id=gid, reason="handover", actor="U0X")
    assert status(ready, gid) == "revoking"
    assert len(pending(ready, KIND_REVOKE)) == 1
    with ready.uow() as s:
        grant = s.get(Grant, gid)
        assert grant is not None and grant.revoke_reason == "handover"


def test_cannot_fulfil(ready: Database) -> None:
    gid = approved(ready, "acmeshop advertiser for 7d ads")
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: grants.check_can_fulfil(s, CARL, gid))
    run_as(ready, ANA, lambda s: grants.cannot_fulfil(s, ANA, gid, "no ad account yet", NOW))
    assert status(ready, gid) == "unfulfillable"
    with ready.uow() as s:
        req = s.scalars(select(AccessRequest)).one()
        assert (req.status, req.fulfilment_note) == ("unfulfillable", "no ad account yet")
    assert render_due(ready, NOW).sent == []  # the task is cancelled
    with pytest.raises(Conflict):
        fulfil(ready, gid)


def test_extension_supersedes_the_active_grant(ready: Database) -> None:
    gid = approved(ready, "acmeshop editor for 7d launch")
    old = fulfil(ready, gid)
    draft = parse_request("acmeshop editor for 3d more time")
    view = run_as(ready, CARL, lambda s: access_requests.create_request(
        s, CARL, draft, NOW + timedelta(days=6), extends_grant_id=gid))
    assert view.extends_grant_id == gid
    decision = run_as(ready, BEA, lambda s: access_requests.approve(
        s, BEA, view.id, external=False, email=None, now=NOW + timedelta(days=6)))
    assert decision.extended and decision.expires_at == old.expires_at + timedelta(days=3)  # type: ignore[operator]
    assert status(ready, gid) == "superseded" and status(ready, decision.grant_id or 0) == "active"
    assert {d.subject_id for d in pending(ready)} == {str(decision.grant_id)}
    assert pending(ready, KIND_FULFIL) == []


def test_extension_of_someone_elses_grant_is_a_plain_request(ready: Database) -> None:
    gid = approved(ready, "acmeshop editor for 7d launch")
    fulfil(ready, gid)
    dan = Actor(TEAM, "U0DAN")
    view = run_as(ready, dan, lambda s: access_requests.create_request(
        s, dan, parse_request("acmeshop editor for 3d me too"), NOW, extends_grant_id=gid))
    assert view.extends_grant_id is None


def test_listing(ready: Database) -> None:
    g1 = approved(ready, "acmeshop editor for 7d launch")
    approved(ready, "acmetok admin for 7d launch", actor=Actor(TEAM, "U0DAN"))
    fulfil(ready, g1)
    everyone = run_as(ready, ANA, lambda s: grants.list_grants(s, ANA, ListTarget()))
    assert len(everyone) == 2
    by_account = run_as(ready, ANA, lambda s: grants.list_grants(s, ANA, ListTarget(account="acmetok")))
    assert [v.holder_id for v in by_account] == ["U0DAN"]
    own = run_as(ready, CARL, lambda s: grants.list_grants(s, CARL, ListTarget(user_id="U0CARL")))
    assert [v.id for v in own] == [g1]
    with pytest.raises(Forbidden):
        run_as(ready, CARL, lambda s: grants.list_grants(s, CARL, ListTarget()))
    mine, requests = run_as(ready, CARL, lambda s: grants.mine(s, CARL))
    assert [v.id for v in mine] == [g1] and requests == []
    with ready.uow() as s:
        refused = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused")).all()
        assert [a.action for a in refused] == ["access.list"]
