"""`/kpi report`, `/kpi reports` and `socialops kpi report`: the PDF holds the figures, is kept on
record with its hash in the audit chain, regenerates identically, and is sent again on demand."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from bot.cli import main as cli_main
from handlers.kpi.reports.ids import KpiReportsIds as I
from storage.models import AuditEntry
from storage.models.kpi import KpiDeliverable, KpiDelivery, KpiReport, KpiScope, KpiScopeAccount, KpiValue
from tests.access.support import give_role, set_workspace
from tests.conftest import ADMIN, BEA, CARL, TEAM
from tests.kpi.support_reports import seed_account, seed_daily, seed_definition

pytestmark = pytest.mark.usefixtures("setup_workspace")

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # a Wednesday: November is the last complete month
SEP1, OCT1, NOV1, NOV30 = dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def in_nov(day: dt.date) -> bool:
    return day >= NOV1


@pytest.fixture
def seeded(rt: Any, clock: Any) -> int:
    """A quarter of one account's data and four KPIs; November is better than October."""
    clock.set(NOW)
    db = rt.ctx.db
    ig = seed_account(db, "cafe.nandu")
    seed_definition(db, "engagement_rate", 4.0, account_id=ig)
    seed_definition(db, "followers", 12000, account_id=ig)
    seed_definition(db, "reach", 40000)
    seed_definition(db, "custom", 1000, account_id=ig, custom="Ventas", unit="€")
    seed_daily(db, ig, "reach", SEP1, NOV30, lambda d: 1000 if in_nov(d) else 900)
    seed_daily(db, ig, "engagements", SEP1, NOV30, lambda d: 50 if in_nov(d) else 40)
    seed_daily(db, ig, "followers", SEP1, NOV30, lambda d: 10000 + 10 * (d - SEP1).days)
    seed_daily(db, ig, "custom:ventas", OCT1, NOV30, lambda d: 40 if in_nov(d) else 30)
    return ig


def kpi(driver: Any, user: str, text: str) -> str:
    resp = driver.command(user, "/kpi", text)
    assert resp.status == 200, resp.body
    return str((resp.json() or {}).get("text", ""))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def reports(rt: Any) -> list[KpiReport]:
    with rt.ctx.db.uow() as s:
        rows = list(s.scalars(select(KpiReport).order_by(KpiReport.id)))
        s.expunge_all()
        return rows


def kept_entries(rt: Any) -> list[dict[str, Any]]:
    with rt.ctx.db.uow() as s:
        return [json.loads(e.detail) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "kpi.report.kept").order_by(AuditEntry.seq))]


def expected_november() -> dict[str, float]:
    """The figures computed here, independently of the app."""
    nov = [NOV1 + dt.timedelta(days=n) for n in range(30)]
    octo = [OCT1 + dt.timedelta(days=n) for n in range(31)]
    er = sum(50 for _ in nov) / sum(1000 for _ in nov) * 100
    er_oct = sum(40 for _ in octo) / sum(900 for _ in octo) * 100
    followers, followers_oct = 10000 + 10 * (NOV30 - SEP1).days, 10000 + 10 * (dt.date(2026, 10, 31) - SEP1).days
    return {"er": er, "er_change": (er - er_oct) / er_oct * 100, "followers": followers,
            "followers_change": (followers - followers_oct) / followers_oct * 100,
            "reach": 1000 * 30, "reach_change": (30000 - 900 * 31) / (900 * 31) * 100, "sales": 40 * 30}


def test_the_report_holds_the_figures_and_is_kept_with_its_hash(driver: Any, slack: Any, rt: Any,
                                                                seeded: int) -> None:
    answer = kpi(driver, BEA, "report")  # an approver
    assert "2026-11" in answer and "DM" in answer
    [upload] = slack.files()
    assert upload["channel_id"] == slack.dm_channel(BEA) and upload["filename"] == "socialops-report-2026-11.pdf"
    content = bytes(upload["content"])
    text = pdf_text(content)
    x = expected_november()
    for figure in (f"{x['er']:.1f} %", f"+{x['er_change']:.1f} %", f"{x['followers']:,.0f}",
                   f"+{x['followers_change']:.1f} %", f"{x['reach']:,.0f}", f"+{x['reach_change']:.1f} %",
                   f"{x['sales']:,.0f} €", "4.0 %", "12,000", "40,000"):
        assert figure in text, figure
    for title in ("Results report", "Period: 2026-11 (2026-11-01 to 2026-11-30)", "Brands: Café Ñandú",
                  "KPIs against targets", "Engagement rate", "instagram @cafe.nandu", "The last 12 weeks",
                  "Operational KPIs", "Scorecard: agreed vs delivered", "Competitors and share of voice",
                  "Strengths", "Weaknesses", "Opportunities", "Ventas"):
        assert title in text, title
    # the digest's chart once, as an image; each account's 12 weeks are drawn as lines
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages) == 1
    # followers are 10,900 against 12,000: off track, a weakness; engagement rate on track, a strength
    assert "off track" in text and "on track" in text
    [row] = reports(rt)
    assert row.label == "2026-11" and row.generated_by == BEA and row.language == "en"
    assert row.pdf == content and row.sha256 == hashlib.sha256(content).hexdigest()
    assert row.generated_at == NOW
    assert kept_entries(rt) == [{"report": row.id, "sha256": row.sha256, "start": "2026-11-01",
                                 "end": "2026-11-30", "language": "en", "bytes": len(content)}]
    assert row.sha256 in upload["initial_comment"]


def test_in_spanish_every_letter_and_the_euro_render(driver: Any, slack: Any, rt: Any, seeded: int) -> None:
    set_workspace(rt.ctx.db, language="es")
    rt.forget_language(TEAM)
    kpi(driver, ADMIN, "report 2026-11")
    text = pdf_text(bytes(slack.files()[-1]["content"]))
    x = expected_november()
    for figure in ("Informe de resultados", "Marcas: Café Ñandú", "Tasa de interacción", "KPI frente a objetivos",
                   f"{x['er']:.1f} %".replace(".", ","), f"{x['followers']:,.0f}".replace(",", "."),
                   f"{x['sales']:,.0f} €".replace(",", "."), "Fortalezas", "Debilidades", "Oportunidades",
                   "Cuadro de mando: acordado frente a entregado"):
        assert figure in text, figure
    assert reports(rt)[0].language == "es"


def test_the_cli_writes_the_record_and_regenerates_it_identically(driver: Any, slack: Any, rt: Any, seeded: int,
                                                                  db_url: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    kpi(driver, ADMIN, "report")
    [row] = reports(rt)
    monkeypatch.setenv("DATABASE_URL", db_url)
    stored, again = tmp_path / "stored.pdf", tmp_path / "again.pdf"
    assert cli_main(["kpi", "report", "2026-11", "--out", str(stored)]) == 0
    assert stored.read_bytes() == row.pdf
    assert cli_main(["kpi", "report", str(row.id), "--regenerate", "--out", str(again)]) == 0
    assert again.read_bytes() == row.pdf
    assert f"sha256 {row.sha256} matches the record" in capsys.readouterr().err
    # the data changed since: the regenerated one differs, and the stored one stays the record
    with rt.ctx.db.uow() as s:
        s.execute(KpiValue.__table__.update().where(KpiValue.metric == "reach", KpiValue.day == NOV30)
                  .values(value=5000))
    assert cli_main(["kpi", "report", str(row.id), "--regenerate", "--out", str(again)]) == 3
    assert "differs from the record's" in capsys.readouterr().err
    assert again.read_bytes() != row.pdf
    assert cli_main(["kpi", "report", str(row.id), "--out", str(stored)]) == 0
    assert stored.read_bytes() == row.pdf
    assert cli_main(["kpi", "report", "2031-01"]) == 1
    assert "report 2031-01 not found" in capsys.readouterr().err


def test_reports_are_listed_newest_first_and_the_button_sends_the_stored_pdf(driver: Any, slack: Any, rt: Any,
                                                                             clock: Any, seeded: int) -> None:
    assert "no results report on record yet" in kpi(driver, ADMIN, "reports")
    kpi(driver, ADMIN, "report")
    clock.advance(hours=1)
    kpi(driver, BEA, "report fortnight")
    first, second = reports(rt)
    assert second.label == "2026-11-16/2026-11-29" and second.filename == "socialops-report-2026-11-16_2026-11-29.pdf"
    resp = driver.command(BEA, "/kpi", "reports")
    body = resp.json()
    rows = [b for b in body["blocks"] if b.get("accessory", {}).get("action_id") == I.SEND]
    assert [b["accessory"]["value"] for b in rows] == [str(second.id), str(first.id)]
    assert f"`{first.sha256[:12]}`" in rows[1]["text"]["text"] and f"<@{ADMIN}>" in rows[1]["text"]["text"]
    before = len(slack.files())
    driver.click(BEA, I.SEND, value=str(first.id))
    sent = slack.files()[before:]
    assert [f["channel_id"] for f in sent] == [slack.dm_channel(BEA)]
    assert bytes(sent[0]["content"]) == first.pdf and first.sha256 in sent[0]["initial_comment"]


def test_a_member_is_refused_and_nothing_is_kept(driver: Any, slack: Any, rt: Any, seeded: int) -> None:
    kpi(driver, ADMIN, "report")
    [row] = reports(rt)
    files = len(slack.files())
    for text in ("report", "report 2026-10", "reports"):
        answer = kpi(driver, CARL, text)
        assert "Not allowed" in answer and "auditor, approver" in answer, answer
    driver.forged_click(CARL, I.SEND, str(row.id))
    assert len(slack.files()) == files and len(reports(rt)) == 1
    give_role(rt.ctx.db, CARL, "auditor")
    kpi(driver, CARL, "report 2026-10")
    assert [r.label for r in reports(rt)] == ["2026-11", "2026-10"]


@pytest.mark.parametrize(("text", "said"), [
    ("report 2026-13", "is not a period"),
    ("report november", "is not a period"),
    ("report 2026-12", "2026-12 has not ended yet"),
    ("report 2027-03", "2027-03 has not ended yet"),
    ("report 2026-08", "ends before the first KPI data logged here (2026-09-01)"),
])
def test_bad_periods_are_answered_and_nothing_is_written(driver: Any, slack: Any, rt: Any, seeded: int,
                                                         text: str, said: str) -> None:
    assert said in kpi(driver, ADMIN, text)
    assert reports(rt) == [] and slack.files() == [] and kept_entries(rt) == []


def test_a_workspace_without_data_is_told_so(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    clock.set(NOW)
    assert "There is no KPI data yet" in kpi(driver, ADMIN, "report")
    with rt.ctx.db.uow() as s:
        assert s.scalar(select(func.count()).select_from(KpiReport)) == 0
    assert slack.files() == []


def test_the_scorecard_shows_agreed_vs_delivered_for_the_month(driver: Any, slack: Any, rt: Any, clock: Any,
                                                               seeded: int) -> None:
    """Agencia Norte agreed 3 posts a week, answers within 60 min, a monthly report and two deliverables."""
    with rt.ctx.db.uow() as s:
        scope = KpiScope(team_id=TEAM, provider="Agencia Norte", report_cadence="monthly", response_minutes=60,
                         updated_by=ADMIN)
        s.add(scope)
        s.flush()
        s.add(KpiScopeAccount(team_id=TEAM, scope_id=scope.id, account_id=seeded, posts_per_week=3))
        on_time = KpiDeliverable(team_id=TEAM, scope_id=scope.id, name="Análisis de competencia", due_day=5)
        never = KpiDeliverable(team_id=TEAM, scope_id=scope.id, name="Benchmark mensual", due_day=20)
        s.add_all([on_time, never])
        s.flush()
        s.add(KpiDelivery(team_id=TEAM, deliverable_id=on_time.id, month_start=NOV1, marked_by=ADMIN,
                          delivered_at=dt.datetime(2026, 11, 4, 12, tzinfo=dt.UTC)))
    seed_daily(rt.ctx.db, seeded, "response_time", NOV1, NOV30, lambda d: 45)
    # The digest reads response times only when a KPI asks for them (reported to the lead).
    seed_definition(rt.ctx.db, "response_time", 60, account_id=seeded, direction="lower")
    clock.set(dt.datetime(2026, 11, 18, 9, tzinfo=dt.UTC))
    kpi(driver, ADMIN, "report 2026-10")  # November's one agreed report, delivered in November
    clock.set(NOW)
    kpi(driver, ADMIN, "report")
    text = pdf_text(bytes(slack.files()[-1]["content"]))
    for row in ("Accounts run by: Agencia Norte", "Agencia Norte; reports: monthly",
                "Posts a week: instagram @cafe.nandu 3 0 no",  # no post planned or published in November
                "Agreed with Agencia Norte: 3 posts a week; delivered: 0 a week (met: no)",
                "Response time (min) 60 45 yes", "Reports: 2026-11 1 1 yes",
                "Deliverable: Análisis de competencia (2026-11-05) 1 1 yes",
                "Deliverable: Benchmark mensual (2026-11-20) 1 0 no",
                # and the weaknesses say so in words
                "Posts a week: instagram @cafe.nandu: 3 agreed, 0 delivered.",
                "Deliverable: Benchmark mensual (2026-11-20): not delivered."):
        assert row in text, row
