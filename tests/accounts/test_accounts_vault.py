"""The vault: AES-256-GCM with key ids and bound associated data; keys parsing and rotation."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update

from storage.db import Database
from storage.models import Account, VaultSecret
from storage.vault import Sealed, Vault, VaultError, check_vault, vault_from_settings
from storage.vault_keys import KeyRing, ensure_dev_key_file, generate_key_line, load_keyring, parse_keys

SECRET = "violet-Harbor-lantern-93!quiet"


class Conf:
    def __init__(self, keys: str | None = None, key_file: Path | None = None) -> None:
        self.socialops_vault_keys = SecretStr(keys) if keys is not None else None
        self.socialops_vault_key_file = key_file


def ring(*lines: str) -> KeyRing:
    loaded = load_keyring(Conf(",".join(lines)))
    assert loaded is not None
    return loaded


def _account(db: Database, handle: str = "acme", team: str = "T1") -> int:
    with db.uow() as s:
        a = Account(team_id=team, brand="Acme", network="x", handle=handle, login_email="s@acme.com",
                    created_by="U1", custodian_id="U1", email_warnings=[])
        s.add(a)
        s.flush()
        return a.id


def test_round_trip_fresh_nonce_and_no_plaintext(db: Database) -> None:
    vault = Vault(ring(generate_key_line("k1")))
    first = vault.seal("T1", 1, "password", SECRET)
    second = vault.seal("T1", 1, "password", SECRET)
    assert first.nonce != second.nonce and first.ciphertext != second.ciphertext
    assert SECRET.encode() not in first.ciphertext and first.key_id == "k1"
    assert vault.unseal("T1", 1, "password", first) == SECRET
    acct = _account(db)
    with db.uow() as s:
        vault.put(s, team_id="T1", account_id=acct, field="password", secret=SECRET)
        vault.put(s, team_id="T1", account_id=acct, field="password", secret=SECRET + "2")  # replaces
    with db.uow() as s:
        assert vault.get(s, team_id="T1", account_id=acct, field="password") == SECRET + "2"
        assert vault.get(s, team_id="T1", account_id=acct, field="recovery_codes") is None
        assert len(s.scalars(select(VaultSecret)).all()) == 1


@pytest.mark.parametrize("where", [("T2", 1, "password"), ("T1", 2, "password"), ("T1", 1, "recovery_codes")])
def test_a_ciphertext_moved_to_another_team_account_or_field_does_not_open(where: tuple[str, int, str]) -> None:
    vault = Vault(ring(generate_key_line("k1")))
    sealed = vault.seal("T1", 1, "password", SECRET)
    with pytest.raises(VaultError, match="altered") as err:
        vault.unseal(*where, sealed)
    assert err.value.code == "cannot_decrypt" and SECRET not in str(err.value)


def test_wrong_key_unknown_key_and_tampering_are_named() -> None:
    sealed = Vault(ring(generate_key_line("k1"))).seal("T1", 1, "password", SECRET)
    with pytest.raises(VaultError, match="key is wrong") as wrong:
        Vault(ring(generate_key_line("k1"))).unseal("T1", 1, "password", sealed)
    with pytest.raises(VaultError, match="'k1', which is not configured") as unknown:
        Vault(ring(generate_key_line("k2"))).unseal("T1", 1, "password", sealed)
    assert (wrong.value.code, unknown.value.code) == ("cannot_decrypt", "unknown_key")
    right = Vault(ring(generate_key_line("k9")))
    good = right.seal("T1", 1, "password", SECRET)
    for i in range(len(good.ciphertext)):
        bad = bytearray(good.ciphertext)
        bad[i] ^= 0x80
        with pytest.raises(VaultError):
            right.unseal("T1", 1, "password", Sealed(good.key_id, good.nonce, bytes(bad)))


def test_rekey_moves_everything_to_the_primary_and_the_old_key_can_go(db: Database) -> None:
    old, new = generate_key_line("old"), generate_key_line("new")
    ids = [_account(db, f"a{i}") for i in range(3)]
    with db.uow() as s:
        for i in ids:
            Vault(ring(old)).put(s, team_id="T1", account_id=i, field="password", secret=f"{SECRET}{i}")
    with db.uow() as s:
        assert Vault(ring(new, old)).rekey(s) == (3, 0)
    with db.uow() as s:
        assert Vault(ring(new, old)).rekey(s) == (0, 3)
        assert set(s.scalars(select(VaultSecret.key_id))) == {"new"}
    with db.uow() as s:
        assert [Vault(ring(new)).get(s, team_id="T1", account_id=i, field="password") for i in ids] == \
            [f"{SECRET}{i}" for i in ids]


def test_rekey_is_all_or_nothing(db: Database) -> None:
    old, new = generate_key_line("old"), generate_key_line("new")
    a, b = _account(db, "a"), _account(db, "b")
    with db.uow() as s:
        Vault(ring(old)).put(s, team_id="T1", account_id=a, field="password", secret=SECRET)
        Vault(ring(generate_key_line("stray"))).put(s, team_id="T1", account_id=b, field="password", secret=SECRET)
    with pytest.raises(VaultError, match="'stray'"), db.uow() as s:
        Vault(ring(new, old)).rekey(s)
    with db.uow() as s:
        assert set(s.scalars(select(VaultSecret.key_id))) == {"old", "stray"}


def test_check_and_start_up_check(db: Database) -> None:
    key = generate_key_line("k1")
    assert check_vault(db, Conf()) is None  # nothing stored, nothing configured: fine
    ids = [_account(db, f"a{i}") for i in range(2)]
    with db.uow() as s:
        for i in ids:
            Vault(ring(key)).put(s, team_id="T1", account_id=i, field="password", secret=SECRET)
    result = check_vault(db, Conf(key))
    assert result is not None and result.by_key == {"k1": 2} and result.unreadable == ()
    with pytest.raises(VaultError, match="no vault key is configured"):
        check_vault(db, Conf())
    with pytest.raises(VaultError, match="opens none of the 2"):
        check_vault(db, Conf(generate_key_line("k1")))
    with db.uow() as s:
        row = s.scalars(select(VaultSecret).order_by(VaultSecret.id)).first()
        assert row is not None
        s.execute(update(VaultSecret).where(VaultSecret.id == row.id).values(nonce=b"\x00" * 12))
    result = check_vault(db, Conf(key))  # one altered row is reported, it does not stop the app
    assert result is not None and result.unreadable == (row.id,)


@pytest.mark.parametrize(("text", "message"), [
    ("k1", "expected entries like kid:base64key"),
    ("bad id!:" + base64.b64encode(b"x" * 32).decode(), "expected entries"),
    ("k1:%%%", "not valid base64"),
    ("k1:" + base64.b64encode(b"short").decode(), "is 5 bytes; AES-256 needs 32"),
])
def test_malformed_keys_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(VaultError, match=message) as err:
        parse_keys(text)
    assert text.partition(":")[2] not in str(err.value) or not text.partition(":")[2]


def test_key_sources_merge_and_conflicts(tmp_path: Path) -> None:
    a, b = generate_key_line("a"), generate_key_line("b")
    path = tmp_path / "keys"
    path.write_text(f"# comment\n{b}\n")
    merged = load_keyring(Conf(a, path))
    assert merged is not None and merged.ids == ("a", "b") and merged.primary_id == "a"
    assert repr(merged) == "KeyRing(ids=('a', 'b'))"  # never the key material
    with pytest.raises(VaultError, match="given twice with different keys"):
        load_keyring(Conf(generate_key_line("b"), path))
    with pytest.raises(VaultError, match="does not exist"):
        load_keyring(Conf(None, tmp_path / "missing"))
    assert vault_from_settings(Conf()) is None
    url_safe = "u:" + base64.urlsafe_b64encode(b"\xfb" * 32).decode().rstrip("=")
    assert parse_keys(url_safe)[0][1] == b"\xfb" * 32


def test_dev_key_file_is_private_and_kept(tmp_path: Path) -> None:
    path = ensure_dev_key_file(tmp_path / "dir" / "dev.keys")
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text()
    assert ensure_dev_key_file(path).read_text() == text
    conf: Any = Conf(None, path)
    loaded = load_keyring(conf)
    assert loaded is not None and loaded.primary_id.startswith("dev")
