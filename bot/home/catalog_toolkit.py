"""Texts of the App Home's toolkit part (en/es)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
