"""Block Kit builders (dicts), cutting text to Slack's limits so nothing is rejected."""

from __future__ import annotations

import re
from typing import Any

Block = dict[str, Any]

SECTION_TEXT_MAX = 3000
BUTTON_TEXT_MAX = 75
VALUE_MAX = 2000
TITLE_MAX = 24
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100


_ANGLE = re.compile(r"<([^<>]*)>")
_PERSON = re.compile(r"@[UW][A-Z0-9]{2,}(?:\|[^|<>]*)?", re.ASCII)
_CHANNEL = re.compile(r"#[CG][A-Z0-9]{2,}(?:\|[^|<>]*)?", re.ASCII)
_WORD_JOINER = "\u2060"  # keeps "@here" from ever being read as a mention
_BROADCAST_WORDS = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)


def _escape(text: str) -> str:
    # Slack's mrkdwn has three control characters; escaping them turns any markup into text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _token(inner: str) -> str:
    if _PERSON.fullmatch(inner) or _CHANNEL.fullmatch(inner):
        return f"<{inner.split('|')[0]}>"  # a person or channel the author named: kept, label dropped
    if inner.startswith("!"):  # <!here>, <!channel>, <!everyone>, <!subteam^S1|@team>, <!date…>
        label = inner.split("|", 1)[1] if "|" in inner else inner[1:].split("^")[0]
        return _escape("@" + _WORD_JOINER + label.lstrip("@"))
    if "|" in inner:  # <https://evil.example|our site>: show where it really goes
        url, label = inner.split("|", 1)
        return _escape(f"{label} ({url})")
    if "://" in inner or inner.startswith("mailto:"):
        return _escape(inner)  # a bare link: Slack shows it as typed
    return _escape(f"<{inner}>")


def user_text(text: str) -> str:
    """Text a person wrote, made safe to echo inside the bot's mrkdwn (reasons, comments, notes,
    brands, post copy, crisis summaries…): no broadcast mention (`<!here>`, `<!channel>`,
    `<!everyone>`, user groups) pings anyone, no link hides its address, and Slack's control
    characters show as typed. Mentions of people and channels stay: the author named them."""
    out: list[str] = []
    pos = 0
    for m in _ANGLE.finditer(text):
        out.append(_escape(text[pos:m.start()]))
        out.append(_token(m.group(1)))
        pos = m.end()
    out.append(_escape(text[pos:]))
    # Plain "@here" only pings with link_names, which the bot never sets; made inert all the same.
    return _BROADCAST_WORDS.sub(lambda m: "@" + _WORD_JOINER + m.group(1), "".join(out))


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int = 3000) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT_MAX) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": cut(text, limit) or " "}


def section(text: str, *, block_id: str | None = None, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def sections(text: str) -> list[Block]:
    """Long text as several sections, split on line boundaries (a line longer than a section
    is split inside it), so no text is lost and no section is blank."""
    out: list[Block] = []
    chunk = ""
    for whole in text.splitlines():
        pieces = [whole[i:i + SECTION_TEXT_MAX] for i in range(0, len(whole), SECTION_TEXT_MAX)] or [""]
        for line in pieces:
            if chunk and len(chunk) + len(line) + 1 > SECTION_TEXT_MAX:
                out.append(section(chunk))
                chunk = ""
            chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        out.append(section(chunk))
    return out


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(t, 2000) for t in texts[:10]]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", *, style: str | None = None,
           confirm: dict[str, Any] | None = None) -> Block:
    el: Block = {"type": "button", "text": plain(text, BUTTON_TEXT_MAX), "action_id": action_id}
    if value:
        el["value"] = cut(value, VALUE_MAX)
    if style:
        el["style"] = style
    if confirm:
        el["confirm"] = confirm
    return el


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements[:25])}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value[:150]}


def input_block(block_id: str, label: str, element: Block, *, optional: bool = False,
                hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
                    "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(action_id: str, *, initial: str | None = None, multiline: bool = False,
               placeholder: str | None = None, max_length: int | None = None) -> Block:
    el: Block = {"type": "plain_text_input", "action_id": action_id, "multiline": multiline}
    if initial:
        el["initial_value"] = initial
    if placeholder:
        el["placeholder"] = plain(placeholder, 150)
    if max_length:
        el["max_length"] = max_length
    return el


def static_select(action_id: str, options: list[dict[str, Any]], *, initial: str | None = None) -> Block:
    shown = options[:100]  # Slack's limit; an initial option must be one of those shown
    el: Block = {"type": "static_select", "action_id": action_id, "options": shown}
    chosen = next((o for o in shown if o["value"] == initial), None)
    if chosen:
        el["initial_option"] = chosen
    return el


def channel_select(action_id: str, *, initial: str | None = None) -> Block:
    el: Block = {"type": "conversations_select", "action_id": action_id,
                 "filter": {"include": ["public", "private"], "exclude_bot_users": True}}
    if initial:
        el["initial_conversation"] = initial
    return el


def user_select(action_id: str, *, initial: str | None = None) -> Block:
    el: Block = {"type": "users_select", "action_id": action_id}
    if initial:
        el["initial_user"] = initial
    return el


def modal(title: str, callback_id: str, blocks: list[Block], *, submit: str | None = None,
          close: str | None = None, private_metadata: str = "") -> Block:
    view: Block = {"type": "modal", "callback_id": callback_id, "title": plain(title, TITLE_MAX),
                   "blocks": blocks[:VIEW_BLOCKS_MAX]}
    if submit:
        view["submit"] = plain(submit, TITLE_MAX)
    if close:
        view["close"] = plain(close, TITLE_MAX)
    if private_metadata:
        view["private_metadata"] = private_metadata[:3000]
    return view


def decided_context(text: str) -> Block:
    """Replaces a message's buttons once decided, so nobody clicks twice."""
    return context(text)


def input_value(values: dict[str, dict[str, Any]], block_id: str, action_id: str = "value") -> Any:
    """The python value of one input in a view_submission's state."""
    el = values.get(block_id, {}).get(action_id) or {}
    kind = el.get("type")
    if kind in ("static_select", "radio_buttons", "external_select"):
        return (el.get("selected_option") or {}).get("value")
    if kind in ("checkboxes", "multi_static_select"):
        return [o["value"] for o in el.get("selected_options") or []]
    if kind == "users_select":
        return el.get("selected_user")
    if kind == "multi_users_select":
        return el.get("selected_users") or []
    if kind == "conversations_select":
        return el.get("selected_conversation")
    if kind == "channels_select":
        return el.get("selected_channel")
    if kind == "datepicker":
        return el.get("selected_date")
    if kind == "timepicker":
        return el.get("selected_time")
    if kind == "datetimepicker":
        return el.get("selected_date_time")
    return el.get("value")
