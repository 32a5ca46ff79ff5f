"""Block Kit validation mirroring the limits Slack enforces server-side.

Every function returns a list of human-readable errors (empty means valid) and
never raises, because the fake server must answer garbage input the way Slack
does: with an error response rather than a crash.
"""

from __future__ import annotations

import re
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40000

_SELECTS = {"static_select", "external_select", "users_select", "conversations_select", "channels_select"}
_MULTI_SELECTS = {f"multi_{kind}" for kind in _SELECTS}
_TEXT_INPUTS = {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
_PICKERS = {"datepicker", "timepicker", "datetimepicker"}
_CHOICES = {"checkboxes", "radio_buttons"}

_ACTIONS_ELEMENTS = {"button", "overflow", "workflow_button", "rich_text_input"} | _SELECTS | _MULTI_SELECTS
_ACTIONS_ELEMENTS |= _PICKERS | _CHOICES
_ACCESSORY_ELEMENTS = {"button", "overflow", "workflow_button", "image"} | _SELECTS | _MULTI_SELECTS
_ACCESSORY_ELEMENTS |= {"datepicker", "timepicker"} | _CHOICES
_INPUT_ELEMENTS = _TEXT_INPUTS | _SELECTS | _MULTI_SELECTS | _PICKERS | _CHOICES
_INPUT_ELEMENTS |= {"rich_text_input", "file_input"}

_MESSAGE_BLOCKS = {
    "section", "divider", "header", "context", "actions", "input", "image", "rich_text", "file", "video",
    "markdown",
}
_VIEW_BLOCKS = _MESSAGE_BLOCKS - {"file", "markdown"}

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Errors:
    """Accumulates errors so one pass reports everything Slack would complain about."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")

    def string(self, path: str, value: Any, max_len: int, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(path, "is required")
        elif not isinstance(value, str):
            self.add(path, "must be a string")
        elif required and not value:
            self.add(path, "must not be empty")
        elif len(value) > max_len:
            self.add(path, f"must be at most {max_len} characters")

    def text(
        self, path: str, value: Any, max_len: int, *, required: bool = True, plain_only: bool = False
    ) -> None:
        if value is None:
            if required:
                self.add(path, "is required")
            return
        if not isinstance(value, dict):
            self.add(path, "must be a text object")
            return
        kind = value.get("type")
        if kind not in ("plain_text", "mrkdwn"):
            self.add(f"{path}.type", "must be plain_text or mrkdwn")
        elif plain_only and kind != "plain_text":
            self.add(f"{path}.type", "must be plain_text")
        body = value.get("text")
        if not isinstance(body, str) or not body:
            self.add(f"{path}.text", "must be a non-empty string")
        elif len(body) > max_len:
            self.add(path, f"must be at most {max_len} characters")
        if "emoji" in value and kind != "plain_text":
            self.add(f"{path}.emoji", "is only allowed on plain_text")
        if "verbatim" in value and kind != "mrkdwn":
            self.add(f"{path}.verbatim", "is only allowed on mrkdwn")

    def items_list(self, path: str, value: Any, max_items: int, *, min_items: int = 1) -> list[Any]:
        """Checks list bounds and returns the list (or [] when unusable) for further checks."""
        if not isinstance(value, list):
            self.add(path, "must be a list")
            return []
        if len(value) < min_items:
            self.add(path, f"must have at least {min_items} item(s)")
        if len(value) > max_items:
            self.add(path, f"must have at most {max_items} items")
        return value


def _confirm(err: _Errors, path: str, confirm: Any) -> None:
    if confirm is None:
        return
    if not isinstance(confirm, dict):
        err.add(path, "must be a confirmation dialog object")
        return
    err.text(f"{path}.title", confirm.get("title"), 100, plain_only=True)
    err.text(f"{path}.text", confirm.get("text"), 300)
    err.text(f"{path}.confirm", confirm.get("confirm"), 30, plain_only=True)
    err.text(f"{path}.deny", confirm.get("deny"), 30, plain_only=True)
    if confirm.get("style") not in (None, "primary", "danger"):
        err.add(f"{path}.style", "must be primary or danger")


def _option(err: _Errors, path: str, option: Any, *, plain_only: bool) -> None:
    if not isinstance(option, dict):
        err.add(path, "must be an option object")
        return
    err.text(f"{path}.text", option.get("text"), 75, plain_only=plain_only)
    err.string(f"{path}.value", option.get("value"), 150, required=True)
    err.text(f"{path}.description", option.get("description"), 75, required=False, plain_only=plain_only)
    err.string(f"{path}.url", option.get("url"), 3000)


def _options(
    err: _Errors, path: str, element: dict[str, Any], max_items: int, *, plain_only: bool
) -> set[str]:
    """Validates options/option_groups and returns the option values so initial_* can be checked."""
    values: set[str] = set()
    groups = element.get("option_groups")
    if groups is not None and element.get("type") in ("static_select", "multi_static_select"):
        if "options" in element:
            err.add(path, "must not have both options and option_groups")
        for g, group in enumerate(err.items_list(f"{path}.option_groups", groups, 100)):
            gpath = f"{path}.option_groups[{g}]"
            if not isinstance(group, dict):
                err.add(gpath, "must be an option group object")
                continue
            err.text(f"{gpath}.label", group.get("label"), 75, plain_only=True)
            for i, opt in enumerate(err.items_list(f"{gpath}.options", group.get("options"), 100)):
                _option(err, f"{gpath}.options[{i}]", opt, plain_only=True)
                if isinstance(opt, dict) and isinstance(opt.get("value"), str):
                    values.add(opt["value"])
        return values
    for i, opt in enumerate(err.items_list(f"{path}.options", element.get("options"), max_items)):
        _option(err, f"{path}.options[{i}]", opt, plain_only=plain_only)
        if isinstance(opt, dict) and isinstance(opt.get("value"), str):
            values.add(opt["value"])
    return values


def _initial_options(err: _Errors, path: str, element: dict[str, Any], known: set[str]) -> None:
    initial = element.get("initial_option")
    if initial is not None and (not isinstance(initial, dict) or initial.get("value") not in known):
        err.add(f"{path}.initial_option", "must match one of the options")
    many = element.get("initial_options")
    if many is not None and (
        not isinstance(many, list) or any(not isinstance(o, dict) or o.get("value") not in known
                                          for o in many)
    ):
        err.add(f"{path}.initial_options", "must match the options")


def _text_input(err: _Errors, path: str, element: dict[str, Any]) -> None:
    max_length = element.get("max_length")
    min_length = element.get("min_length")
    for name, bound in (("max_length", max_length), ("min_length", min_length)):
        if bound is not None and (not isinstance(bound, int) or not 0 <= bound <= 3000):
            err.add(f"{path}.{name}", "must be an integer between 0 and 3000")
    if isinstance(max_length, int) and isinstance(min_length, int) and min_length > max_length:
        err.add(f"{path}.min_length", "must not exceed max_length")
    initial = element.get("initial_value")
    limit = max_length if isinstance(max_length, int) and element.get("type") == "plain_text_input" else 3000
    if initial is not None:
        if not isinstance(initial, str):
            err.add(f"{path}.initial_value", "must be a string")
        elif len(initial) > limit:
            err.add(f"{path}.initial_value", f"must be at most {limit} characters")


def _element(err: _Errors, path: str, element: Any, allowed: set[str]) -> None:
    if not isinstance(element, dict):
        err.add(path, "must be an element object")
        return
    kind = element.get("type")
    if kind not in allowed:
        err.add(f"{path}.type", f"{kind!r} is not allowed here")
        return
    err.string(f"{path}.action_id", element.get("action_id"), 255)
    _confirm(err, f"{path}.confirm", element.get("confirm"))
    if "placeholder" in element:
        err.text(f"{path}.placeholder", element.get("placeholder"), 150, plain_only=True)
    if kind == "button":
        err.text(f"{path}.text", element.get("text"), 75, plain_only=True)
        err.string(f"{path}.value", element.get("value"), 2000)
        err.string(f"{path}.url", element.get("url"), 3000)
        err.string(f"{path}.accessibility_label", element.get("accessibility_label"), 75)
        if element.get("style") not in (None, "primary", "danger"):
            err.add(f"{path}.style", "must be primary or danger")
    elif kind in ("static_select", "multi_static_select"):
        _initial_options(err, path, element, _options(err, path, element, 100, plain_only=True))
    elif kind == "overflow":
        _options(err, path, element, 5, plain_only=True)
    elif kind in _CHOICES:
        _initial_options(err, path, element, _options(err, path, element, 10, plain_only=False))
    elif kind in _TEXT_INPUTS:
        _text_input(err, path, element)
    elif kind == "image":
        _image_source(err, path, element)
    elif kind == "datepicker" and not _DATE_RE.match(str(element.get("initial_date", "2000-01-01"))):
        err.add(f"{path}.initial_date", "must be formatted YYYY-MM-DD")
    elif kind == "timepicker" and not _TIME_RE.match(str(element.get("initial_time", "00:00"))):
        err.add(f"{path}.initial_time", "must be formatted HH:mm")
    if kind.startswith("multi_") and "max_selected_items" in element:
        limit = element.get("max_selected_items")
        if not isinstance(limit, int) or limit < 1:
            err.add(f"{path}.max_selected_items", "must be a positive integer")


def _image_source(err: _Errors, path: str, block: dict[str, Any]) -> None:
    if block.get("image_url") is None and block.get("slack_file") is None:
        err.add(f"{path}.image_url", "is required (or slack_file)")
    err.string(f"{path}.image_url", block.get("image_url"), 3000)
    err.string(f"{path}.alt_text", block.get("alt_text"), 2000, required=True)


def _unique_action_ids(err: _Errors, path: str, elements: list[Any]) -> None:
    seen: set[str] = set()
    for i, element in enumerate(elements):
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in seen:
                err.add(f"{path}.elements[{i}].action_id", f"duplicate action_id {action_id!r} in block")
            seen.add(action_id)


def _block(err: _Errors, path: str, block: dict[str, Any]) -> None:
    kind = block.get("type")
    if kind == "section":
        if block.get("text") is None and block.get("fields") is None:
            err.add(path, "section needs text or fields")
        err.text(f"{path}.text", block.get("text"), 3000, required=False)
        if block.get("fields") is not None:
            for i, field in enumerate(err.items_list(f"{path}.fields", block.get("fields"), 10)):
                err.text(f"{path}.fields[{i}]", field, 2000)
        if block.get("accessory") is not None:
            _element(err, f"{path}.accessory", block.get("accessory"), _ACCESSORY_ELEMENTS)
    elif kind == "header":
        err.text(f"{path}.text", block.get("text"), 150, plain_only=True)
    elif kind == "context":
        for i, element in enumerate(err.items_list(f"{path}.elements", block.get("elements"), 10)):
            if isinstance(element, dict) and element.get("type") == "image":
                _image_source(err, f"{path}.elements[{i}]", element)
            else:
                err.text(f"{path}.elements[{i}]", element, 3000)
    elif kind == "actions":
        elements = err.items_list(f"{path}.elements", block.get("elements"), 25)
        for i, element in enumerate(elements):
            _element(err, f"{path}.elements[{i}]", element, _ACTIONS_ELEMENTS)
        _unique_action_ids(err, path, elements)
    elif kind == "input":
        err.text(f"{path}.label", block.get("label"), 2000, plain_only=True)
        err.text(f"{path}.hint", block.get("hint"), 2000, required=False, plain_only=True)
        element = block.get("element")
        if element is None:
            err.add(f"{path}.element", "is required")
        elif isinstance(element, list):
            err.add(f"{path}.element", "must be exactly one element object")
        else:
            _element(err, f"{path}.element", element, _INPUT_ELEMENTS)
    elif kind == "image":
        _image_source(err, path, block)
        err.text(f"{path}.title", block.get("title"), 2000, required=False, plain_only=True)
    elif kind == "rich_text":
        err.items_list(f"{path}.elements", block.get("elements"), 1000, min_items=0)
    elif kind == "file":
        err.string(f"{path}.external_id", block.get("external_id"), 255, required=True)
        if block.get("source") != "remote":
            err.add(f"{path}.source", "must be 'remote'")
    elif kind == "video":
        err.text(f"{path}.title", block.get("title"), 200, plain_only=True)
        err.string(f"{path}.alt_text", block.get("alt_text"), 2000, required=True)
        err.string(f"{path}.video_url", block.get("video_url"), 3000, required=True)
        err.string(f"{path}.thumbnail_url", block.get("thumbnail_url"), 3000, required=True)
    elif kind == "markdown":
        err.string(f"{path}.text", block.get("text"), 12000, required=True)


def _blocks(err: _Errors, blocks: Any, max_blocks: int, allowed: set[str]) -> list[Any]:
    prefix = "blocks"
    if not isinstance(blocks, list):
        err.add(prefix, "must be a list of blocks")
        return []
    if len(blocks) > max_blocks:
        err.add(prefix, f"must have at most {max_blocks} blocks (got {len(blocks)})")
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        path = f"{prefix}[{i}]"
        if not isinstance(block, dict):
            err.add(path, "must be a block object")
            continue
        if block.get("type") not in allowed:
            err.add(f"{path}.type", f"unknown or disallowed block type {block.get('type')!r}")
            continue
        block_id = block.get("block_id")
        err.string(f"{path}.block_id", block_id, 255)
        if isinstance(block_id, str):
            if block_id in block_ids:
                err.add(f"{path}.block_id", f"duplicate block_id {block_id!r}")
            block_ids.add(block_id)
        _block(err, path, block)
    return blocks


def validate_message_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    """Errors Slack would report as invalid_blocks for chat.postMessage/update."""
    err = _Errors()
    _blocks(err, blocks, MAX_MESSAGE_BLOCKS, _MESSAGE_BLOCKS)
    return err.items


def validate_view(view: dict[str, Any]) -> list[str]:
    """Errors Slack would report for views.open/update/push/publish."""
    err = _Errors()
    if not isinstance(view, dict):
        return ["view: must be an object"]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        err.add("type", "must be modal or home")
    blocks = _blocks(err, view.get("blocks"), MAX_VIEW_BLOCKS, _VIEW_BLOCKS)
    err.string("callback_id", view.get("callback_id"), 255)
    err.string("private_metadata", view.get("private_metadata"), 3000)
    err.string("external_id", view.get("external_id"), 255)
    if kind == "modal":
        err.text("title", view.get("title"), 24, plain_only=True)
        err.text("submit", view.get("submit"), 24, required=False, plain_only=True)
        err.text("close", view.get("close"), 24, required=False, plain_only=True)
        has_inputs = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_inputs and view.get("submit") is None:
            err.add("submit", "is required when the view has input blocks")
    elif kind == "home":
        for field in ("submit", "close"):
            if field in view:
                err.add(field, "is not allowed on home views")
        err.text("title", view.get("title"), 24, required=False, plain_only=True)
    return err.items
