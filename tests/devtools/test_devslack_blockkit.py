"""Block Kit validation: Slack's documented limits are enforced, realistic payloads pass."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from bot.devtools.slack.blockkit import validate_message_blocks, validate_view

Json = dict[str, Any]


def plain(text: str) -> Json:
    return {"type": "plain_text", "text": text}


def button(action_id: str = "approve", text: str = "Approve", **extra: Any) -> Json:
    return {"type": "button", "action_id": action_id, "text": plain(text), **extra}


def option(value: str, text: str | None = None) -> Json:
    return {"text": plain(text or value), "value": value}


def section(text: str = "hello") -> Json:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def text_input_block(block_id: str = "title", **element: Any) -> Json:
    return {"type": "input", "block_id": block_id, "label": plain("Title"),
            "element": {"type": "plain_text_input", "action_id": "value", **element}}


def realistic_message() -> list[Json]:
    return [
        {"type": "header", "text": plain("Post ready for review :tada:", ) | {"emoji": True}},
        {"type": "section", "block_id": "summary", "text": {"type": "mrkdwn", "text": "*Launch* goes out at 10:00"},
         "fields": [{"type": "mrkdwn", "text": "*Network*\nLinkedIn"}, {"type": "plain_text", "text": "Draft"}],
         "accessory": {"type": "overflow", "action_id": "more", "options": [option("edit"), option("delete")]}},
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "by <@U1>"},
                                         {"type": "image", "image_url": "https://x.test/a.png", "alt_text": "a"}]},
        {"type": "actions", "block_id": "review", "elements": [
            button("approve", "Approve", style="primary", value="post-1"),
            button("reject", "Reject", style="danger", value="post-1", confirm={
                "title": plain("Sure?"), "text": plain("This cannot be undone"),
                "confirm": plain("Reject"), "deny": plain("Cancel")}),
            {"type": "static_select", "action_id": "network", "placeholder": plain("Network"),
             "options": [option("li", "LinkedIn"), option("x", "X")], "initial_option": option("li", "LinkedIn")},
            {"type": "datepicker", "action_id": "when", "initial_date": "2026-03-02"},
        ]},
        {"type": "image", "image_url": "https://x.test/b.png", "alt_text": "preview", "title": plain("Preview")},
        {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "x"}]}]},
    ]


def realistic_modal() -> Json:
    return {
        "type": "modal", "callback_id": "schedule_post", "private_metadata": '{"post": 1}',
        "title": plain("Schedule post"), "submit": plain("Schedule"), "close": plain("Cancel"),
        "blocks": [
            section("Pick a time"),
            text_input_block("title", max_length=200, initial_value="Launch"),
            {"type": "input", "block_id": "body", "label": plain("Body"), "hint": plain("Markdown ok"),
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True}},
            {"type": "input", "block_id": "networks", "label": plain("Networks"),
             "element": {"type": "checkboxes", "action_id": "value",
                         "options": [option("li"), {"text": {"type": "mrkdwn", "text": "*X*"}, "value": "x"}]}},
            {"type": "input", "block_id": "owner", "optional": True, "label": plain("Owner"),
             "element": {"type": "users_select", "action_id": "value"}},
            {"type": "input", "block_id": "at", "label": plain("At"),
             "element": {"type": "timepicker", "action_id": "value", "initial_time": "09:30"}},
        ],
    }


def test_realistic_payloads_are_valid() -> None:
    assert validate_message_blocks(realistic_message()) == []
    assert validate_view(realistic_modal()) == []
    assert validate_view({"type": "home", "blocks": realistic_message()[:-2]}) == []


def _message_with(mutate: Callable[[list[Json]], object]) -> list[str]:
    blocks = realistic_message()
    mutate(blocks)
    return validate_message_blocks(blocks)


def _modal_with(mutate: Callable[[Json], object]) -> list[str]:
    view = realistic_modal()
    mutate(view)
    return validate_view(view)


def _set(target: Json, key: str, value: Any) -> None:
    target[key] = value


MESSAGE_VIOLATIONS: list[tuple[str, Callable[[list[Json]], object], str]] = [
    ("51 blocks", lambda b: b.extend(section() for _ in range(51 - len(b))), "blocks: must have at most 50 blocks"),
    ("section text 3001", lambda b: _set(b[1], "text", {"type": "mrkdwn", "text": "x" * 3001}),
     "blocks[1].text: must be at most 3000 characters"),
    ("section without text or fields", lambda b: b.append({"type": "section"}), "section needs text or fields"),
    ("11 fields", lambda b: _set(b[1], "fields", [plain("f")] * 11), "blocks[1].fields: must have at most 10 items"),
    ("field 2001", lambda b: _set(b[1], "fields", [plain("f" * 2001)]), "blocks[1].fields[0]: must be at most 2000"),
    ("header 151", lambda b: _set(b[0], "text", plain("h" * 151)), "blocks[0].text: must be at most 150"),
    ("header mrkdwn", lambda b: _set(b[0], "text", {"type": "mrkdwn", "text": "h"}), "must be plain_text"),
    ("button text 76", lambda b: _set(b[4]["elements"][0], "text", plain("b" * 76)),
     "blocks[4].elements[0].text: must be at most 75"),
    ("button value 2001", lambda b: _set(b[4]["elements"][0], "value", "v" * 2001),
     "blocks[4].elements[0].value: must be at most 2000"),
    ("button url 3001", lambda b: _set(b[4]["elements"][0], "url", "u" * 3001), "url: must be at most 3000"),
    ("button style", lambda b: _set(b[4]["elements"][0], "style", "secondary"), "style: must be primary or danger"),
    ("action_id 256", lambda b: _set(b[4]["elements"][0], "action_id", "a" * 256),
     "blocks[4].elements[0].action_id: must be at most 255"),
    ("block_id 256", lambda b: _set(b[2], "block_id", "b" * 256), "blocks[2].block_id: must be at most 255"),
    ("duplicate block_id", lambda b: _set(b[2], "block_id", "summary"), "duplicate block_id 'summary'"),
    ("duplicate action_id", lambda b: b[4]["elements"].append(button("approve", "Again")),
     "duplicate action_id 'approve' in block"),
    ("26 actions", lambda b: _set(b[4], "elements", [button(f"a{i}") for i in range(26)]),
     "blocks[4].elements: must have at most 25 items"),
    ("11 context elements", lambda b: _set(b[3], "elements", [plain("c")] * 11), "must have at most 10 items"),
    ("confirm title 101", lambda b: _set(b[4]["elements"][1]["confirm"], "title", plain("t" * 101)),
     "confirm.title: must be at most 100"),
    ("confirm text 301", lambda b: _set(b[4]["elements"][1]["confirm"], "text", plain("t" * 301)),
     "confirm.text: must be at most 300"),
    ("confirm button 31", lambda b: _set(b[4]["elements"][1]["confirm"], "confirm", plain("c" * 31)),
     "confirm.confirm: must be at most 30"),
    ("101 options", lambda b: _set(b[4]["elements"][2], "options", [option(f"o{i}") for i in range(101)]),
     "options: must have at most 100 items"),
    ("option text 76", lambda b: _set(b[4]["elements"][2], "options", [option("x", "t" * 76)]),
     "options[0].text: must be at most 75"),
    ("option value 151", lambda b: _set(b[4]["elements"][2], "options", [option("v" * 151)]),
     "options[0].value: must be at most 150"),
    ("placeholder 151", lambda b: _set(b[4]["elements"][2], "placeholder", plain("p" * 151)),
     "placeholder: must be at most 150"),
    ("initial option not offered", lambda b: _set(b[4]["elements"][2], "initial_option", option("nope")),
     "initial_option: must match one of the options"),
    ("6 overflow options", lambda b: _set(b[1]["accessory"], "options", [option(f"o{i}") for i in range(6)]),
     "blocks[1].accessory.options: must have at most 5 items"),
    ("bad date", lambda b: _set(b[4]["elements"][3], "initial_date", "02/03/2026"), "YYYY-MM-DD"),
    ("unknown block type", lambda b: b.append({"type": "carousel"}), "unknown or disallowed block type 'carousel'"),
    ("empty text", lambda b: _set(b[1], "text", {"type": "mrkdwn", "text": ""}), "must be a non-empty string"),
    ("bad text type", lambda b: _set(b[1], "text", {"type": "markdown", "text": "x"}),
     "must be plain_text or mrkdwn"),
    ("emoji on mrkdwn", lambda b: _set(b[1], "text", {"type": "mrkdwn", "text": "x", "emoji": True}),
     "emoji: is only allowed on plain_text"),
    ("image without alt", lambda b: b[5].pop("alt_text"), "blocks[5].alt_text: is required"),
    ("input in actions", lambda b: b[4]["elements"].append({"type": "plain_text_input", "action_id": "t"}),
     "'plain_text_input' is not allowed here"),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in MESSAGE_VIOLATIONS],
                         ids=[name for name, _, _ in MESSAGE_VIOLATIONS])
def test_message_violation_is_reported(mutate: Callable[[list[Json]], object], expected: str) -> None:
    errors = _message_with(mutate)
    assert any(expected in e for e in errors), errors


def _input(view: Json, index: int = 1) -> Json:
    block: Json = view["blocks"][index]
    return block


VIEW_VIOLATIONS: list[tuple[str, Callable[[Json], object], str]] = [
    ("101 blocks", lambda v: _set(v, "blocks", [section()] * 101), "blocks: must have at most 100 blocks"),
    ("title 25", lambda v: _set(v, "title", plain("t" * 25)), "title: must be at most 24 characters"),
    ("title missing", lambda v: v.pop("title"), "title: is required"),
    ("submit 25", lambda v: _set(v, "submit", plain("s" * 25)), "submit: must be at most 24"),
    ("close 25", lambda v: _set(v, "close", plain("c" * 25)), "close: must be at most 24"),
    ("missing submit with inputs", lambda v: v.pop("submit"), "submit: is required when the view has input blocks"),
    ("callback_id 256", lambda v: _set(v, "callback_id", "c" * 256), "callback_id: must be at most 255"),
    ("private_metadata 3001", lambda v: _set(v, "private_metadata", "m" * 3001),
     "private_metadata: must be at most 3000"),
    ("external_id 256", lambda v: _set(v, "external_id", "e" * 256), "external_id: must be at most 255"),
    ("missing input label", lambda v: _input(v).pop("label"), "blocks[1].label: is required"),
    ("label 2001", lambda v: _set(_input(v), "label", plain("l" * 2001)), "blocks[1].label: must be at most 2000"),
    ("hint 2001", lambda v: _set(_input(v, 2), "hint", plain("h" * 2001)), "blocks[2].hint: must be at most 2000"),
    ("input without element", lambda v: _input(v).pop("element"), "blocks[1].element: is required"),
    ("input with two elements", lambda v: _set(_input(v), "element", [{"type": "plain_text_input"}] * 2),
     "must be exactly one element object"),
    ("max_length 3001", lambda v: _set(_input(v)["element"], "max_length", 3001), "max_length: must be an integer"),
    ("initial value over max", lambda v: _set(_input(v)["element"], "initial_value", "x" * 201),
     "initial_value: must be at most 200 characters"),
    ("11 checkboxes", lambda v: _set(_input(v, 3)["element"], "options", [option(f"o{i}") for i in range(11)]),
     "blocks[3].element.options: must have at most 10 items"),
    ("bad time", lambda v: _set(_input(v, 5)["element"], "initial_time", "9:30am"), "HH:mm"),
    ("wrong type", lambda v: _set(v, "type", "dialog"), "type: must be modal or home"),
    ("file block in view", lambda v: v["blocks"].append({"type": "file", "external_id": "x", "source": "remote"}),
     "unknown or disallowed block type 'file'"),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in VIEW_VIOLATIONS],
                         ids=[name for name, _, _ in VIEW_VIOLATIONS])
def test_view_violation_is_reported(mutate: Callable[[Json], object], expected: str) -> None:
    errors = _modal_with(mutate)
    assert any(expected in e for e in errors), errors


def test_limits_are_inclusive() -> None:
    blocks = [section("x" * 3000)] + [section() for _ in range(49)]
    assert validate_message_blocks(blocks) == []
    view = realistic_modal()
    view["title"] = plain("t" * 24)
    view["blocks"] = [*view["blocks"], *[section() for _ in range(100 - len(view["blocks"]))]]
    assert validate_view(view) == []
    assert validate_message_blocks([{"type": "actions", "elements": [button("a" * 255, "b" * 75, value="v" * 2000)],
                                     "block_id": "k" * 255}]) == []


def test_home_rejects_modal_only_fields_and_garbage_never_raises() -> None:
    assert any("submit" in e for e in validate_view({"type": "home", "blocks": [], "submit": plain("Go")}))
    garbage: Any = ["not a block", {"type": "section", "text": "raw string"}, {"type": "actions", "elements": "x"}]
    errors = validate_message_blocks(garbage)
    assert "blocks[0]: must be a block object" in errors
    assert "blocks[1].text: must be a text object" in errors
    assert "blocks[2].elements: must be a list" in errors
    assert validate_message_blocks("nope") == ["blocks: must be a list of blocks"]  # type: ignore[arg-type]


def test_validation_does_not_mutate_input() -> None:
    blocks = realistic_message()
    before = copy.deepcopy(blocks)
    validate_message_blocks(blocks)
    assert blocks == before
