"""Paging along the escalation chain (issue 13 §3). Placeholder until the paging work lands:
the signatures are the contract the opening and resolving rules call."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.models import Crisis


def start_paging(session: Session, crisis: Crisis, now: datetime) -> None:
    """Schedule the first step of the crisis's chain (`crisis.chain`) at `now`."""


def stop_paging(session: Session, crisis: Crisis, now: datetime, *, reason: str) -> None:
    """Stop every step still to come and close the open pages (resolved, or a new severity)."""
