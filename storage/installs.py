"""OAuth installs on the app's database: slack-sdk's stores with the tokens sealed, and the
per-workspace token that is refreshed once, under a row lock, however many replicas need it.

- `TokenSeal`: AES-256-GCM under the vault's key ring (`storage.vault_keys`), the associated data
  binding each ciphertext to its workspace and field, so a token copied into another row or
  workspace fails to open. A key rotation keeps older keys in the ring, so they still open.
- `EncryptedInstallationStore` subclasses slack-sdk's `SQLAlchemyInstallationStore`: its finds
  run as they are, on our tables (storage/models/installs.py) through a read-only connection, and
  the result is opened; what writes (save, delete) goes through `Database.uow()` and seals first.
  The plain SDK store writes tokens in clear: this one never does.
- `DatabaseOAuthStateStore` subclasses the SDK's state store on our table and clock.
- `WorkspaceTokens`: the bot token of a workspace, fresh. A token near its expiry is refreshed
  in one unit of work that locks the workspace's bot row (SELECT … FOR UPDATE on PostgreSQL; the
  writer lock and BEGIN IMMEDIATE on SQLite), reads it again, and refreshes only if that row still
  needs it: two replicas needing it at once make one `oauth.v2.access` call. Clients are cached
  per workspace until their token changes or nears its expiry.
"""

from __future__ import annotations

import base64
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import MetaData, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from storage.db import READ_ONLY, Database
from storage.models import SlackBot, SlackInstallation, SlackOAuthState
from storage.sealing import Sealed, open_text, seal_text
from storage.vault_keys import KeyRing, VaultError

log = logging.getLogger("socialops.installs")

# The columns that hold a credential: sealed at rest, opened when read.
SEALED_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token", "incoming_webhook_url")
# A cached client is trusted this long at most, so an uninstall or re-install seen by another
# replica reaches this one without a restart.
CACHE_SECONDS = 300.0


def _aad(team_id: str, field: str) -> bytes:
    return "\x00".join(("socialops.installs.v1", team_id, field)).encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


class TokenSeal:
    """Seals install credentials with the vault's keys: `<key id>$<nonce>$<ciphertext>` (base64)."""

    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    def __repr__(self) -> str:
        return f"TokenSeal(primary={self.ring.primary_id!r})"

    def seal(self, team_id: str, field: str, plain: str | None) -> str | None:
        if plain is None:
            return None
        sealed = seal_text(self.ring, plain, _aad(team_id, field))
        return f"{sealed.key_id}${_b64(sealed.nonce)}${_b64(sealed.ciphertext)}"

    def open(self, team_id: str, field: str, sealed: str | None) -> str | None:
        if sealed is None:
            return None
        where = f"the {field} of workspace {team_id}"
        try:
            kid, nonce, ct = sealed.rsplit("$", 2)
            parts = Sealed(kid, base64.urlsafe_b64decode(nonce), base64.urlsafe_b64decode(ct))
        except ValueError:
            raise VaultError("cannot_decrypt", f"{where} is not a sealed value") from None
        return open_text(self.ring, parts, _aad(team_id, field), where=where)


def rekey_tokens(session: Session, seal: TokenSeal) -> int:
    """Re-seal every stored credential not under the primary key (after a key rotation, so the
    old key can be retired); how many values moved. In the caller's transaction."""
    rows: list[SlackBot | SlackInstallation] = [
        *session.scalars(select(SlackBot).order_by(SlackBot.id).with_for_update()),
        *session.scalars(select(SlackInstallation).order_by(SlackInstallation.id).with_for_update()),
    ]
    moved = 0
    for row in rows:
        for name in SEALED_FIELDS:
            sealed = getattr(row, name, None)
            if sealed is None or sealed.startswith(f"{seal.ring.primary_id}$"):
                continue
            setattr(row, name, seal.seal(row.team_id, name, seal.open(row.team_id, name, sealed)))
            moved += 1
    session.flush()
    return moved


def check_tokens(session: Session, seal: TokenSeal) -> int:
    """Open one stored bot token per key id (VaultError when one does not open); how many were tried.
    The start-up check's part for the installs: a retired key must not strand a workspace."""
    tried = 0
    seen: set[str] = set()
    for team_id, token in session.execute(select(SlackBot.team_id, SlackBot.bot_token)):
        kid = (token or "").split("$", 1)[0]
        if token is None or kid in seen:
            continue
        seen.add(kid)
        seal.open(team_id, "bot_token", token)
        tried += 1
    return tried


def _columns(model: Any) -> set[str]:
    return {c.name for c in model.__table__.columns} - {"id"}


def _moment(epoch: float | int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack-sdk's SQLAlchemy installation store on our tables, with every credential sealed."""

    def __init__(self, db: Database, client_id: str, seal: TokenSeal) -> None:
        # The SDK's finds use `engine.connect()`: on SQLite a read-only connection begins a
        # deferred transaction and waits for no writer (storage/db.py); its writes are ours.
        super().__init__(client_id=client_id, engine=db.engine.execution_options(**{READ_ONLY: True}),
                         logger=log)
        self.db = db
        self.seal = seal
        self._finding = threading.local()

    @classmethod
    def build_installations_table(cls, metadata: MetaData, table_name: str) -> Table:
        return cast(Table, SlackInstallation.__table__)

    @classmethod
    def build_bots_table(cls, metadata: MetaData, table_name: str) -> Table:
        return cast(Table, SlackBot.__table__)

    def create_tables(self) -> None:
        raise NotImplementedError("the tables are created by the migration (python -m storage.migrate)")

    # ---- sealing ---------------------------------------------------------------------

    def _sealed_values(self, values: dict[str, Any], team_id: str, model: Any) -> dict[str, Any]:
        out = {k: v for k, v in values.items() if k in _columns(model)}
        for name in SEALED_FIELDS:
            if name in out:
                out[name] = self.seal.seal(team_id, name, out[name])
        out["client_id"] = self.client_id
        out["team_id"] = team_id
        return out

    def _opened(self, entity: Any) -> Any:
        team_id = entity.team_id or ""
        for name in SEALED_FIELDS:
            if hasattr(entity, name):
                setattr(entity, name, self.seal.open(team_id, name, getattr(entity, name)))
        return entity

    # ---- writes ----------------------------------------------------------------------

    def save(self, installation: Installation) -> None:
        with self.db.uow() as session:
            self.save_in(session, installation)

    def save_in(self, session: Session, installation: Installation) -> None:
        """An install replaces the workspace's earlier rows: only the tokens in use are kept at rest."""
        team_id = installation.team_id or ""
        self._forget_rows(session, team_id)
        session.execute(insert(SlackInstallation).values(
            self._sealed_values(installation.to_dict(), team_id, SlackInstallation)))
        bot = installation.to_bot()
        if bot.bot_token is not None:
            session.execute(insert(SlackBot).values(self._sealed_values(bot.to_dict(), team_id, SlackBot)))

    def save_bot(self, bot: Bot) -> None:
        team_id = bot.team_id or ""
        with self.db.uow() as session:
            session.execute(delete(SlackBot).where(SlackBot.client_id == self.client_id, SlackBot.team_id == team_id))
            session.execute(insert(SlackBot).values(self._sealed_values(bot.to_dict(), team_id, SlackBot)))

    def _forget_rows(self, session: Session, team_id: str) -> None:
        for model in (SlackBot, SlackInstallation):
            session.execute(delete(model).where(model.client_id == self.client_id, model.team_id == team_id))

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        with self.db.uow() as session:
            session.execute(delete(SlackBot).where(SlackBot.client_id == self.client_id,
                                                   SlackBot.team_id == (team_id or "")))

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        with self.db.uow() as session:
            stmt = delete(SlackInstallation).where(SlackInstallation.client_id == self.client_id,
                                                   SlackInstallation.team_id == (team_id or ""))
            if user_id is not None:
                stmt = stmt.where(SlackInstallation.user_id == user_id)
            session.execute(stmt)

    # ---- reads: the SDK's queries, then opened ---------------------------------------

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        found = super().find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                 is_enterprise_install=is_enterprise_install)
        if found is None or getattr(self._finding, "installation", False):
            return found  # inside find_installation: it opens the whole result once
        return cast(Bot, self._opened(found))

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        # The SDK may copy the latest bot row's token into the result (calling find_bot): that
        # copy must stay sealed too, so the result is opened once, whole.
        self._finding.installation = True
        try:
            found = super().find_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                                              is_enterprise_install=is_enterprise_install)
        finally:
            self._finding.installation = False
        return None if found is None else cast(Installation, self._opened(found))

    def rekey(self, session: Session) -> int:
        return rekey_tokens(session, self.seal)

    # ---- the locked refresh ------------------------------------------------------------

    def refresh_bot(self, team_id: str, rotator: TokenRotator, minutes: int) -> Bot | None:
        """The workspace's bot, its token refreshed first if it expires within `minutes`.

        One unit of work holding the bot row's lock: read again under it, refresh only if still
        needed, store the new sealed pair in the same transaction (the installation row too).
        """
        with self.db.uow() as session:
            pick = (select(SlackBot).where(SlackBot.client_id == self.client_id, SlackBot.team_id == team_id)
                    .order_by(SlackBot.installed_at.desc(), SlackBot.id.desc()).limit(1).with_for_update())
            row = session.scalars(pick).first()
            if row is None:
                return None
            current = self._opened(SQLAlchemyInstallationStore.build_bot_entity(
                {c: getattr(row, c) for c in _columns(SlackBot)}))
            if not expiring(current, minutes):
                return cast(Bot, current)  # another replica refreshed it while we waited
            refreshed = rotator.perform_bot_token_rotation(bot=current, minutes_before_expiration=minutes)
            if refreshed is None:
                return cast(Bot, current)
            row.bot_token = self.seal.seal(team_id, "bot_token", refreshed.bot_token)
            row.bot_refresh_token = self.seal.seal(team_id, "bot_refresh_token", refreshed.bot_refresh_token)
            row.bot_token_expires_at = _moment(refreshed.bot_token_expires_at)
            values = {"bot_token": row.bot_token, "bot_refresh_token": row.bot_refresh_token,
                      "bot_token_expires_at": row.bot_token_expires_at}
            session.execute(update(SlackInstallation).where(SlackInstallation.client_id == self.client_id,
                                                            SlackInstallation.team_id == team_id).values(**values))
            log.info("bot token refreshed", extra={"team": team_id})
            return refreshed


def expiring(bot: Bot, minutes: int) -> bool:
    """As the SDK's TokenRotator decides it (wall-clock seconds): within `minutes` of expiry."""
    return bot.bot_token_expires_at is not None and bot.bot_token_expires_at <= time.time() + minutes * 60


class DatabaseOAuthStateStore(SQLAlchemyOAuthStateStore):
    """The SDK's state store on our table: a state is used once and expires (Bolt also cookies it)."""

    def __init__(self, db: Database, expiration_seconds: int, clock: Callable[[], datetime]) -> None:
        super().__init__(expiration_seconds=expiration_seconds, engine=db.engine, logger=log)
        self.db = db
        self.clock = clock

    @classmethod
    def build_oauth_states_table(cls, metadata: MetaData, table_name: str) -> Table:
        return cast(Table, SlackOAuthState.__table__)

    def create_tables(self) -> None:
        raise NotImplementedError("the tables are created by the migration (python -m storage.migrate)")

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        now = self.clock()
        with self.db.uow() as session:
            # Abandoned installs leave their states behind: cleared as new ones are issued.
            session.execute(delete(SlackOAuthState).where(SlackOAuthState.expire_at <= now))
            session.add(SlackOAuthState(state=state, expire_at=now + timedelta(seconds=self.expiration_seconds)))
        return state

    def consume(self, state: str) -> bool:
        with self.db.uow() as session:
            used = session.execute(delete(SlackOAuthState).where(
                SlackOAuthState.state == state, SlackOAuthState.expire_at > self.clock()).returning(SlackOAuthState.id))
            return used.first() is not None


@dataclass
class _Cached:
    bot: Bot
    client: WebClient
    until: float  # monotonic


class NotInstalled(LookupError):
    """No bot token for this workspace: never installed, uninstalled, or its token revoked."""


class WorkspaceTokens:
    """Each workspace's bot (fresh token) and its Web API client, cached in memory.

    `make_client(token)` builds the client (the app's retrying one). A cached entry is used until
    its token nears expiry (then the locked refresh) or CACHE_SECONDS pass; `forget` drops it.
    """

    def __init__(self, store: EncryptedInstallationStore, rotator: TokenRotator,
                 make_client: Callable[[str | None], WebClient], *, minutes: int) -> None:
        self.store = store
        self.rotator = rotator
        self.make_client = make_client
        self.minutes = minutes
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def _entry(self, team_id: str) -> _Cached:
        with self._lock:
            cached = self._cache.get(team_id)
        if cached is not None and cached.until > time.monotonic() and not expiring(cached.bot, self.minutes):
            return cached
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is not None and expiring(bot, self.minutes):
            bot = self.store.refresh_bot(team_id, self.rotator, self.minutes)
        if bot is None or bot.bot_token is None:
            self.forget(team_id)
            raise NotInstalled(team_id)
        if cached is not None and cached.bot.bot_token == bot.bot_token:
            entry = _Cached(bot, cached.client, time.monotonic() + CACHE_SECONDS)  # same token, same client
        else:
            entry = _Cached(bot, self.make_client(bot.bot_token), time.monotonic() + CACHE_SECONDS)
        with self._lock:
            self._cache[team_id] = entry
        return entry

    def bot(self, team_id: str) -> Bot | None:
        try:
            return self._entry(team_id).bot
        except NotInstalled:
            return None

    def client_for(self, team_id: str) -> WebClient:
        """Raises NotInstalled when the workspace has no bot token."""
        return self._entry(team_id).client

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._cache.pop(team_id, None)

    def cached_teams(self) -> int:
        with self._lock:
            return len(self._cache)


def workspace_tokens(settings: Any, db: Database, make_client: Callable[[str | None], WebClient]) -> WorkspaceTokens:
    """The OAuth mode's tokens from the settings: the vault's keys seal them (VaultError without keys).

    `make_client(token)`: the app's retrying client for a token (None: no token, for oauth.v2.access)."""
    from storage.vault_keys import load_keyring

    ring = load_keyring(settings)
    if ring is None:
        raise VaultError("no_keys", "OAuth installs keep their tokens sealed with the vault keys: set "
                                    "SOCIALOPS_VAULT_KEYS or SOCIALOPS_VAULT_KEY_FILE (socialops keys --help)")
    store = EncryptedInstallationStore(db, settings.slack_client_id, TokenSeal(ring))
    rotator = TokenRotator(client_id=settings.slack_client_id,
                           client_secret=settings.slack_client_secret.get_secret_value(), client=make_client(None))
    return WorkspaceTokens(store, rotator, make_client, minutes=settings.socialops_token_refresh_minutes)
