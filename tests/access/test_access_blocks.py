from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.access.views import AccountRef, GrantView, RequestView
from bot.devtools.slack import validate_message_blocks
from bot.features import translator
from handlers.access import blocks

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACCOUNT = AccountRef(1, "facebook", "acmeshop", "U0ANA")
REQUEST = RequestView(
    id=7, team_id="T1", requester_id="U0CARL", account=ACCOUNT, role="editor", role_name="Partial access: Content",
    duration=timedelta(days=14), reason="spring launch", shared_password=True, status="pending", external=True,
    has_commitment=False, extends_grant_id=None, decided_by=None, decided_at=None, decision_note=None,
    message_channel=None, message_ts=None, timezone="Europe/Madrid", approvals_channel="C0APPROVALS",
)
GRANT = GrantView(
    id=3, team_id="T1", holder_id="U0CARL", account=ACCOUNT, role="editor", role_name="Partial access: Content",
    shared_password=False, status="active", expires_at=AT + timedelta(days=7), holder_email="carl@example.com",
    request_id=7, revoke_reason=None, actor=None, at=None, timezone="Europe/Madrid",
)


def action_ids(bs: list[dict[str, object]]) -> list[str]:
    return [str(e["action_id"]) for b in bs if b["type"] == "actions" for e in b["elements"]]  # type: ignore[attr-defined]


def test_pending_request_in_spanish() -> None:
    tr = translator("es")
    bs = blocks.request_blocks(tr, REQUEST)
    assert action_ids(bs) == ["access_approve", "access_deny"]
    first = bs[0]["text"]["text"]
    assert first.startswith("*Solicitud de acceso #7* de <@U0CARL> :warning: *contraseña compartida*")
    assert "2 semanas" in first
    notes = str(bs[1])
    assert "contraseña compartida" in notes and "*no* tiene acuerdo" in notes
    assert validate_message_blocks(bs) == []


def test_decided_request_shows_who_and_when_in_the_workspace_zone() -> None:
    approved = replace(REQUEST, status="approved", decided_by="U0BEA", decided_at=AT)
    bs = blocks.request_blocks(translator("en"), approved)
    assert action_ids(bs) == [] and "Approved by <@U0BEA> at 10:00" in str(bs[-1])  # 09:00 UTC in Madrid
    denied = replace(REQUEST, status="denied", decided_by="U0BEA", decided_at=AT, decision_note="too broad")
    assert ":x: Denegada por <@U0BEA> a las 10:00: too broad" in str(blocks.request_blocks(translator("es"), denied))


def test_replace_actions_keeps_the_rest() -> None:
    original = [{"type": "section", "block_id": "a"}, {"type": "actions", "block_id": "access_actions"}]
    line = blocks.done_line(translator("en"), "access.fulfil.done_line", "U0ANA", AT, "UTC")
    assert blocks.replace_actions(original, line) == [original[0], line]
    assert blocks.replace_actions(original[:1], line) == [original[0], line]


def test_review_splits_long_lists() -> None:
    items = [(i, replace(GRANT, id=i)) for i in range(1, 61)]
    messages = blocks.review_messages(translator("en"), items, "2026-06-01", False, AT)
    assert len(messages) == 3
    for _text, bs in messages:
        assert len(bs) <= 50 and validate_message_blocks(bs) == []
    assert sum(len(action_ids(bs)) for _t, bs in messages) == 120


def test_durations_and_lines() -> None:
    tr = translator("en")
    assert [blocks.duration_text(tr, timedelta(hours=h)) for h in (1, 12, 24, 36, 168, 336)] == [
        "1 hour", "12 hours", "1 day", "36 hours", "1 week", "2 weeks"]
    line = blocks.grant_line(tr, GRANT, AT + timedelta(days=8))
    assert "expired, being revoked" in line and "`#3`" in line
