"""The scorecard measures the agreed response time from the figures logged, whether or not a KPI
is defined on `response_time` (the agreement is the scope's, not an objective's)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select

from bot.kpi import periods
from bot.kpi.digest import period_view
from storage.models.kpi import KpiDefinition
from tests.conftest import ADMIN, TEAM
from tests.kpi.seed_quarter import DIGEST_AT, seed
from tests.kpi.test_kpi_digest import Plain
from tests.posts.calendar_seed import set_zone

pytestmark = pytest.mark.usefixtures("setup_workspace")
NOVEMBER = periods.month(2026, 11)


def test_response_time_is_measured_without_a_kpi_on_it(driver: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    q = seed(rt.ctx.db)
    with rt.ctx.db.uow() as s:
        s.execute(delete(KpiDefinition).where(KpiDefinition.team_id == TEAM, KpiDefinition.metric == "response_time"))
    with rt.ctx.db.uow(read_only=True) as s:
        assert not list(s.scalars(select(KpiDefinition.id).where(KpiDefinition.metric == "response_time")))
        view = period_view(s, TEAM, NOVEMBER, now=DIGEST_AT)
    assert view.scorecard is not None
    response = next(line for line in view.scorecard.lines if line.kind == "response")
    mean = Plain(q.values).mean([f"a:{q.accounts['acme_ig']}", f"a:{q.accounts['beta_li']}"], "response_time",
                                NOVEMBER)
    assert mean is not None
    assert response.delivered == pytest.approx(mean)
    assert not [h for h in view.missing if h.key == "kpi.digest.missing.response"]
