"""`/kpi report`'s period words and `/kpi reports`' message (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.errors import UsageError
from bot.features import translator
from bot.kpi.reports import LIST_LIMIT, ReportList, ReportView, filename_of, parse_period
from handlers.kpi.reports.blocks import list_message
from handlers.kpi.reports.ids import KpiReportsIds as I

TODAY = dt.date(2026, 1, 14)  # a Wednesday in January: the last complete month is December of the year before


@pytest.mark.parametrize(("text", "label", "start", "end"), [
    ("", "2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
    ("2025-02", "2025-02", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
    ("  2024-02 ", "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("fortnight", "2025-12-29/2026-01-11", dt.date(2025, 12, 29), dt.date(2026, 1, 11)),
    ("Quincena", "2025-12-29/2026-01-11", dt.date(2025, 12, 29), dt.date(2026, 1, 11)),
])
def test_periods(text: str, label: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(text, TODAY)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "1999-05", "2025-1", "25-01", "last month", "2025-01-05",
                                  "２０２５-０１", "2025-01 extra"])
def test_what_is_not_a_period(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_period(text, TODAY)
    assert caught.value.key == "kpi.report.bad_period" and caught.value.usage_key == "usage.kpi.report"
    assert caught.value.params["example"] == "2025-12"


def test_file_names_hold_no_slash() -> None:
    assert filename_of(parse_period("fortnight", TODAY)) == "socialops-report-2025-12-29_2026-01-11.pdf"


def _report(n: int) -> ReportView:
    at = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=n)
    return ReportView(n, f"2025-{n % 12 + 1:02d}", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "en", at, "U0BEA",
                      f"{n:064x}", "r.pdf")


def test_the_list_shows_at_most_twenty_with_a_note_and_a_button_each() -> None:
    tr = translator("en")
    text, blocks = list_message(tr, ReportList(tuple(_report(n) for n in range(25, 5, -1)), 25, "Europe/Madrid"))
    buttons = [b["accessory"] for b in blocks if "accessory" in b]
    assert len(buttons) == LIST_LIMIT and {b["action_id"] for b in buttons} == {I.SEND}
    assert buttons[0]["value"] == "25" and buttons[-1]["value"] == "6"
    assert "09:00" in blocks[1]["text"]["text"]  # 08:00 UTC in Madrid's winter
    assert blocks[-1]["type"] == "context" and "The newest 20 of 25" in blocks[-1]["elements"][0]["text"]
    text, blocks = list_message(translator("es"), ReportList((), 0, "UTC"))
    assert "Aún no hay informes" in text and len(blocks) == 1
