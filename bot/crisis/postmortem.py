"""The post-mortem (issue 13 §5): figures and the Markdown record, computed from the crisis's rows.

Pure functions over rows already read (no session, no clock), so a test can seed a timeline with
known times and compare every figure with its own computation. The Markdown is what is stored
(`crises.postmortem`), hashed into the audit chain and written by `socialops crisis export`;
the Slack message is drawn from the same `PostMortem` (handlers/crisis/record/blocks.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from storage.models import Crisis, CrisisEvent, CrisisPage, CrisisStatement


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    kind: str
    text: str  # as typed


@dataclass(frozen=True)
class PageEntry:
    user_id: str
    level: int  # from 0 (shown from 1)
    cycle: int  # from 0 (shown from 1)
    paged_at: datetime
    state: str  # open | acknowledged | closed
    answered: bool


@dataclass(frozen=True)
class HeldEntry:
    post_id: int
    status: str | None  # the post's status now; None when the post is gone


@dataclass(frozen=True)
class StepEntry:
    text: str
    done_by: str | None
    done_at: datetime | None


@dataclass(frozen=True)
class PostMortem:
    number: str
    severity: str
    summary: str
    brand: str | None
    opened_at: datetime
    reporter_id: str
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    time_to_acknowledge: timedelta | None  # None: never acknowledged
    time_to_statement: timedelta | None  # opened → first approved statement; None: none approved
    time_to_resolve: timedelta | None
    timeline: tuple[TimelineEntry, ...]
    pages: tuple[PageEntry, ...]
    held: tuple[HeldEntry, ...]
    checklist: tuple[StepEntry, ...]
    timezone: str


def first_approved(statements: Iterable[CrisisStatement]) -> datetime | None:
    """When the first statement was approved: the "first public response" of SPEC §6."""
    times = [s.decided_at for s in statements if s.status == "approved" and s.decided_at is not None]
    return min(times) if times else None


def _since(start: datetime, end: datetime | None) -> timedelta | None:
    return None if end is None else max(end - start, timedelta(0))


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def compute(crisis: Crisis, events: Iterable[CrisisEvent], pages: Iterable[CrisisPage],
            statements: Iterable[CrisisStatement], held_status: Mapping[int, str | None], tz: str) -> PostMortem:
    """Every figure from the rows; `held_status` maps each held post id to its status now."""
    ordered = sorted(events, key=lambda e: (e.at, e.id or 0))
    page_rows = sorted(pages, key=lambda p: (p.paged_at, p.step, p.user_id))
    return PostMortem(
        number=crisis.number, severity=crisis.severity, summary=crisis.summary, brand=crisis.brand,
        opened_at=crisis.opened_at, reporter_id=crisis.reporter_id, acknowledged_by=crisis.acknowledged_by,
        resolved_at=crisis.resolved_at, resolved_by=crisis.resolved_by, resolution=crisis.resolution,
        time_to_acknowledge=_since(crisis.opened_at, crisis.acknowledged_at),
        time_to_statement=_since(crisis.opened_at, first_approved(statements)),
        time_to_resolve=_since(crisis.opened_at, crisis.resolved_at),
        timeline=tuple(TimelineEntry(e.at, e.actor, e.kind, e.text) for e in ordered),
        pages=tuple(PageEntry(p.user_id, p.level, p.cycle, p.paged_at, p.state, p.state == "acknowledged")
                    for p in page_rows),
        held=tuple(HeldEntry(pid, held_status.get(pid)) for pid in crisis.held_posts or []),
        checklist=tuple(StepEntry(str(item.get("text", "")), item.get("done_by") or None, _when(item.get("done_at")))
                        for item in crisis.checklist or []),
        timezone=tz,
    )


def duration(value: timedelta) -> str:
    """`45 s`, `4 min 30 s`, `1 h 05 min`, `2 d 3 h`: the same in English and Spanish."""
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s" if seconds else f"{minutes} min"
    return f"{seconds} s"


def local(when: datetime, tz: str) -> str:
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def kind_label(tr: Translator, kind: str) -> str:
    key = f"crisis.pm.kind.{kind}"
    return tr(key) if tr.has(key) else kind


def figures(tr: Translator, pm: PostMortem) -> list[tuple[str, str]]:
    """(label, value) of the three figures, "not acknowledged" and the like when absent."""
    def shown(value: timedelta | None, absent: str) -> str:
        return duration(value) if value is not None else tr(absent)

    return [
        (tr("crisis.pm.ack"), shown(pm.time_to_acknowledge, "crisis.pm.not_acknowledged")),
        (tr("crisis.pm.statement"), shown(pm.time_to_statement, "crisis.pm.no_statement")),
        (tr("crisis.pm.resolve"), shown(pm.time_to_resolve, "crisis.pm.not_resolved")),
    ]


def _line(text: str) -> str:
    """One Markdown line: a user's newlines would break the list."""
    return " ".join(text.split())


def timeline_line(tr: Translator, pm: PostMortem, entry: TimelineEntry) -> str:
    text = f" — {_line(entry.text)}" if entry.text else ""
    return f"{local(entry.at, pm.timezone)} · {kind_label(tr, entry.kind)} · <@{entry.actor}>{text}"


def page_line(tr: Translator, pm: PostMortem, page: PageEntry) -> str:
    return tr("crisis.pm.page_line", user=page.user_id, level=page.level + 1, cycle=page.cycle + 1,
              at=local(page.paged_at, pm.timezone), state=tr(f"crisis.pm.page_state.{page.state}"))


def held_line(tr: Translator, post: HeldEntry) -> str:
    status = post.status if post.status is not None else tr("crisis.pm.post_gone")
    return tr("crisis.pm.held_line", id=post.post_id, status=status)


def step_line(tr: Translator, pm: PostMortem, step: StepEntry) -> str:
    if step.done_by and step.done_at is not None:
        return tr("crisis.pm.step_done", text=_line(step.text), user=step.done_by,
                  at=local(step.done_at, pm.timezone))
    return tr("crisis.pm.step_open", text=_line(step.text))


def to_markdown(tr: Translator, pm: PostMortem) -> str:
    """The stored record: deterministic for the same rows, so its hash can be checked again."""
    out = [f"# {tr('crisis.pm.title', number=pm.number)}", ""]
    out.append(f"- {tr('crisis.pm.severity')}: {pm.severity}")
    out.append(f"- {tr('crisis.pm.summary')}: {_line(pm.summary)}")
    if pm.brand:
        out.append(f"- {tr('crisis.pm.brand')}: {_line(pm.brand)}")
    out.append(f"- {tr('crisis.pm.opened')}: {local(pm.opened_at, pm.timezone)} ({pm.timezone}), <@{pm.reporter_id}>")
    if pm.resolved_at is not None:
        out.append(f"- {tr('crisis.pm.resolved')}: {local(pm.resolved_at, pm.timezone)}, <@{pm.resolved_by}>")
    if pm.resolution:
        out.append(f"- {tr('crisis.pm.resolution')}: {_line(pm.resolution)}")
    out += ["", f"## {tr('crisis.pm.figures')}", ""]
    out += [f"- {label}: {value}" for label, value in figures(tr, pm)]
    if pm.acknowledged_by:
        out.append(f"- {tr('crisis.pm.acknowledged_by')}: <@{pm.acknowledged_by}>")
    out += ["", f"## {tr('crisis.pm.pages')}", ""]
    out += [f"- {page_line(tr, pm, p)}" for p in pm.pages] or [f"- {tr('crisis.pm.none')}"]
    out += ["", f"## {tr('crisis.pm.held')}", ""]
    out += [f"- {held_line(tr, h)}" for h in pm.held] or [f"- {tr('crisis.pm.none')}"]
    out += ["", f"## {tr('crisis.pm.checklist')}", ""]
    out += [f"- {step_line(tr, pm, s)}" for s in pm.checklist] or [f"- {tr('crisis.pm.none')}"]
    out += ["", f"## {tr('crisis.pm.timeline')}", ""]
    out += [f"- {timeline_line(tr, pm, e)}" for e in pm.timeline] or [f"- {tr('crisis.pm.none')}"]
    return "\n".join(out) + "\n"

