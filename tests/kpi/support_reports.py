"""A hand-built PeriodView (the digest's result) for the report's layout and SWOT tests."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence

from PIL import Image

from bot.kpi import periods
from bot.kpi.metrics import custom_key
from bot.kpi.views import (
    AccountOps,
    AccountSeries,
    CompetitorLine,
    DefinitionView,
    Highlight,
    KpiLine,
    Operational,
    PeriodView,
    Scorecard,
    ScoreLine,
    SeriesPoint,
)
from storage.db import Database
from storage.models import Account
from storage.models.kpi import KpiDefinition, KpiValue

IG, LI = 11, 12
IG_LABEL, LI_LABEL = "instagram @acme", "linkedin @acme-ñandú"


def definition(did: int, metric: str, target: float, *, account: int | None = IG, unit: str = "",
               direction: str = "higher", period: str = "month", name: str = "", brand: str | None = None
               ) -> DefinitionView:
    label = {IG: IG_LABEL, LI: LI_LABEL}.get(account) if account else None
    return DefinitionView(did, metric, name or metric, metric, unit, None, account, label, brand, target, period,
                          direction)


def line(d: DefinitionView, value: float | None, previous: float | None = None, *, on_track: bool | None = None,
         off: int = 0, missing: tuple[str, ...] = ()) -> KpiLine:
    change = None if value is None or not previous else (value - previous) / previous * 100
    if on_track is None and value is not None:
        on_track = value >= d.target if d.direction == "higher" else value <= d.target
    return KpiLine(d, value, previous, change, on_track, off, missing)


def weekly(account: int, label: str, metric: str, values: Sequence[float | None],
           last_week: dt.date = dt.date(2026, 11, 23)) -> AccountSeries:
    starts = [last_week - dt.timedelta(weeks=len(values) - 1 - n) for n in range(len(values))]
    return AccountSeries(account, label, metric, tuple(SeriesPoint(s, v) for s, v in zip(starts, values, strict=True)))


def ops(**kw: object) -> Operational:
    base: dict[str, object] = dict(accounts=(), on_time_rate=None, approval_lead_hours=None, crises_opened=0,
                                   ack_minutes=None, resolve_hours=None, open_grants=0, expiring_grants=0,
                                   overdue_rotations=0, open_handover_acts=0)
    base.update(kw)
    return Operational(**base)  # type: ignore[arg-type]


def sample_view(language: str = "en") -> PeriodView:
    """November 2026: two accounts, one on track, one off track for three months, a scope, a competitor."""
    period = periods.month(2026, 11)
    er = definition(1, "engagement_rate", 4.0, unit="%")
    fol = definition(2, "followers", 12000)
    li_reach = definition(3, "reach", 50000, account=LI)
    custom = definition(4, "custom", 1000, account=None, unit="€", name="Ventas atribuidas", brand="Acme")
    kpis = (
        line(er, 5.25, 4.2),
        line(fol, 12450, 12000),
        line(li_reach, 31200, 35000, off=3),
        line(custom, None, missing=("custom:ventas_atribuidas",)),
    )
    series = (
        weekly(IG, IG_LABEL, "followers", [11000 + 100 * n for n in range(12)]),
        weekly(IG, IG_LABEL, "engagement_rate", [4.0 + n / 10 for n in range(12)]),
        weekly(LI, LI_LABEL, "reach", [8000 - 100 * n for n in range(12)]),
    )
    operational = ops(accounts=(AccountOps(IG, IG_LABEL, 16, 15, 13, 4), AccountOps(LI, LI_LABEL, 8, 5, 5, 3)),
                      on_time_rate=90.0, approval_lead_hours=5.5, crises_opened=1, ack_minutes=12.0,
                      resolve_hours=3.5, open_grants=4, expiring_grants=1, overdue_rotations=2, open_handover_acts=1)
    card = Scorecard("Agencia Norte", "monthly", (
        ScoreLine("posts", IG_LABEL, 4, 3.75, False),
        ScoreLine("response", "", 60, 48, True),
        ScoreLine("report", "", 1, 1, True),
        ScoreLine("deliverable", "Análisis de competencia (day 5)", 1, 0, False),
    ))
    competitors = (
        CompetitorLine("Acme", "Acme", True, 12450, 20, 3100, 300, 60.0),
        CompetitorLine("Acme", "Rival Ñu", False, 15800, 28, 4200, 200, 40.0),
    )
    highlights = (Highlight("kpi.report.test.highlight", {}),)
    return PeriodView("T00000001", period, periods.previous(period), "Europe/Madrid", language, kpis, series,
                      operational, card, competitors, highlights, ())


def empty_view() -> PeriodView:
    period = periods.month(2026, 11)
    return PeriodView("T00000001", period, periods.previous(period), "UTC", "en", (), (), ops(), None, (), (), ())


def fake_png(width: int = 120, height: int = 60) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def fake_chart(series: Sequence[AccountSeries], title: str) -> bytes:
    return fake_png()


# ---- rows written directly (the data and goals parts have their own tests) ----------------

def seed_account(db: Database, handle: str, *, brand: str = "Café Ñandú", network: str = "instagram",
                 team: str = "T00000001") -> int:
    with db.uow() as s:
        account = Account(team_id=team, brand=brand, network=network, handle=handle, created_by="U0ANA",
                          login_email=f"social+{handle}@acme.example", custodian_id="U0ANA")
        s.add(account)
        s.flush()
        return int(account.id)


def seed_definition(db: Database, metric: str, target: float, *, account_id: int | None = None,
                    period: str = "month", direction: str = "higher", custom: str | None = None,
                    unit: str | None = None, team: str = "T00000001") -> int:
    with db.uow() as s:
        row = KpiDefinition(team_id=team, metric=metric, target=target, period=period, direction=direction,
                            account_id=account_id, created_by="U0ADMIN", custom_name=custom,
                            custom_key=custom_key(custom) if custom else None, unit=unit)
        s.add(row)
        s.flush()
        return int(row.id)


def seed_daily(db: Database, account_id: int, metric: str, first: dt.date, last: dt.date,
               value: Callable[[dt.date], float], *, team: str = "T00000001") -> None:
    with db.uow() as s:
        day = first
        while day <= last:
            s.add(KpiValue(team_id=team, subject=f"a:{account_id}", account_id=account_id, metric=metric, day=day,
                           week_start=periods.week_of(day), month_start=periods.month_of(day), value=value(day),
                           source="seed", logged_by="U0ANA"))
            day += dt.timedelta(days=1)
