"""`/socialops jobs …` text → typed requests."""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.core.parsing import words


def delivery_id(text: str) -> int:
    """`42` or `#42`: the id of one delivery (also the Retry button's value)."""
    parts = words(text)
    raw = parts[0].lstrip("#") if len(parts) == 1 else ""
    if not raw.isdigit() or len(raw) > 18:
        raise UsageError("jobs.error.bad_id", usage_key="usage.socialops.jobs_retry", text=text.strip() or "—")
    return int(raw)
