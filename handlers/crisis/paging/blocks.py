"""The page DM and its edited states, from the rules' views (bot/crisis/paging.py, acknowledge.py)."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.crisis.acknowledge import PageEdit
from bot.crisis.paging import PageStep, generation_subject, local
from bot.crisis.views import CrisisView
from handlers.blockkit import Block, actions, button, context, section, user_text
from handlers.crisis.paging.ids import CrisisPagingIds as I


def _facts(tr: Translator, crisis: CrisisView) -> list[str]:
    lines = [tr("crisis.page.summary", summary=user_text(crisis.summary))]
    if crisis.link:
        lines.append(tr("crisis.page.link", link=user_text(crisis.link)))
    lines.append(tr("crisis.page.channel", channel=crisis.channel_id) if crisis.channel_id
                 else tr("crisis.page.no_channel"))
    return lines


def _users(users: tuple[str, ...]) -> str:
    return ", ".join(f"<@{u}>" for u in users)


def page_message(tr: Translator, step: PageStep) -> tuple[str, list[Block]]:
    """What each person of the step gets: the facts, who did not answer, the deadline, Acknowledge."""
    c = step.crisis
    if step.info:
        title = tr("crisis.page.info_title", number=c.number, severity=c.severity, user=step.acknowledged_by or "")
    else:
        title = tr("crisis.page.title", number=c.number, severity=c.severity, level=step.level + 1,
                   levels=step.levels, cycle=step.cycle + 1, cycles=step.cycles)
    lines = [title, *_facts(tr, c)]
    if not c.chain_configured:
        lines.append(tr("crisis.page.no_chain", severity=c.severity))
    if step.unanswered:
        lines.append(tr("crisis.page.not_answered", users=_users(step.unanswered)))
    at = local(step.deadline, step.timezone)
    if not step.info:
        if step.last:
            lines.append(tr("crisis.page.deadline_last", at=at, tz=step.timezone))
        elif step.level + 1 < step.levels:
            lines.append(tr("crisis.page.deadline_next", at=at, tz=step.timezone, level=step.level + 2))
        else:
            lines.append(tr("crisis.page.deadline_again", at=at, tz=step.timezone))
    text = "\n".join(lines)
    value = generation_subject(c.id, step.generation)
    return text, [section(text), actions(button(tr("crisis.page.button"), I.ACK, value, style="danger"),
                                         block_id=I.B_ACK)]


def outcome_text(tr: Translator, edit: PageEdit) -> str:
    if edit.outcome == "acknowledged":
        return tr("crisis.page.edit.acknowledged", user=edit.by or "", at=edit.at or "")
    if edit.outcome == "resolved":
        return tr("crisis.page.edit.resolved", at=edit.at) if edit.at else tr("crisis.page.edit.resolved_plain")
    if edit.outcome == "severity":
        return tr("crisis.page.edit.severity", severity=edit.crisis.severity)
    return tr("crisis.page.edit.closed")


def edited_page(tr: Translator, edit: PageEdit) -> tuple[str, list[Block]]:
    """The page once it asks for nothing: the facts and how it ended, no button left."""
    c = edit.crisis
    head = tr("crisis.page.edit.head", number=c.number, severity=c.severity)
    outcome = outcome_text(tr, edit)
    body = "\n".join([head, *_facts(tr, c)])
    return f"{outcome}\n{body}", [section(body), context(outcome)]
