"""The workspace's post rules (`/post settings`): approvals required, per-network limits (admin)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.authz import Actor, require_role
from bot.posts.checks import Limits
from bot.posts.parse import SettingChange
from bot.posts.text import parse_limit_override
from bot.posts.views import settings_of
from storage import audit
from storage.models import PostSettings


@dataclass(frozen=True)
class SettingsView:
    approvals_required: int
    text_limits: dict[str, int]  # the effective limits: defaults and overrides together
    hashtag_limits: dict[str, int]


def settings_view(session: Session, team_id: str) -> SettingsView:
    row = settings_of(session, team_id)
    limits = Limits.of(row.text_limits if row else None, row.hashtag_limits if row else None)
    return SettingsView(row.approvals_required if row else 1, dict(limits.text), dict(limits.hashtags))


def change_setting(session: Session, actor: Actor, change: SettingChange, now: datetime) -> SettingsView:
    require_role(session, actor, action="posts.settings", subject=change.what)
    row = settings_of(session, actor.team_id)
    if row is None:
        row = PostSettings(team_id=actor.team_id, approvals_required=1, text_limits={}, hashtag_limits={})
        session.add(row)
    if change.what == "approvals":
        row.approvals_required = change.value or 1
    else:
        kind = "text" if change.what == "limit" else "hashtags"
        network = change.network or ""
        value = parse_limit_override(network, kind, change.raw)  # P1's rules for what a limit may be
        # A new dict: the JSON column notices a replaced value, not one changed in place.
        if kind == "text":
            row.text_limits = {**(row.text_limits or {}), network: value}
        else:
            row.hashtag_limits = {**(row.hashtag_limits or {}), network: value}
    row.updated_by, row.updated_at = actor.user_id, now
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.settings_changed",
                 subject=change.what, at=now,
                 detail={"network": change.network, "value": change.value if change.value is not None else change.raw})
    session.flush()
    return settings_view(session, actor.team_id)
