"""The report's vector small multiples (bot/kpi/report_charts.py): a gap where a week has no value,
a constant series and a single week without dividing by zero, "no data" for a panel with none."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from fpdf import FPDF
from pypdf import PdfReader

from bot.kpi import report_charts
from bot.kpi.report_charts import Panel, draw_panels, runs
from bot.kpi.views import SeriesPoint

WEEK1 = dt.date(2026, 9, 7)


def points(values: Sequence[float | None]) -> tuple[SeriesPoint, ...]:
    return tuple(SeriesPoint(WEEK1 + dt.timedelta(weeks=n), v) for n, v in enumerate(values))


def fmt(value: float, unit: str) -> str:
    return f"{value:g}{unit}"


def drawn(*panels: Panel) -> tuple[bytes, str, list[str]]:
    """The PDF's bytes, its text and its page's content operators, one per line."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    pdf.add_page()
    draw_panels(pdf, panels, fmt, no_data="no data")
    content = bytes(pdf.output())
    page = PdfReader(io.BytesIO(content)).pages[0]
    stream = page.get_contents()
    assert stream is not None
    return content, page.extract_text(), stream.get_data().decode("latin-1").splitlines()


def segments(ops: list[str]) -> list[list[tuple[float, float]]]:
    """The polylines: a move ("x y m" on its own line) and its lines ("x y l")."""
    out: list[list[tuple[float, float]]] = []
    for op in ops:
        found = re.fullmatch(r"(-?[\d.]+) (-?[\d.]+) ([ml])", op.strip())
        if found:
            point = (float(found[1]), float(found[2]))
            if found[3] == "m":
                out.append([point])
            else:
                out[-1].append(point)
    return out


def dots(ops: list[str]) -> int:
    return sum(1 for op in ops if op.strip().endswith("re f"))


def test_a_week_without_a_value_is_a_gap_and_a_week_alone_a_dot() -> None:
    values = [1, 2, None, 4, 5, 6, None, None, 9]
    assert runs(points(values)) == [[(0, 1.0), (1, 2.0)], [(3, 4.0), (4, 5.0), (5, 6.0)], [(8, 9.0)]]
    _, text, ops = drawn(Panel("Reach", points(values)))
    lines = segments(ops)
    assert [len(line) for line in lines] == [2, 3]
    assert dots(ops) == 1
    # highest at the top (PDF y grows upwards), lowest at the bottom, weeks left to right
    assert lines[1][2][1] > lines[1][0][1] and lines[0][0][0] < lines[0][1][0] < lines[1][0][0]
    for label in ("Reach", "9", "1", "2026-09-07", "2026-11-02"):
        assert label in text, label


def test_a_constant_series_is_drawn_flat_at_mid_height_with_its_one_value() -> None:
    _, text, ops = drawn(Panel("Followers", points([500.0] * 12)))
    [line] = segments(ops)
    assert len(line) == 12 and len({y for _, y in line}) == 1
    assert text.count("500") == 1


def test_a_single_week_is_a_dot_in_the_middle() -> None:
    _, text, ops = drawn(Panel("Engagement rate", points([4.5]), "%"))
    assert segments(ops) == [] and dots(ops) == 1
    assert "4.5%" in text and text.count("2026-09-07") == 1


def test_a_panel_without_any_value_says_no_data() -> None:
    _, text, ops = drawn(Panel("Engagements", points([None] * 12)), Panel("Reach", points([3, 4])))
    assert "no data" in text and "Engagements" in text and "Reach" in text
    assert [len(line) for line in segments(ops)] == [2] and dots(ops) == 0


def test_the_same_panels_give_the_same_bytes_and_they_stay_on_one_page() -> None:
    panels = [Panel(name, points([n * 10.0 + k for k in range(12)])) for n, name in enumerate("ABCD")]
    assert drawn(*panels)[0] == drawn(*panels)[0]
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.set_y(pdf.h - 40)  # not enough room left for two rows
    draw_panels(pdf, panels, fmt, no_data="no data")
    assert pdf.page_no() == 2 and pdf.get_y() > pdf.t_margin + report_charts.grid_height(4)
