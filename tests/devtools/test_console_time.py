"""Time in the console: `wait`, `at` and `now` move the app's clock, and what falls due on the
way is delivered in order under the time it was sent; `--demo` seeds a small company."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.devtools.console import AT_USAGE, WAIT_USAGE, Console, ConsoleClock, parse_at, parse_wait
from storage.models import Commitment

ROOT = Path(__file__).resolve().parents[2]
# A fixed wall clock: the transcript's times are the same on every run. 09:00 UTC on a March
# Monday is 10:00 in Madrid (CET, before the clocks change on the 29th).
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MADRID = ZoneInfo("Europe/Madrid")


class Session:
    """A console in this process, and what it printed since the last look."""

    def __init__(self, console: Console, out: io.StringIO) -> None:
        self.console, self.out = console, out

    def run(self, *lines: str) -> str:
        start = len(self.out.getvalue())
        for line in lines:
            assert self.console.handle(line)
        return self.out.getvalue()[start:]


@pytest.fixture
def quiet_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No Slack or SocialOps settings from the environment or a .env: the console's own only."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def open_console(tmp: Path, *, company: bool = False, db: str = "console.db") -> Session:
    out = io.StringIO()
    console = Console(out, database_url=f"sqlite:///{tmp / db}", company=company,
                      dev_key_file=tmp / "dev-vault.key", clock=ConsoleClock(lambda: START))
    return Session(console, out)


@pytest.fixture
def company(quiet_env: Path) -> Iterator[Session]:
    """The `--demo` company, in Madrid: Gina's one-day access ends at 10:00 tomorrow (09:00 UTC)."""
    session = open_console(quiet_env, company=True)
    session.run("/socialops setup timezone Europe/Madrid")
    try:
        yield session
    finally:
        session.console.close()


def test_durations_and_times_are_read_strictly() -> None:
    assert parse_wait("30m") == timedelta(minutes=30)
    assert parse_wait("2h") == timedelta(hours=2)
    assert parse_wait("1d") == timedelta(days=1)
    assert parse_wait("1w") == timedelta(weeks=1)
    assert parse_wait("1d12h") == parse_wait("1d 12h") == timedelta(hours=36)
    for bad in ("banana", "-1d", "+1d", "0d", "", "1y", "1.5d", "1d-2h", "367d", "99999999w", "d"):
        assert parse_wait(bad) is None, bad
    assert parse_at("2026-03-03 09:00", MADRID) == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert parse_at("2026-07-01 09:00", MADRID) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)  # summer time
    for bad in ("yesterday", "2026-03-03", "09:00", "2026-02-30 09:00", "2026-03-03 25:00"):
        assert parse_at(bad, MADRID) is None, bad


def test_the_clock_runs_with_the_wall_clock_and_only_forward() -> None:
    wall = [START]
    clock = ConsoleClock(lambda: wall[0])
    clock.set(START + timedelta(days=2))
    wall[0] += timedelta(minutes=5)  # time passes between lines, as for the real app
    assert clock() == START + timedelta(days=2, minutes=5)
    clock.set(START)  # never back
    assert clock() == START + timedelta(days=2, minutes=5)


def test_wait_delivers_the_expiry_warning_at_its_time_under_a_time_heading(company: Session) -> None:
    assert "it is 2026-03-02 10:00 (Europe/Madrid)" in company.run("now")

    quiet = company.run("wait 22h")  # the warning is due an hour before the end: not yet
    assert "──" not in quiet and "SocialOps:" not in quiet
    assert "it is now 2026-03-03 08:00 (Europe/Madrid)" in quiet

    out = company.run("wait 1h")
    lines = out.splitlines()
    assert lines[0] == "  ── 2026-03-03 09:00 (Europe/Madrid) ──"
    assert lines[1] == "  DM to @gina  SocialOps:"
    assert "ends in 1 hour" in lines[2] and "tiktok @northwindcoffee" in lines[2]
    assert lines[-1] == "  it is now 2026-03-03 09:00 (Europe/Madrid)"
    assert company.console.clock() == START + timedelta(hours=23)


def test_one_long_wait_steps_through_each_due_time_in_order(company: Session) -> None:
    out = company.run("wait 2d")
    warning = out.index("ends in 1 hour")
    task = out.index("*Task: remove access #3* (it expired)")
    expired = out.index("Your editor access on tiktok @northwindcoffee has expired")
    reminder = out.index("*Reminder:* 🔒 *Task: remove access #3*")
    assert out.index("── 2026-03-03 09:00 (Europe/Madrid) ──") < warning < task
    assert out.index("── 2026-03-03 10:00 (Europe/Madrid) ──") < task < expired
    assert out.index("── 2026-03-04 10:00 (Europe/Madrid) ──") < reminder  # daily until Revoked
    assert out.count("──") == 2 * 3  # one heading per moment something was sent
    assert out.rstrip().endswith("it is now 2026-03-04 10:00 (Europe/Madrid)")
    # The buttons on the way are numbered once, in order, and pressable afterwards.
    assert "[1] Request an extension" in out and "[2] Revoked" in out and "[3] Revoked" in out
    company.run("as @ana")
    assert "Revoked by @ana" in company.run("press 3")


def test_at_moves_to_a_local_time_and_refuses_the_past(company: Session) -> None:
    before = company.console.clock()
    for line in ("at 2026-03-01 09:00", "at 2026-03-02 10:00"):  # yesterday; this very minute
        out = company.run(line)
        assert out.startswith("  ? 2026-03-0") and "has passed: it is 2026-03-02 10:00 (Europe/Madrid)" in out
        assert company.console.clock() == before

    out = company.run("at 2026-03-03 09:30")
    assert out.index("── 2026-03-03 09:00 (Europe/Madrid) ──") < out.index("ends in 1 hour")
    assert "it is now 2026-03-03 09:30 (Europe/Madrid)" in out
    assert company.console.clock() == datetime(2026, 3, 3, 8, 30, tzinfo=UTC)


def test_bad_input_gets_a_usage_line_and_changes_nothing(company: Session) -> None:
    before = company.console.clock()
    for line in ("wait banana", "wait -1d", "wait", "wait 0m", "wait 2y", "wait 400d"):
        assert company.run(line) == WAIT_USAGE + "\n", line
    usage = AT_USAGE.format(zone="Europe/Madrid", example="2026-03-03 09:00") + "\n"
    for line in ("at yesterday", "at", "at 2026-03-03", "at 2026-13-01 09:00"):
        assert company.run(line) == usage, line
    assert company.run("at 2027-06-01 09:00").startswith("  ? at most 366 days ahead")
    assert company.console.clock() == before
    assert "ends in 1 hour" not in company.out.getvalue()  # nothing was sent on the way


def test_the_demo_company_is_seeded_through_the_app(company: Session) -> None:
    out = company.run("/accounts")
    assert "*Account inventory* (6)" in out
    assert "*Northwind Coffee*" in out and "*Pine & Co*" in out
    for row in ("instagram *@northwindcoffee*", "tiktok *@northwindcoffee*", "linkedin *@northwind-coffee*",
                "instagram *@pineandco*", "x *@pineandco*", "tiktok *@pineandco*"):
        assert row in out
    # The one login mailbox on the company's own domain is pointed out; the brands' own are not.
    assert "on the company domain demo-company.example" in company.run("/accounts show linkedin:northwind-coffee")
    assert "*Warnings*" not in company.run("/accounts show instagram:northwindcoffee")
    grants = company.run("/access list")
    assert "*Open grants* (3)" in grants
    # The guest's access, which expires tomorrow: approved because her commitment is on file.
    assert "@gina — active until 2026-03-03 10:00" in grants
    with company.console.rt.ctx.db.uow() as session:
        commitment = session.scalars(select(Commitment).where(Commitment.user_id == "U0GINA")).one()
        assert commitment.document_url.endswith("/nda-agency-gina.pdf") and commitment.recorded_by == "U0ANA"


def test_a_kept_database_keeps_its_company_and_its_time(quiet_env: Path) -> None:
    first = open_console(quiet_env, company=True, db="kept.db")
    try:
        first.run("wait 2d")  # the expired access's removal task goes out daily: the last at +2d
    finally:
        first.console.close()
    again = open_console(quiet_env, company=True, db="kept.db")  # --demo again: nothing seeded twice
    try:
        assert again.console.clock() >= START + timedelta(days=2)
        assert "*Account inventory* (6)" in again.run("/accounts")
    finally:
        again.console.close()


def test_demo_flag_seeds_the_company_from_the_command_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL"))}
    run = [sys.executable, "-m", "bot.cli", "console"]
    proc = subprocess.run(
        [*run, "--demo"], input="/accounts\n", capture_output=True, text=True, cwd=tmp_path,
        env={**env, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "*Account inventory* (6)" in proc.stdout
    both = subprocess.run(
        [*run, "--demo", "--no-demo"], input="", capture_output=True, text=True, cwd=tmp_path,
        env={**env, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}, timeout=180, check=False)
    assert both.returncode == 2 and "exclude each other" in both.stderr
