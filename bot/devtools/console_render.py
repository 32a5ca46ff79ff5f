"""Block Kit → readable terminal text, with numbered buttons and form fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

# The short codes the app's texts use, as the characters a terminal shows.
EMOJI = {
    "white_check_mark": "✅", "warning": "⚠️", "no_entry": "⛔", "lock": "🔒", "unlock": "🔓", "x": "❌",
    "key": "🔑", "repeat": "🔁", "rotating_light": "🚨", "page_facing_up": "📄", "hourglass_flowing_sand": "⏳",
    "hourglass": "⌛", "mag": "🔍", "information_source": "ℹ️", "inbox_tray": "📥", "file_cabinet": "🗄️",
    "clipboard": "📋", "bust_in_silhouette": "👤", "bell": "🔔", "white_large_square": "⬜",
}
USER_KINDS = ("users_select", "multi_users_select")
CHANNEL_KINDS = ("conversations_select", "channels_select", "multi_conversations_select", "multi_channels_select")
MULTI_KINDS = ("checkboxes", "multi_static_select", "multi_users_select", "multi_conversations_select",
               "multi_channels_select")


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

    def escape(self, text: str) -> str:
        """What Slack does to a command typed with @mentions and #channels (should_escape: true)."""
        by_user = {n: u for u, n in self.users.items()}
        by_channel = {n: c for c, n in self.channels.items()}
        text = re.sub(r"(?<![<\w])@([a-z0-9._-]+)",
                      lambda m: f"<@{by_user[m.group(1)]}|{m.group(1)}>" if m.group(1) in by_user else m.group(0), text)
        return re.sub(r"(?<![<\w])#([a-z0-9._-]+)",
                      lambda m: f"<#{by_channel[m.group(1)]}|{m.group(1)}>" if m.group(1) in by_channel
                      else m.group(0), text)

    def mrkdwn(self, text: str) -> str:
        text = re.sub(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", lambda m: "@" + self.users.get(m.group(1), m.group(1)), text)
        text = re.sub(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>",
                      lambda m: "#" + self.channels.get(m.group(1), m.group(1)), text)
        text = re.sub(r"<!date\^\d+\^[^|>]*\|([^>]+)>", r"\1", text)  # Slack shows the fallback text too
        text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
        text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
        text = re.sub(r":([a-z_]+):", lambda m: EMOJI.get(m.group(1), m.group(0)), text)
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    def user(self, uid: str) -> str:
        return "@" + self.users.get(uid, uid)

    def channel(self, cid: str) -> str:
        return "#" + self.channels.get(cid, cid)

    def value(self, kind: str, value: Any) -> str:
        """A field's value as the modal would show it: names, not ids."""
        if isinstance(value, list):
            return ", ".join(self.value(kind, v) for v in value) if value else "—"
        if value in (None, ""):
            return "—"
        if kind in USER_KINDS:
            return self.user(str(value))
        if kind in CHANNEL_KINDS:
            return self.channel(str(value))
        return str(value)


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
        kind = el.get("type")
        if kind == "button":
            label = names.mrkdwn(_text(el.get("text")))
            if el.get("url"):  # a link button opens a page; Slack still tells the app
                label += f" ({el['url']})"
            buttons.append(Pressable(el["action_id"], el.get("value"), label, channel, ts, view_id))
            return f"[{len(buttons)}] {label}"
        if kind in ("static_select", "overflow", "radio_buttons", "checkboxes"):
            parts = []
            for opt in el.get("options", []):
                label = names.mrkdwn(_text(opt["text"]))
                buttons.append(Pressable(el["action_id"], opt["value"], label, channel, ts, view_id))
                parts.append(f"[{len(buttons)}] {label}")
            return " ".join(parts)
        return f"<{kind}>"

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
            add(" · ".join(_text(e) for e in block.get("elements", []) if e.get("type") != "image"), "  ")
        elif kind == "divider":
            lines.append(f"{indent}{'─' * 40}")
        elif kind == "actions":
            lines.append(indent + "  ".join(pressable(el) for el in block.get("elements", [])))
        elif kind == "image":
            lines.append(f"{indent}[image: {block.get('alt_text', '')}]")
        elif kind == "rich_text":
            add(_rich_text(block))
    return lines


def _rich_text(block: Json) -> str:
    out: list[str] = []
    for part in block.get("elements", []):
        out.append("".join(str(e.get("text", "")) for e in part.get("elements", []) if isinstance(e, dict)))
    return "\n".join(out)


def form_fields(view: Json) -> list[Field]:
    fields = []
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        el = block.get("element", {})
        kind = str(el.get("type"))
        options = [(_text(o["text"]), o["value"]) for o in el.get("options", [])]
        initial: Any = (el.get("initial_value") or (el.get("initial_option") or {}).get("value")
                        or el.get("initial_user") or el.get("initial_conversation") or el.get("initial_channel")
                        or el.get("initial_date"))
        if kind in ("checkboxes", "multi_static_select"):
            initial = [o["value"] for o in el.get("initial_options", [])]
        elif kind in MULTI_KINDS:
            initial = list(el.get("initial_users") or el.get("initial_conversations") or el.get("initial_channels")
                           or [])
        fields.append(Field(block["block_id"], el.get("action_id", ""), _text(block.get("label")),
                            kind, options, initial, bool(block.get("optional"))))
    return fields


def render_form(view: Json, fields: list[Field], names: Names, buttons: list[Pressable]) -> list[str]:
    """The modal: its text, numbered fields, and its buttons (pressable like a message's)."""
    lines = [f"  ┌─ {_text(view.get('title'))} (modal) ─"]
    lines += render_blocks([b for b in view.get("blocks", []) if b.get("type") != "input"], names, buttons,
                           indent="  │ ", view_id=view.get("id"))
    for i, f in enumerate(fields, 1):
        opt = " (optional)" if f.optional else ""
        if f.kind == "checkboxes":
            ticks = "  ".join(f"[{'x' if v in (f.value or []) else ' '}] {names.mrkdwn(t)}" for t, v in f.options)
            hint = "  (set yes|no)" if len(f.options) == 1 else f"  one of: {', '.join(v for _, v in f.options)}"
            lines.append(f"  │ ({i}) {f.label}{opt} {ticks}{hint}")
            continue
        choices = f"  one of: {', '.join(v for _, v in f.options)}" if f.options else ""
        if f.kind in USER_KINDS:
            choices = "  (@name)"
        elif f.kind in CHANNEL_KINDS:
            choices = "  (#channel)"
        shown = names.value(f.kind, f.value).replace("\n", " ⏎ ")
        lines.append(f"  │ ({i}) {f.label}{opt} [{f.kind}] = {shown}{choices}")
    if fields:
        submit = _text(view.get("submit")) if view.get("submit") else ""
        lines.append(f"  └─ set <n> <value> · submit{f' ({submit})' if submit else ''} · cancel")
    else:
        lines.append(f"  └─ {'submit · ' if view.get('submit') else ''}cancel to close")
    return lines


def parse_field_value(f: Field, text: str, names: Names) -> Any:
    """What the user typed after `set <n>` → the value the driver submits."""
    text = text.strip()
    by_user = {n: u for u, n in names.users.items()}
    by_channel = {n: c for c, n in names.channels.items()}

    def one(item: str) -> str:
        item = item.strip()
        if f.kind in USER_KINDS:
            return by_user.get(item.lstrip("@"), item)
        if f.kind in CHANNEL_KINDS:
            return by_channel.get(item.lstrip("#"), item)
        if f.options:
            return next((v for t, v in f.options if item.lower() in (t.lower(), v.lower())), item)
        return item

    if f.kind == "checkboxes" and len(f.options) == 1 and text.lower() in ("yes", "y", "x", "on", "no", "n", "off"):
        return [f.options[0][1]] if text.lower() in ("yes", "y", "x", "on") else []
    if f.kind in MULTI_KINDS:
        return [one(part) for part in text.split(",") if part.strip() and part.strip() != "-"]
    if f.kind == "plain_text_input":
        return text.replace("\\n", "\n")  # `\n` types a new line in a multi-line field
    return one(text) if text else None


FILE_PREVIEW_LINES = 8


def render_file(where: str, filename: str, content: bytes | str) -> list[str]:
    """An uploaded file: where it went, and its first lines when it is text (not a PDF)."""
    raw = content.encode() if isinstance(content, str) else content
    lines = [f"  {where}  📎 file {filename} ({len(raw)} bytes)"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return lines
    body = text.splitlines()
    lines += [f"    ┆ {line}" for line in body[:FILE_PREVIEW_LINES]]
    if len(body) > FILE_PREVIEW_LINES:
        lines.append(f"    ┆ … {len(body) - FILE_PREVIEW_LINES} more line(s)")
    return lines
