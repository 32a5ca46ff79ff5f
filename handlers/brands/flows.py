"""Web API work after the ack: opening the form (a profile picked is shown with `slack.tell`)."""

from __future__ import annotations

from typing import Any

from handlers.blockkit import Block


def open_form(client: Any, trigger_id: str, view: Block) -> None:
    client.views_open(trigger_id=trigger_id, view=view)
