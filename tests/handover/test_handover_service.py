from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.authz import Actor
from bot.core.config import Settings
from bot.core.errors import Conflict, Forbidden, UsageError
from bot.features import translator
from bot.handover import acts as svc
from bot.handover import close as closing
from bot.handover.items import ACCOUNT_CUSTODY, ACCOUNT_ROTATE, GRANT_REVOKE
from bot.handover.seal import content_hash, items_of
from handlers.handover.notices import reminders_for
from storage.db import Database
from storage.models import Account, AuditEntry, Delivery, HandoverAct, HandoverItem
from tests.conftest import run_as
from tests.handover.seed import (
    Seeded,
    access_revoked,
    account_rotated,
    captured,
    complete_everything,
    give_role,
    seed_leaver,
    set_channel,
)

TEAM, ADMIN, ANA, BEA, CARL, DAN = "T1", "U0ADMIN", "U0ANA", "U0BEA", "U0CARL", "U0DAN"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, socialops_admins=(ADMIN,))


@pytest.fixture
def seeded(db: Database) -> Seeded:
    with db.uow() as s:
        set_channel(s, TEAM, "C0APPROVALS")
        give_role(s, TEAM, ANA, "custodian")
        return seed_leaver(s, TEAM, CARL, ANA, ADMIN)


def start(db: Database, settings: Settings, actor: str = ANA, leaving: str = CARL, receiver: str | None = BEA,
          now: datetime = NOW, **kw: Any) -> HandoverAct:
    return run_as(db, Actor(TEAM, actor), lambda s: svc.start_act(
        s, settings, Actor(TEAM, actor), leaving=leaving, receiver=receiver, reason=kw.get("reason", "leaves"),
        channel=kw.get("channel"), now=now))


def items(db: Database, act_id: int) -> list[HandoverItem]:
    with db.uow() as s:
        return items_of(s, act_id)


def by_kind(rows: list[HandoverItem], kind: str) -> list[HandoverItem]:
    return [i for i in rows if i.kind == kind]


def test_the_act_lists_exactly_what_the_leaver_holds(db: Database, settings: Settings, seeded: Seeded) -> None:
    with captured(db, "rotation.needed") as events:
        act = start(db, settings)
    rows = items(db, act.id)
    assert act.number == "ACT-2026-0001" and act.status == "open" and act.channel_id == "C0APPROVALS"
    assert sorted(int(i.subject_id) for i in by_kind(rows, GRANT_REVOKE)) == sorted(seeded.grant_ids)
    assert sorted(int(i.subject_id) for i in by_kind(rows, ACCOUNT_CUSTODY)) == sorted(seeded.custody_ids)
    # Revealed account, and the shared-password grant's account (holding it means knowing it).
    rotate = {int(i.subject_id): i for i in by_kind(rows, ACCOUNT_ROTATE)}
    assert set(rotate) == {seeded.revealed_id, seeded.shared_grant_account}
    assert rotate[seeded.revealed_id].detail["via"] == ["revealed"]
    assert rotate[seeded.shared_grant_account].detail["via"] == ["shared_grant"]
    assert len(rows) == 7
    assert [i.position for i in rows] == list(range(1, 8))
    # Rotation tasks are asked for at once (SPEC §2), one per known password, reason handover.
    assert sorted(e[1]["account_id"] for e in events) == sorted(rotate)
    assert all(e[1]["reason"] == "handover" and e[1]["user_id"] == CARL and e[1]["actor"] == ANA for e in events)
    assert all(i.status == "requested" for i in rotate.values())
    assert all(i.status == "open" for i in by_kind(rows, GRANT_REVOKE) + by_kind(rows, ACCOUNT_CUSTODY))


def test_created_accounts_count_as_known(db: Database, settings: Settings) -> None:
    from tests.handover.seed import add_account

    with db.uow() as s:
        set_channel(s, TEAM, "C0APPROVALS")
        acc = add_account(s, TEAM, "made", custodian=ANA, created_by=CARL)
    act = start(db, settings, actor=ADMIN)
    rows = items(db, act.id)
    assert [(i.kind, int(i.subject_id), i.detail["via"]) for i in rows] == [(ACCOUNT_ROTATE, acc.id, ["created"])]


def test_numbering_is_per_workspace_and_year(db: Database, settings: Settings, seeded: Seeded) -> None:
    first = start(db, settings)
    second = start(db, settings, leaving=DAN, receiver=None)
    next_year = start(db, settings, leaving="U0EVE", receiver=None, now=datetime(2027, 1, 3, tzinfo=UTC))
    with db.uow() as s:
        set_channel(s, "T2", "C2")
    other_team = run_as(db, Actor("T2", ADMIN), lambda s: svc.start_act(
        s, settings, Actor("T2", ADMIN), leaving=CARL, receiver=None, reason="", channel=None, now=NOW))
    assert [first.number, second.number, next_year.number] == ["ACT-2026-0001", "ACT-2026-0002", "ACT-2027-0001"]
    assert other_team.number == "ACT-2026-0001"


def test_concurrent_starts_get_distinct_numbers(db: Database, settings: Settings, seeded: Seeded) -> None:
    import threading

    numbers: list[str] = []
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            numbers.append(start(db, settings, leaving=f"U0P{k}", receiver=None).number)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(numbers) == [f"ACT-2026-{n:04d}" for n in range(1, 9)]


def test_one_open_act_per_leaver_and_bad_input(db: Database, settings: Settings, seeded: Seeded) -> None:
    start(db, settings)
    with pytest.raises(Conflict) as exc:
        start(db, settings)
    assert exc.value.key == "handover.error.open_exists" and exc.value.params["act"] == "ACT-2026-0001"
    with pytest.raises(UsageError):
        start(db, settings, leaving=DAN, receiver=DAN)
    with db.uow() as s:
        assert s.scalar(select(HandoverAct.id).where(HandoverAct.leaving_id == DAN)) is None


def test_non_custodian_cannot_start_and_is_audited(db: Database, settings: Settings, seeded: Seeded) -> None:
    with pytest.raises(Forbidden):
        start(db, settings, actor=BEA)
    with db.uow() as s:
        assert s.scalar(select(HandoverAct.id)) is None
        refused = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused")).all()
    assert [(e.actor, e.action, e.subject) for e in refused] == [(BEA, "handover.start", CARL)]


def test_items_tick_from_other_features_events(db: Database, settings: Settings, seeded: Seeded) -> None:
    act = start(db, settings)
    rows = items(db, act.id)
    grant_item = next(i for i in rows if i.kind == GRANT_REVOKE and int(i.subject_id) == seeded.grant_ids[0])
    with captured(db, "revocation.needed") as events:
        run_as(db, Actor(TEAM, ANA), lambda s: svc.perform_item(s, settings, Actor(TEAM, ANA), act.id,
                                                                     grant_item.id, NOW))
    assert events == [("revocation.needed", {"team_id": TEAM, "grant_id": seeded.grant_ids[0],
                                             "reason": "handover", "actor": ANA, "now": NOW})]
    with db.uow() as s:
        item = s.get(HandoverItem, grant_item.id)
        assert item is not None and (item.status, item.requested_by) == ("requested", ANA)
    with pytest.raises(Conflict):  # a double click asks nothing twice
        run_as(db, Actor(TEAM, ANA), lambda s: svc.perform_item(s, settings, Actor(TEAM, ANA), act.id,
                                                                     grant_item.id, NOW))
    revoked_at = NOW + timedelta(hours=2)
    with db.uow() as s:
        access_revoked(s, seeded.grant_ids[0], ANA, revoked_at)
        account_rotated(s, seeded.revealed_id, ANA, NOW + timedelta(hours=3))
    with db.uow() as s:
        item = s.get(HandoverItem, grant_item.id)
        assert item is not None and (item.status, item.done_by, item.done_at) == ("done", ANA, revoked_at)
        rot = s.scalars(select(HandoverItem).where(HandoverItem.kind == ACCOUNT_ROTATE,
                                                   HandoverItem.subject_id == str(seeded.revealed_id))).one()
        assert (rot.status, rot.done_by, rot.done_at) == ("done", ANA, NOW + timedelta(hours=3))
        done = s.scalars(select(AuditEntry.action).where(AuditEntry.action == "handover.item_done")).all()
    assert len(done) == 2


def test_rotation_before_the_act_does_not_count(db: Database, settings: Settings, seeded: Seeded) -> None:
    with db.uow() as s:
        account = s.get(Account, seeded.revealed_id)
        assert account is not None
        account.last_rotated_at = NOW - timedelta(days=1)
    act = start(db, settings)
    with db.uow() as s:
        svc_items = items_of(s, act.id)
        closing.missing_for_close(s, act)
    rot = next(i for i in svc_items if i.subject_id == str(seeded.revealed_id) and i.kind == ACCOUNT_ROTATE)
    assert rot.status == "requested"


def test_custody_transfer_needs_a_receiver_and_is_audited(db: Database, settings: Settings,
                                                          seeded: Seeded) -> None:
    act = start(db, settings, receiver=None)
    custody = by_kind(items(db, act.id), ACCOUNT_CUSTODY)
    ana = Actor(TEAM, ANA)
    with pytest.raises(Conflict) as exc:
        run_as(db, ana, lambda s: svc.perform_item(s, settings, ana, act.id, custody[0].id, NOW))
    assert exc.value.key == "handover.error.no_receiver"
    run_as(db, ana, lambda s: svc.set_receiver(s, settings, ana, act.id, BEA, NOW))
    with captured(db, "custody.changed") as events:
        count = run_as(db, ana, lambda s: svc.perform_all(s, settings, ana, act.id, ACCOUNT_CUSTODY, NOW))
    assert count == 2
    assert sorted(e[1]["account_id"] for e in events) == sorted(seeded.custody_ids)
    assert all(e[1]["old"] == CARL and e[1]["new"] == BEA for e in events)
    with db.uow() as s:
        for account_id in seeded.custody_ids:
            account = s.get(Account, account_id)
            assert account is not None and account.custodian_id == BEA
        assert all(i.status == "done" and i.done_by == ANA for i in by_kind(items_of(s, act.id), ACCOUNT_CUSTODY))
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "account.custody")).all()) == 2
    with pytest.raises(Conflict):  # the receiver no longer changes once custody moved
        run_as(db, ana, lambda s: svc.set_receiver(s, settings, ana, act.id, DAN, NOW))
    # Custody moved back to the leaver elsewhere: the item reopens (items follow the records).
    with db.uow() as s:
        account = s.get(Account, seeded.custody_ids[0])
        assert account is not None
        account.custodian_id = CARL
        from bot.core.events import emit

        emit(s, "custody.changed", now=NOW, team_id=TEAM, account_id=account.id, old=BEA, new=CARL, actor=ADMIN)
    with db.uow() as s:
        reopened = [i for i in by_kind(items_of(s, act.id), ACCOUNT_CUSTODY) if i.status != "done"]
    assert [int(i.subject_id) for i in reopened] == [seeded.custody_ids[0]]


def test_sign_off_and_close_freeze_the_act(db: Database, settings: Settings, seeded: Seeded) -> None:
    act = start(db, settings)
    ana, carl, bea = Actor(TEAM, ANA), Actor(TEAM, CARL), Actor(TEAM, BEA)
    with pytest.raises(Conflict) as exc:  # open items: refused, nothing written
        run_as(db, ana, lambda s: closing.close_act(s, settings, ana, act.id, NOW))
    assert isinstance(exc.value, closing.CannotClose) and exc.value.key == "handover.cannot_close"
    assert exc.value.missing[0] == ("handover.cannot_close.items", {"count": 7})
    with pytest.raises(Forbidden):  # only the leaver signs "I deliver"
        run_as(db, bea, lambda s: closing.sign_deliver(s, bea, act.id, NOW))
    complete_everything(db, settings, TEAM, act.id, seeded, ANA, NOW)
    with pytest.raises(Conflict) as exc:
        run_as(db, ana, lambda s: closing.close_act(s, settings, ana, act.id, NOW))
    assert isinstance(exc.value, closing.CannotClose)
    assert [key for key, _ in exc.value.missing] == ["handover.cannot_close.deliver", "handover.cannot_close.receive"]
    run_as(db, carl, lambda s: closing.sign_deliver(s, carl, act.id, NOW + timedelta(hours=3)))
    with pytest.raises(Conflict):
        run_as(db, carl, lambda s: closing.sign_deliver(s, carl, act.id, NOW + timedelta(hours=3)))
    run_as(db, bea, lambda s: closing.sign_receive(s, bea, act.id, NOW + timedelta(hours=4)))
    with pytest.raises(Forbidden):  # a party cannot witness its own act, even as admin/custodian
        run_as(db, bea, lambda s: closing.close_act(s, settings, bea, act.id, NOW))
    with pytest.raises(Forbidden):  # neither can a plain member
        run_as(db, Actor(TEAM, DAN), lambda s: closing.close_act(s, settings, Actor(TEAM, DAN), act.id, NOW))
    closed = run_as(db, ana, lambda s: closing.close_act(s, settings, ana, act.id, NOW + timedelta(hours=5)))
    assert closed.status == "closed" and closed.closed_by == ANA and closed.open_for is None
    with db.uow() as s:
        act_row = s.get(HandoverAct, act.id)
        assert act_row is not None
        assert act_row.content_hash == content_hash(act_row, items_of(s, act.id))
        seal = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "handover.close", AuditEntry.outcome == "ok")
        ).one()
        assert seal.subject == "ACT-2026-0001" and json.loads(seal.detail)["content_hash"] == act_row.content_hash
        refused = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused")).all()
        reminder = s.scalars(select(Delivery).where(Delivery.kind == "handover.reminder")).one()
        assert reminder.state == "cancelled"
        assert reminders_for(s, translator("en"), act.id) is None
    assert {(e.actor, e.action) for e in refused} == {
        (BEA, "handover.deliver"), (BEA, "handover.close"), (DAN, "handover.close")}
    # Frozen: every change is refused.
    item_id = items(db, act.id)[0].id
    for attempt in (
        lambda s: svc.perform_item(s, settings, ana, act.id, item_id, NOW),
        lambda s: svc.set_receiver(s, settings, ana, act.id, DAN, NOW),
        lambda s: closing.sign_receive(s, bea, act.id, NOW),
        lambda s: closing.close_act(s, settings, ana, act.id, NOW),
    ):
        with pytest.raises(Conflict) as exc:
            run_as(db, ana, attempt)
        assert exc.value.key == "handover.error.closed"
    # A new act for the same person can start once the old one is closed.
    assert start(db, settings).number == "ACT-2026-0002"


def test_leaver_unavailable_is_recorded_by_the_witness(db: Database, settings: Settings, seeded: Seeded) -> None:
    act = start(db, settings, receiver=None)
    ana = Actor(TEAM, ANA)
    with pytest.raises(Conflict) as exc:
        run_as(db, ana, lambda s: closing.record_leaver_unavailable(
            s, settings, ana, act.id, leaver_gone=False, now=NOW))
    assert exc.value.key == "handover.error.leaver_present"
    run_as(db, ana, lambda s: closing.record_leaver_unavailable(s, settings, ana, act.id, leaver_gone=True,
                                                                    now=NOW))
    run_as(db, ana, lambda s: svc.set_receiver(s, settings, ana, act.id, BEA, NOW))
    complete_everything(db, settings, TEAM, act.id, seeded, ANA, NOW)
    bea = Actor(TEAM, BEA)
    run_as(db, bea, lambda s: closing.sign_receive(s, bea, act.id, NOW))
    closed = run_as(db, ana, lambda s: closing.close_act(s, settings, ana, act.id, NOW))
    assert closed.status == "closed" and closed.delivered_at is None and closed.leaver_unavailable_by == ANA


def test_reminders_go_to_whoever_owns_open_items(db: Database, settings: Settings, seeded: Seeded) -> None:
    act = start(db, settings)
    with db.uow() as s:
        delivery = s.scalars(select(Delivery).where(Delivery.kind == "handover.reminder")).one()
        assert (delivery.subject_id, delivery.due_at, delivery.repeat_seconds) == (
            str(act.id), NOW + timedelta(days=1), 86400)
        out = reminders_for(s, translator("en"), act.id)
    assert out is not None
    to = {o.to: o.text + " " + json.dumps(o.blocks) for o in out}
    # ANA is custodian of the granted and revealed accounts and runs the act (custody transfers);
    # CARL owes "I deliver", BEA "I receive".
    assert set(to) == {ANA, CARL, BEA}
    assert "Revoke access" in to[ANA] and "Transfer custody" in to[ANA] and "Rotate password" in to[ANA]
    assert "I deliver" in to[CARL] and "I receive" in to[BEA]
