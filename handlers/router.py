"""The table of button and modal handlers behind one Bolt listener each (see handlers/kit.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from handlers.calls import ActionCall, ViewCall, ViewResult

ActionFn = Callable[[ActionCall], None]
ViewFn = Callable[[ViewCall], ViewResult]


@dataclass
class Router:
    """Our own table of action and view handlers behind ONE Bolt listener each.

    Bolt tries its listeners one by one, building keyword arguments for every matcher;
    with dozens of buttons that alone cost about a millisecond per request.
    """

    actions: dict[str, ActionFn] = field(default_factory=dict)
    action_patterns: list[tuple[re.Pattern[str], ActionFn]] = field(default_factory=list)
    views: dict[str, ViewFn] = field(default_factory=dict)

    def action(self, action_id: str) -> ActionFn | None:
        found = self.actions.get(action_id)
        if found is None:
            found = next((fn for pattern, fn in self.action_patterns if pattern.search(action_id)), None)
        return found
