"""`socialops console` as a new user would try it: a script on standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_console(script: str, tmp_path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL"))}
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console"], input=script, capture_output=True, text=True,
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_console_sets_a_role_and_shows_the_help(tmp_path: Path) -> None:
    out = run_console(
        "/socialops help\n"
        "/socialops role add @carl auditor\n"
        "as @carl\n"
        "/socialops role add @carl admin\n"
        "/socialops roles\n"
        "quit\n",
        tmp_path,
    )
    assert "You are @ada (admin)" in out
    assert "`/socialops role add @user <role>`" in out  # the help
    assert "@carl is now *auditor*" in out
    assert "Not allowed" in out  # carl is not an admin
    assert "• *auditor* (`auditor`): @carl" in out


def test_console_fills_and_submits_a_modal(tmp_path: Path) -> None:
    out = run_console(
        "/socialops setup\nset 4 Atlantis/Deep\nsubmit\nset 4 Europe/Madrid\nset 5 es\nsubmit\n/socialops help\n",
        tmp_path,
    )
    assert "Workspace setup (modal)" in out
    assert "✗ Time zone" in out and "is not a time zone" in out
    assert "Configuración guardada" in out and "Europe/Madrid" in out  # confirmed in the new language
    assert "Comandos de SocialOps" in out  # the workspace now speaks Spanish
