"""The results report as a PDF (fpdf2), in the workspace language (issue 14 §7).

Title page, highlights with the digest's 12-week chart of the main accounts (the one image),
the workspace's and brands' KPIs, then per account the digest's sections (KPIs against targets
with the change, its 12 weeks as vector small multiples drawn by bot/kpi/report_charts.py, its
posts), the operational KPIs, the scorecard, competitors and share of voice, and strengths /
weaknesses / opportunities (bot/kpi/swot.py).

Deterministic by construction, so `socialops kpi report --regenerate` can prove a record: the
creation date is the report's `generated_at`, fpdf2's file id is a hash of the content and
that date (no random id), the chart PNG is deterministic (bot/kpi/charts.py), and every
list is in a fixed order. Text uses the core Helvetica in Windows-1252 (every Spanish letter,
¿, ¡, € and the typographic dashes and quotes); anything outside it is transliterated, so a
user-written name never breaks the file. Names are plain text here: a PDF has no mrkdwn.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF

from bot.core.i18n import Translator
from bot.kpi import highlights, metrics, report_charts
from bot.kpi.digest import target_in
from bot.kpi.swot import Swot, swot
from bot.kpi.views import AccountSeries, Highlight, KpiLine, Operational, Period, PeriodView, Scorecard

ChartFn = Callable[[Sequence[AccountSeries], str], bytes]  # (series, title) → PNG bytes: the overview
ENCODING = "windows-1252"
_MET = {True: "yes", False: "no", None: "unknown"}
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_FOLD = str.maketrans({"▲": "+", "▼": "-", "→": "->", "✓": "v", "✗": "x", "\u00a0": " ", "\u2009": " "})


@dataclass(frozen=True)
class ReportMeta:
    brands: tuple[str, ...]
    generated_at: datetime
    generated_by: str  # a Slack user id: what the record holds


def pdf_text(text: str) -> str:
    """What the core font can draw: Windows-1252 kept, the rest folded or '?'."""
    return text.translate(_FOLD).encode(ENCODING, "replace").decode(ENCODING)


def fmt_num(lang: str, value: float | None, unit: str = "") -> str:
    """The digest's number format ("1,234.5", "1.234,5", "12.5 %"): the two read alike."""
    return highlights.number(None if value is None else float(value), lang, unit)


def fmt_change(lang: str, pct: float | None) -> str:
    if pct is None:
        return "—"
    return ("+" if pct > 0 else "") + fmt_num(lang, pct, "%")


def metric_name(tr: Translator, metric: str, name: str = "") -> str:
    """The goals part's display name of a metric; a custom one's name as typed."""
    return highlights.metric_name(tr, metric, name or metric)


def kpi_title(tr: Translator, line: KpiLine, *, with_subject: bool) -> str:
    d = line.definition
    name = metric_name(tr, d.metric, d.name)
    subject = d.account_label or d.brand
    return f"{name} ({subject})" if with_subject and subject else name


def unmarked(text: str) -> str:
    """The digest's mrkdwn as plain text: no emoji codes, bold stars or code ticks in a PDF."""
    return " ".join(_EMOJI.sub(" ", text).replace("*", "").replace("`", "").split())


def highlight_text(tr: Translator, h: Highlight) -> str:
    """A digest highlight or missing-data note, with the digest part's text."""
    return unmarked(highlights.render(tr, h)) if tr.has(h.key) else h.key


def swot_text(tr: Translator, h: Highlight) -> str:
    p, lang, unit = dict(h.params), tr.lang, str(h.params.get("unit") or "")
    out: dict[str, object] = {}
    for key, value in p.items():
        if key in ("margin", "growth", "rate"):
            out[key] = fmt_num(lang, value if isinstance(value, (int, float)) else None, "%")
        elif key in ("value", "target", "theirs", "ours", "agreed", "delivered", "wanted"):
            out[key] = fmt_num(lang, value if isinstance(value, (int, float)) else None,
                               unit if key in ("value", "target") else "")
        else:
            out[key] = "" if value is None else str(value)
    metric = str(p.get("metric") or "")
    if metric:
        name = metric_name(tr, metric, str(p.get("name") or ""))
        subject = p.get("subject")
        out["what"] = f"{name} ({subject})" if subject else name
    if "measure" in p:
        out["measure"] = metric_name(tr, str(p["measure"])).casefold()
    if "kind" in p and "item" in p:
        out["item"] = score_label(tr, str(p["kind"]), str(p["item"] or ""))
    if "subject" in p and not p.get("subject"):
        out["subject"] = tr("kpi.report.pdf.workspace")
    return tr(h.key, **out)


def score_label(tr: Translator, kind: str, label: str) -> str:
    """"Posts a week: instagram @acme", "Response time (min)"."""
    what = tr(f"kpi.report.pdf.score.{kind}") if tr.has(f"kpi.report.pdf.score.{kind}") else kind
    return f"{what}: {label}" if label else what


class _Pdf(FPDF):
    page_label: Callable[[int], str] = staticmethod(lambda n: str(n))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, pdf_text(self.page_label(self.page_no())), align="C")


class _Writer:
    def __init__(self, tr: Translator, chart: ChartFn) -> None:
        self.tr, self.chart = tr, chart
        pdf = _Pdf(orientation="P", unit="mm", format="A4")
        pdf.page_label = lambda n: tr("kpi.report.pdf.page", n=n)
        pdf.core_fonts_encoding = ENCODING
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_creator("SocialOps")
        self.pdf = pdf

    def h1(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "B", 18)
        self.pdf.multi_cell(self.pdf.epw, 10, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def h2(self, text: str) -> None:
        self.pdf.ln(4)
        self.pdf.set_font("Helvetica", "B", 14)
        self.pdf.multi_cell(self.pdf.epw, 8, pdf_text(text), new_x="LMARGIN", new_y="NEXT")

    def h3(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("Helvetica", "B", 11)
        self.pdf.multi_cell(self.pdf.epw, 6, pdf_text(text), new_x="LMARGIN", new_y="NEXT")

    def p(self, text: str, size: float = 10) -> None:
        self.pdf.set_font("Helvetica", "", size)
        self.pdf.multi_cell(self.pdf.epw, 5.5, pdf_text(text), new_x="LMARGIN", new_y="NEXT")

    def bullets(self, items: Sequence[str], none: str) -> None:
        for text in items or [none]:
            self.p(f"• {text}" if items else none)

    def table(self, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        self.pdf.set_font("Helvetica", "", 9)
        with self.pdf.table(col_widths=tuple(widths), text_align="LEFT", line_height=5) as table:
            for row in [head, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(pdf_text(value))
        self.pdf.ln(1)

    def image(self, png: bytes) -> None:
        self.pdf.image(io.BytesIO(png), x=self.pdf.l_margin, w=self.pdf.epw)
        self.pdf.ln(2)


def _status(tr: Translator, line: KpiLine) -> str:
    if line.on_track is None:
        return tr("kpi.report.pdf.no_value")
    if line.on_track:
        return tr("kpi.report.pdf.on_track")
    if line.periods_off_track > 1:
        return tr("kpi.report.pdf.off_track_for", n=line.periods_off_track)
    return tr("kpi.report.pdf.off_track")


def _target(tr: Translator, line: KpiLine, period: Period) -> str:
    """The target for the report's days; the definition's own when it was scaled to them."""
    d, lang = line.definition, tr.lang
    scaled = target_in(d, period)
    text = fmt_num(lang, scaled, d.unit)
    if scaled != d.target:
        text += " (" + tr(f"kpi.report.pdf.per.{d.period}", target=fmt_num(lang, d.target, d.unit)) + ")"
    return text


def _kpi_table(w: _Writer, lines: Sequence[KpiLine], period: Period, *, with_subject: bool) -> None:
    tr, lang = w.tr, w.tr.lang
    if not lines:
        w.p(tr("kpi.report.pdf.no_kpis"))
        return
    head = [tr(f"kpi.report.pdf.col.{c}") for c in ("kpi", "value", "target", "change", "status")]
    rows = [[kpi_title(tr, line, with_subject=with_subject),
             fmt_num(lang, line.value, line.definition.unit),
             _target(tr, line, period),
             fmt_change(lang, line.change_pct), _status(tr, line)] for line in lines]
    w.table(head, rows, (34, 16, 20, 12, 18))


def _accounts(view: PeriodView) -> list[tuple[str, int]]:
    """Every account the period speaks of, by label."""
    found: dict[int, str] = {}
    for line in view.kpis:
        if line.definition.account_id is not None:
            found.setdefault(line.definition.account_id, line.definition.account_label or "")
    for series in view.series:
        found.setdefault(series.account_id, series.label)
    for ops in view.operational.accounts:
        found.setdefault(ops.account_id, ops.label)
    return sorted(((label, aid) for aid, label in found.items()), key=lambda pair: (pair[0], pair[1]))


def _account_section(w: _Writer, view: PeriodView, label: str, account_id: int) -> None:
    tr = w.tr
    w.h2(label)
    w.h3(tr("kpi.report.pdf.kpis"))
    _kpi_table(w, [k for k in view.kpis if k.definition.account_id == account_id], view.period, with_subject=False)
    series = [s for s in view.series if s.account_id == account_id]
    charted = any(p.value is not None for s in series for p in s.points)
    if charted and w.pdf.will_page_break(14 + report_charts.grid_height(len(series))):
        w.pdf.add_page()  # the heading stays with its panels
    w.h3(tr("kpi.report.pdf.chart"))
    if charted:
        panels = [report_charts.Panel(pdf_text(metric_name(tr, s.metric)), s.points, metrics.unit_of(s.metric))
                  for s in series]
        report_charts.draw_panels(w.pdf, panels, lambda v, unit: pdf_text(fmt_num(tr.lang, v, unit)),
                                  no_data=pdf_text(tr("kpi.report.pdf.no_value")))
    else:
        w.p(tr("kpi.report.pdf.no_chart"))
    w.h3(tr("kpi.report.pdf.posts"))
    ops = next((o for o in view.operational.accounts if o.account_id == account_id), None)
    if ops is None or (ops.planned == 0 and ops.published == 0):
        w.p(tr("kpi.report.pdf.ops.no_posts"))
    else:
        w.p(tr("kpi.report.pdf.ops.posts", published=ops.published, planned=ops.planned, on_time=ops.on_time,
               cadence=ops.cadence_target))
    card = view.scorecard
    agreed = next((ln for ln in card.lines if ln.kind == "posts" and ln.label == label), None) if card else None
    if card is not None and agreed is not None:
        w.p(tr("kpi.report.pdf.account_scope", provider=card.provider, agreed=fmt_num(tr.lang, agreed.agreed),
               delivered=fmt_num(tr.lang, agreed.delivered), met=tr(f"kpi.report.pdf.met.{_MET[agreed.met]}")))


def _operational(w: _Writer, ops: Operational) -> None:
    tr, lang = w.tr, w.tr.lang
    w.h2(tr("kpi.report.pdf.ops"))
    w.p(tr("kpi.report.pdf.ops.on_time_rate", value=fmt_num(lang, ops.on_time_rate, "%")))
    w.p(tr("kpi.report.pdf.ops.approval_lead", value=fmt_num(lang, ops.approval_lead_hours, "h")))
    w.p(tr("kpi.report.pdf.ops.crises", n=ops.crises_opened))
    w.p(tr("kpi.report.pdf.ops.ack", value=fmt_num(lang, ops.ack_minutes, "min")))
    w.p(tr("kpi.report.pdf.ops.resolve", value=fmt_num(lang, ops.resolve_hours, "h")))
    w.p(tr("kpi.report.pdf.ops.grants", open=ops.open_grants, expiring=ops.expiring_grants))
    w.p(tr("kpi.report.pdf.ops.rotations", n=ops.overdue_rotations))
    w.p(tr("kpi.report.pdf.ops.handover", n=ops.open_handover_acts))


def _scorecard(w: _Writer, card: Scorecard | None) -> None:
    tr, lang = w.tr, w.tr.lang
    w.h2(tr("kpi.report.pdf.scorecard"))
    if card is None:
        w.p(tr("kpi.report.pdf.no_scope"))
        return
    key = f"kpi.scorecard.cadence.{card.report_cadence}"  # the digest's words for it
    cadence = tr(key) if tr.has(key) else card.report_cadence
    w.p(tr("kpi.report.pdf.scorecard.provider", provider=card.provider, cadence=cadence))
    if not card.lines:
        return
    head = [tr(f"kpi.report.pdf.col.{c}") for c in ("item", "agreed", "delivered", "met")]
    rows = [[score_label(tr, line.kind, line.label), fmt_num(lang, line.agreed),
             fmt_num(lang, line.delivered), tr(f"kpi.report.pdf.met.{_MET[line.met]}")] for line in card.lines]
    w.table(head, rows, (50, 15, 15, 20))


def _competitors(w: _Writer, view: PeriodView) -> None:
    tr, lang = w.tr, w.tr.lang
    w.h2(tr("kpi.report.pdf.competitors"))
    if not view.competitors:
        w.p(tr("kpi.report.pdf.no_competitors"))
        return
    head = [tr(f"kpi.report.pdf.col.{c}") for c in ("name", "followers", "posts", "engagements", "sov")]
    rows = [[tr("kpi.report.pdf.ours", name=c.name) if c.ours else f"{c.brand}: {c.name}",
             fmt_num(lang, c.followers), fmt_num(lang, c.posts), fmt_num(lang, c.engagements),
             fmt_num(lang, c.share_of_voice, "%")] for c in view.competitors]
    w.table(head, rows, (40, 15, 15, 15, 15))


def _swot(w: _Writer, found: Swot) -> None:
    tr = w.tr
    w.h2(tr("kpi.report.pdf.swot"))
    for title, items in (("strengths", found.strengths), ("weaknesses", found.weaknesses),
                         ("opportunities", found.opportunities)):
        w.h3(tr(f"kpi.report.pdf.{title}"))
        w.bullets([swot_text(tr, h) for h in items], tr("kpi.report.pdf.swot_none"))


def _title_page(w: _Writer, view: PeriodView, meta: ReportMeta) -> None:
    tr, period = w.tr, view.period
    w.pdf.add_page()
    w.pdf.ln(30)
    w.h1(tr("kpi.report.pdf.title"))
    w.p(tr("kpi.report.pdf.period", label=period.label, start=period.start.isoformat(), end=period.end.isoformat()),
        12)
    w.p(tr("kpi.report.pdf.brands", brands=", ".join(meta.brands) or tr("kpi.report.pdf.no_brands")), 12)
    if view.scorecard is not None:
        w.p(tr("kpi.report.pdf.provider", provider=view.scorecard.provider), 12)
    w.p(tr("kpi.report.pdf.timezone", tz=view.timezone), 12)
    at = meta.generated_at.astimezone(ZoneInfo(view.timezone)).strftime("%Y-%m-%d %H:%M")
    w.p(tr("kpi.report.pdf.generated", at=at, user=meta.generated_by), 12)
    w.pdf.ln(6)
    w.p(tr("kpi.report.pdf.record"), 9)


def default_chart(tr: Translator) -> ChartFn:
    """The digest's chart (bot/kpi/charts.py), its panels titled in the report's language."""
    def draw(series: Sequence[AccountSeries], title: str) -> bytes:
        from bot.kpi.charts import weekly_chart_png  # matplotlib: loaded when a report is drawn

        titles = {s.metric: metric_name(tr, s.metric) for s in series}
        return weekly_chart_png(series, title=title, metric_titles=titles)
    return draw


def render_pdf(tr: Translator, view: PeriodView, meta: ReportMeta, chart: ChartFn | None = None) -> bytes:
    """The report's bytes: the same view, meta and language give the same bytes."""
    w = _Writer(tr, chart or default_chart(tr))
    w.pdf.set_title(pdf_text(f"{tr('kpi.report.pdf.title')} {view.period.label}"))
    w.pdf.set_creation_date(meta.generated_at)
    _title_page(w, view, meta)
    w.pdf.add_page()
    w.h2(tr("kpi.report.pdf.summary"))
    w.bullets([highlight_text(tr, h) for h in view.highlights], tr("kpi.report.pdf.swot_none"))
    if view.missing:
        w.h3(tr("kpi.report.pdf.missing"))
        w.bullets([highlight_text(tr, h) for h in view.missing], "")
    if any(p.value is not None for s in view.series for p in s.points):  # the digest's chart, drawn once
        w.h3(tr("kpi.report.pdf.chart"))
        w.image(w.chart(view.series, tr("kpi.digest.chart.title", end=view.period.end.isoformat())))
    w.h2(tr("kpi.report.pdf.overall"))
    _kpi_table(w, [k for k in view.kpis if k.definition.account_id is None], view.period, with_subject=True)
    for label, account_id in _accounts(view):
        _account_section(w, view, label, account_id)
    _operational(w, view.operational)
    _scorecard(w, view.scorecard)
    _competitors(w, view)
    _swot(w, swot(view))
    return bytes(w.pdf.output())
