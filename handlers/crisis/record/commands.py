"""`/crisis note`, `/crisis statement`, `/crisis resolve`: parse, run the rule, answer, queue the rest."""

from __future__ import annotations

from bot.crisis import notes, statements
from bot.crisis import resolve as resolving
from handlers.calls import CommandCall, Reply
from handlers.crisis.record import blocks, modals


def note(call: CommandCall) -> Reply:
    """In the crisis channel the note is echoed there; the author is told either way."""
    view = call.run(lambda s: notes.add_note(s, call.actor, call.channel_id, call.args, call.now()))
    channel, echo = view.crisis.channel_id, blocks.note_echo(call.tr, call.actor.user_id, view.text)
    if channel:
        call.later(lambda client: client.chat_postMessage(channel=channel, text=echo))
    return Reply(call.tr("crisis.note.added", number=view.crisis.number))


def statement(call: CommandCall) -> None:
    ref = call.args.strip().split(" ", 1)[0] or None
    form = call.run(lambda s: statements.form_for(s, call.actor, call.channel_id, ref), read_only=True)
    view = modals.statement_modal(call.tr, form)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


def resolve(call: CommandCall) -> Reply:
    """The post-mortem and the topic are a scheduled delivery made in the same unit of work."""
    done = call.run(lambda s: resolving.resolve(s, call.actor, call.channel_id, call.args, call.now()))
    return Reply(call.tr("crisis.resolve.done", number=done.crisis.number))
