"""`socialops kpi …`: `import <file.csv>` (bot/cli/kpi_import.py) and `report` (bot/cli/kpi_report.py)."""

from __future__ import annotations

from typing import Any

from bot.cli import kpi_import, kpi_report


def add_parser(subparsers: Any) -> None:
    kpi = subparsers.add_parser("kpi", help="KPIs: import data, write a results report")
    sub = kpi.add_subparsers(dest="kpi_command", required=True)
    kpi_import.add_parser(sub)
    kpi_report.add_parser(sub)
