"""An account's 12 weeks in the report as vector small multiples, drawn with fpdf2's primitives.

One small panel per metric of the account's series (followers, reach, engagements, engagement
rate), two a row: the metric's title, a frame, the line (broken where a week has no value, a dot
for a week alone between gaps), the lowest and highest value at the left, the first and last week
under it. A constant series is drawn at mid-height (no division by zero) with its one value; a
panel with no value at all says `no_data`. No matplotlib and no image: a few hundred bytes of
page content per account instead of a PNG. Every coordinate is a function of the input only, so
the same series give the same bytes. The caller gives every text already in the page's font
(bot/kpi/report.py `pdf_text`) and the number format.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF

from bot.kpi.views import SeriesPoint

COLUMNS = 2
GAP = 6.0  # mm between panels, across and down
TITLE_H = 5.0  # the title's line
PLOT_H = 22.0  # the frame
LABEL_W = 16.0  # the value labels' gutter at the left of the frame
FOOT_H = 4.5  # the week labels under the frame
PANEL_H = TITLE_H + PLOT_H + FOOT_H
LINE = (31, 119, 180)
FRAME = (150, 150, 150)
MUTED = (90, 90, 90)
DOT = 0.9  # mm: a week alone between gaps


@dataclass(frozen=True)
class Panel:
    title: str
    points: tuple[SeriesPoint, ...]
    unit: str = ""  # given back to the caller's number format with each value


def grid_height(panels: int) -> float:
    """The height the panels take on the page (mm), so the caller can keep them on one page."""
    rows = math.ceil(panels / COLUMNS)
    return rows * PANEL_H + max(rows - 1, 0) * GAP


def week_label(day: dt.date) -> str:
    return day.isoformat()


def runs(points: Sequence[SeriesPoint]) -> list[list[tuple[int, float]]]:
    """The (index, value) stretches between weeks without a value: each is one unbroken line."""
    out: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, point in enumerate(points):
        if point.value is None:
            if current:
                out.append(current)
            current = []
        else:
            current.append((index, float(point.value)))
    if current:
        out.append(current)
    return out


def draw_panels(pdf: FPDF, panels: Sequence[Panel], fmt: Callable[[float, str], str], *, no_data: str,
                week: Callable[[dt.date], str] = week_label) -> None:
    """The panels from the current y, at the left margin; y is left under them. A page break
    first when they do not fit in what is left of the page."""
    if not panels:
        return
    height = grid_height(len(panels))
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    width = (pdf.epw - GAP * (COLUMNS - 1)) / COLUMNS
    with pdf.local_context():
        for index, panel in enumerate(panels):
            row, col = divmod(index, COLUMNS)
            _panel(pdf, panel, pdf.l_margin + col * (width + GAP), top + row * (PANEL_H + GAP), width, fmt,
                   no_data, week)
    pdf.set_xy(pdf.l_margin, top + height + 2)


def _panel(pdf: FPDF, panel: Panel, x: float, y: float, width: float, fmt: Callable[[float, str], str], no_data: str,
           week: Callable[[dt.date], str]) -> None:
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 8)
    pdf.text(x, y + TITLE_H - 1.5, panel.title)
    left, top, right = x + LABEL_W, y + TITLE_H, x + width
    bottom = top + PLOT_H
    pdf.set_draw_color(*FRAME)
    pdf.set_line_width(0.2)
    pdf.rect(left, top, right - left, PLOT_H)
    pdf.set_line_width(0.4)
    pdf.line(left, bottom, right, bottom)  # the baseline
    pdf.set_font("Helvetica", "", 6.5)
    pdf.set_text_color(*MUTED)
    stretches = runs(panel.points)
    if not stretches:
        pdf.text((left + right - pdf.get_string_width(no_data)) / 2, top + PLOT_H / 2 + 1, no_data)
        return
    values = [v for stretch in stretches for _, v in stretch]
    low, high = min(values), max(values)
    pad = 2.0  # mm inside the frame, above and below the line
    inner = PLOT_H - 2 * pad
    count = len(panel.points)
    step = (right - left - 2 * pad) / (count - 1) if count > 1 else 0.0

    def at(index: int, value: float) -> tuple[float, float]:
        px = left + pad + index * step if count > 1 else (left + right) / 2
        py = top + PLOT_H / 2 if high == low else bottom - pad - (value - low) / (high - low) * inner
        return px, py

    if high == low:
        _right_text(pdf, left - 1, top + PLOT_H / 2 + 1, fmt(high, panel.unit))
    else:
        _right_text(pdf, left - 1, top + pad + 1.5, fmt(high, panel.unit))
        _right_text(pdf, left - 1, bottom - pad + 0.5, fmt(low, panel.unit))
    first, last = panel.points[0].week_start, panel.points[-1].week_start
    pdf.text(left, bottom + FOOT_H - 1, week(first))
    if count > 1:
        _right_text(pdf, right, bottom + FOOT_H - 1, week(last))
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(*LINE)
    pdf.set_line_width(0.5)
    for stretch in stretches:
        if len(stretch) == 1:
            px, py = at(*stretch[0])
            pdf.rect(px - DOT / 2, py - DOT / 2, DOT, DOT, style="F")
        else:
            pdf.polyline([at(i, v) for i, v in stretch])


def _right_text(pdf: FPDF, x: float, y: float, text: str) -> None:
    pdf.text(x - pdf.get_string_width(text), y, text)
