from __future__ import annotations

import json
import logging
from typing import Any

from bot.core.logs import JsonFormatter
from tests.conftest import ADMIN, ANA, SIGNING_SECRET


def test_one_structured_line_per_request_without_secrets(driver: Any, caplog: Any, slack: Any) -> None:
    with caplog.at_level(logging.INFO, logger="socialops.request"):
        driver.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
    lines = [r for r in caplog.records if r.name == "socialops.request"]
    assert len(lines) == 1
    data = json.loads(JsonFormatter().format(lines[0]))
    assert data["team"] == slack.team_id and data["user"] == ADMIN and data["kind"] == "command"
    assert data["op"] == "/socialops role" and data["outcome"] == "ok" and data["latency_ms"] >= 0
    everything = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert SIGNING_SECRET not in everything and slack.bot_token not in everything
