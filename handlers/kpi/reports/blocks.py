"""`/kpi reports` as Block Kit: one section per report with its "Send me the PDF" button.

Labels and hashes are the app's own (a period, hex digits); the requester is a user id
rendered as a mention, so no user-written text reaches mrkdwn here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.kpi.reports import LIST_LIMIT, ReportList
from handlers.blockkit import Block, button, context, section
from handlers.kpi.reports.ids import KpiReportsIds as I

SHA_SHOWN = 12


def _local(when: datetime, tz: str) -> str:
    return when.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def list_message(tr: Translator, found: ReportList) -> tuple[str, list[Block]]:
    if not found.reports:
        text = tr("kpi.report.none")
        return text, [section(text)]
    blocks: list[Block] = [section(tr("kpi.report.list.title"))]
    for r in found.reports:
        row = tr("kpi.report.list.row", label=r.label, id=r.id, start=r.period_start.isoformat(),
                 end=r.period_end.isoformat(), at=_local(r.generated_at, found.timezone), user=r.generated_by,
                 sha=r.sha256[:SHA_SHOWN])
        blocks.append(section(row, accessory=button(tr("kpi.report.send"), I.SEND, str(r.id))))
    if found.total > LIST_LIMIT:
        blocks.append(context(tr("kpi.report.list.more", shown=len(found.reports), total=found.total)))
    return tr("kpi.report.list.title"), blocks
