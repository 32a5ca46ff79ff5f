"""Shapes the parts of interaction payloads Slack derives from blocks: actions and view state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from bot.devtools.slack.shapes import Json

# element type -> (key Slack uses in state.values / actions, key of the element's initial value)
STATE_KEYS: dict[str, tuple[str, str]] = {
    "plain_text_input": ("value", "initial_value"),
    "email_text_input": ("value", "initial_value"),
    "url_text_input": ("value", "initial_value"),
    "number_input": ("value", "initial_value"),
    "rich_text_input": ("rich_text_value", "initial_value"),
    "static_select": ("selected_option", "initial_option"),
    "external_select": ("selected_option", "initial_option"),
    "radio_buttons": ("selected_option", "initial_option"),
    "multi_static_select": ("selected_options", "initial_options"),
    "multi_external_select": ("selected_options", "initial_options"),
    "checkboxes": ("selected_options", "initial_options"),
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "channels_select": ("selected_channel", "initial_channel"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "datetimepicker": ("selected_date_time", "initial_date_time"),
    "file_input": ("files", "initial_files"),
}
_LIST_KEYS = {"selected_options", "selected_users", "selected_conversations", "selected_channels", "files"}
_OPTION_TYPES = ("static_select", "multi_static_select", "radio_buttons", "checkboxes", "overflow")


class InteractionError(AssertionError):
    """The Slack client itself would not let the user do this (so no request would ever be sent)."""


def iter_elements(blocks: Any) -> Iterator[tuple[Json, Json]]:
    """Yields (block, element) for every interactive element, in display order."""
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        candidates = list(block.get("elements") or []) if block.get("type") == "actions" else []
        candidates += [block[key] for key in ("accessory", "element") if isinstance(block.get(key), dict)]
        for element in candidates:
            if isinstance(element, dict) and "action_id" in element:
                yield block, element


def options_of(element: Json) -> list[Json]:
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        options += [o for o in group.get("options") or [] if isinstance(o, dict)]
    return options


def find_element(blocks: Any, action_id: str, value: str | None) -> tuple[Json, Json] | None:
    for block, element in iter_elements(blocks):
        if element.get("action_id") != action_id:
            continue
        if value is None or element.get("type") not in ("button", *_OPTION_TYPES):
            return block, element
        if element.get("type") == "button" and element.get("value") == value:
            return block, element
        if any(o.get("value") == value for o in options_of(element)):
            return block, element
    return None


def _option(element: Json, value: Any) -> Json:
    if isinstance(value, dict):
        return value
    if element.get("type") in ("external_select", "multi_external_select"):
        return {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
    for option in options_of(element):
        if option.get("value") == value:
            return option
    offered = [o.get("value") for o in options_of(element)]
    raise LookupError(f"{element.get('action_id')!r} offers no option {value!r}; options: {offered}")


def _convert(element: Json, key: str, value: Any) -> Any:
    if value is None:
        return [] if key in _LIST_KEYS else None
    if key in ("selected_option",):
        return _option(element, value)
    if key == "selected_options":
        return [_option(element, v) for v in (value if isinstance(value, list | tuple) else [value])]
    if key in _LIST_KEYS:
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    if key == "selected_date" and isinstance(value, dt.date):
        return value.isoformat()
    if key == "selected_time" and isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if key == "selected_date_time":
        return int(value.timestamp()) if isinstance(value, dt.datetime) else int(value)
    if key == "rich_text_value" and isinstance(value, str):
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": value}]}
        return {"type": "rich_text", "elements": [section]}
    return value if isinstance(value, dict) else str(value)


def element_state(element: Json, value: Any = None, *, given: bool = False) -> Json:
    kind = str(element.get("type"))
    key, initial_key = STATE_KEYS[kind]
    raw = value if given else element.get(initial_key)
    state: Json = {"type": kind, key: _convert(element, key, raw) if given else raw}
    if not given and key in _LIST_KEYS and raw is None:
        state[key] = []
    return state


def _client_checks(block: Json, element: Json, entry: Json) -> None:
    """Refusals the Slack client makes before anything is sent: required inputs and length limits."""
    key = STATE_KEYS[str(element.get("type"))][0]
    value = entry.get(key)
    label = f"input {block.get('block_id')}.{element.get('action_id')}"
    if block.get("type") == "input" and not block.get("optional") and value in (None, "", []):
        raise InteractionError(f"{label} is required; Slack would not submit the modal")
    if isinstance(value, str) and key == "value":
        if len(value) > int(element.get("max_length", 3000)):
            raise InteractionError(f"{label} is longer than max_length")
        if value and len(value) < int(element.get("min_length", 0)):
            raise InteractionError(f"{label} is shorter than min_length")
        if value and element.get("type") == "number_input":
            try:
                float(value)
            except ValueError:
                raise InteractionError(f"{label} is not a number") from None


def build_state(blocks: Any, values: Mapping[str, Any] | None = None, *, client_checks: bool = False) -> Json:
    """state.values as Slack sends it: {block_id: {action_id: {...}}}; unmentioned inputs keep initial values.

    ``values`` keys are an action_id or "block_id.action_id".
    """
    values = dict(values or {})
    state: Json = {}
    for block, element in iter_elements(blocks):
        if element.get("type") not in STATE_KEYS:
            continue
        block_id, action_id = str(block.get("block_id")), str(element.get("action_id"))
        given = next((k for k in (f"{block_id}.{action_id}", action_id) if k in values), None)
        entry = element_state(element, values.pop(given) if given else None, given=given is not None)
        if client_checks:
            _client_checks(block, element, entry)
        state.setdefault(block_id, {})[action_id] = entry
    if values:
        available = [f"{b.get('block_id')}.{e.get('action_id')}" for b, e in iter_elements(blocks)]
        raise LookupError(f"no input for {sorted(values)} in the view; inputs are {available}")
    return state


def action_payload(block: Json, element: Json, value: str | None, action_ts: str) -> Json:
    """One entry of block_actions.actions for a click/selection on ``element``."""
    kind = str(element.get("type"))
    action: Json = {"type": kind, "action_id": element.get("action_id"), "block_id": block.get("block_id")}
    if kind == "button":
        action["text"] = element.get("text")
        for key in ("value", "style", "url"):
            if key in element:
                action[key] = element[key]
    elif kind == "overflow":
        if value is None:
            raise LookupError(f"pick an overflow option with value=; options: {options_of(element)}")
        action["selected_option"] = _option(element, value)
    elif kind in STATE_KEYS:
        if value is None:
            raise LookupError(f"{element.get('action_id')!r} is a {kind}; pass value= to choose")
        action.update(element_state(element, value, given=True))
    if "placeholder" in element:
        action["placeholder"] = element["placeholder"]
    action["action_ts"] = action_ts
    return action
