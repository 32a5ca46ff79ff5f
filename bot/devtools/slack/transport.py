"""What the driver sends and gets back, and the HTTP transport to an app's URL."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SentRequest:
    """A request exactly as sent, so resend() can replay it the way Slack retries."""

    kind: str  # "command" | "interaction" | "event"
    body: bytes
    content_type: str
    user_id: str | None = None
    channel_id: str | None = None


@dataclass
class DriverResponse:
    status: int
    headers: dict[str, str]  # keys lower-cased
    body: str
    request: SentRequest | None = None
    sent: bool = True  # False when Slack would not have called the app (view closed without notify_on_close)
    problems: list[str] = field(default_factory=list)  # app replies Slack would refuse
    errors: dict[str, str] = field(default_factory=dict)  # response_action=errors, shown in the modal

    def json(self) -> Any:
        """The reply parsed; a slash command's plain-text reply (Bolt's ``ack("hi")``) reads as
        ``{"text": body}`` because that is how Slack treats it."""
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            if self.request is not None and self.request.kind == "command":
                return {"text": self.body}
            raise


def http_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 - scheme checked above
            return int(resp.status), dict(resp.headers.items()), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read().decode("utf-8")
