"""The buttons and the receiver picker of an act's checklist message.

Each changes the act through the service; the message redraws itself after the commit
(flows.refresher), so none of them updates it here.
"""

from __future__ import annotations

from bot.core.errors import UsageError
from bot.handover import acts as service
from bot.handover import close as closing
from handlers.calls import ActionCall
from handlers.handover import flows


def _ids(value: str, *, numeric_rest: bool = False) -> tuple[int, str]:
    """A button value "<act_id>[:<rest>]" (ids only: who may act is decided from the payload's user)."""
    act, _, rest = value.partition(":")
    if not act.isdigit() or (numeric_rest and not rest.isdigit()):
        raise UsageError("handover.error.bad_act", text=value or "—")
    return int(act), rest


def item(call: ActionCall) -> None:
    act_id, item_id = _ids(call.value, numeric_rest=True)
    call.run(lambda s: service.perform_item(s, call.ctx.settings, call.actor, act_id, int(item_id), call.now()))


def all_of_kind(call: ActionCall) -> None:
    act_id, _ = _ids(call.value)
    kind = str(call.action.get("action_id", "")).partition(":")[2]
    call.run(lambda s: service.perform_all(s, call.ctx.settings, call.actor, act_id, kind, call.now()))


def sign_deliver(call: ActionCall) -> None:
    act_id, _ = _ids(call.value)
    call.run(lambda s: closing.sign_deliver(s, call.actor, act_id, call.now()))


def sign_receive(call: ActionCall) -> None:
    act_id, _ = _ids(call.value)
    call.run(lambda s: closing.sign_receive(s, call.actor, act_id, call.now()))


def close(call: ActionCall) -> None:
    act_id, _ = _ids(call.value)
    act = call.run(lambda s: closing.close_act(s, call.ctx.settings, call.actor, act_id, call.now()))
    call.later(flows.upload_document(call, act.team_id, act.id))


def leaver_gone(call: ActionCall) -> None:
    act_id, _ = _ids(call.value)
    call.later(flows.check_leaver(call, act_id))


def page(call: ActionCall) -> None:
    act_id, number = _ids(call.value, numeric_rest=True)
    call.run(lambda s: service.set_page(s, call.actor.team_id, act_id, int(number)))


def pick_receiver(call: ActionCall) -> None:
    act_id, _ = _ids(str(call.action.get("block_id", "")).partition(":")[2])
    user = str(call.action.get("selected_user") or "")
    if user:
        call.run(lambda s: service.set_receiver(s, call.ctx.settings, call.actor, act_id, user, call.now()))
