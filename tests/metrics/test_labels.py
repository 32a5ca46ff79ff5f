"""The request histogram's labels: what the app registered names itself, anything else is `other`."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.metrics import OTHER, request_labels


def action(action_id: str) -> dict[str, Any]:
    return {"type": "block_actions", "actions": [{"action_id": action_id}]}


def test_every_registered_command_button_and_form_is_its_own_label(rt: Any) -> None:
    for name, cmd in rt.registry.commands.items():
        for sub in cmd.subcommands:
            text = " ".join(sub.words)
            label = " ".join((name, *sub.words))
            assert request_labels(rt, {"command": name, "text": f"{text} more words"}, "", "ok") == ("command", label)
    for action_id in rt.router.actions:
        assert request_labels(rt, action(action_id), action_id, "ok") == ("action", action_id)
    for callback_id in rt.router.views:
        body = {"type": "view_submission", "view": {"callback_id": callback_id}}
        assert request_labels(rt, body, callback_id, "ok") == ("view", callback_id)


def test_an_id_carrying_a_value_is_labelled_by_its_registered_prefix(rt: Any) -> None:
    assert request_labels(rt, action("handover_all:crisis.chain_member"), "", "ok") == ("action", "handover_all:*")


@pytest.mark.parametrize("body,name,outcome,expected", [
    ({"command": "/nope", "text": "x"}, "/nope x", "unhandled", ("command", OTHER)),
    ({"command": "/crisis", "text": "zzz"}, "/crisis zzz", "ok", ("command", "/crisis")),
    (action("evil\u202e"), "evil\u202e", "ok", ("action", OTHER)),
    (action("x" * 5000), "", "ok", ("action", OTHER)),
    ({"type": "block_actions", "actions": "not a list"}, "", "ok", ("action", OTHER)),
    ({"type": "view_submission", "view": {"callback_id": "made_up"}}, "made_up", "ok", ("view", OTHER)),
    ({"type": "event_callback", "event": {"type": "made_up"}}, "made_up", "unhandled", ("event", OTHER)),
    ({"type": "event_callback", "event": {"type": "made_up"}}, "made_up", "replay", ("event", OTHER)),
    ({"type": "event_callback", "event": {"type": "made_up"}}, "made_up", "error", ("event", OTHER)),
    ({"type": "event_callback", "event": {"type": "reaction_added"}}, "reaction_added", "ok",
     ("event", "reaction_added")),
    ({"type": "invented_type"}, "", "ok", (OTHER, OTHER)),
], ids=["unknown-command", "unknown-subcommand", "bidi-action", "long-action", "junk-actions", "unknown-view",
        "unhandled-event", "replayed-event", "failed-middleware", "handled-event", "unknown-type"])
def test_names_nobody_registered_are_other(rt: Any, body: dict[str, Any], name: str, outcome: str,
                                           expected: tuple[str, str]) -> None:
    assert request_labels(rt, body, name, outcome) == expected
