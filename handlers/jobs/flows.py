"""Web API work of `/socialops jobs`, run after the ack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers import slack


def tell(user: str, channel: str, text: str) -> Callable[[Any], None]:
    """An answer only the admin who pressed Retry sees."""
    return lambda client: slack.tell(client, user, channel, text)
