"""Every id Slack echoes back for the KPI reports part (action_id).

Values are unique across the app (prefix `kpi_rep_`): they route a click.
"""

from __future__ import annotations

from enum import StrEnum


class KpiReportsIds(StrEnum):
    # the "Send me the PDF" button of `/kpi reports` (value: the report id, looked up in the clicker's workspace)
    SEND = "kpi_rep_send"
