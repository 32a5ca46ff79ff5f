"""The buttons and the receiver picker of an act's checklist message.

Each changes the act through the service; the message redraws itself after the commit
(flows.refresher), so none of them updates it here.

Whatever a click carries (value, block_id, selected user) can be forged: ids go through
`parse_id`, and anything that does not parse is an act that does not exist, answered as such
without echoing what was sent. Who may act is decided from the payload's user, by the rules.
"""

from __future__ import annotations

from bot.core.errors import NotFound, UsageError
from bot.core.parsing import parse_id
from bot.handover import acts as service
from bot.handover import close as closing
from bot.handover.acts import DOCUMENT_KIND
from bot.handover.parse import parse_user_id
from handlers.calls import ActionCall
from handlers.handover import blocks, flows
from handlers.handover.ids import HandoverIds
from handlers.kit import notify_error


def _act_id(text: str) -> int:
    act_id = parse_id(text)
    if act_id is None:
        raise NotFound("handover.error.no_such_act")
    return act_id


def _act_and_rest(value: str) -> tuple[int, str]:
    """A button value "<act_id>:<rest>"."""
    act, _, rest = value.partition(":")
    return _act_id(act), rest


# A page is an index into the act's checklist, never a key in the database: any number of
# ASCII digits up to this many is read, and the rules answer "no such page" past the last one.
PAGE_DIGITS = 19


def _page(text: str) -> int | None:
    """A page number as the page buttons write it: 0-based, ASCII digits."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= PAGE_DIGITS else None


def item(call: ActionCall) -> None:
    act_id, rest = _act_and_rest(call.value)
    item_id = parse_id(rest)
    if item_id is None:
        raise NotFound("handover.error.no_such_act")
    call.run(lambda s: service.perform_item(s, call.ctx.settings, call.actor, act_id, item_id, call.now()))


def all_of_kind(call: ActionCall) -> None:
    act_id = _act_id(call.value)
    kind = str(call.action.get("action_id", "")).partition(":")[2]
    call.run(lambda s: service.perform_all(s, call.ctx.settings, call.actor, act_id, kind, call.now()))


def sign_deliver(call: ActionCall) -> None:
    act_id = _act_id(call.value)
    call.run(lambda s: closing.sign_deliver(s, call.actor, act_id, call.now()))


def sign_receive(call: ActionCall) -> None:
    act_id = _act_id(call.value)
    call.run(lambda s: closing.sign_receive(s, call.actor, act_id, call.now()))


def close(call: ActionCall) -> None:
    act_id = _act_id(call.value)
    # The names of the act's people come from Slack before the seal covers them, after the ack: the
    # press is written now (every check first, a refusal answered at once) and is the delivery
    # whose work names them and closes; sent at once after the ack, then the document. Killed
    # after the ack, the scheduler still closes (bot/handover/close.close_pressed).
    try:
        press = call.run(lambda s: closing.close_pressed(s, call.ctx.settings, call.actor, act_id, call.channel_id,
                                                         call.now()))
    except closing.CannotClose as refused:  # every reason, the act named once, where they pressed
        text = blocks.cannot_close_text(call.tr, str(refused.params["act"]), refused.missing)
        call.later(lambda client: notify_error(lambda work: work(client), call.actor, call.channel_id, text))
        return
    call.send_notices_in_order([(closing.CLOSE_KIND, press), (DOCUMENT_KIND, act_id)])


def leaver_gone(call: ActionCall) -> None:
    act_id = _act_id(call.value)
    call.later(flows.check_leaver(call, act_id))


def page(call: ActionCall) -> None:
    act_id, rest = _act_and_rest(call.value)
    number = _page(rest)
    if number is None:
        raise NotFound("handover.error.no_such_act")
    call.run(lambda s: service.page_act(s, call.ctx.settings, call.actor, act_id, number))


def pick_receiver(call: ActionCall) -> None:
    prefix, _, act = str(call.action.get("block_id", "")).partition(":")
    if prefix != HandoverIds.B_RECEIVER:
        raise NotFound("handover.error.no_such_act")
    act_id = _act_id(act)
    picked = call.action.get("selected_user")
    if not picked:
        return  # the menu was cleared: nothing chosen
    user = parse_user_id(picked)
    if user is None:  # it ends up inside <@…> in every message of the act: only a real id will do
        raise UsageError("handover.error.bad_receiver")
    call.run(lambda s: service.set_receiver(s, call.ctx.settings, call.actor, act_id, user, call.now()))
