"""The weekly digest's renderer (kind `kpi.digest`): the computation in the render step's unit of
work, the Web API work (message, then the chart in its thread) as the Outgoing's `call`."""

from __future__ import annotations

from bot.core.context import AppContext
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.kpi import digest
from handlers.kpi.digest import blocks, flows


def render_digest(rc: RenderContext) -> list[Outgoing] | None:
    team = rc.delivery.team_id
    run = digest.weekly_digest(rc.session, team, rc.delivery.occurrence_at, now=rc.now)
    if run is None or run.channel is None:
        return None  # the digest channel was unset meanwhile
    png = blocks.chart_png(rc.tr, run.view)
    text, message = blocks.digest_message(rc.tr, run.view, late=rc.late, chart=png is not None)
    db = rc.app.db if isinstance(rc.app, AppContext) else None  # None in renderers' own unit tests
    work = flows.post_digest(db, team, run, run.channel, text, message, png,
                             rc.tr("kpi.digest.chart.filename", label=run.view.period.label),
                             rc.tr("kpi.digest.chart.title", end=run.view.period.end.isoformat()), rc.now)
    return [Outgoing(to=run.channel, text=text, call=work)]


RENDERERS: dict[str, Renderer] = {digest.KIND_DIGEST: render_digest}
