"""Block Kit → readable terminal text, with numbered buttons and form fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass
class Pressable:
    action_id: str
    value: str | None
    label: str
    channel: str | None = None
    message_ts: str | None = None
    view_id: str | None = None


@dataclass
class Field:
    block_id: str
    action_id: str
    label: str
    kind: str
    options: list[tuple[str, str]] = field(default_factory=list)  # (text, value)
    value: Any = None
    optional: bool = False


class Names:
    """Slack ids → readable names for the transcript."""

    def __init__(self, users: dict[str, str], channels: dict[str, str]) -> None:
        self.users, self.channels = users, channels

    def mrkdwn(self, text: str) -> str:
        text = re.sub(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", lambda m: "@" + self.users.get(m.group(1), m.group(1)), text)
        text = re.sub(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>",
                      lambda m: "#" + self.channels.get(m.group(1), m.group(1)), text)
        text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
        return text


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return str(obj or "")


def render_blocks(blocks: list[Json], names: Names, buttons: list[Pressable], *, indent: str = "    ",
                  channel: str | None = None, ts: str | None = None, view_id: str | None = None) -> list[str]:
    lines: list[str] = []

    def add(text: str, prefix: str = "") -> None:
        for line in names.mrkdwn(text).splitlines() or [""]:
            lines.append(f"{indent}{prefix}{line}")

    def pressable(el: Json) -> str:
        if el.get("type") == "button":
            buttons.append(Pressable(el["action_id"], el.get("value"), _text(el.get("text")), channel, ts, view_id))
            return f"[{len(buttons)}] {_text(el.get('text'))}"
        if el.get("type") in ("static_select", "overflow"):
            parts = []
            for opt in el.get("options", []):
                buttons.append(Pressable(el["action_id"], opt["value"], _text(opt["text"]), channel, ts, view_id))
                parts.append(f"[{len(buttons)}] {_text(opt['text'])}")
            return " ".join(parts)
        return f"<{el.get('type')}>"

    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            add(_text(block.get("text")).upper())
        elif kind == "section":
            if block.get("text"):
                add(_text(block["text"]))
            for f in block.get("fields", []):
                add(_text(f), "  ")
            if block.get("accessory"):
                lines.append(f"{indent}  {pressable(block['accessory'])}")
        elif kind == "context":
            add(" · ".join(_text(e) for e in block.get("elements", [])), "  ")
        elif kind == "divider":
            lines.append(f"{indent}{'─' * 40}")
        elif kind == "actions":
            lines.append(indent + "  ".join(pressable(el) for el in block.get("elements", [])))
        elif kind == "image":
            lines.append(f"{indent}[image: {block.get('alt_text', '')}]")
    return lines


def form_fields(view: Json) -> list[Field]:
    fields = []
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        el = block.get("element", {})
        options = [(_text(o["text"]), o["value"]) for o in el.get("options", [])]
        initial = (el.get("initial_value") or (el.get("initial_option") or {}).get("value") or el.get("initial_user")
                   or el.get("initial_conversation") or el.get("initial_channel") or el.get("initial_date"))
        if el.get("type") == "checkboxes":
            initial = [o["value"] for o in el.get("initial_options", [])]
        fields.append(Field(block["block_id"], el.get("action_id", ""), _text(block.get("label")),
                            str(el.get("type")), options, initial, bool(block.get("optional"))))
    return fields


def render_form(view: Json, fields: list[Field], names: Names) -> list[str]:
    lines = [f"  ┌─ {_text(view.get('title'))} (modal) ─"]
    lines += render_blocks([b for b in view.get("blocks", []) if b.get("type") != "input"], names, [], indent="  │ ")
    for i, f in enumerate(fields, 1):
        choices = f"  one of: {', '.join(v for _, v in f.options)}" if f.options else ""
        shown = f.value if f.value not in (None, "", []) else "—"
        if isinstance(shown, str) and f.kind in ("users_select", "conversations_select", "channels_select"):
            shown = names.mrkdwn(f"<@{shown}>" if f.kind == "users_select" else f"<#{shown}>")
        opt = " (optional)" if f.optional else ""
        lines.append(f"  │ ({i}) {f.label}{opt} [{f.kind}] = {shown}{choices}")
    submit = _text(view.get("submit")) if view.get("submit") else ""
    lines.append(f"  └─ set <n> <value> · submit{f' ({submit})' if submit else ''} · cancel")
    return lines
