"""Vault keys: parsing, loading from the settings, generating, the development key file.

Keys never live in the database. They come from `SOCIALOPS_VAULT_KEYS`
("kid:base64key,kid2:base64key2", the first is the primary, used for new secrets)
and/or from `SOCIALOPS_VAULT_KEY_FILE` (the same format; commas or new lines between
entries, `#` comments allowed). When both are set, the environment's keys come first.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pydantic import SecretStr

KEY_ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
KEY_BYTES = 32  # AES-256-GCM


class VaultError(Exception):
    """A vault problem, named plainly. The message never contains a secret or a key.

    `code` lets the chat side pick a translated text: no_keys, bad_keys, unknown_key,
    cannot_decrypt.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class VaultSettings(Protocol):
    @property
    def socialops_vault_keys(self) -> SecretStr | None: ...

    @property
    def socialops_vault_key_file(self) -> Path | None: ...


@dataclass(frozen=True)
class KeyRing:
    """Ordered keys by id; the first is the primary."""

    keys: tuple[tuple[str, bytes], ...]
    sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.keys:
            raise VaultError("no_keys", "no vault key configured")

    @property
    def primary_id(self) -> str:
        return self.keys[0][0]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(kid for kid, _ in self.keys)

    def key(self, kid: str) -> bytes | None:
        return next((k for i, k in self.keys if i == kid), None)

    def __repr__(self) -> str:  # never print key material, even in a debugger or a log
        return f"KeyRing(ids={self.ids!r})"


def _decode_key(kid: str, text: str, where: str) -> bytes:
    raw = text.strip()
    padded = raw + "=" * (-len(raw) % 4)
    material = None
    for altchars in (None, b"-_"):  # standard or URL-safe alphabet
        try:
            material = base64.b64decode(padded, altchars=altchars, validate=True)
            break
        except (binascii.Error, ValueError):
            continue
    if material is None:
        raise VaultError("bad_keys", f"vault key {kid!r} in {where} is not valid base64")
    if len(material) != KEY_BYTES:
        raise VaultError(
            "bad_keys", f"vault key {kid!r} in {where} is {len(material)} bytes; AES-256 needs {KEY_BYTES} "
            "(make one with `socialops keys generate`)",
        )
    return material


def parse_keys(text: str, where: str = "SOCIALOPS_VAULT_KEYS") -> list[tuple[str, bytes]]:
    """Parse "kid:base64,kid2:base64" (also one per line, with # comments)."""
    out: list[tuple[str, bytes]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for entry in line.split(","):
            entry = entry.strip()
            if not entry:
                continue
            kid, sep, material = entry.partition(":")
            kid = kid.strip()
            if not sep or not KEY_ID_RE.match(kid):
                raise VaultError(
                    "bad_keys",
                    f"{where}: expected entries like kid:base64key "
                    "(key ids: letters, digits, . _ -; at most 32)",
                )
            out.append((kid, _decode_key(kid, material, where)))
    return out


def merge(groups: list[tuple[str, list[tuple[str, bytes]]]]) -> KeyRing | None:
    keys: list[tuple[str, bytes]] = []
    sources: list[str] = []
    for where, entries in groups:
        if entries:
            sources.append(where)
        for kid, material in entries:
            known = next((k for i, k in keys if i == kid), None)
            if known is None:
                keys.append((kid, material))
            elif known != material:
                raise VaultError("bad_keys", f"vault key id {kid!r} is given twice with different keys")
    return KeyRing(tuple(keys), tuple(sources)) if keys else None


def read_key_file(path: Path) -> list[tuple[str, bytes]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VaultError("no_keys", f"vault key file {path} does not exist (SOCIALOPS_VAULT_KEY_FILE)") \
            from None
    except OSError as exc:
        raise VaultError("bad_keys", f"cannot read vault key file {path}: {exc.strerror}") from None
    return parse_keys(text, str(path))


def load_keyring(settings: VaultSettings) -> KeyRing | None:
    """The configured keys, or None when no key is configured at all."""
    groups: list[tuple[str, list[tuple[str, bytes]]]] = []
    if settings.socialops_vault_keys is not None:
        groups.append(("SOCIALOPS_VAULT_KEYS", parse_keys(settings.socialops_vault_keys.get_secret_value())))
    if settings.socialops_vault_key_file is not None:
        path = settings.socialops_vault_key_file
        groups.append((str(path), read_key_file(path)))
    return merge(groups)


def new_key_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"k{now:%Y%m%d}{secrets.token_hex(2)}"


def generate_key_line(kid: str | None = None) -> str:
    """A fresh "kid:base64key" entry (256 random bits from the OS)."""
    kid = kid or new_key_id()
    if not KEY_ID_RE.match(kid):
        raise VaultError("bad_keys", "key ids are letters, digits, . _ - (at most 32)")
    return f"{kid}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def write_key_file(path: Path, lines: list[str]) -> None:
    """Replace the key file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("# SocialOps vault keys: the first is the primary. Keep a backup; never commit it.\n")
            out.write("\n".join(lines) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def ensure_dev_key_file(path: Path) -> Path:
    """Create a development key file (mode 0600) unless one exists; return its path."""
    path = Path(path)
    if not path.exists():
        write_key_file(path, [generate_key_line(f"dev{datetime.now(UTC):%Y%m%d}")])
    return path
