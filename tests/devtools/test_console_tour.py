"""The product tour: `socialops console < docs/demo.txt` on a fresh machine, as a new user runs it."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "docs" / "demo.txt"
MODAL_LINE = "  │ "


def console(script: str, home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", *args], input=script, capture_output=True, text=True,
        cwd=home, env={**clean, "HOME": str(home), "PYTHONPATH": str(ROOT), **(env or {})}, timeout=180,
        check=False,
    )


def modal_secrets(out: str, title: str) -> list[str]:
    """The one-word lines inside each modal called `title`: the passwords it showed."""
    found, inside = [], False
    for line in out.splitlines():
        if line.startswith(f"  ┌─ {title} (modal)"):
            inside = True
        elif line.startswith("  └─"):
            inside = False
        elif inside and line.startswith(MODAL_LINE) and " " not in line[len(MODAL_LINE):]:
            found.append(line[len(MODAL_LINE):])
    return found


def test_the_demo_script_tells_the_whole_story(tmp_path: Path) -> None:
    proc = console(DEMO.read_text(encoding="utf-8"), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout

    # The console made a development vault key for this user, said so once, and kept it private.
    key_file = tmp_path / ".socialops" / "dev-vault.key"
    assert out.count("DEVELOPMENT key") == 1 and str(key_file) in out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    # Every line of the script did something: no refusal by the stand-in, no console complaint.
    assert "Slack rejected" not in out
    assert not [line for line in out.splitlines() if line.startswith("  ? ") or line.startswith("  ✗ ")]

    # Register with a generated password; reveal shows the same one; the rotation a new one.
    assert "instagram @acme is in the inventory." in out
    generated = modal_secrets(out, "New password")
    revealed = modal_secrets(out, "Password")
    assert len(generated) == 2 and len(revealed) == 1
    assert revealed[0] == generated[0] and generated[1] != generated[0]
    assert all(len(p) >= 16 for p in generated)
    for secret in generated:  # only ever inside a modal: never in a message, a DM or a file
        assert all(line.startswith(MODAL_LINE) for line in out.splitlines() if secret in line)

    # Request → approval → the custodian's task → active.
    assert "*Access request #1* from @carl" in out
    assert "Approved by @bea" in out
    assert "*Task: grant access #1*" in out and "Done by @ana" in out
    assert "Your access #1 is active: editor on instagram @acme" in out

    # `wait 6d23h`: the clock moves, and the warnings come a day and then an hour before the end,
    # each under the time it was sent.
    week = out[out.index("ana> wait 6d23h"):out.index("ana> # Carl leaves")]
    heading = r"  ── (\d{4}-\d\d-\d\d \d\d:\d\d) \(UTC\) ──\n"
    warnings = re.findall(heading + r"  DM to @carl  SocialOps:\n    ⌛ Your access #1 .* ends in (1 day|1 hour), at "
                          r"(\d{4}-\d\d-\d\d \d\d:\d\d)\.", week)
    assert [w[1] for w in warnings] == ["1 day", "1 hour"]
    ends = datetime.strptime(warnings[0][2], "%Y-%m-%d %H:%M")
    assert [datetime.strptime(w[0], "%Y-%m-%d %H:%M") for w in warnings] == [ends - timedelta(days=1),
                                                                            ends - timedelta(hours=1)]
    assert re.search(r"it is now \d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)\n", week)

    # Carl leaves: the act, its checklist, the signatures, closed and sealed.
    act = re.search(r"(ACT-\d{4}-\d{4}) drawn up with 1 item\(s\)", out)
    assert act is not None
    assert "Revoke access: instagram @acme (Acme) — editor" in out
    assert "Revoked by @ana" in out and "Your access #1 (editor on instagram @acme) has been removed." in out
    assert "*I deliver* (@carl): ✅ @carl" in out and "*I receive* (@bea): ✅ @bea" in out
    assert re.search(r"Closed by @ana · .* sealed in the audit log \(sha256 [0-9a-f]+…\)", out)
    assert f"📎 file {act.group(1)}.pdf" in out and f"┆ # Handover act {act.group(1)}" in out

    # Compromise → a daily reminder queued for the custodian → rotation stops it.
    assert "@bea reported *instagram @acme* as compromised" in out
    due = re.search(r"`#\d+` accounts\.rotation_task → @ana · pending · due (\S+ \S+) UTC", out)
    assert due is not None
    # `wait 1d`: the next day the reminder reaches Ana, at the time the queue said.
    day = out[out.index("ada> wait 1d"):]
    assert re.match(rf"ada> wait 1d\n  ── {due.group(1)} \(UTC\) ──\n  DM to @ana  SocialOps:\n"
                    r"    🔑 The password of \*instagram @acme\* must change \(reported compromised", day)
    assert "Rotated by @ana" in day  # recording the new password settles the reminder in place
    assert "New password recorded for instagram @acme" in out and "Pending rotation reminders stopped." in out


def test_a_kept_database_keeps_its_dev_key_and_the_start_up_check_guards_it(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    add = ("as @ana\n/accounts add\nset 1 Acme\nset 2 x\nset 3 acme\nset 5 social@acme.example\nset 7 app\n"
           "set 10 generate\nsubmit\n")
    first = console(add, tmp_path, "--database", f"sqlite:///{db}")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "demo.db.dev-vault.key"
    assert key_file.exists() and not (tmp_path / ".socialops").exists()
    password = modal_secrets(first.stdout, "New password")[0]

    again = console("as @ana\n/accounts reveal acme\n", tmp_path, "--database", f"sqlite:///{db}")
    assert again.returncode == 0, again.stderr
    assert modal_secrets(again.stdout, "Password") == [password]

    key_file.unlink()  # a new key is made, and it cannot open what the old one sealed: refuse to start
    refused = console("/accounts\n", tmp_path, "--database", f"sqlite:///{db}")
    assert refused.returncode == 2
    assert refused.stderr.startswith("socialops: vault: ") and len(refused.stderr.strip().splitlines()) == 1
    assert password not in refused.stderr + refused.stdout


def test_configured_keys_are_used_instead_of_a_dev_key(tmp_path: Path) -> None:
    from storage.vault import generate_key_line

    proc = console("as @ana\n/accounts add\nset 1 Acme\nset 2 x\nset 3 acme\nset 5 s@acme.example\nset 10 generate\n"
                   "submit\n", tmp_path, env={"SOCIALOPS_VAULT_KEYS": generate_key_line("prod1")})
    assert proc.returncode == 0, proc.stderr
    assert "DEVELOPMENT" not in proc.stdout and not (tmp_path / ".socialops").exists()
    assert len(modal_secrets(proc.stdout, "New password")) == 1


def test_help_of_each_command_is_its_usage(tmp_path: Path) -> None:
    proc = console("/accounts help\n/access help\n/handover help\n", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "I don't know" not in proc.stdout
    assert "*/accounts* — " in proc.stdout and "`/accounts reveal <handle>`" in proc.stdout
    assert "*/access* — " in proc.stdout and "*/handover* — " in proc.stdout
