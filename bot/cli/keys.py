"""`socialops keys generate | rotate | check`: vault keys (SPEC §2). Never prints a secret.

Rotation: a new primary key seals new secrets; `rotate` re-encrypts every stored secret
with it in one transaction; after that the old key opens nothing and can be removed.
With SOCIALOPS_VAULT_KEY_FILE (and no SOCIALOPS_VAULT_KEYS) `rotate` writes the new key into
the file itself; with SOCIALOPS_VAULT_KEYS the operator puts the new key first, then runs it.
"""

from __future__ import annotations

import argparse
import base64
import sys
from typing import Any


def _fail(message: str) -> int:
    print(f"socialops: vault: {message}", file=sys.stderr)
    return 2


def cmd_generate(args: argparse.Namespace) -> int:
    from storage.vault import VaultError, generate_key_line

    try:
        line = generate_key_line(args.kid)
    except VaultError as exc:
        return _fail(str(exc))
    print(line)
    print("Put this line FIRST in SOCIALOPS_VAULT_KEYS (comma-separated, keep the old keys after it) or in the "
          "key file, restart, then run `socialops keys rotate`. Keep a copy somewhere safe: without it the "
          "secrets cannot be recovered.", file=sys.stderr)
    return 0


def _settings_and_db() -> tuple[Any, Any]:
    from bot.cli.common import app_settings, ready_db

    settings = app_settings()
    return settings, ready_db(settings)


def _prepend_to_key_file(settings: Any) -> str:
    """Write a new primary key into the key file (the old keys stay after it); its id."""
    from storage.vault_keys import generate_key_line, read_key_file, write_key_file

    path = settings.socialops_vault_key_file
    old = read_key_file(path)
    line = generate_key_line()
    write_key_file(path, [line, *(f"{kid}:{base64.b64encode(key).decode()}" for kid, key in old)])
    return line.split(":", 1)[0]


def cmd_rotate(args: argparse.Namespace) -> int:
    from storage import audit
    from storage.installs import TokenSeal, rekey_tokens
    from storage.models import VaultSecret
    from storage.vault import Vault, VaultError, load_keyring

    settings, db = _settings_and_db()
    try:
        ring = load_keyring(settings)
        if ring is None:
            return _fail("no key is configured: set SOCIALOPS_VAULT_KEYS or SOCIALOPS_VAULT_KEY_FILE first "
                         "(`socialops keys generate` makes a key)")
        wrote = None
        if settings.socialops_vault_keys is None and settings.socialops_vault_key_file is not None \
                and not args.no_new_key:
            wrote = _prepend_to_key_file(settings)
            ring = load_keyring(settings)
            assert ring is not None
        vault = Vault(ring)
        with db.uow() as session:
            from sqlalchemy import select

            teams = sorted(set(session.scalars(select(VaultSecret.team_id).where(
                VaultSecret.key_id != ring.primary_id))))
            moved, current = vault.rekey(session)
            # The OAuth installs' tokens are sealed with the same key ring: re-sealed with it.
            moved += rekey_tokens(session, TokenSeal(ring))
            for team in teams:
                audit.append(session, team_id=team, actor="cli", action="vault.rekey",
                             detail={"primary_key": ring.primary_id})
    except VaultError as exc:
        return _fail(f"{exc}. Nothing was changed in the database.")
    if wrote:
        print(f"New primary key {wrote!r} written to {settings.socialops_vault_key_file}.")
    old = [kid for kid in ring.ids if kid != ring.primary_id]
    print(f"Re-encrypted {moved} secret(s) with key {ring.primary_id!r} ({current} already were).")
    if moved == 0 and not wrote:
        print("Nothing to re-encrypt. To rotate, put a new key FIRST in SOCIALOPS_VAULT_KEYS (make one with "
              "`socialops keys generate`), keep the old ones after it, and run this again.")
    if old:
        print(f"Next: restart the app so it seals new secrets with {ring.primary_id!r}; run "
              f"`socialops keys check` and, once no secret uses them, remove the old key(s) {', '.join(old)} "
              "from the configuration (keep a backup until then).")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from storage.vault import VaultError, check_vault

    settings, db = _settings_and_db()
    try:
        result = check_vault(db, settings)
    except VaultError as exc:
        return _fail(str(exc))
    if result is None:
        print("no vault key configured and no secret stored")
        return 0
    by_key = ", ".join(f"{kid}: {n}" for kid, n in sorted(result.by_key.items())) or "none"
    print(f"vault ok: {result.secrets} secret(s); by key: {by_key}")
    if result.unreadable:
        print(f"{len(result.unreadable)} stored secret(s) fail authentication (altered rows), ids: "
              f"{', '.join(map(str, result.unreadable))}: record those passwords again with /accounts rotate")
        return 1
    return 0


def add_parser(sub: Any) -> None:
    keys = sub.add_parser("keys", help="vault keys: generate, rotate (re-encrypt everything), check")
    actions = keys.add_subparsers(dest="keys_action", required=True)
    gen = actions.add_parser("generate", help="print a new key line (kid:base64key)")
    gen.add_argument("--kid", help="key id (default: k<date><random>)")
    gen.set_defaults(func=cmd_generate)
    rot = actions.add_parser("rotate", help="re-encrypt every secret with the primary (first) key")
    rot.add_argument("--no-new-key", action="store_true",
                     help="with a key file: do not add a new key, only re-encrypt with its first key")
    rot.set_defaults(func=cmd_rotate)
    chk = actions.add_parser("check", help="prove the configured keys open the stored secrets")
    chk.set_defaults(func=cmd_check)
