"""The post-mortem's figures (issue 13 §5), on a timeline seeded row by row with known times: each one
equals the test's own computation; absent things say so; the Markdown is in the workspace's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.crisis import postmortem
from bot.crisis.resolve import gather, markdown_of
from bot.features import translator
from storage.models import Crisis, CrisisEvent, CrisisPage, CrisisStatement, Workspace
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Madrid


def _seed(db: Any, *, acknowledged: bool = True, approved: bool = True, resolved: bool = True) -> int:
    with db.uow() as s:
        ws = s.get(Workspace, TEAM) or Workspace(team_id=TEAM)
        ws.timezone = "Europe/Madrid"
        s.add(ws)
        crisis = Crisis(
            team_id=TEAM, number="CRI-2026-0007", year=2026, seq=7, severity="sev1", summary="Recall rumour",
            brand="Acme", reporter_id=CARL, status="resolved" if resolved else "open", opened_at=T0,
            channel_id="C0CRI7", chain=[{"users": [ANA], "ack_minutes": 5}, {"users": [BEA], "ack_minutes": 5}],
            acknowledged_at=T0 + timedelta(minutes=7, seconds=30) if acknowledged else None,
            acknowledged_by=BEA if acknowledged else None,
            resolved_at=T0 + timedelta(hours=5, minutes=10) if resolved else None,
            resolved_by=ADMIN if resolved else None, resolution="Rumour denied" if resolved else None,
            held_posts=[41, 42],
            checklist=[{"text": "Pause the ads", "done_by": ANA, "done_at": (T0 + timedelta(minutes=3)).isoformat()},
                       {"text": "Brief the CEO", "done_by": None, "done_at": None}])
        s.add(crisis)
        s.flush()
        pages = [(ANA, 0, 0, T0, "closed"), (BEA, 1, 0, T0 + timedelta(minutes=5),
                                             "acknowledged" if acknowledged else "open")]
        for user, level, cycle, at, state in pages:
            s.add(CrisisPage(team_id=TEAM, crisis_id=crisis.id, generation=1, step=cycle * 2 + level, cycle=cycle,
                             level=level, user_id=user, paged_at=at, state=state))
        statements = [(1, "rejected", T0 + timedelta(minutes=20))]
        if approved:
            statements += [(2, "approved", T0 + timedelta(minutes=47)), (3, "approved", T0 + timedelta(hours=2))]
        for version, status, decided in statements:
            s.add(CrisisStatement(team_id=TEAM, crisis_id=crisis.id, version=version, author_id=ANA, empathy="e",
                                  facts="f", unknowns="u", actions="a", next_update="n", status=status,
                                  created_at=decided - timedelta(minutes=5), decided_by=BEA, decided_at=decided))
        # inserted out of order on purpose: the timeline is by time
        for minutes, kind, actor, text in [(47, "statement_approved", BEA, ""), (0, "opened", CARL, ""),
                                           (5, "paged", "system", ""), (12, "note", ANA, "Press\ncalled"),
                                           (310, "resolved", ADMIN, "Rumour denied")]:
            s.add(CrisisEvent(team_id=TEAM, crisis_id=crisis.id, at=T0 + timedelta(minutes=minutes), actor=actor,
                              kind=kind, text=text, detail={}))
        return crisis.id


def _pm(db: Any, cid: int) -> postmortem.PostMortem:
    with db.uow() as s:
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        return gather(s, crisis)


def test_figures_equal_an_independent_computation(rt: Any) -> None:
    cid = _seed(rt.ctx.db)
    pm = _pm(rt.ctx.db, cid)
    opened = T0
    assert pm.time_to_acknowledge == (T0 + timedelta(minutes=7, seconds=30)) - opened == timedelta(seconds=450)
    # the first approved version, not the rejected one nor the later approval
    assert pm.time_to_statement == timedelta(minutes=47)
    assert pm.time_to_resolve == timedelta(hours=5, minutes=10)
    assert [(p.user_id, p.level, p.cycle, p.paged_at, p.answered) for p in pm.pages] == [
        (ANA, 0, 0, T0, False), (BEA, 1, 0, T0 + timedelta(minutes=5), True)]
    assert [(e.kind, e.at - T0) for e in pm.timeline] == [
        ("opened", timedelta(0)), ("paged", timedelta(minutes=5)), ("note", timedelta(minutes=12)),
        ("statement_approved", timedelta(minutes=47)), ("resolved", timedelta(minutes=310))]
    assert [(h.post_id, h.status) for h in pm.held] == [(41, None), (42, None)]  # posts no longer there
    assert [(c.text, c.done_by, c.done_at) for c in pm.checklist] == [
        ("Pause the ads", ANA, T0 + timedelta(minutes=3)), ("Brief the CEO", None, None)]


def test_the_markdown_shows_the_figures_in_local_time(rt: Any) -> None:
    cid = _seed(rt.ctx.db)
    with rt.ctx.db.uow() as s:
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        text = markdown_of(s, crisis)
    assert text.startswith("# Post-mortem CRI-2026-0007\n")
    for line in ["- Time to acknowledge: 7 min 30 s", "- Time to approved statement: 47 min",
                 "- Time to resolve: 5 h 10 min", "- Acknowledged by: <@U0BEA>",
                 f"- <@{BEA}> — level 2, round 1, 2026-03-02 10:05: answered (acknowledged)",
                 f"- <@{ANA}> — level 1, round 1, 2026-03-02 10:00: no answer (closed)",
                 "- Post #41: no longer exists", f"- [x] Pause the ads — <@{ANA}>, 2026-03-02 10:03",
                 "- [ ] Brief the CEO — not done",
                 f"- 2026-03-02 10:12 · note · <@{ANA}> — Press called",  # a newline stays one line
                 "- Opened: 2026-03-02 10:00 (Europe/Madrid), <@U0CARL>", "- Resolution: Rumour denied"]:
        assert line in text.splitlines(), line
    with rt.ctx.db.uow() as s:  # the same rows, the same bytes
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        assert markdown_of(s, crisis) == text


def test_what_never_happened_is_said(rt: Any) -> None:
    cid = _seed(rt.ctx.db, acknowledged=False, approved=False, resolved=False)
    pm = _pm(rt.ctx.db, cid)
    assert (pm.time_to_acknowledge, pm.time_to_statement, pm.time_to_resolve) == (None, None, None)
    text = postmortem.to_markdown(translator("en"), pm)
    assert "- Time to acknowledge: not acknowledged" in text
    assert "- Time to approved statement: no approved statement" in text
    assert "- Time to resolve: not resolved" in text
    es = postmortem.to_markdown(translator("es"), pm)
    assert "- Tiempo hasta acusar recibo: sin acuse de recibo" in es
    assert "- Tiempo hasta el comunicado inicial aprobado: sin comunicado aprobado" in es


@pytest.mark.parametrize(("delta", "shown"), [
    (timedelta(seconds=45), "45 s"), (timedelta(minutes=4, seconds=30), "4 min 30 s"), (timedelta(minutes=4), "4 min"),
    (timedelta(hours=1, minutes=5), "1 h 05 min"), (timedelta(days=2, hours=3, minutes=59), "2 d 3 h"),
    (timedelta(0), "0 s"),
])
def test_durations(delta: timedelta, shown: str) -> None:
    assert postmortem.duration(delta) == shown


def test_first_approved_ignores_other_states() -> None:
    rows = [CrisisStatement(status="approved", decided_at=T0 + timedelta(hours=1)),
            CrisisStatement(status="rejected", decided_at=T0), CrisisStatement(status="approved",
                                                                               decided_at=T0 + timedelta(minutes=9))]
    assert postmortem.first_approved(rows) == T0 + timedelta(minutes=9)
    assert postmortem.first_approved([CrisisStatement(status="pending", decided_at=None)]) is None
