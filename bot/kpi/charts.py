"""The digest's and the report's chart: twelve weeks of the main KPIs per account, as a PNG.

matplotlib's object API (Figure + FigureCanvasAgg) and never pyplot: pyplot keeps global state,
which is not safe on the scheduler's and the Sender's threads. The PNG is exactly width × height
pixels (dpi 100, no tight bbox) and the same input gives the same bytes: the "Software" metadata
is dropped and nothing in it depends on the clock, so a regenerated report is identical.
Labels are the caller's (translated); names typed by users are drawn as text, never as mathtext.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Sequence

from bot.kpi.views import AccountSeries

DPI = 100
WIDTH_PX = 1200
HEIGHT_PX = 600
MAX_PANELS = 4  # one panel per metric: followers, reach, engagements, engagement rate
MAX_LINES = 8  # accounts per panel (the biggest by their latest figure): more would be unreadable

# Without a writable config dir matplotlib warns and builds its font cache in a temporary one on
# every start; point it at one directory per machine user before the first import.
if "MPLCONFIGDIR" not in os.environ:
    os.environ["MPLCONFIGDIR"] = os.path.join(tempfile.gettempdir(), f"socialops-mpl-{os.getuid()}")



def chart_size() -> tuple[int, int]:
    return WIDTH_PX, HEIGHT_PX


def _safe(label: str) -> str:
    """A user's name as literal text: `$` would start mathtext (and could fail to parse)."""
    return label.replace("$", r"\$")


def _latest(s: AccountSeries) -> float:
    """The series' latest figure: a panel with more accounts than lines shows the biggest ones."""
    return next((p.value for p in reversed(s.points) if p.value is not None), -math.inf)


def weekly_chart_png(series: Sequence[AccountSeries], *, title: str, width_px: int = WIDTH_PX,
                     height_px: int = HEIGHT_PX, metric_titles: dict[str, str] | None = None,
                     empty_text: str = "") -> bytes:
    """One panel per metric (in the order first seen), one line per account; a week without data
    is a gap in its line. No series at all still gives a PNG of the size, saying `empty_text`."""
    # Imported here, not at the top: matplotlib and numpy are a third of a second and ~40 MB that the
    # app only needs when a chart is drawn (the digest, a report), not at every start.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.suptitle(_safe(title), fontsize=12)
    order: list[str] = []
    for s in series:
        if s.metric not in order:
            order.append(s.metric)
    order = order[:MAX_PANELS]
    if not order:
        ax = fig.add_subplot(1, 1, 1)
        ax.set_axis_off()
        ax.text(0.5, 0.5, _safe(empty_text), ha="center", va="center", fontsize=12)
    cols = 2 if len(order) > 1 else 1
    rows = math.ceil(len(order) / cols) if order else 1
    for index, metric in enumerate(order, start=1):
        ax = fig.add_subplot(rows, cols, index)
        ax.set_title(_safe((metric_titles or {}).get(metric, metric)), fontsize=10)
        lines = sorted((s for s in series if s.metric == metric), key=_latest, reverse=True)[:MAX_LINES]
        for s in lines:
            xs = [p.week_start.strftime("%m-%d") for p in s.points]
            ys = [math.nan if p.value is None else p.value for p in s.points]
            ax.plot(xs, ys, marker="o", markersize=3, linewidth=1.5, label=_safe(s.label))
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(True, alpha=0.3)
        if lines:
            ax.legend(fontsize=7, loc="best")
    fig.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.12, hspace=0.5, wspace=0.15)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
