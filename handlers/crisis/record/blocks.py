"""Block Kit of the record part: the holding statement card, the note echo and the post-mortem.

Within Slack's limits: at most 50 blocks a message and 3000 characters a section; a timeline too
long for one message is cut with "…and N more, see `socialops crisis export`" (the stored Markdown
has all of it). User text goes through `user_text` (no pings, no hidden links).
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.i18n import Translator
from bot.crisis import postmortem as pm_rules
from bot.crisis.postmortem import PostMortem
from bot.crisis.statements import FIELDS, StatementView
from handlers.blockkit import (
    MESSAGE_BLOCKS_MAX,
    SECTION_TEXT_MAX,
    Block,
    actions,
    button,
    context,
    decided_context,
    header,
    section,
    sections,
    user_text,
)
from handlers.crisis.record.ids import CrisisRecordIds as I


def statement_text(tr: Translator, view: StatementView) -> str:
    return tr("crisis.statement.heading", version=view.version, number=view.crisis.number, author=view.author_id)


def statement_blocks(tr: Translator, view: StatementView, tz: str) -> list[Block]:
    """Pending: Approve / Reject; decided or superseded: the outcome in place of the buttons."""
    out: list[Block] = [section(statement_text(tr, view))]
    for name, _, _ in FIELDS:
        text = view.parts.get(name, "")
        if text:
            out.append(section(f"*{tr(f'crisis.statement.field.{name}')}*\n{user_text(text)}"[:SECTION_TEXT_MAX]))
    if view.status == "pending":
        out.append(context(tr("crisis.statement.state.pending")))
        value = str(view.id)
        out.append(actions(button(tr("crisis.statement.approve"), I.STATEMENT_APPROVE, value, style="primary"),
                           button(tr("crisis.statement.reject"), I.STATEMENT_REJECT, value, style="danger")))
        return out
    at = pm_rules.local(view.decided_at, tz) if view.decided_at is not None else ""
    out.append(decided_context(tr(f"crisis.statement.state.{view.status}", user=view.decided_by or "", at=at)))
    if view.comment:
        out.append(context(tr("crisis.statement.comment", text=user_text(view.comment))))
    return out


def note_echo(tr: Translator, user: str, text: str) -> str:
    return tr("crisis.note.echo", user=user, text=user_text(text))


def _safe(pm: PostMortem) -> PostMortem:
    """The post-mortem with every user-written text neutralised for mrkdwn."""
    return replace(
        pm, summary=user_text(pm.summary), resolution=user_text(pm.resolution) if pm.resolution else None,
        brand=user_text(pm.brand) if pm.brand else None,
        timeline=tuple(replace(e, text=user_text(e.text)) for e in pm.timeline),
        checklist=tuple(replace(s, text=user_text(s.text)) for s in pm.checklist))


def postmortem_text(tr: Translator, pm: PostMortem) -> str:
    return tr("crisis.pm.title", number=pm.number)


def postmortem_blocks(tr: Translator, raw: PostMortem) -> list[Block]:
    pm = _safe(raw)
    none = tr("crisis.pm.none")
    head = [f"*{tr('crisis.pm.summary')}:* {pm.summary} ({pm.severity})"]
    if pm.resolution:
        head.append(f"*{tr('crisis.pm.resolution')}:* {pm.resolution}")
    head += [f"*{label}:* {value}" for label, value in pm_rules.figures(tr, pm)]
    out: list[Block] = [header(postmortem_text(tr, pm)), *sections("\n".join(head))]
    for title, lines in (
        (tr("crisis.pm.pages"), [pm_rules.page_line(tr, pm, p) for p in pm.pages]),
        (tr("crisis.pm.held"), [pm_rules.held_line(tr, h) for h in pm.held]),
        (tr("crisis.pm.checklist"), [pm_rules.step_line(tr, pm, s) for s in pm.checklist]),
    ):
        out += sections(f"*{title}*\n" + "\n".join(f"• {line}" for line in lines or [none]))[:3]
    room = MESSAGE_BLOCKS_MAX - len(out) - 2  # the timeline's own blocks, and the "…and N more" note
    lines = [f"• {pm_rules.timeline_line(tr, pm, e)}" for e in pm.timeline] or [f"• {none}"]
    shown = sections(f"*{tr('crisis.pm.timeline')}*\n" + "\n".join(lines))
    if len(shown) <= room + 1:
        return out + shown
    kept = shown[:room]
    count = sum(len(b["text"]["text"].splitlines()) for b in kept) - 1  # the title line is no entry
    out += kept
    out.append(context(tr("crisis.pm.more", more=len(pm.timeline) - count, number=pm.number)))
    return out
