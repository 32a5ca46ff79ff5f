"""The setup part's messages: each severity's settings in a few lines, the overview with its Edit buttons."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.crisis.setup import SettingsView
from handlers.blockkit import Block, button, context, divider, section, user_text
from handlers.crisis.setup.ids import CrisisSetupIds as I


def _mentions(users: tuple[str, ...]) -> str:
    # The ids came from a form: through user_text, so a forged id shows as text, never as a ping.
    return ", ".join(user_text(f"<@{u}>") for u in users)


def settings_lines(tr: Translator, view: SettingsView) -> list[str]:
    """Who is paged and when, the repeats, the status interval and the playbook, one line each."""
    chain = view.chain
    lines: list[str] = []
    if chain.configured:
        for n, level in enumerate(chain.levels, 1):
            lines.append(tr("crisis.setup.line.level", n=n, users=_mentions(level.users), minutes=level.ack_minutes))
        lines.append(tr("crisis.setup.line.repeats", repeats=chain.repeats))
    else:
        lines.append(tr("crisis.setup.line.no_chain"))
    if chain.status_minutes is None:
        lines.append(tr("crisis.setup.line.status_none"))
    else:
        lines.append(tr("crisis.setup.line.status", minutes=chain.status_minutes))
    key = "crisis.setup.line.playbook_default" if view.playbook_is_default else "crisis.setup.line.playbook_team"
    lines.append(tr(key, count=len(view.playbook)))
    return lines


def title_line(tr: Translator, view: SettingsView) -> str:
    if view.version:
        return tr("crisis.setup.line.title", severity=view.severity, version=view.version)
    return tr("crisis.setup.line.title_new", severity=view.severity)


def summary_text(tr: Translator, view: SettingsView) -> str:
    return "\n".join([title_line(tr, view), *settings_lines(tr, view)])


def overview_blocks(tr: Translator, views: list[SettingsView]) -> list[Block]:
    blocks: list[Block] = [section(tr("crisis.setup.overview.intro"))]
    for view in views:
        edit = button(tr("crisis.setup.overview.edit", severity=view.severity), I.EDIT, view.severity)
        blocks += [divider(), section(summary_text(tr, view), accessory=edit)]
    blocks.append(context(tr("crisis.setup.overview.hint")))
    return blocks


def overview_text(tr: Translator, views: list[SettingsView]) -> str:
    """The notification's plain text (and what a client without blocks shows)."""
    return "\n\n".join([tr("crisis.setup.overview.intro"), *(summary_text(tr, v) for v in views)])
