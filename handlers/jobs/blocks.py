"""`/socialops jobs` as Block Kit."""

from __future__ import annotations

from datetime import datetime

from bot.core.i18n import Translator
from bot.jobs.service import JobRow, JobsOverview
from handlers.blockkit import Block, button, context, header, section
from handlers.jobs.ids import JobsIds


def _when(at: datetime) -> str:
    """Slack renders the date in each reader's own time zone."""
    epoch = int(at.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def _to(recipient: str | None) -> str:
    if not recipient:
        return "—"
    return f"<@{recipient}>" if recipient[:1] in {"U", "W"} else f"<#{recipient}>"


def row_text(tr: Translator, row: JobRow) -> str:
    text = tr("jobs.row", id=row.id, kind=row.kind, to=_to(row.recipient), state=row.state,
              due=_when(row.due_at), attempts=row.attempts)
    if row.last_error:
        text += tr("jobs.row.error", error=row.last_error)
    return text


def overview_blocks(tr: Translator, ov: JobsOverview) -> tuple[str, list[Block]]:
    counts = tr("jobs.counts", pending=ov.pending, late=ov.late, claimed=ov.claimed, failed=ov.failed, dead=ov.dead)
    blocks: list[Block] = [header(tr("jobs.title")), section(counts)]
    if ov.late_rows:
        blocks.append(section(tr("jobs.section.late") + "\n" + "\n".join(row_text(tr, r) for r in ov.late_rows)))
    if ov.failed_rows:
        blocks.append(section(tr("jobs.section.failed")))
        for r in ov.failed_rows:
            blocks.append(section(row_text(tr, r),
                                  accessory=button(tr("jobs.button.retry", id=r.id), JobsIds.RETRY, str(r.id))))
        blocks.append(context(tr("jobs.retry_hint")))
    if ov.next_rows:
        blocks.append(section(tr("jobs.section.next") + "\n" + "\n".join(row_text(tr, r) for r in ov.next_rows)))
    if not (ov.late_rows or ov.failed_rows or ov.next_rows):
        blocks.append(context(tr("jobs.nothing")))
    return f"{tr('jobs.title')}: {counts}", blocks

