"""Block Kit of the opening part, from domain views: the reporter's answer, the channel's first
messages (header, checklist with a button per step, approved replies, held posts), list and show."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.crisis.checklist import Checklist
from bot.crisis.listing import Listing, Shown
from bot.crisis.opening import Opened
from bot.replies.crisis import CrisisTemplate
from handlers.blockkit import Block, button, context, cut, section, user_text
from handlers.crisis.opening.ids import CrisisOpeningIds as I

STEPS_SHOWN = 20  # the playbook's maximum; each step is one section with its button
TEMPLATE_TEXT_MAX = 2500  # a section is 3,000 characters: the title and the fences need the rest


def local(when: datetime | None, tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if when is None:
        return "—"
    try:
        return when.astimezone(ZoneInfo(tz)).strftime(fmt)
    except (KeyError, ValueError):
        return when.strftime(fmt)


def _people(users: tuple[str, ...]) -> str:
    return ", ".join(f"<@{u}>" for u in users) or "—"


def opened_reply(tr: Translator, opened: Opened) -> str:
    c = opened.crisis
    lines = [tr("crisis.open.opened", number=c.number, severity=c.severity,
                paged=_people(opened.chain[0] if opened.chain else ()))]
    if not c.chain_configured:
        lines.append(tr("crisis.open.no_chain", severity=c.severity, admins=_people(opened.admins)))
    lines.append(_hold_line(tr, opened))
    return "\n".join(line for line in lines if line)


def _hold_line(tr: Translator, opened: Opened) -> str:
    c = opened.crisis
    if c.severity not in ("sev1", "sev2"):
        return ""
    if not c.brand:
        return tr("crisis.open.no_brand")
    if not opened.held:
        return tr("crisis.open.held_none", brand=user_text(c.brand))
    return tr("crisis.open.held", count=len(opened.held), brand=user_text(c.brand))


def header_blocks(tr: Translator, opened: Opened) -> tuple[str, list[Block]]:
    c = opened.crisis
    title = tr("crisis.open.header", number=c.number, severity=c.severity, reporter=c.reporter_id,
               when=local(c.opened_at, opened.timezone, "%H:%M"))
    lines = [title, f"> {user_text(c.summary)}"]
    if c.brand:
        lines.append(tr("crisis.open.brand", brand=user_text(c.brand)))
    if c.link:
        lines.append(tr("crisis.open.link", link=user_text(c.link)))
    levels = " → ".join(_people(level) for level in opened.chain)
    lines.append(tr("crisis.open.chain", levels=levels))
    if not c.chain_configured:
        lines.append(tr("crisis.open.no_chain", severity=c.severity, admins=_people(opened.admins)))
    out: list[Block] = [section(cut("\n".join(lines), 3000))]
    hold = _hold_line(tr, opened)
    if hold:
        held = [f"• #{p.id} {local(p.scheduled_at, opened.timezone)} {', '.join(user_text(a) for a in p.accounts)}"
                for p in opened.held[:10]]
        out.append(section(cut("\n".join([hold, *held]), 3000)))
    return title, out


def checklist_blocks(tr: Translator, checklist: Checklist, tz: str) -> tuple[str, list[Block]]:
    steps = checklist.steps[:STEPS_SHOWN]
    done = sum(1 for s in steps if s.done_by)
    title = tr("crisis.open.checklist", done=done, total=len(steps))
    out: list[Block] = [section(title)]
    is_open = checklist.crisis.is_open
    for n, step in enumerate(steps):
        mark = ":white_check_mark:" if step.done_by else ":white_square:"
        text = f"{mark} {n + 1}. {user_text(step.text)}"
        if step.done_by:
            text += f"\n_{tr('crisis.open.step_done_by', user=step.done_by, when=local(step.done_at, tz, '%H:%M'))}_"
        value = f"{checklist.crisis.id}:{n}"
        accessory = None
        if is_open:
            accessory = (button(tr("crisis.open.step_undo"), I.STEP_UNDO, value) if step.done_by
                         else button(tr("crisis.open.step_do"), I.STEP_DONE, value, style="primary"))
        out.append(section(cut(text, 3000), accessory=accessory))
    return title, out


def templates_blocks(tr: Translator, templates: list[CrisisTemplate]) -> tuple[str, list[Block]]:
    if not templates:
        text = tr("crisis.open.templates_none")
        return text, [section(text)]
    title = tr("crisis.open.templates")
    out: list[Block] = [section(title)]
    for t in templates:
        # The text as approved, shown literally (a rich-text preformatted block: no mrkdwn, no pings),
        # so what people copy is exactly what was approved.
        out.append(section(f"*{user_text(t.title)}*"))
        out.append({"type": "rich_text", "elements": [{"type": "rich_text_preformatted", "elements": [
            {"type": "text", "text": t.text[:TEMPLATE_TEXT_MAX]}]}]})
        if t.placeholders:
            out.append(context(" ".join(f"`{{{p}}}`" for p in t.placeholders)))
    return title, out[:50]


def listing_text(tr: Translator, listing: Listing, now: datetime) -> str:
    if not listing.open and not listing.resolved:
        return tr("crisis.list.none")
    lines = [tr("crisis.list.title")]
    for c in listing.open:
        minutes = max(0, int((now - c.opened_at).total_seconds() // 60))
        age = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
        ack = tr("crisis.list.acked", user=c.acknowledged_by) if c.acknowledged_by else tr("crisis.list.not_acked")
        channel = f"<#{c.channel_id}>" if c.channel_id else tr("crisis.list.no_channel")
        emoji = ":red_circle:" if c.severity == "sev1" else ":large_orange_circle:" if c.severity == "sev2" \
            else ":large_yellow_circle:"
        lines.append(tr("crisis.list.open_line", emoji=emoji, number=c.number, severity=c.severity, age=age,
                        ack=ack, channel=channel, summary=user_text(cut(c.summary, 200))))
    for c in listing.resolved:
        channel = f"<#{c.channel_id}>" if c.channel_id else tr("crisis.list.no_channel")
        lines.append(tr("crisis.list.resolved_line", number=c.number, severity=c.severity,
                        when=local(c.resolved_at, listing.timezone), channel=channel))
    return cut("\n".join(lines), 3000)


def show_text(tr: Translator, shown: Shown) -> str:
    c = shown.crisis
    lines = [tr("crisis.show.title", number=c.number, severity=c.severity, status=tr(f"crisis.show.status.{c.status}"),
                reporter=c.reporter_id, when=local(c.opened_at, shown.timezone)),
             f"> {user_text(cut(c.summary, 500))}"]
    if c.channel_id:
        lines.append(f"<#{c.channel_id}>")
    if shown.pages:
        pages = ", ".join(f"<@{p.user_id}> (L{p.level}·R{p.cycle} {local(p.paged_at, shown.timezone, '%H:%M')}"
                          f" {p.state})" for p in shown.pages[:30])
        lines.append(tr("crisis.show.paged", pages=pages))
    if shown.held:
        lines.append(tr("crisis.show.held", ids=", ".join(f"#{i}" for i in shown.held)))
    if shown.latest:
        lines.append(tr("crisis.show.timeline"))
        for e in shown.latest:
            who = f"<@{e.actor}>" if e.actor[:1] in ("U", "W") else e.actor
            lines.append(f"• {local(e.at, shown.timezone, '%H:%M')} {e.kind} {who} {user_text(cut(e.text, 200))}")
    return cut("\n".join(lines), 3000)


