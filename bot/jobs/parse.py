"""`/socialops jobs …` text → typed requests."""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.core.parsing import parse_id, words


def delivery_id(text: str) -> int:
    """`42` or `#42`: the id of one delivery (also the Retry button's value)."""
    parts = words(text)
    found = parse_id(parts[0]) if len(parts) == 1 else None
    if found is None:
        raise UsageError("jobs.error.bad_id", usage_key="usage.socialops.jobs_retry", text=text.strip()[:40] or "—")
    return found
