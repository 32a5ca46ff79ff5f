"""The digest message out of a PeriodView: Block Kit within Slack's limits (50 blocks, 3,000
characters a section), every name a user typed through `user_text`."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Translator
from bot.kpi.charts import weekly_chart_png
from bot.kpi.digest import target_in
from bot.kpi.highlights import metric_name, number, render, subject_of
from bot.kpi.views import KpiLine, Operational, PeriodView, Scorecard, ScoreLine
from handlers.blockkit import MESSAGE_BLOCKS_MAX, context, divider, header, sections, user_text

Block = dict[str, Any]
LINES_SHOWN = 40  # KPI lines in one message; the rest are one `/kpi list` away


def _n(tr: Translator, value: float | None, unit: str = "") -> str:
    return number(value, tr.lang, unit)


def _change(tr: Translator, line: KpiLine) -> str:
    if line.change_pct is None:
        return tr("kpi.digest.change.none")
    if line.change_pct == 0:
        return tr("kpi.digest.change.flat")
    key = "kpi.digest.change.up" if line.change_pct > 0 else "kpi.digest.change.down"
    return tr(key, pct=_n(tr, abs(line.change_pct), "%"))


def _status(tr: Translator, line: KpiLine) -> str:
    if line.on_track is None:
        return tr("kpi.digest.no_value")
    if line.on_track:
        return tr("kpi.digest.on_track")
    if line.periods_off_track > 1:
        return tr("kpi.digest.off_track_run", periods=line.periods_off_track)
    return tr("kpi.digest.off_track")


def kpi_line(tr: Translator, view: PeriodView, line: KpiLine) -> str:
    d = line.definition
    return tr("kpi.digest.line", kpi=user_text(metric_name(tr, d.metric, d.name)),
              subject=user_text(subject_of(d)) or tr("kpi.digest.workspace"), value=_n(tr, line.value, d.unit),
              sign="≥" if d.direction == "higher" else "≤", target=_n(tr, target_in(d, view.period), d.unit),
              change=_change(tr, line), status=_status(tr, line))


def operational_text(tr: Translator, ops: Operational) -> str:
    rows = [tr("kpi.digest.section.operational")]
    rows += [tr("kpi.ops.account", account=user_text(a.label), published=a.published, planned=a.planned,
                on_time=a.on_time, target=a.cadence_target) for a in ops.accounts] or [tr("kpi.ops.no_accounts")]
    rows.append(tr("kpi.ops.summary", on_time=_n(tr, ops.on_time_rate, "%"), lead=_n(tr, ops.approval_lead_hours)))
    rows.append(tr("kpi.ops.crises", opened=ops.crises_opened, ack=_n(tr, ops.ack_minutes),
                   resolve=_n(tr, ops.resolve_hours)))
    rows.append(tr("kpi.ops.access", open=ops.open_grants, expiring=ops.expiring_grants,
                   rotations=ops.overdue_rotations, acts=ops.open_handover_acts))
    return "\n".join(rows)


def _met(tr: Translator, line: ScoreLine) -> str:
    if line.met is None:
        return tr("kpi.scorecard.not_measured") if line.delivered is None else tr("kpi.scorecard.pending")
    return tr("kpi.scorecard.met") if line.met else tr("kpi.scorecard.missed")


def score_line(tr: Translator, card: Scorecard, line: ScoreLine) -> str:
    if line.kind == "deliverable":
        state = "missing" if not line.delivered else ("on_time" if line.met else "late")
        return tr(f"kpi.scorecard.deliverable.{state}", label=user_text(line.label))
    if line.kind == "report":
        cadence = tr(f"kpi.scorecard.cadence.{card.report_cadence}") if tr.has(
            f"kpi.scorecard.cadence.{card.report_cadence}") else card.report_cadence
        return tr("kpi.scorecard.report", label=line.label, cadence=cadence, agreed=_n(tr, line.agreed),
                  delivered=_n(tr, line.delivered), status=_met(tr, line))
    if line.kind == "response":
        return tr("kpi.scorecard.response", agreed=_n(tr, line.agreed), delivered=_n(tr, line.delivered),
                  status=_met(tr, line))
    return tr("kpi.scorecard.posts", label=user_text(line.label), agreed=_n(tr, line.agreed),
              delivered=_n(tr, line.delivered), status=_met(tr, line))


def scorecard_text(tr: Translator, card: Scorecard) -> str:
    rows = [tr("kpi.digest.section.scorecard", provider=user_text(card.provider))]
    rows += [score_line(tr, card, line) for line in card.lines]
    return "\n".join(rows)


def competitors_text(tr: Translator, view: PeriodView) -> str:
    rows = [tr("kpi.digest.section.competitors")]
    for c in view.competitors:
        if c.ours:
            rows.append(tr("kpi.competitors.brand", brand=user_text(c.brand)))
        rows.append(tr("kpi.competitors.line", name=user_text(c.name), followers=_n(tr, c.followers),
                       posts=_n(tr, c.posts), engagements=_n(tr, c.engagements), mentions=_n(tr, c.mentions),
                       sov=_n(tr, c.share_of_voice, "%")))
    return "\n".join(rows)


def title(tr: Translator, view: PeriodView) -> str:
    p = view.period
    key = "kpi.digest.title" if p.kind == "week" else "kpi.digest.title.period"
    return tr(key, label=p.label, start=p.start.isoformat(), end=p.end.isoformat())


def digest_message(tr: Translator, view: PeriodView, *, late: bool = False,
                   chart: bool = False) -> tuple[str, list[Block]]:
    """(fallback text, blocks). An empty workspace gets the kind first-steps message instead."""
    if view.empty:
        text = tr("kpi.digest.empty", label=view.period.label)
        return text, [header(title(tr, view)), *sections(text)]
    parts: list[str] = []
    if late:
        parts.append(tr("kpi.digest.late"))
    if view.kpis:
        shown = [kpi_line(tr, view, line) for line in view.kpis[:LINES_SHOWN]]
        if len(view.kpis) > LINES_SHOWN:
            shown.append(tr("kpi.digest.more", count=len(view.kpis) - LINES_SHOWN))
        parts.append("\n".join([tr("kpi.digest.section.kpis"), *shown]))
    if view.highlights:
        parts.append("\n".join([tr("kpi.digest.section.highlights"),
                                *(render(tr, h, escape=user_text) for h in view.highlights)]))
    parts.append(operational_text(tr, view.operational))
    if view.scorecard is not None:
        parts.append(scorecard_text(tr, view.scorecard))
    if view.competitors:
        parts.append(competitors_text(tr, view))
    if view.missing:
        parts.append("\n".join([tr("kpi.digest.section.missing"),
                                *(f"• {render(tr, h, escape=user_text)}" for h in view.missing)]))
    blocks: list[Block] = [header(title(tr, view))]
    for part in parts:
        blocks.extend(sections(part))
        blocks.append(divider())
    if chart:
        blocks.append(context(tr("kpi.digest.chart.note")))
    elif blocks[-1]["type"] == "divider":
        blocks.pop()
    if len(blocks) > MESSAGE_BLOCKS_MAX:  # only with very long lists: keep the head, end on the note
        blocks = [*blocks[:MESSAGE_BLOCKS_MAX - 1], context(tr("kpi.digest.more", count="…"))]
    return "\n\n".join([title(tr, view), *parts]), blocks


def chart_png(tr: Translator, view: PeriodView) -> bytes | None:
    """The twelve weeks' chart, or None when no account has figures to draw."""
    if not view.series:
        return None
    titles = {s.metric: metric_name(tr, s.metric, s.metric) for s in view.series}
    return weekly_chart_png(view.series, title=tr("kpi.digest.chart.title", end=view.period.end.isoformat()),
                            metric_titles=titles)
