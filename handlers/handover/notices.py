"""Daily reminders for open acts: each person gets the items that wait on them (SPEC §4).

One delivery per act repeats every day; the renderer works out, at send time, who owns
what (custody may have moved since) and stops the repeat once the act is closed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.core.i18n import Translator
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.handover.acts import REMINDER_KIND
from bot.handover.items import ACCOUNT_CUSTODY
from bot.handover.views import ActView, build_view
from handlers.handover.blocks import reminder_text, title_text
from storage.models import HandoverAct


def chores(tr: Translator, view: ActView) -> dict[str, list[str]]:
    """user id → what that person should do next for this act."""
    act = view.act
    todo: dict[str, list[str]] = {}

    def add(user: str | None, line: str) -> None:
        if user:
            todo.setdefault(user, []).append(line)

    for item in view.open_items:
        add(item.owner, tr("handover.reminder.item", title=title_text(tr, item)))
    if not act.receiver_id and any(i.kind == ACCOUNT_CUSTODY for i in view.open_items):
        add(act.started_by, tr("handover.reminder.choose_receiver"))
    if act.delivered_at is None and act.leaver_unavailable_at is None:
        add(act.leaving_id, tr("handover.reminder.deliver"))
    if act.receiver_id and act.received_at is None:
        add(act.receiver_id, tr("handover.reminder.receive"))
    if not view.missing:
        add(act.started_by, tr("handover.reminder.close"))
    return todo


def reminders_for(session: Session, tr: Translator, act_id: int) -> list[Outgoing] | None:
    act = session.get(HandoverAct, act_id)
    if act is None or act.status != "open":
        return None  # closed (or gone): the daily repeat stops
    view = build_view(session, act)
    out = []
    for user, lines in sorted(chores(tr, view).items()):
        text, blocks = reminder_text(tr, view, lines)
        out.append(Outgoing(to=user, text=text, blocks=blocks))
    return out


def render_reminder(rc: RenderContext) -> list[Outgoing] | None:
    return reminders_for(rc.session, rc.tr, int(rc.delivery.subject_id))


RENDERERS: dict[str, Renderer] = {
    REMINDER_KIND: render_reminder,
}
