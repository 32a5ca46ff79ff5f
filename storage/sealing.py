"""The one cipher of the app: AES-256-GCM under a key ring, bound to what the text belongs to.

The vault's account secrets (storage/vault.py) and the OAuth installs' tokens
(storage/installs.py) are sealed here, each with associated data of its own, so a value
copied to another row (another account, field or workspace) fails authentication instead of
opening as someone else's. A sealed value records the id of the key that sealed it and a
fresh 96-bit nonce; errors name the value's place, never the value.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.vault_keys import KeyRing, VaultError

NONCE_BYTES = 12


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes


def seal_text(ring: KeyRing, plain: str, aad: bytes) -> Sealed:
    """AES-256-GCM under the ring's primary key, bound to `aad` (what the secret belongs to).

    The one cipher of the app: the vault's account secrets and the OAuth installs' tokens
    (storage/installs.py) both go through here and `open_text`, each with its own `aad`.
    """
    kid = ring.primary_id
    key = ring.key(kid)
    assert key is not None
    nonce = secrets.token_bytes(NONCE_BYTES)
    return Sealed(kid, nonce, AESGCM(key).encrypt(nonce, plain.encode("utf-8"), aad))


def open_text(ring: KeyRing, sealed: Sealed, aad: bytes, *, where: str) -> str:
    """The text `seal_text` sealed with the same `aad`; VaultError (naming `where`, never the
    secret) when its key is not configured, the key is wrong or the ciphertext was altered."""
    key = ring.key(sealed.key_id)
    if key is None:
        raise VaultError(
            "unknown_key",
            f"{where} is sealed with vault key {sealed.key_id!r}, which is not configured "
            f"(configured: {', '.join(ring.ids)})",
        )
    try:
        plain = AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, aad)
    except (InvalidTag, ValueError):
        raise VaultError(
            "cannot_decrypt",
            f"cannot decrypt {where} with vault key {sealed.key_id!r}: the key is wrong or the stored "
            "ciphertext was altered",
        ) from None
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:  # authenticated yet not text: only a bug could do this
        raise VaultError("cannot_decrypt", f"{where} decrypted to bytes that are not text") from None
