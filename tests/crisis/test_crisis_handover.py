"""A leaver on an escalation chain (SPEC §4 "open crisis roles"): each severity whose chain names
them is a handover item, ticked once the saved chain no longer does."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.crisis.handover_items import CHAIN_SEAT
from bot.handover.sync import sync_subject
from storage.models import CrisisSettings, HandoverItem
from tests.conftest import ANA, BEA, CARL, TEAM

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _chains(rt: Any, **levels: list[list[str]]) -> None:
    with rt.ctx.db.uow() as s:
        for severity, users in levels.items():
            row = s.scalars(select(CrisisSettings).where(CrisisSettings.team_id == TEAM,
                                                         CrisisSettings.severity == severity)).one_or_none()
            if row is None:
                row = CrisisSettings(team_id=TEAM, severity=severity)
                s.add(row)
            row.levels = [{"users": u, "ack_minutes": 5} for u in users]
            row.updated_by = ANA


def _items(rt: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    with rt.ctx.db.uow() as s:
        return {i.subject_id: (i.status, i.detail) for i in s.scalars(
            select(HandoverItem).where(HandoverItem.kind == CHAIN_SEAT))}


def test_each_chain_naming_the_leaver_is_an_item_and_leaving_it_ticks_it(driver: Any, rt: Any,
                                                                           clock: Any) -> None:
    _chains(rt, sev1=[[BEA], [CARL, BEA]], sev2=[[CARL]], sev3=[[BEA]])
    driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> leaves the company")
    assert _items(rt) == {"sev1": ("open", {"levels": [2]}), "sev2": ("open", {"levels": [1]})}

    _chains(rt, sev1=[[BEA], [BEA]])  # the admin saved sev1 without Carl
    with rt.ctx.db.uow() as s:
        sync_subject(s, TEAM, CHAIN_SEAT, "sev1", actor=ANA, now=clock())
        sync_subject(s, TEAM, CHAIN_SEAT, "sev2", actor=ANA, now=clock())
    assert _items(rt)["sev1"][0] == "done"
    assert _items(rt)["sev2"][0] == "open"  # still on sev2's only level


def test_someone_on_no_chain_gets_no_crisis_item(driver: Any, rt: Any) -> None:
    _chains(rt, sev1=[[BEA]])
    driver.command(ANA, "/handover", f"start <@{CARL}|carl> to <@{BEA}|bea> leaves the company")
    assert _items(rt) == {}
