"""Results reports (issue 14 §7): draw one, keep it on record, list them, send one, regenerate one.

A report is drawn from the digest's one computation (`bot.kpi.digest.period_view`) in a
read-only unit of work (charts and the PDF take a moment; no writer waits on them), then kept
in a short second one: the PDF bytes, their sha256 (also in the audit chain), the period, the
language and who asked when. The record is what was sent; `regenerate` draws it again from the
data with the stored time, language and author, and the hashes match unless the data changed.

Who: admins, auditors and approvers (the results are the company's to evaluate its providers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, require_role
from bot.core.deployment import deployment_of
from bot.core.errors import NotFound, UsageError
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from bot.kpi import periods
from bot.kpi.digest import period_view
from bot.kpi.values import local_today
from bot.kpi.views import Period, PeriodView
from storage import audit
from storage.models import Account, Workspace
from storage.models.kpi import KpiReport, KpiValue

REPORT_ROLES = (Role.AUDITOR, Role.APPROVER)  # and admins
USAGE = "usage.kpi.report"
LIST_LIMIT = 20
FORTNIGHT_WORDS = frozenset({"fortnight", "quincena", "2w"})
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits: int() would take others


@dataclass(frozen=True)
class ReportView:
    id: int
    label: str
    period_start: dt.date
    period_end: dt.date
    language: str
    generated_at: dt.datetime
    generated_by: str
    sha256: str
    filename: str


@dataclass(frozen=True)
class ReportFile:
    report: ReportView
    pdf: bytes


@dataclass(frozen=True)
class Draft:
    """A report drawn and not yet kept."""

    period: Period
    language: str
    generated_at: dt.datetime
    pdf: bytes
    sha256: str
    summary: str


@dataclass(frozen=True)
class ReportList:
    reports: tuple[ReportView, ...]  # newest first, at most LIST_LIMIT
    total: int
    timezone: str


@dataclass(frozen=True)
class Regenerated:
    report: ReportView
    stored: bytes
    pdf: bytes

    @property
    def matches(self) -> bool:
        return hashlib.sha256(self.pdf).hexdigest() == self.report.sha256


def _workspace(session: Session, team_id: str) -> tuple[str, str]:
    ws = session.get(Workspace, team_id)
    return (ws.timezone or "UTC", ws.language or "en") if ws is not None else ("UTC", "en")


def last_complete_month(today: dt.date) -> Period:
    before = periods.month_of(today) - dt.timedelta(days=1)
    return periods.month(before.year, before.month)


def parse_period(text: str, today: dt.date) -> Period:
    """`""` (the last complete month), `YYYY-MM` or `fortnight` (the last two complete weeks)."""
    word = text.strip().casefold()
    if not word:
        return last_complete_month(today)
    if word in FORTNIGHT_WORDS:
        return periods.fortnight_before(today)
    m = _MONTH.fullmatch(word)
    if m is None or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2000:
        raise UsageError("kpi.report.bad_period", usage_key=USAGE, text=text.strip()[:40],
                         example=last_complete_month(today).label)
    return periods.month(int(m.group(1)), int(m.group(2)))


def check_period(session: Session, team_id: str, period: Period, today: dt.date) -> None:
    """A complete period, not before the first data: otherwise a clear answer and nothing kept."""
    if period.end >= today:
        raise UsageError("kpi.report.not_ended", usage_key=USAGE, label=period.label,
                         last=last_complete_month(today).label)
    first = session.scalar(select(func.min(KpiValue.day)).where(KpiValue.team_id == team_id))
    if first is None:
        raise NotFound("kpi.report.no_data")
    if period.end < first:
        raise NotFound("kpi.report.before_data", label=period.label, first=first.isoformat())


def _period_of(row: KpiReport) -> Period:
    kind = "month" if _MONTH.fullmatch(row.label) else "fortnight"
    return Period(row.period_start, row.period_end, kind, row.label)


def view_of(row: KpiReport) -> ReportView:
    return ReportView(row.id, row.label, row.period_start, row.period_end, row.language, row.generated_at,
                      row.generated_by, row.sha256, row.filename)


def filename_of(period: Period) -> str:
    return f"socialops-report-{period.label.replace('/', '_')}.pdf"


def brands_of(session: Session, team_id: str) -> tuple[str, ...]:
    rows = session.scalars(select(Account.brand).where(Account.team_id == team_id, Account.status == "active")
                           .distinct())
    return tuple(sorted(set(rows), key=lambda b: (b.casefold(), b)))


def _summary(view: PeriodView) -> str:
    on = sum(1 for k in view.kpis if k.on_track)
    off = sum(1 for k in view.kpis if k.on_track is False)
    return f"kpis={len(view.kpis)} on_track={on} off_track={off} no_data={len(view.kpis) - on - off}"


def _draw(session: Session, team_id: str, period: Period, *, language: str, generated_at: dt.datetime,
          generated_by: str) -> tuple[PeriodView, bytes]:
    view = period_view(session, team_id, period, now=generated_at)
    tr = Translator(language, deployment_of(session).registries.catalog)
    # fpdf2 (with fontTools and Pillow) is ~40 MB the app only needs when a PDF is drawn, not at start.
    from bot.kpi.report import ReportMeta, render_pdf

    meta = ReportMeta(brands_of(session, team_id), generated_at, generated_by)
    return view, render_pdf(tr, view, meta)


def prepare(session: Session, actor: Actor, text: str, now: dt.datetime) -> Period:
    """`/kpi report [period]` before the ack: who may, and which period (refused with nothing kept)."""
    require_role(session, actor, *REPORT_ROLES, action="kpi.report")
    today = local_today(session, actor.team_id, now)
    period = parse_period(text, today)
    check_period(session, actor.team_id, period, today)
    return period


def draft(session: Session, actor: Actor, period: Period, now: dt.datetime) -> Draft:
    """The report drawn (read-only unit of work): its bytes and hash, in the workspace language."""
    require_role(session, actor, *REPORT_ROLES, action="kpi.report")
    check_period(session, actor.team_id, period, local_today(session, actor.team_id, now))
    generated_at = now.astimezone(dt.UTC).replace(microsecond=0)  # the PDF's dates hold seconds
    language = _workspace(session, actor.team_id)[1]
    view, pdf = _draw(session, actor.team_id, period, language=language, generated_at=generated_at,
                      generated_by=actor.user_id)
    return Draft(period, language, generated_at, pdf, hashlib.sha256(pdf).hexdigest(), _summary(view))


def keep(session: Session, actor: Actor, drawn: Draft) -> ReportView:
    """The report on record, its hash in the audit chain."""
    require_role(session, actor, *REPORT_ROLES, action="kpi.report")
    p = drawn.period
    row = KpiReport(team_id=actor.team_id, label=p.label, period_start=p.start, period_end=p.end,
                    language=drawn.language, generated_at=drawn.generated_at, generated_by=actor.user_id,
                    sha256=drawn.sha256, pdf=drawn.pdf, filename=filename_of(p), summary=drawn.summary)
    session.add(row)
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="kpi.report.kept", subject=p.label,
                 detail={"report": row.id, "sha256": drawn.sha256, "start": p.start.isoformat(),
                         "end": p.end.isoformat(), "language": drawn.language, "bytes": len(drawn.pdf)},
                 at=drawn.generated_at)
    return view_of(row)


def list_reports(session: Session, actor: Actor) -> ReportList:
    require_role(session, actor, *REPORT_ROLES, action="kpi.reports")
    team = actor.team_id
    total = session.scalar(select(func.count()).select_from(KpiReport).where(KpiReport.team_id == team)) or 0
    # Only the listed columns: the PDFs stay in the database.
    cols = (KpiReport.id, KpiReport.label, KpiReport.period_start, KpiReport.period_end, KpiReport.language,
            KpiReport.generated_at, KpiReport.generated_by, KpiReport.sha256, KpiReport.filename)
    rows = session.execute(select(*cols).where(KpiReport.team_id == team)
                           .order_by(KpiReport.generated_at.desc(), KpiReport.id.desc()).limit(LIST_LIMIT)).tuples()
    return ReportList(tuple(ReportView(*r) for r in rows), int(total), _workspace(session, team)[0])


def find(session: Session, team_id: str, ref: object) -> KpiReport:
    """A report of this workspace by id, or by label (the newest of that label)."""
    rid = parse_id(ref)
    row = session.scalar(select(KpiReport).where(KpiReport.team_id == team_id, KpiReport.id == rid)) \
        if rid is not None else None
    if row is None and isinstance(ref, str) and ref.strip():
        row = session.scalar(select(KpiReport).where(KpiReport.team_id == team_id, KpiReport.label == ref.strip())
                             .order_by(KpiReport.generated_at.desc(), KpiReport.id.desc()).limit(1))
    if row is None:
        raise NotFound("kpi.report.not_found", ref=str(ref)[:40])
    return row


def stored_file(session: Session, actor: Actor, raw_id: object) -> ReportFile:
    """The "Send me the PDF" button: the stored bytes, by id in the clicker's workspace."""
    require_role(session, actor, *REPORT_ROLES, action="kpi.report.send")
    rid = parse_id(raw_id)
    row = session.scalar(select(KpiReport).where(KpiReport.team_id == actor.team_id, KpiReport.id == rid)) \
        if rid is not None else None
    if row is None:
        raise NotFound("kpi.report.not_found", ref=str(raw_id)[:40])
    return ReportFile(view_of(row), bytes(row.pdf))


def regenerate(session: Session, team_id: str, ref: object) -> Regenerated:
    """The report drawn again from today's data with its stored time, language and author."""
    row = find(session, team_id, ref)
    generated_at = row.generated_at.astimezone(dt.UTC)
    _, pdf = _draw(session, team_id, _period_of(row), language=row.language, generated_at=generated_at,
                   generated_by=row.generated_by)
    return Regenerated(view_of(row), bytes(row.pdf), pdf)
