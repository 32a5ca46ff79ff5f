"""`socialops kpi report`."""

from __future__ import annotations

from typing import Any


def add_parser(subparsers: Any) -> None:
    """Adds `report` under `socialops kpi`."""
