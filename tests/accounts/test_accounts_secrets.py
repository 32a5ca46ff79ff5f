"""Secrets stay secret: only the reveal modal (to its custodian or an admin) carries them; never
a message, a log line, an export, or plaintext bytes in the SQLite files."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.core.logs import JsonFormatter
from handlers.accounts.ids import AccountsIds as I
from tests.accounts.kit import add_account, audit, v, vault_runtime
from tests.conftest import ADMIN, ANA, CARL

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

TYPED = "violet-Harbor-lantern-93!quiet"
TYPED2 = "copper-Meadow-whistle-58#brisk"
CODES = "rc-7QX2-9LMB\nrc-K4PZ-0TWE"
MAILBOX = "indigo-Canyon-ferry-36%bold"  # the login mailbox's own password
MAILBOX2 = "walnut-Prairie-signal-71*deft"


def test_passwords_appear_only_in_authorized_reveal_modals(driver: Any, slack: Any, rt: Any, db_url: str,
                                                             caplog: Any, setup_workspace: None) -> None:
    caplog.set_level(logging.DEBUG)
    add_account(driver, password_mode="type", password=TYPED, recovery_codes=CODES, mailbox_password=MAILBOX,
                mailbox_created_by="agency")
    authorized_views = set()  # reveal modals, seen open in the stack of whom they were for
    driver.command(ANA, "/accounts", "reveal @acmeshop")
    authorized_views.add(slack.views(ANA)[-1]["id"])
    driver.close(ANA)
    driver.command(ANA, "/accounts", "reveal @acmeshop mailbox")
    authorized_views.add(slack.views(ANA)[-1]["id"])
    driver.close(ANA)
    refused_mailbox = driver.command(CARL, "/accounts", "reveal acmeshop mailbox").json()["text"]
    assert "Only this account's custodian" in refused_mailbox
    driver.command(ANA, "/accounts", "rotate acmeshop mailbox")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    [done] = slack.views(ANA)
    generated_mailbox = next(b["text"]["text"] for b in done["blocks"] if b["text"]["type"] == "plain_text")
    driver.close(ANA)
    driver.command(ANA, "/accounts", "rotate acmeshop mailbox")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): MAILBOX2})
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    [done] = slack.views(ANA)
    generated = next(b["text"]["text"] for b in done["blocks"] if b["text"]["type"] == "plain_text")
    assert len(generated) == 20
    driver.close(ANA)
    driver.command(ADMIN, "/accounts", "reveal acmeshop")  # admins may
    authorized_views.add(slack.views(ADMIN)[-1]["id"])
    driver.close(ADMIN)
    refused = driver.command(CARL, "/accounts", "reveal acmeshop").json()["text"]
    assert "Only this account's custodian" in refused
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): TYPED2})
    driver.command(CARL, "/accounts", "compromised acmeshop")
    for who in (CARL, ANA):
        driver.command(who, "/accounts")
        driver.command(who, "/accounts", "show acmeshop")
    driver.command(ANA, "/accounts", "export")
    driver.command(ANA, "/accounts", "edit acmeshop")
    driver.submit(ANA, {v(I.B_NOTES): "moved to the new agency"})
    rt.sender.wait_idle()

    secrets = [TYPED, TYPED2, generated, *CODES.splitlines(), MAILBOX, MAILBOX2, generated_mailbox]
    reveals = 0
    for call in slack.calls:
        blob = json.dumps(call.args, default=str) + json.dumps(call.response, default=str)
        leaked = [s for s in secrets if s in blob]
        if not leaked:
            continue
        view = call.response.get("view") or {}
        assert call.method == "views.open" and view.get("callback_id") == I.REVEAL_VIEW, (call.method, leaked)
        assert view["id"] in authorized_views
        reveals += 1
    assert reveals == 3  # ANA's two (network, mailbox) and the admin's; nothing else, and nothing for CARL

    assert slack.files() and all(not any(s in f["content"].decode() for s in secrets) for f in slack.files())
    assert "login_email" in slack.files()[0]["content"].decode()

    formatter = JsonFormatter()
    logged = "\n".join(formatter.format(r) for r in caplog.records) + caplog.text
    assert caplog.records, "nothing was logged at all: the check would prove nothing"
    assert not [s for s in secrets if s in logged]

    for entry in audit(rt):
        assert not [s for s in secrets if s in " ".join(entry)]

    if make_url(db_url).get_backend_name() != "sqlite":
        return  # the file check is SQLite's; on PostgreSQL the rows above are all there is
    path = Path(str(make_url(db_url).database))
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    raw = b"".join(p.read_bytes() for p in files)
    assert len(raw) > 0 and Path(f"{path}-wal") in files
    for s in secrets:
        assert s.encode() not in raw, "a secret is in the database files in plaintext"
