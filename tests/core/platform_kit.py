"""A test-only feature for the shared Slack wiring: a command, buttons and modals that fail,
create things or need the admin role, registered through the same kit as the real features.

Build the app with it by overriding the `rt_extra` fixture: `return (TESTKIT,)`.
"""

from __future__ import annotations

import re
from typing import Any

from bot.core.authz import require_role
from bot.core.errors import ValidationFailed
from bot.core.feature import Feature
from handlers import slack
from handlers.calls import ActionCall, CommandCall, Reply, ViewCall, ViewResult
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime
from storage import audit

COMMAND = "/testkit"
CREATED = "test.created"  # the audit action of a thing the form made
ADMIN_DONE = "admin-only action done"
REF = re.compile(r"`([0-9a-f]{8})`")  # the reference id in an apology

CATALOG = {
    "test.description": {"en": "Test-only wiring", "es": "Cableado de pruebas"},
    "test.usage": {"en": "`/testkit …`", "es": "`/testkit …`"},
}


def modal(callback_id: str) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": callback_id,
        "title": {"type": "plain_text", "text": "Test"},
        "submit": {"type": "plain_text", "text": "Create"},
        "blocks": [{"type": "input", "block_id": "name", "label": {"type": "plain_text", "text": "Name"},
                    "element": {"type": "plain_text_input", "action_id": "value"}}],
    }


def _boom(_call: Any) -> Any:
    raise RuntimeError("kaboom: a bug in a listener")


def _later_boom(call: CommandCall) -> Reply:
    def work(_client: Any) -> None:
        raise RuntimeError("kaboom: a bug after the ack")

    call.later(work)
    return Reply("queued")


def _buttons(_call: CommandCall) -> Reply:
    buttons = [{"type": "button", "action_id": aid, "text": {"type": "plain_text", "text": aid}}
               for aid in ("test.boom", "test.later_boom", "test.admin_only")]
    return Reply("buttons", blocks=[{"type": "actions", "elements": buttons}])


def _opener(callback_id: str) -> Any:
    def open_form(call: CommandCall) -> None:
        view = modal(callback_id)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))

    return open_form


def _later_boom_action(call: ActionCall) -> None:
    def work(_client: Any) -> None:
        raise RuntimeError("kaboom: a bug after the click")

    call.later(work)


def _admin_only(call: ActionCall) -> None:
    call.run(lambda s: require_role(s, call.actor, action="test.admin_only"))
    user, channel = call.actor.user_id, call.channel_id
    call.later(lambda client: slack.tell(client, user, channel, ADMIN_DONE))


def _admin_view(call: ViewCall) -> ViewResult:
    call.run(lambda s: require_role(s, call.actor, action="test.admin_view"))
    return None


class ProcessKilled(BaseException):
    """Stands for SIGKILL in the middle of a unit of work: nothing after it runs, nothing commits."""


def _create(call: ViewCall) -> ViewResult:
    name = str(call.values["name"]["value"]["value"] or "")
    if name == "bad":
        raise ValidationFailed({"name": ("error.validation", {})})

    def create(s: Any) -> None:
        audit.append(s, team_id=call.actor.team_id, actor=call.actor.user_id, action=CREATED, subject=name,
                     at=call.now())
        if name == "dies":
            raise ProcessKilled

    call.run(create)
    return None


def register(rt: Runtime) -> None:
    cmd = rt.registry.command(COMMAND, "test.description", "boom | later | buttons | form")
    cmd.sub("boom", "test.usage")(_boom)
    cmd.sub("later", "test.usage")(_later_boom)
    cmd.sub("buttons", "test.usage")(_buttons)
    for word, callback_id in (("form", "test.create"), ("plain", "test.plain"), ("boomform", "test.boom_view"),
                              ("adminform", "test.admin_view")):
        cmd.sub(word, "test.usage")(_opener(callback_id))
    register_action(rt, "test.boom", _boom)
    register_action(rt, "test.later_boom", _later_boom_action)
    register_action(rt, "test.admin_only", _admin_only)
    register_view(rt, "test.create", _create, once=True)
    register_view(rt, "test.plain", _create)
    register_view(rt, "test.boom_view", _boom)
    register_view(rt, "test.admin_view", _admin_view)


TESTKIT = Feature(name="test.kit", catalog=CATALOG, register=register)
