from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_admins_are_split_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALOPS_ADMINS", "U01, W02 ,")
    assert Settings().socialops_admins == ("U01", "W02")


def test_bad_settings_stop_start_up_with_one_line_each(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL", "PORT"))}
    env.update(SOCIALOPS_TIMEZONE="Mars/Base", SOCIALOPS_LANGUAGE="fr", PORT="99999", SOCIALOPS_ADMINS="bob",
               PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "db", "current"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 4 and "Traceback" not in proc.stderr
    joined = "\n".join(lines)
    for field in ("SOCIALOPS_TIMEZONE", "SOCIALOPS_LANGUAGE", "PORT", "SOCIALOPS_ADMINS"):
        assert f"configuration error: {field}:" in joined


def test_run_without_credentials_points_to_the_console(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_", "DATABASE_URL"))}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run"], env={**env, "PYTHONPATH": str(ROOT)},
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "SLACK_BOT_TOKEN" in proc.stderr and "socialops console" in proc.stderr


def test_load_settings_returns_valid_settings() -> None:
    assert load_settings(socialops_timezone="Europe/Madrid").socialops_timezone == "Europe/Madrid"
