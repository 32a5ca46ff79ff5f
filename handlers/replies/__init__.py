"""The response protocol: approved reply templates (`/replies`, SPEC §7)."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.replies import catalog
from handlers.kit import register_action, register_view
from handlers.replies import actions, commands, notices, views
from handlers.replies.ids import RepliesIds
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only: /replies and its subcommands, the buttons, the forms."""
    cmd = rt.registry.command("/replies", "cmd.replies.description",
                              "<words…> | add | edit <id> | list [category] | retire <id>")
    cmd.sub("", "usage.replies.search", catch_all=True)(commands.search)
    cmd.sub("add", "usage.replies.add")(commands.add)
    cmd.sub("edit", "usage.replies.edit")(commands.edit)
    cmd.sub("list", "usage.replies.list")(commands.list_)
    cmd.sub("retire", "usage.replies.retire")(commands.retire)
    register_action(rt, RepliesIds.USED, actions.used)
    register_action(rt, RepliesIds.APPROVE, actions.approve)
    register_action(rt, RepliesIds.REJECT, actions.reject)
    register_view(rt, RepliesIds.ADD_VIEW, views.add_submitted, once=True)  # creates a template
    register_view(rt, RepliesIds.EDIT_VIEW, views.edit_submitted, once=True)  # makes a version


FEATURE = Feature(
    name="replies",
    catalog=catalog.MESSAGES,
    register=register,
    renderers=notices.RENDERERS,
    ids=(RepliesIds,),
)
