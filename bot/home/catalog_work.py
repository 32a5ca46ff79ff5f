"""Texts of the App Home's work part (en/es)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
