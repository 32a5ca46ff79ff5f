"""No vault key configured: the inventory works; anything needing a secret says how to fix it."""

from __future__ import annotations

from typing import Any

from handlers.accounts.ids import AccountsIds as I
from tests.accounts.kit import accounts, add_account, audit
from tests.conftest import ANA

STRONG = "violet-Harbor-lantern-93!quiet"


def test_without_a_key_passwords_are_refused_with_instructions(driver: Any, slack: Any, rt: Any,
                                                                setup_workspace: None) -> None:
    assert rt.ctx.extras["vault"] is None
    refused = add_account(driver, password_mode="type", password=STRONG)
    assert "socialops keys generate" in refused.errors[I.B_PASSWORD] and accounts(rt) == []
    resp = add_account(driver)  # no password: the record alone is fine
    assert not resp.errors and len(accounts(rt)) == 1
    for text in ("reveal acmeshop", "rotate acmeshop"):
        reply = driver.command(ANA, "/accounts", text).json()["text"]
        assert "SOCIALOPS_VAULT_KEYS" in reply, text
    assert not [v for v in slack.views(ANA) if v["callback_id"] in (I.REVEAL_VIEW, I.ROTATE_VIEW)]
    assert [a[1] for a in audit(rt) if a[1].startswith("account.")] == ["account.add"]
