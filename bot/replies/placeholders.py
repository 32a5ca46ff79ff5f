"""Placeholders in a template's text: `{name}`, filled in by whoever copies the reply.

A name is lowercase ASCII letters, digits and `_`, not starting with a digit, at most 40
characters (`{name}`, `{order_id}`): what a person can read at a glance and a tool could fill.
`{{` and `}}` are a literal brace. Anything else between braces (`{}`, `{1abc}`, `{Name}`,
`{first name}`) and a brace left open or never opened is refused, so nobody copies a reply
with a half-placeholder into a public answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = re.compile(r"[a-z_][a-z0-9_]{0,39}", re.ASCII)
_SHOWN = 30  # how much of a bad placeholder an error quotes


@dataclass(frozen=True)
class PlaceholderError:
    key: str  # catalog key
    text: str  # the offending piece, as typed (cut)


def scan(text: str) -> tuple[list[str], PlaceholderError | None]:
    """The placeholder names in order of first use, or the first problem."""
    names: dict[str, None] = {}
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "{":
            if text.startswith("{{", i):
                i += 2
                continue
            end = text.find("}", i + 1)
            nxt = text.find("{", i + 1)
            if end < 0 or (0 <= nxt < end):
                return [], PlaceholderError("replies.error.unclosed", text[i:i + _SHOWN])
            inner = text[i + 1:end]
            if not inner.strip():
                return [], PlaceholderError("replies.error.placeholder_empty", text[i:end + 1])
            if not NAME.fullmatch(inner):
                return [], PlaceholderError("replies.error.placeholder_name", text[i:end + 1][:_SHOWN])
            names[inner] = None
            i = end + 1
        elif c == "}":
            if text.startswith("}}", i):
                i += 2
                continue
            return [], PlaceholderError("replies.error.unopened", text[max(0, i - _SHOWN + 1):i + 1])
        else:
            i += 1
    return list(names), None
