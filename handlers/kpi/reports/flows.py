"""After the ack: draw the report, keep it, upload it to the requester's DM (files upload flow).

Drawing (charts, PDF) runs in a read-only unit of work, keeping it in a short write one, so
no writer waits on matplotlib. A refusal between the two (a role removed meanwhile) reaches
the requester through the Sender's notice, with nothing kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.kpi import reports
from bot.kpi.views import Period
from handlers import slack
from handlers.calls import ActionCall, CommandCall


def upload(client: Any, user_id: str, pdf: bytes, filename: str, comment: str) -> None:
    client.files_upload_v2(channel=slack.dm_channel(client, user_id), content=pdf, filename=filename,
                           title=filename, initial_comment=comment)


def generate_and_send(call: CommandCall, period: Period, now: datetime) -> None:
    def work(client: Any) -> None:
        drawn = call.run(lambda s: reports.draft(s, call.actor, period, now), read_only=True)
        kept = call.run(lambda s: reports.keep(s, call.actor, drawn))
        comment = call.tr("kpi.report.ready", label=kept.label, id=kept.id, sha=kept.sha256)
        upload(client, call.actor.user_id, drawn.pdf, kept.filename, comment)

    call.later(work)


def send_stored(call: ActionCall, found: reports.ReportFile) -> None:
    r = found.report
    comment = call.tr("kpi.report.sent", label=r.label, id=r.id, sha=r.sha256)
    call.later(lambda client: upload(client, call.actor.user_id, found.pdf, r.filename, comment))
