"""Renderers of the record part's deliveries: the holding statement card (posted once, then redrawn
in place as it is decided) and the post-mortem with the channel topic."""

from __future__ import annotations

from typing import Any

from bot.core.errors import NotFound
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.crisis import resolve as resolving
from bot.crisis import statements
from bot.crisis.resolve import KIND_POSTMORTEM
from bot.crisis.statements import KIND_STATEMENT
from handlers.blockkit import user_text
from handlers.crisis.record import blocks
from storage.models import Crisis

TOPIC_MAX = 250  # conversations.setTopic refuses longer topics (too_long)


def render_statement(rc: RenderContext) -> list[Outgoing] | None:
    try:
        view, channel, ts = statements.for_render(rc.session, rc.delivery.team_id, rc.delivery.subject_id)
    except NotFound:
        return None
    tz, _ = resolving.workspace_tz_lang(rc.session, rc.delivery.team_id)
    text, body = blocks.statement_text(rc.tr, view), blocks.statement_blocks(rc.tr, view, tz)
    out: list[Outgoing] = []
    if ts and channel:
        out.append(Outgoing(to=channel, text=text, blocks=body, update_ts=ts))
    elif view.crisis.channel_id:
        sid = view.id

        def remember(session: Any, ch: str, sent_ts: str) -> None:
            statements.remember_message(session, sid, ch, sent_ts)

        out.append(Outgoing(to=view.crisis.channel_id, text=text, blocks=body, on_sent=remember))
    announce = (rc.delivery.payload or {}).get("announce")
    if announce in ("approved", "rejected"):
        said = rc.tr(f"crisis.statement.announce.{announce}", version=view.version, number=view.crisis.number,
                     user=view.decided_by or "")
        if view.crisis.channel_id:
            out.append(Outgoing(to=view.crisis.channel_id, text=said))
        if announce == "rejected":  # the author hears why, wherever they are
            why = f"\n{rc.tr('crisis.statement.comment', text=user_text(view.comment))}" if view.comment else ""
            out.append(Outgoing(to=view.author_id, text=said + why))
    return out or None


def _set_topic(channel: str, topic: str) -> Any:
    def work(client: Any) -> tuple[str, str]:
        client.conversations_setTopic(channel=channel, topic=topic)  # the same topic again is harmless
        return channel, "topic"

    return work


def render_postmortem(rc: RenderContext) -> list[Outgoing] | None:
    crisis = rc.session.get(Crisis, int(rc.delivery.subject_id))
    if crisis is None or crisis.team_id != rc.delivery.team_id or not crisis.channel_id:
        return None
    pm = resolving.gather(rc.session, crisis)
    topic = rc.tr("crisis.resolve.topic", number=crisis.number, summary=" ".join((crisis.resolution or "").split()))
    if len(topic) > TOPIC_MAX:
        topic = topic[: TOPIC_MAX - 1] + "…"
    return [
        Outgoing(to=crisis.channel_id, text=blocks.postmortem_text(rc.tr, pm),
                 blocks=blocks.postmortem_blocks(rc.tr, pm)),
        Outgoing(to=crisis.channel_id, text=user_text(topic), call=_set_topic(crisis.channel_id, topic)),
    ]


RENDERERS: dict[str, Renderer] = {KIND_STATEMENT: render_statement, KIND_POSTMORTEM: render_postmortem}
