"""`socialops kpi import`."""

from __future__ import annotations

from typing import Any


def add_parser(subparsers: Any) -> None:
    """Adds `import` under `socialops kpi`."""
