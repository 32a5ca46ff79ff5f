"""Every kind of item in *My work* with its feature's own buttons (en and es), and a page
acknowledged from the Home: the crisis acknowledged, the page DM edited, the Home refreshed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from scheduler.jobs import tick
from storage.models import (
    Crisis,
    CrisisStatement,
    Delivery,
    Grant,
    HandoverAct,
    ReplyTemplate,
    ReplyTemplateVersion,
)
from tests.access.support import give_role, make_account, set_workspace
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM
from tests.crisis.support_crisis import add_leads, seed_chain
from tests.crisis.support_paging import dm_messages, has_button, seed_crisis
from tests.home.conftest import buttons, click_on_home, home, text_of, wait_for_home

pytestmark = pytest.mark.usefixtures("setup_workspace")


def seed_everything(rt: Any, clock: Any) -> None:
    """One of each for Ana (an approver and the custodian): a template, a statement, an act to
    sign on each side, a grant to set up, one to remove, a password to change."""
    now = clock()
    account = make_account(rt.ctx.db, "acmeshop", custodian=ANA)
    with rt.ctx.db.uow() as s:
        template = ReplyTemplate(team_id=TEAM, author_id=CARL)
        crisis = Crisis(team_id=TEAM, number="CRI-2026-0042", year=2026, seq=42, severity="sev2",
                        summary="A wave <!here>", reporter_id=CARL, opened_at=now)
        s.add_all([template, crisis])
        s.flush()
        s.add_all([
            ReplyTemplateVersion(team_id=TEAM, template_id=template.id, version=1, title="Late parcel",
                                 category="complaint", tone="", language="en", text="Hi {name}",
                                 placeholders=["name"], author_id=CARL),
            CrisisStatement(team_id=TEAM, crisis_id=crisis.id, version=1, author_id=CARL, empathy="We hear you",
                            facts="", unknowns="", actions="", next_update="", created_at=now),
            HandoverAct(team_id=TEAM, number="ACT-2026-0001", year=2026, seq=1, leaving_id=ANA, receiver_id=BEA,
                        open_for=ANA, started_by=ADMIN, started_at=now),
            HandoverAct(team_id=TEAM, number="ACT-2026-0002", year=2026, seq=2, leaving_id=CARL, receiver_id=ANA,
                        open_for=CARL, started_by=ADMIN, started_at=now),
            Grant(team_id=TEAM, account_id=account, holder_id=CARL, role="editor", status="awaiting_fulfilment"),
            Grant(team_id=TEAM, account_id=account, holder_id=BEA, role="analyst", status="revoking"),
            Delivery(team_id=TEAM, kind="accounts.rotation_task", subject_id=str(account), occurrence_at=now,
                     due_at=now + timedelta(days=1), recipient=ANA, payload={"reason": "compromised"}),
        ])
    give_role(rt.ctx.db, ANA, "approver")


def test_every_kind_shows_with_the_features_own_buttons(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    seed_everything(rt, clock)
    driver.app_home_opened(ANA)
    view = home(slack, ANA)
    shown = buttons(view)
    for expected in (("replies_approve", "1"), ("replies_reject", "1"), ("crisis_rec_statement_approve", "1"),
                     ("crisis_rec_statement_reject", "1"), ("handover_deliver", "1"), ("handover_receive", "2"),
                     ("access_fulfil_done", "1"), ("access_fulfil_cannot", "1"), ("access_revoked", "2")):
        assert expected in shown, expected
    text = text_of(view)
    assert "Late parcel" in text and "CRI-2026-0042" in text and "ACT-2026-0001" in text
    assert "`/accounts rotate acmeshop`" in text
    assert "<!here>" not in text

    set_workspace(rt.ctx.db, language="es")
    rt.forget_language(TEAM)
    driver.app_home_opened(ANA)
    text = text_of(home(slack, ANA))
    assert "Plantilla de respuesta" in text and "acta de entrega" in text and "debe cambiar" in text


def test_a_page_acknowledged_from_the_home(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    add_leads(slack)
    seed_chain(rt, "sev1", ((BEA,),), ack_minutes=5)
    crisis_id = seed_crisis(rt, clock())
    tick(rt, now=clock())  # the page goes out: Bea's DM with Acknowledge
    driver.app_home_opened(BEA)
    assert ("crisis_page_ack", f"{crisis_id}:1") in buttons(home(slack, BEA))

    click_on_home(driver, slack, BEA, "crisis_page_ack", f"{crisis_id}:1")

    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Crisis.acknowledged_by).where(Crisis.id == crisis_id)).one() == BEA
    tick(rt, now=clock())  # `crisis.acked`: every page edited in place
    assert not any(has_button(m) for m in dm_messages(slack, BEA))
    view = wait_for_home(slack, BEA, lambda v: ("crisis_page_ack", f"{crisis_id}:1") not in buttons(v))
    assert ("crisis_page_ack", f"{crisis_id}:1") not in buttons(view)
