"""Posts: drafting, approval, escalation and expiry, the calendar (`/post`, SPEC §5)."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.handover.items import COLLECTOR, KIND
from bot.posts import catalog, handover_items
from bot.posts import holds as post_holds
from bot.posts.cadence import CADENCE_PRODUCER
from bot.posts.views import KIND_WEBHOOK
from handlers.kit import register_action, register_view
from handlers.posts import actions, calendar, commands, holds, notices, views, webhook
from handlers.posts.ids import PostsIds
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only, in the order `/post help` lists them: /post and its subcommands, the buttons, the forms."""
    hint = ("new [<handle>,… <YYYY-MM-DD HH:MM> <copy>] | edit <id> | show <id> | cancel <id> | published <id> <url>"
            " | settings | hold <brand> [hours] <reason> | reassign <id> @user")
    hint += " | calendar [week|month|ics] [<handle>|<brand>] | list [mine|pending|scheduled]"
    cmd = rt.registry.command("/post", "cmd.post.description", hint)
    cmd.sub("", "usage.post.new")(commands.new)
    cmd.sub("new", "usage.post.new")(commands.new)
    cmd.sub("edit", "usage.post.edit")(commands.edit)
    cmd.sub("show", "usage.post.show")(commands.show)
    cmd.sub("cancel", "usage.post.cancel")(commands.cancel)
    cmd.sub("published", "usage.post.published")(commands.published)
    cmd.sub("settings", "usage.post.settings")(commands.settings)
    cmd.sub("hold", "usage.post.hold")(commands.hold)
    cmd.sub("reassign", "usage.post.reassign")(commands.reassign)
    cmd.sub("calendar", "usage.post.calendar")(calendar.calendar)
    cmd.sub("list", "usage.post.list")(calendar.list_)
    register_action(rt, PostsIds.APPROVE, actions.approve)
    register_action(rt, PostsIds.CHANGES, actions.changes)
    register_action(rt, PostsIds.REJECT, actions.reject)
    register_action(rt, PostsIds.EDIT, actions.edit)
    register_action(rt, PostsIds.MARK_PUBLISHED, actions.mark_published)
    register_action(rt, PostsIds.HOLD_RELEASE, holds.release)
    register_action(rt, PostsIds.HOLD_RESCHEDULE, holds.reschedule)
    register_action(rt, PostsIds.CAL_PAGE_PREV, calendar.page_clicked)
    register_action(rt, PostsIds.CAL_PAGE_NEXT, calendar.page_clicked)
    register_action(rt, PostsIds.CAL_PERIOD_PREV, calendar.page_clicked)
    register_action(rt, PostsIds.CAL_PERIOD_NEXT, calendar.page_clicked)
    register_view(rt, PostsIds.NEW_VIEW, views.new_submitted, once=True)  # creates a post
    register_view(rt, PostsIds.EDIT_VIEW, views.edit_submitted, once=True)  # makes a revision
    register_view(rt, PostsIds.CHANGES_VIEW, views.changes_submitted)
    register_view(rt, PostsIds.REJECT_VIEW, views.reject_submitted)
    register_view(rt, PostsIds.PUBLISHED_VIEW, views.published_submitted)  # a conditional update: once anyway
    register_view(rt, PostsIds.HOLD_RESCHEDULE_VIEW, holds.reschedule_submitted, once=True)  # makes a revision


FEATURE = Feature(
    name="posts",
    catalog={**catalog.MESSAGES, **post_holds.CRISIS_MESSAGES},
    register=register,
    renderers={**notices.RENDERERS, KIND_WEBHOOK: webhook.render_webhook,
               post_holds.KIND_HOLD_LIST: holds.render_hold_list},
    # A crisis holds and resolves (issue 13): the still-held posts listed with Release / Reschedule.
    subscribers=(("crisis.held", post_holds.on_crisis_held), ("crisis.resolved", post_holds.on_crisis_resolved)),
    producers=(CADENCE_PRODUCER,),  # the Friday cadence notice
    ids=(PostsIds,),
    # The handover act lists the posts the leaver authors or publishes (SPEC §4, issue 12 §10).
    contributes={COLLECTOR: (handover_items.posts_of,), KIND: (handover_items.REASSIGN_KIND,)},
)
