"""Shared fixtures.

The database is real: a migrated SQLite file by default, or PostgreSQL when
SOCIALOPS_TEST_DATABASE_URL is set (CI runs the whole suite both ways).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import Database, normalize_url
from storage.migrate import upgrade
from storage.models import Base

PG_URL = os.environ.get("SOCIALOPS_TEST_DATABASE_URL")
T = TypeVar("T")


class FakeClock:
    """A settable UTC clock for services and jobs."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when


def run_as(db: Database, actor: Any, use_case: Callable[[Any], T], now: datetime | None = None) -> T:
    """`runner.run` as the handlers call it: one unit of work, refusals audited at the app's time."""
    from bot.core import runner
    from bot.core.config import Settings
    from bot.core.context import AppContext
    from bot.features import registries

    fixed = now or FakeClock().now
    ctx = AppContext(settings=Settings(), db=db, clock=lambda: fixed, registries=registries())
    return runner.run(ctx, actor, use_case)


def bind_features(db: Database, *extra: Any, admins: frozenset[str] = frozenset()) -> Database:
    """Bind the app's deployment (its features, plus test-only ones) to `db`, as the app does."""
    from bot.core.deployment import Deployment, bind
    from bot.features import registries_with

    return bind(db, Deployment(admins=admins, registries=registries_with(extra)))


@contextmanager
def listening(db: Database, *names: str) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Record the domain events `names` emitted while the block runs (a test-only feature
    subscribed to them, on top of the app's own)."""
    from bot.core.deployment import KEY, bind
    from bot.core.feature import Feature

    seen: list[tuple[str, dict[str, Any]]] = []

    def hook(name: str) -> Callable[[Any, dict[str, Any]], None]:
        return lambda _s, data: seen.append((name, dict(data)))

    before = db.session_info.get(KEY)
    bind_features(db, Feature(name="test.listener", subscribers=tuple((n, hook(n)) for n in names)),
                  admins=before.admins if before is not None else frozenset())
    try:
        yield seen
    finally:
        if before is not None:
            bind(db, before)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the real migrations once; each test gets a copy of the migrated file."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()  # the last connection's close checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def _pg_migrated() -> Iterator[str | None]:
    """A scratch database of our own on the given server, so concurrent runs cannot meet.

    Falls back to resetting the given database's schema when the role may not create one.
    """
    if not PG_URL:
        yield None
        return
    base = make_url(normalize_url(PG_URL))
    scratch = f"{base.database}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        url = base.set(database=scratch).render_as_string(hide_password=False)
    except Exception:
        scratch, url = "", PG_URL
        reset = Database(url)
        with reset.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        reset.dispose()
    db = Database(url)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text(_RESET_FUNCTION))
    db.dispose()
    yield url
    if scratch:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


# Empties every table and restarts every sequence, server-side in one call. A TRUNCATE of the
# ~50 tables costs ~160 ms on PostgreSQL (it replaces each table's files), which across the
# suite's ~3,800 tests was most of the PostgreSQL run; the tests' few rows DELETE in ~3 ms.
# Children first (the reverse of the models' dependency order), so no foreign key objects.
_CHILDREN_FIRST = ", ".join(f"'{t.name}'" for t in reversed(Base.metadata.sorted_tables))
_RESET_FUNCTION = f"""
CREATE OR REPLACE FUNCTION socialops_test_reset() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; s regclass;
BEGIN
  FOREACH t IN ARRAY ARRAY[{_CHILDREN_FIRST}]::text[] LOOP
    EXECUTE format('DELETE FROM %I', t);
  END LOOP;
  FOR s IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'S' AND n.nspname = current_schema() LOOP
    PERFORM setval(s, 1, false);
  END LOOP;
END $$
"""


def reset_pg(db: Database) -> None:
    """Empties a PostgreSQL test database migrated by _pg_migrated (every table, every sequence)."""
    with db.engine.begin() as conn:
        conn.execute(text("SELECT socialops_test_reset()"))


@pytest.fixture(scope="session")
def _pg_reset(_pg_migrated: str | None) -> Iterator[Database | None]:
    """One engine for the resets, so each test does not pay for a new connection."""
    if not _pg_migrated:
        yield None
        return
    db = Database(_pg_migrated)
    yield db
    db.dispose()


@pytest.fixture
def db_url(tmp_path: Path, _sqlite_template: Path, _pg_migrated: str | None,
           _pg_reset: Database | None) -> Iterator[str]:
    if _pg_migrated and _pg_reset:
        reset_pg(_pg_reset)
        yield _pg_migrated
        return
    path = tmp_path / "socialops.db"
    shutil.copy(_sqlite_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = bind_features(Database(db_url), admins=frozenset({ADMIN}))  # as SOCIALOPS_ADMINS=U0ADMIN
    yield database
    database.dispose()


# ---- the whole app against the local Slack stand-in -------------------------------------

SIGNING_SECRET = "test-signing-secret"
TEAM = "T00000001"
ADMIN = "U0ADMIN"
ANA = "U0ANA"  # custodian
BEA = "U0BEA"  # approver
CARL = "U0CARL"  # plain member
GUEST = "U0GUEST"  # Slack guest (restricted)
APPROVALS = "C0APPROVALS"
CRISIS = "C0CRISIS"
DIGEST = "C0DIGEST"
GENERAL = "C0GENERAL"


@pytest.fixture
def slack() -> Iterator[Any]:
    from bot.devtools.slack import FakeSlack

    fake = FakeSlack(team_id=TEAM)
    fake.add_user(ADMIN, "admin", real_name="Ada Admin", email="ada@example.com", is_admin=True)
    fake.add_user(ANA, "ana", real_name="Ana Custodian", email="ana@example.com")
    fake.add_user(BEA, "bea", real_name="Bea Approver", email="bea@example.com")
    fake.add_user(CARL, "carl", real_name="Carl Member", email="carl@example.com")
    fake.add_user(GUEST, "gina", real_name="Gina Guest", email="gina@agency.example", is_restricted=True)
    everyone = [ADMIN, ANA, BEA, CARL, "U0BOT"]
    for cid, name in ((APPROVALS, "approvals"), (CRISIS, "crisis"), (DIGEST, "digest"), (GENERAL, "general")):
        fake.add_channel(cid, name, members=everyone)
    fake.start()
    yield fake
    fake.stop()
    # Whatever a scenario did, Slack must never have refused what the app built.
    rejected = [(c.method, c.error) for c in fake.calls
                if c.error in ("invalid_blocks", "invalid_arguments", "no_text", "invalid_trigger_id",
                               "exchanged_trigger_id", "expired_trigger_id", "not_authed", "invalid_auth")]
    assert not rejected, f"the Slack stand-in rejected: {rejected}"


def make_settings(slack: Any, db_url: str, **extra: Any) -> Any:
    from bot.core.config import Settings

    return Settings(
        slack_bot_token=slack.bot_token, slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url,
        database_url=db_url, socialops_admins=(ADMIN,), **extra,
    )


@pytest.fixture
def rt_extra() -> tuple[Any, ...]:
    """Test-only features the app is built with (a module overrides this fixture to add its own)."""
    return ()


@pytest.fixture
def rt(slack: Any, db: Database, db_url: str, clock: FakeClock, rt_extra: tuple[Any, ...]) -> Iterator[Any]:
    """The built app (Runtime) wired to the stand-in, the test database and the fake clock."""
    from bot.app import build

    runtime = build(make_settings(slack, db_url), db=db, clock=clock, extra=rt_extra)
    yield runtime
    runtime.close()


def bolt_dispatcher(runtime: Any) -> Any:
    """Adapt Bolt's in-process dispatch to the driver; waits for after-ack work to finish."""
    from slack_bolt import BoltRequest

    def dispatch(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        resp = runtime.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
        runtime.sender.wait_idle()
        flat = {k: (v[0] if isinstance(v, list) and v else str(v)) for k, v in resp.headers.items()}
        return resp.status, flat, resp.body

    return dispatch


@contextmanager
def serving_http(runtime: Any, threads: int = 4) -> Iterator[str]:
    """The app behind its real HTTP server (waitress, `bot/web.py`) on a free loopback port: its base URL."""
    import threading

    from bot.web import make_server

    server = make_server(runtime, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@pytest.fixture
def driver(slack: Any, rt: Any) -> Any:
    """Signed Slack payloads, dispatched through the whole Bolt app in-process."""
    from bot.devtools.slack import SlackDriver

    return SlackDriver(slack, SIGNING_SECRET, dispatch=bolt_dispatcher(rt))


@pytest.fixture
def setup_workspace(driver: Any) -> None:
    """Admin sets the three channels and grants the demo roles, through real commands."""
    driver.command(ADMIN, "/socialops", f"setup approvals <#{APPROVALS}|approvals> crisis <#{CRISIS}|crisis> "
                   f"digest <#{DIGEST}|digest>")
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
