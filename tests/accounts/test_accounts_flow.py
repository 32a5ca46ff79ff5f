"""add (modal) → list → show → reveal (custodian) → rotate → the list shows 0 days."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from handlers.accounts.ids import AccountsIds as I
from storage.models import PasswordKnower
from tests.accounts.kit import accounts, add_account, audit, dm_texts, v, vault_runtime
from tests.conftest import ANA, CARL

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

TYPED = "violet-Harbor-lantern-93!quiet"


def test_add_list_show_reveal_rotate(driver: Any, slack: Any, rt: Any, clock: Any, setup_workspace: None) -> None:
    resp = add_account(driver, password_mode="type", password=TYPED, recovery_codes="1111-2222\n3333-4444")
    assert resp.status == 200 and not resp.errors, resp.body
    [acct] = accounts(rt)
    assert (acct.network, acct.handle, acct.custodian_id, acct.has_password) == ("instagram", "acmeshop", ANA, True)
    assert any("is in the inventory" in t for t in dm_texts(slack, ANA))

    clock.advance(days=10)
    listing = driver.command(CARL, "/accounts").json()["text"]
    assert "*Acme*" in listing and "@acmeshop" in listing and "10 days since rotation" in listing
    assert "0 open grant" in listing

    shown = driver.command(ANA, "/accounts", "show @acmeshop").json()["text"]
    assert "social@acme-corp.com" in shown and TYPED not in shown

    revealed = driver.command(ANA, "/accounts", "reveal acmeshop")
    assert "recorded" in revealed.json()["text"]
    [modal] = slack.views(ANA)
    assert TYPED in str(modal["blocks"]) and "3333-4444" in str(modal["blocks"])
    driver.close(ANA)

    driver.command(ANA, "/accounts", "rotate instagram:acmeshop")
    done = driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    assert done.status == 200
    [shown_modal] = slack.views(ANA)
    assert shown_modal["callback_id"] == I.DONE_VIEW
    listing = driver.command(CARL, "/accounts", "list").json()["text"]
    assert "0 days since rotation" in listing
    with rt.ctx.db.uow() as s:
        knowers = [(k.user_id, k.source) for k in s.scalars(select(PasswordKnower))]
    assert knowers == [(ANA, "rotated")]
    actions = [a[1] for a in audit(rt)]
    assert actions.count("account.reveal") == 1 and "account.rotate" in actions and "account.add" in actions
