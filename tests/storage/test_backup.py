"""`socialops backup` and `socialops restore`, as an operator runs them (SQLite), and the PostgreSQL
round trip with pg_dump / pg_restore that docs/operations.md documents.

The database is a real one the app filled: `socialops console --demo` seeds accounts with
generated passwords in the vault, grants, a guest, and their audit chain.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.core.config import Settings
from storage.db import Database
from storage.models import VaultSecret
from storage.vault import vault_from_settings
from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, db_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL"))}
    return {**env, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{db_file}",
            "SOCIALOPS_VAULT_KEY_FILE": f"{db_file}.dev-vault.key"}


def socialops(tmp_path: Path, db_file: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=tmp_path, env=_env(tmp_path, db_file), timeout=180, check=False)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database the app filled, and its development vault key beside it."""
    tmp = tmp_path_factory.mktemp("live")
    db_file = tmp / "live.db"
    env = _env(tmp, db_file)
    del env["SOCIALOPS_VAULT_KEY_FILE"]  # the console makes the development key beside the file
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "console", "--demo", "--database", f"sqlite:///{db_file}"],
                          input="quit\n", capture_output=True, text=True, cwd=tmp, env=env, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    return db_file


def rows(db_file: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def plaintexts(db_file: Path, key_of: Path | None = None) -> list[str]:
    """Every secret the vault holds, opened with the live database's key (kept beside it, never in it)."""
    settings = Settings(socialops_vault_key_file=Path(f"{key_of or db_file}.dev-vault.key"))
    vault = vault_from_settings(settings)
    assert vault is not None
    db = Database(f"sqlite:///{db_file}")
    try:
        with db.uow(read_only=True) as s:
            found = [vault.get(s, team_id=r.team_id, account_id=r.account_id, field=r.field)
                     for r in s.query(VaultSecret).all()]
    finally:
        db.dispose()
    return [p for p in found if p]


@pytest.fixture
def holder() -> Iterator[Callable[[Path], None]]:
    """Start a process that has a database open, as `socialops run` does, until the test ends."""
    procs: list[subprocess.Popen[str]] = []

    def start(db_file: Path) -> None:
        code = ("import sys, time; from storage.backup import hold_in_use; "
                f"hold_in_use({f'sqlite:///{db_file}'!r}); print('held', flush=True); time.sleep(60)")
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        procs.append(proc)

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


def test_a_backup_taken_while_the_app_runs_keeps_every_row_and_no_secret_in_clear(
        live: Path, tmp_path: Path, holder: Callable[[Path], None]) -> None:
    holder(live)  # the app is running: a backup does not need it stopped
    secrets = plaintexts(live)
    assert len(secrets) >= 6  # the demo's accounts have generated passwords
    backup = tmp_path / "monday.sqlite"

    done = socialops(tmp_path, live, "backup", str(backup))

    assert done.returncode == 0, done.stderr
    assert "vault secrets in it are still sealed" in done.stderr
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert rows(backup) == rows(live)
    raw = backup.read_bytes()
    for secret in secrets:
        assert secret.encode() not in raw
    assert plaintexts(backup, key_of=live) == secrets  # and the key still opens them: nothing was re-sealed or lost
    # A backup never overwrites a file.
    again = socialops(tmp_path, live, "backup", str(backup))
    assert again.returncode == 2 and "exists" in again.stderr


def test_a_restore_gives_back_every_row_and_the_audit_chain_verifies(live: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.sqlite"
    assert socialops(tmp_path, live, "backup", str(backup)).returncode == 0
    fresh = tmp_path / "restored.db"
    os.link(f"{live}.dev-vault.key", f"{fresh}.dev-vault.key")

    done = socialops(tmp_path, fresh, "restore", str(backup))

    assert done.returncode == 0, done.stderr
    assert "restore:" in done.stdout and ": ok, " in done.stdout  # every chain verified after the restore
    assert rows(fresh) == rows(live)
    verify = socialops(tmp_path, fresh, "audit", "verify")
    assert verify.returncode == 0, verify.stdout
    assert plaintexts(fresh) == plaintexts(live)


def test_a_restore_into_a_database_in_use_is_refused_and_changes_nothing(
        live: Path, tmp_path: Path, holder: Callable[[Path], None]) -> None:
    backup = tmp_path / "b.sqlite"
    assert socialops(tmp_path, live, "backup", str(backup)).returncode == 0
    target = tmp_path / "target.db"
    assert socialops(tmp_path, target, "db", "upgrade").returncode == 0
    before = target.read_bytes()
    holder(target)

    refused = socialops(tmp_path, target, "restore", str(backup), "--replace")

    assert refused.returncode == 2
    assert "in use by a running socialops process" in refused.stderr
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("target.db.restoring"))


def test_a_restore_over_an_existing_database_needs_replace(live: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.sqlite"
    assert socialops(tmp_path, live, "backup", str(backup)).returncode == 0
    target = tmp_path / "target.db"
    assert socialops(tmp_path, target, "db", "upgrade").returncode == 0

    refused = socialops(tmp_path, target, "restore", str(backup))
    assert refused.returncode == 2 and "--replace" in refused.stderr

    replaced = socialops(tmp_path, target, "restore", str(backup), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert rows(target) == rows(live)


def test_a_tampered_or_foreign_backup_restores_nothing(live: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.sqlite"
    assert socialops(tmp_path, live, "backup", str(backup)).returncode == 0
    conn = sqlite3.connect(backup)
    conn.execute("UPDATE audit_entries SET action = 'nothing.happened' WHERE seq = 1")
    conn.commit()
    conn.close()
    target = tmp_path / "target.db"

    tampered = socialops(tmp_path, target, "restore", str(backup))
    assert tampered.returncode == 2 and "audit chain does not verify" in tampered.stderr
    assert not target.exists()

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    foreign = socialops(tmp_path, target, "restore", str(junk))
    assert foreign.returncode == 2 and "not a SQLite database" in foreign.stderr
    assert not target.exists()


def test_backup_of_a_postgresql_database_points_to_pg_dump(tmp_path: Path) -> None:
    env = {**_env(tmp_path, tmp_path / "x.db"), "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1:1/none"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "backup", str(tmp_path / "b")], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=60, check=False)
    assert done.returncode == 2 and "pg_dump" in done.stderr


@pytest.mark.pg
@pytest.mark.skipif(PG_URL is None, reason="needs SOCIALOPS_TEST_DATABASE_URL (PostgreSQL)")
def test_postgresql_round_trip_with_pg_dump_and_pg_restore(live: Path, tmp_path: Path) -> None:
    """What docs/operations.md tells a PostgreSQL operator to do, done: dump, restore into an empty
    database, every row back and every audit chain verifying."""
    assert PG_URL is not None
    base = make_url(PG_URL)
    names = [f"backup_src_{uuid.uuid4().hex[:8]}", f"backup_dst_{uuid.uuid4().hex[:8]}"]
    admin = create_engine(base.set(database="postgres").render_as_string(hide_password=False),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    src_url, dst_url = (base.set(database=n).render_as_string(hide_password=False) for n in names)
    libpq = {"PGHOST": base.host or "127.0.0.1", "PGPORT": str(base.port or 5432), "PGUSER": base.username or ""}
    try:
        # The live SQLite database's rows, copied through the app's own schema on PostgreSQL.
        pg_env = {**_env(tmp_path, live), "DATABASE_URL": src_url}
        assert subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=pg_env, cwd=tmp_path,
                              capture_output=True, timeout=120, check=False).returncode == 0
        _copy_rows(live, src_url)
        dump = tmp_path / "socialops.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", names[0]],
                       env={**os.environ, **libpq}, check=True, timeout=120)
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={names[1]}", str(dump)],
                       env={**os.environ, **libpq}, check=True, timeout=120)

        assert _pg_rows(dst_url) == _pg_rows(src_url)
        verify = subprocess.run([sys.executable, "-m", "bot.cli", "audit", "verify"],
                                env={**pg_env, "DATABASE_URL": dst_url}, cwd=tmp_path, capture_output=True,
                                text=True, timeout=120, check=False)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        assert ": ok, " in verify.stdout
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _copy_rows(sqlite_file: Path, pg_url: str) -> None:
    from storage.models import Base

    source = create_engine(f"sqlite:///{sqlite_file}")
    dest = create_engine(pg_url)
    try:
        with source.connect() as src, dest.begin() as dst:
            for table in Base.metadata.sorted_tables:
                batch = [dict(r._mapping) for r in src.execute(table.select())]
                if batch:
                    dst.execute(table.insert(), batch)
            for table in Base.metadata.sorted_tables:  # ids inserted as they were: move the sequences on
                for column in table.primary_key.columns:
                    if column.autoincrement in (True, "auto") and column.type.python_type is int:
                        dst.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                            f"coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false) "
                            f"WHERE pg_get_serial_sequence('{table.name}', '{column.name}') IS NOT NULL"))
    finally:
        source.dispose()
        dest.dispose()


def _pg_rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            return {n: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{n}"'))), key=repr)
                    for n in names}
    finally:
        engine.dispose()
