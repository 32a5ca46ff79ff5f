"""Vault keys: rotation re-encrypts everything; wrong keys stop the app; altered rows are named."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.cli import main as cli_main
from handlers.accounts.ids import AccountsIds as I
from storage.models import VaultSecret
from storage.vault_keys import ensure_dev_key_file, generate_key_line, read_key_file
from tests.accounts.kit import KEY_LINE, accounts, add_account, audit, build_rt, vault_runtime
from tests.conftest import ADMIN, ANA, SIGNING_SECRET

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

PASSWORDS = {"acmeshop": "violet-Harbor-lantern-93!quiet", "acmenews": "copper-Meadow-whistle-58#brisk"}


def _add_two(driver: Any) -> None:
    for handle, password in PASSWORDS.items():
        resp = add_account(driver, handle=handle, password_mode="type", password=password)
        assert not resp.errors, resp.errors


def _revealed(driver: Any, slack: Any, handle: str) -> str:
    driver.command(ADMIN, "/accounts", f"reveal {handle}")
    view = slack.views(ADMIN)[-1]
    driver.close(ADMIN)
    assert view["callback_id"] == I.REVEAL_VIEW
    return str(next(b["text"]["text"] for b in view["blocks"] if b["text"]["type"] == "plain_text"))


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, slack: Any, db_url: str) -> Iterator[pytest.MonkeyPatch]:
    """The environment `socialops` reads, pointing at the test database and the stand-in."""
    for name in ("SOCIALOPS_VAULT_KEYS", "SOCIALOPS_VAULT_KEY_FILE", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", slack.api_url)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield monkeypatch
    root.handlers[:], root.level = handlers, level  # `socialops run` configures logging for real


def _key_ids(rt: Any) -> set[str]:
    with rt.ctx.db.uow() as s:
        return set(s.scalars(select(VaultSecret.key_id)))


def test_rotate_with_a_key_file_then_drop_the_old_key(driver: Any, slack: Any, rt: Any, db: Any, db_url: str,
                                                      clock: Any, env: Any, tmp_path: Path, capsys: Any) -> None:
    key_file = ensure_dev_key_file(tmp_path / "vault.keys")
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert ensure_dev_key_file(key_file).read_text() == key_file.read_text()  # never overwritten
    runtime = build_rt(slack, db, db_url, clock, socialops_vault_key_file=key_file)
    from tests.conftest import bolt_dispatcher

    driver.dispatch = bolt_dispatcher(runtime)
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}> custodian")
    _add_two(driver)
    [old_kid] = _key_ids(runtime)

    env.setenv("SOCIALOPS_VAULT_KEY_FILE", str(key_file))
    assert cli_main(["keys", "rotate"]) == 0
    out = capsys.readouterr().out
    assert "Re-encrypted 2 secret(s)" in out and old_kid in out
    assert not any(p in out for p in PASSWORDS.values())
    keys = read_key_file(key_file)
    new_kid = keys[0][0]
    assert [k for k, _ in keys] == [new_kid, old_kid] and _key_ids(runtime) == {new_kid}
    runtime.close()

    # The operator removes the old key; every secret still opens, and the app starts.
    key_file.write_text(next(line for line in _lines_of(keys) if line.startswith(new_kid)) + "\n")
    assert cli_main(["keys", "check"]) == 0
    assert "vault ok: 2 secret(s)" in capsys.readouterr().out
    fresh = build_rt(slack, db, db_url, clock, socialops_vault_key_file=key_file)
    driver.dispatch = bolt_dispatcher(fresh)
    for handle, password in PASSWORDS.items():
        assert _revealed(driver, slack, handle) == password
    fresh.close()


def _lines_of(keys: list[tuple[str, bytes]]) -> list[str]:
    import base64

    return [f"{kid}:{base64.b64encode(key).decode()}" for kid, key in keys]


def test_rotate_with_keys_in_the_environment(driver: Any, slack: Any, rt: Any, db: Any, db_url: str, clock: Any,
                                              env: Any, capsys: Any, setup_workspace: None) -> None:
    _add_two(driver)
    env.setenv("SOCIALOPS_VAULT_KEYS", KEY_LINE)
    assert cli_main(["keys", "rotate"]) == 0
    assert "Nothing to re-encrypt" in capsys.readouterr().out
    new = generate_key_line("k2")
    env.setenv("SOCIALOPS_VAULT_KEYS", f"{new},{KEY_LINE}")
    assert cli_main(["keys", "rotate"]) == 0
    assert "Re-encrypted 2 secret(s) with key 'k2'" in capsys.readouterr().out
    assert _key_ids(rt) == {"k2"}
    assert ("cli", "vault.rekey") in [(a[0], a[1]) for a in audit(rt)]
    fresh = build_rt(slack, db, db_url, clock, socialops_vault_keys=new)  # the old key is gone
    from tests.conftest import bolt_dispatcher

    driver.dispatch = bolt_dispatcher(fresh)
    for handle, password in PASSWORDS.items():
        assert _revealed(driver, slack, handle) == password
    fresh.close()


@pytest.mark.parametrize(("keys", "message"), [
    (generate_key_line("k1"), "vault key 'k1' opens none of the 2 stored secret(s)"),
    (generate_key_line("other"), "sealed with vault key 'k1', which is not configured"),
    (None, "2 secret(s) are stored but no vault key is configured"),
    ("k1:not-base64!", "is not valid base64"),
])
def test_the_app_refuses_to_start_with_a_wrong_or_missing_key(driver: Any, rt: Any, env: Any, capsys: Any,
                                                              setup_workspace: None, keys: str | None,
                                                              message: str) -> None:
    _add_two(driver)
    if keys is not None:
        env.setenv("SOCIALOPS_VAULT_KEYS", keys)
    with pytest.raises(SystemExit) as stopped:
        cli_main(["run"])
    assert stopped.value.code == 2
    # Log lines are JSON; what a person reads is the one plain line.
    err = [line for line in capsys.readouterr().err.strip().splitlines() if not line.startswith("{")]
    assert len(err) == 1 and err[0].startswith("socialops: vault: ") and message in err[0], err
    assert not any(p in err[0] for p in PASSWORDS.values())


def test_an_altered_ciphertext_is_named_not_shown(driver: Any, slack: Any, rt: Any, env: Any, capsys: Any,
                                                  setup_workspace: None) -> None:
    _add_two(driver)
    [shop, _news] = accounts(rt)
    with rt.ctx.db.uow() as s:
        row = s.scalars(select(VaultSecret).where(VaultSecret.account_id == shop.id)).one()
        flipped = bytes([row.ciphertext[0] ^ 0x01]) + row.ciphertext[1:]
        s.execute(update(VaultSecret).where(VaultSecret.id == row.id).values(ciphertext=flipped))
    opened = len(slack.calls_to("views.open"))
    text = driver.command(ANA, "/accounts", "reveal acmeshop").json()["text"]
    assert "cannot be decrypted" in text and "altered" in text
    assert len(slack.calls_to("views.open")) == opened  # nothing shown, not even garbage
    assert (ANA, "account.reveal", "error") in [(a[0], a[1], a[3]) for a in audit(rt)]
    assert _revealed(driver, slack, "acmenews") == PASSWORDS["acmenews"]  # the others are fine

    env.setenv("SOCIALOPS_VAULT_KEYS", KEY_LINE)
    assert cli_main(["keys", "check"]) == 1
    out = capsys.readouterr().out
    assert "1 stored secret(s) fail authentication" in out and str(row.id) in out
