"""Helpers of tests/core/test_secrets_scan.py: the planted secrets' encoded forms, and a log
handler that keeps every record of every logger, traceback included."""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterable

from bot.core.logs import JsonFormatter


def forms(secret: str | bytes) -> set[bytes]:
    """The ways a secret could sit in bytes: as is, hex (both cases) and base64 / urlsafe base64.

    A base64 run depends on where the secret starts in the encoded buffer, so each of the three
    alignments is encoded and only the characters fixed by the secret's own bytes are kept."""
    raw = secret.encode() if isinstance(secret, str) else secret
    found = {raw, binascii.hexlify(raw), binascii.hexlify(raw).upper()}
    for shift in range(3):
        first, end = -(-shift // 3), (shift + len(raw)) // 3  # whole groups inside the secret
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * shift + raw)
            found.add(encoded[4 * first:4 * end])
    return {f for f in found if len(f) >= 12}


def hits(secrets: dict[str, str | bytes], blob: bytes | str) -> list[str]:
    """The names of the secrets found in `blob` in any of their forms."""
    data = blob.encode() if isinstance(blob, str) else blob
    return sorted(name for name, secret in secrets.items() if any(f in data for f in forms(secret)))


class KeepAll(logging.Handler):
    """Every record at DEBUG: its JSON line as the app writes it, its plain message and its
    traceback, so a secret in an exception's text is found too."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.records = 0
        self._json = JsonFormatter()
        self._plain = logging.Formatter("%(name)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        self.lines.append(self._json.format(record))
        self.lines.append(self._plain.format(record))  # adds the traceback when there is one


class Offered(logging.Filter):
    """Put first on a logger the app guards: sees every record offered to it, before the guard
    drops any, and lets each on. What it saw is what the guard is there to stop."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.lines.append(record.getMessage())
        return True


def joined(parts: Iterable[str]) -> str:
    return "\n".join(parts)
