"""The chart (bot/kpi/charts.py): a PNG of exactly the asked size, the same bytes for the same
input (a regenerated report is identical), gaps for weeks without data, user names drawn as text."""

from __future__ import annotations

import datetime as dt
import struct
import subprocess
import sys

from bot.kpi.charts import chart_size, weekly_chart_png
from bot.kpi.views import AccountSeries, SeriesPoint

START = dt.date(2026, 9, 7)


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _series(metric: str, label: str, gap: int | None = None) -> AccountSeries:
    points = tuple(SeriesPoint(START + dt.timedelta(weeks=i), None if i == gap else 100.0 + i * i) for i in range(12))
    return AccountSeries(1, label, metric, points)


def test_size_and_determinism() -> None:
    series = [_series("followers", "instagram @acme", gap=3), _series("followers", "x @acme"),
              _series("reach", "instagram @acme"), _series("engagement_rate", "x @acme")]
    png = weekly_chart_png(series, title="Last 12 weeks")
    assert _size(png) == chart_size() == (1200, 600)
    assert weekly_chart_png(series, title="Last 12 weeks") == png
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    assert _size(weekly_chart_png(series, title="t", width_px=800, height_px=400)) == (800, 400)


def test_mathtext_in_a_name_is_literal_and_nothing_is_still_a_png() -> None:
    png = weekly_chart_png([_series("followers", "odd $\\frac{1}{0$ name")], title="$$ $x")
    assert _size(png) == chart_size()
    assert _size(weekly_chart_png([], title="Nothing", empty_text="No figures")) == chart_size()


def test_no_font_cache_warning_on_import() -> None:
    """A fresh interpreter importing the charts module and drawing warns about nothing."""
    code = ("import warnings; warnings.simplefilter('error'); from bot.kpi.charts import weekly_chart_png; "
            "weekly_chart_png([], title='t', empty_text='e')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Matplotlib" not in done.stderr and "font cache" not in done.stderr.lower()
