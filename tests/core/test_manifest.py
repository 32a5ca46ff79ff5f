from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_commands_match_the_registered_ones(rt: Any) -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    declared = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(declared) == set(rt.registry.commands)
    for name, cmd in declared.items():
        assert cmd["should_escape"] is True, name
        assert cmd["description"] and cmd.get("usage_hint"), name
        assert cmd["usage_hint"] == rt.registry.commands[name].usage_hint, name


def test_manifest_uses_socket_mode_interactivity_and_home() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] and settings["interactivity"]["is_enabled"]
    assert "app_home_opened" in settings["event_subscriptions"]["bot_events"]
    assert manifest["features"]["app_home"]["home_tab_enabled"]
