"""`socialops crisis export <id|number> [--out FILE]`: the stored post-mortem, byte for byte, whose
sha256 is the one in the audit chain."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main as cli_main
from tests.conftest import ANA, CARL
from tests.crisis.support_record import CRISIS_CHANNEL, NUMBER, audit_of, crisis_of, seed_crisis

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _resolved(driver: Any, slack: Any, rt: Any, clock: Any) -> int:
    cid = seed_crisis(rt, slack, clock)
    driver.command(CARL, "/crisis", "note Ñandú store — «closed» today", channel_id=CRISIS_CHANNEL)
    clock.advance(minutes=40)
    driver.command(ANA, "/crisis", "resolve Apologised; store reopened", channel_id=CRISIS_CHANNEL)
    return cid


def test_export_writes_the_stored_markdown_byte_for_byte(driver: Any, slack: Any, rt: Any, clock: Any, db_url: str,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    cid = _resolved(driver, slack, rt, clock)
    monkeypatch.setenv("DATABASE_URL", db_url)
    out = tmp_path / "pm.md"
    assert cli_main(["crisis", "export", NUMBER, "--out", str(out)]) == 0
    stored = crisis_of(rt, cid).postmortem
    assert stored is not None
    data = out.read_bytes()
    assert data == stored.encode("utf-8")
    [entry] = audit_of(rt, "crisis.resolved")
    assert hashlib.sha256(data).hexdigest() == json.loads(entry.detail)["postmortem_hash"]
    assert "Ñandú store — «closed» today" in data.decode("utf-8")
    # by id, to standard output: the same bytes
    capsys.readouterr()
    assert cli_main(["crisis", "export", str(cid)]) == 0
    assert capsys.readouterr().out == stored


def test_export_of_an_unknown_or_open_crisis(driver: Any, slack: Any, rt: Any, clock: Any, db_url: str,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    seed_crisis(rt, slack, clock)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli_main(["crisis", "export", "CRI-2026-0042"]) == 1
    assert "crisis CRI-2026-0042 not found" in capsys.readouterr().err
    assert cli_main(["crisis", "export", NUMBER]) == 0
    captured = capsys.readouterr()
    assert "is not resolved" in captured.err
    assert captured.out.startswith(f"# Post-mortem {NUMBER}") and "- Time to resolve: not resolved" in captured.out
