"""The report's PDF layout from a hand-built PeriodView: deterministic bytes, every section, the
overview chart once and each account's vector chart, the digest's texts as plain text, and names
outside the font folded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Sequence

from pypdf import PdfReader

from bot.features import translator
from bot.kpi import periods
from bot.kpi.report import ReportMeta, pdf_text, render_pdf, unmarked
from bot.kpi.views import AccountOps, AccountSeries, Highlight
from tests.kpi.support_reports import (
    IG,
    IG_LABEL,
    LI,
    LI_LABEL,
    definition,
    empty_view,
    fake_chart,
    fake_png,
    line,
    ops,
    sample_view,
)

AT = dt.datetime(2026, 12, 1, 8, 0, 5, tzinfo=dt.UTC)
META = ReportMeta(("Acme", "Café Ñandú"), AT, "U0ADMIN")


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_same_view_and_time_give_the_same_bytes_and_the_time_is_the_creation_date() -> None:
    first = render_pdf(translator("en"), sample_view(), META, fake_chart)
    assert render_pdf(translator("en"), sample_view(), META, fake_chart) == first
    later = render_pdf(translator("en"), sample_view(), dataclasses.replace(META, generated_at=AT + dt.timedelta(
        seconds=1)), fake_chart)
    assert later != first
    created = PdfReader(io.BytesIO(first)).metadata.creation_date
    assert created is not None and created.astimezone(dt.UTC) == AT


def test_every_section_in_english_and_spanish() -> None:
    en = text_of(render_pdf(translator("en"), sample_view(), META, fake_chart))
    for title in ("Results report", "Brands: Acme, Café Ñandú", "Accounts run by: Agencia Norte",
                  "Workspace time zone: Europe/Madrid", "Generated 2026-12-01 09:00 by U0ADMIN",
                  "Workspace and brand KPIs", IG_LABEL, LI_LABEL, "KPIs against targets", "The last 12 weeks",
                  "Posts published / planned: 15 / 16; on time: 13", "On-time rate: 90.0 %",
                  "Approval lead time (median): 5.5 h", "Time to acknowledge a crisis (median): 12 min",
                  "Scorecard: agreed vs delivered", "Agencia Norte; reports: monthly", "Competitors and share of voice",
                  "Acme (ours)", "Acme: Rival Ñu", "60.0 %", "Strengths", "Weaknesses", "Opportunities",
                  "off track (3 periods)", "1,000 €", "Page 1"):
        assert title in en, title
    es = text_of(render_pdf(translator("es"), sample_view("es"), META, fake_chart))
    for title in ("Informe de resultados", "Marcas: Acme, Café Ñandú", "Tasa de interacción", "12.450", "1.000 €",
                  "Cuadro de mando: acordado frente a entregado", "Competidores y cuota de voz", "Acme (nuestra)",
                  "Fortalezas", "Debilidades", "Oportunidades", "fuera de objetivo (3 periodos)", "Página 1",
                  "Tasa de puntualidad: 90,0 %"):
        assert title in es, title


def test_one_overview_image_and_a_vector_chart_per_account_with_its_own_series_only() -> None:
    drawn: list[tuple[str, list[tuple[int, str]]]] = []

    def chart(series: Sequence[AccountSeries], title: str) -> bytes:
        drawn.append((title, [(s.account_id, s.metric) for s in series]))
        return fake_png()

    content = render_pdf(translator("en"), sample_view(), META, chart)
    # the digest's chart once, of every account's series; no image per account
    assert drawn == [("Last 12 weeks per account (to 2026-11-30)",
                      [(IG, "followers"), (IG, "engagement_rate"), (LI, "reach")])]
    pages = PdfReader(io.BytesIO(content)).pages
    assert sum(len(page.images) for page in pages) == 1
    text = text_of(content)
    # each account's panels: its metrics' titles, first and last week, lowest and highest value
    ig, li = text.index(IG_LABEL + "\nKPIs against targets"), text.index(LI_LABEL + "\nKPIs against targets")
    ig_section, li_section = text[ig:li], text[li:text.index("Operational KPIs")]
    for said in ("Followers", "Engagement rate", "11,000", "12,100", "4.0 %", "5.1 %", "2026-09-07", "2026-11-23"):
        assert said in ig_section, said
    for said in ("Reach", "6,900", "8,000", "2026-09-07", "2026-11-23"):
        assert said in li_section, said
    # drawn as lines: three panels of 12 weeks, each a move and 11 line-tos
    ops = b"".join(page.get_contents().get_data() for page in pages if page.get_contents() is not None)
    assert sum(1 for op in ops.splitlines() if re.fullmatch(rb"[\d.]+ [\d.]+ l", op.strip())) == 3 * 11


def test_an_empty_period_says_what_is_missing_instead_of_failing() -> None:
    view = dataclasses.replace(empty_view(), missing=(Highlight("kpi.digest.missing.no_definitions"),))
    text = text_of(render_pdf(translator("en"), view, dataclasses.replace(META, brands=()), fake_chart))
    for said in ("none in the inventory yet", "No KPI defined here.", "No scope agreed yet",
                 "No competitor figures logged in the period.", "Nothing the data shows here yet.",
                 "What is missing"):
        assert said in text, said


def test_digest_texts_lose_their_mrkdwn_and_names_outside_the_font_are_folded() -> None:
    assert unmarked(":trophy: Best: *Reach* at `125 %`") == "Best: Reach at 125 %"
    assert pdf_text("Acme 🚀 — «ñ» €") == "Acme ? — «ñ» €"
    label = "instagram @acme 🚀 東京"
    view = sample_view()
    view = dataclasses.replace(view, operational=ops(accounts=(AccountOps(99, label, 2, 2, 2, 1),)))
    text = text_of(render_pdf(translator("en"), view, META, fake_chart))
    assert "instagram @acme ? ??" in text


def test_a_count_target_is_shown_for_the_reports_days() -> None:
    """A monthly 1,000 reach in a fortnight report is 1,000 × 14 / 30 (the definition in brackets)."""
    fortnight = periods.fortnight_before(dt.date(2026, 12, 2))
    d = definition(5, "reach", 1000, account=None)
    view = dataclasses.replace(empty_view(), period=fortnight, previous=periods.previous(fortnight),
                               kpis=(line(d, 480, on_track=True),))
    text = text_of(render_pdf(translator("en"), view, META, fake_chart))
    assert "467 (1,000 per month)" in text  # 1000 × 14 / 30 = 466.7 → 467


def test_the_real_chart_is_deterministic_too() -> None:
    view = sample_view()
    assert render_pdf(translator("en"), view, META) == render_pdf(translator("en"), view, META)
