"""Shared pieces of the /accounts scenario tests: a runtime with a vault key, helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from handlers.accounts.ids import AccountsIds as I
from storage.db import Database
from storage.models import Account, AuditEntry
from storage.vault_keys import generate_key_line
from tests.conftest import ANA, FakeClock, make_settings

KEY_LINE = generate_key_line("k1")


def build_rt(slack: Any, db: Database, db_url: str, clock: FakeClock, **extra: Any) -> Any:
    from bot.app import build

    return build(make_settings(slack, db_url, **extra), db=db, clock=clock)


def vault_runtime(slack: Any, db: Database, db_url: str, clock: FakeClock) -> Iterator[Any]:
    """The app with a vault key configured. A module overrides the plain `rt` of tests/conftest.py
    with `rt_with_vault = pytest.fixture(name="rt")(vault_runtime)`."""
    runtime = build_rt(slack, db, db_url, clock, socialops_vault_keys=KEY_LINE)
    yield runtime
    runtime.close()


def v(block: str) -> str:
    return f"{block}.{I.A_VALUE}"


def account_values(**over: Any) -> dict[str, Any]:
    values = {
        v(I.B_BRAND): "Acme", v(I.B_NETWORK): "instagram", v(I.B_HANDLE): "@AcmeShop",
        v(I.B_URL): "https://instagram.com/acmeshop", v(I.B_LOGIN_EMAIL): "social@acme-corp.com",
        v(I.B_CUSTODIAN): ANA, v(I.B_TWOFA): "app", v(I.B_MAILBOX_CREATOR): "it",
    }
    values.update({v(f"acct_{k}"): val for k, val in over.items()})
    return {k: val for k, val in values.items() if val is not None}


def add_account(driver: Any, user: str = ANA, **over: Any) -> Any:
    opened = driver.command(user, "/accounts", "add")
    assert opened.status == 200
    return driver.submit(user, account_values(**over))


def accounts(rt: Any) -> list[Account]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(Account).order_by(Account.id)))


def audit(rt: Any) -> list[tuple[str, str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject, e.outcome)
                for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def dm_texts(slack: Any, user: str) -> list[str]:
    return [str(m.get("text", "")) for m in slack.messages(slack.dm_channel(user))]


KEEP = object()  # forged_submit: leave the view's private_metadata as the app wrote it


def forged_submit(driver: Any, user: str, values: dict[str, Any] | None = None, *,
                  private_metadata: object = KEEP) -> Any:
    """A signed view_submission of `user`'s top modal as a tampered client sends it: no
    `max_length` or required check, any option value (pass the option as a dict), and edited
    `private_metadata` (a string, or None to leave the field out altogether)."""
    from bot.devtools.slack.payloads import build_state

    view = driver.fake.views(user)[-1]
    if private_metadata is None:
        view.pop("private_metadata", None)
    elif private_metadata is not KEEP:
        view["private_metadata"] = private_metadata
    state = build_state(view["blocks"], values or {})
    payload = {"type": "view_submission", "trigger_id": driver.fake.issue_trigger_id(user),
               "view": {**view, "state": {"values": state}}, "response_urls": []}
    response = driver._interaction(user, payload)
    driver._apply_submission(user, view, response)
    return response


def other_team_account(rt: Any) -> int:
    """An account of another workspace, straight into the database: its id must mean nothing here."""
    with rt.ctx.db.uow() as s:
        account = Account(team_id="T0OTHER", brand="Rival", network="instagram", handle="rival",
                          login_email="social@rival.example", created_by="U0RIVAL", custodian_id="U0RIVAL",
                          status="active", has_password=False, email_warnings=[])
        s.add(account)
        s.flush()
        return int(account.id)
