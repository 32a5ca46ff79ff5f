"""Inventory rules without Slack: handles, references, e-mail findings, rotation policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.accounts import email_checks
from bot.accounts.inventory import Row, paginate
from bot.accounts.lookup import find_account, handle_is_valid, normalize_handle, split_ref
from bot.accounts.rotation import ROTATION_KIND, due_periodic, request_rotation
from bot.accounts.views import AccountView
from bot.core.errors import NotFound, UsageError
from storage.db import Database
from storage.models import Account, AuditEntry, Delivery, Workspace

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("@AcmeShop", (None, "acmeshop")),
    ("acmeshop", (None, "acmeshop")),
    ("instagram:@AcmeShop", ("instagram", "acmeshop")),
    ("IG:acme", ("instagram", "acme")),
    ("twitter:acme", ("x", "acme")),
    ("google-business:Acme Bakery", ("google-business", "acme bakery")),
    ("mastodon:acme", (None, "mastodon:acme")),  # not a network: the whole thing is the handle
    ("https://x.com/acme", (None, "https://x.com/acme")),
    ("<@U0ANA|ana>", (None, "ana")),  # escaped by Slack because a member has that name
])
def test_references(text: str, expected: tuple[str | None, str]) -> None:
    assert split_ref(text) == expected


@given(st.text(max_size=200))
def test_any_reference_parses(text: str) -> None:
    network, handle = split_ref(text)
    assert handle == normalize_handle(handle) or network is None


def test_handle_shapes() -> None:
    assert handle_is_valid("instagram", "acme.shop_1")
    assert not handle_is_valid("instagram", "acme shop")
    assert handle_is_valid("google-business", "acme bakery & co")
    assert not handle_is_valid("x", "a" * 121)


def _add(db: Database, network: str, handle: str, **extra: object) -> int:
    with db.uow() as s:
        a = Account(team_id="T1", brand="Acme", network=network, handle=handle, login_email="s@acme.com",
                    created_by="U1", custodian_id="U1", email_warnings=[], created_at=NOW, **extra)
        s.add(a)
        s.flush()
        return a.id


def test_find_account_by_handle_network_and_ambiguity(db: Database) -> None:
    _add(db, "instagram", "acme")
    with db.uow() as s:
        assert find_account(s, "T1", "@ACME", usage_key="u").network == "instagram"
        with pytest.raises(NotFound):
            find_account(s, "T2", "acme", usage_key="u")  # other workspaces never see it
    _add(db, "tiktok", "acme")
    with db.uow() as s:
        with pytest.raises(UsageError) as err:
            find_account(s, "T1", "acme", usage_key="u")
        assert "`instagram:acme`" in str(err.value.params["choices"])
        assert find_account(s, "T1", "tiktok:acme", usage_key="u").network == "tiktok"


@pytest.mark.parametrize(("email", "owner", "domains", "codes"), [
    ("social@acme.com", None, {"acme.com"}, ["company_domain"]),
    ("ana@acme.com", "U0ANA", {"acme.com"}, ["member"]),
    # A dedicated consumer mailbox is what the practice asks for (SPEC §0.1): not a warning.
    ("acme.social@gmail.com", None, {"acme.com"}, []),
    ("acme.social@hotmail.com", None, {"acme.com", "hotmail.com"}, []),  # members' own Hotmail: not the company's
    ("ana.personal@gmail.com", "U0ANA", set(), ["member"]),
    ("social@acme-brand.io", None, {"acme.com"}, []),
])
def test_email_findings(email: str, owner: str | None, domains: set[str], codes: list[str]) -> None:
    assert [f["code"] for f in email_checks.findings(email, owner, domains)] == codes


def _view(**over: Any) -> AccountView:
    base: dict[str, Any] = dict(
        id=1, brand="Acme", network="instagram", handle="acme", profile_url=None, login_email="acme.social@gmail.com",
        created_by="U1", created_at=NOW, custodian_id="U1", status="active", twofa_enabled=True, twofa_method="app",
        recovery_email=None, recovery_phone=None, notes=None, last_rotated_at=None, rotation_requested_at=None,
        rotation_reason=None)
    return AccountView(**{**base, **over})


@pytest.mark.parametrize(("creator", "held", "twofa", "codes"), [
    ("it", True, True, []),  # the recommended setup: nothing to say
    ("marketing", True, True, []),
    ("it", False, True, []),  # the company's IT made it: theirs to hand over, not a leak
    ("agency", False, True, ["mailbox_agency"]),
    ("employee", False, True, ["mailbox_employee"]),
    ("agency", True, True, []),  # the agency handed the password over, as the practice asks
    ("employee", True, False, ["twofa_off"]),
    ("employee", False, False, ["mailbox_employee", "twofa_off"]),
])
def test_login_mailbox_findings(creator: str, held: bool, twofa: bool, codes: list[str]) -> None:
    account = _view(mailbox_created_by=creator, has_mailbox_password=held, twofa_enabled=twofa)
    assert [f["code"] for f in email_checks.all_findings(account)] == codes


def test_stored_api_findings_join_the_record_ones_and_outdated_codes_are_dropped() -> None:
    account = _view(email_warnings=({"code": "member", "user": "U0BEA"}, {"code": "consumer", "domain": "gmail.com"}),
                    mailbox_created_by="employee")
    assert email_checks.all_findings(account) == [{"code": "member", "user": "U0BEA"},
                                                  {"code": "mailbox_employee"}]


def _tasks(db: Database) -> list[Delivery]:
    with db.uow() as s:
        return list(s.scalars(select(Delivery).where(Delivery.kind == ROTATION_KIND)))


def test_request_rotation_is_idempotent_and_audited(db: Database) -> None:
    acct = _add(db, "x", "acme")
    with db.uow() as s:
        assert request_rotation(s, "T1", acct, "handover", "U9", "U5", now=NOW)
    with db.uow() as s:
        assert not request_rotation(s, "T1", acct, "compromised", "U8", now=NOW + timedelta(hours=2))
        assert not request_rotation(s, "T2", acct, "compromised", "U8", now=NOW)  # not that team's account
    [task] = _tasks(db)
    assert (task.due_at, task.repeat_seconds, task.recipient) == (NOW, 86400, "U1")
    with db.uow() as s:
        a = s.get(Account, acct)
        assert a is not None and (a.rotation_reason, a.rotation_requested_at) == ("handover", NOW)
        details = [e.detail for e in s.scalars(select(AuditEntry).where(AuditEntry.action ==
                                                                         "account.rotation_requested"))]
    assert len(details) == 2 and '"knew_it":"U5"' in details[0]


def test_periodic_rotation_is_off_by_default_and_weekly_when_on(db: Database) -> None:
    old = _add(db, "x", "old", has_password=True, last_rotated_at=NOW - timedelta(days=100))
    _add(db, "x", "fresh", has_password=True, last_rotated_at=NOW - timedelta(days=10))
    _add(db, "x", "nopass", has_password=False)
    with db.uow() as s:
        s.add(Workspace(team_id="T1"))
    with db.uow() as s:
        assert due_periodic(s, "T1", NOW) == 0  # rotation_days is None: NIST advises against it
    with db.uow() as s:
        ws = s.get(Workspace, "T1")
        assert ws is not None
        ws.rotation_days = 90
    with db.uow() as s:
        assert due_periodic(s, "T1", NOW) == 1
        assert due_periodic(s, "T2", NOW) == 0
    with db.uow() as s:
        assert due_periodic(s, "T1", NOW + timedelta(days=1)) == 0  # already owed: no second task
    [task] = _tasks(db)
    assert task.subject_id == str(old) and task.repeat_seconds == 7 * 86400


def _rows(*brands: tuple[str, int]) -> list[Row]:
    return [Row(_view(id=n, brand=brand, handle=f"{brand.lower()}{n}"), 0)
            for brand, count in brands for n in range(count)]


def test_pages_keep_a_brand_whole_unless_it_is_bigger_than_a_page() -> None:
    pages = paginate(_rows(("Acme", 8), ("Bolt", 8), ("Cove", 30), ("Dune", 3)), per_page=20)
    assert [[r.account.brand for r in p].count(b) for p in pages for b in ("Acme", "Bolt", "Cove", "Dune")
            if b in {r.account.brand for r in p}] == [8, 8, 20, 10, 3]
    assert sum(len(p) for p in pages) == 49 and all(len(p) <= 20 for p in pages)
    assert paginate([]) == [[]]  # an empty inventory is one (empty) page, not none
