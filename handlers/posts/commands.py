"""`/post` (SPEC §5): new (form or one line), edit, show, cancel, settings.

A subcommand that decides schedules what it tells others in its transaction (flows.notice) and
sends it after the ack (`call.send_notices`); `call.later` keeps the modals (views.open)."""

from __future__ import annotations

from typing import Any

from bot.core.errors import UsageError
from bot.core.parsing import clean_url, parse_user
from bot.posts import drafts, handover_items, holds, publishing
from bot.posts import settings as post_settings
from bot.posts.drafts import InvalidPost
from bot.posts.notify import KIND_NOTICE
from bot.posts.parse import USAGE_NEW, parse_new, parse_post_id, parse_settings
from bot.posts.views import STATUS_EMOJI, PostView, workspace_of
from handlers.blockkit import user_text
from handlers.calls import CommandCall, Reply
from handlers.kit import error_text
from handlers.posts import blocks, cadence, flows, webhook
from handlers.posts.modals import post_modal, url_modal


def _open_form(call: CommandCall) -> None:
    form = call.run(lambda s: drafts.form_data(s, call.actor), read_only=True)
    view = post_modal(call.tr, form, author=call.actor.user_id, now=call.now())
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


def invalid_text(call: CommandCall, exc: InvalidPost, usage_key: str) -> str:
    """Every problem the rules found, one line each, then the usage."""
    lines = [error_text(call.tr, UsageError(key, **params)) for key, params in exc.errors.values()]
    return "\n".join([*lines, call.tr("usage.header"), call.tr(usage_key)])


def new(call: CommandCall) -> Reply | None:
    if not call.args.strip():
        _open_form(call)
        return None
    tz = call.run(lambda s: workspace_of(s, call.actor.team_id).timezone, read_only=True)
    draft = parse_new(call.args, tz)

    def create(s: Any) -> tuple[PostView, str]:
        view = drafts.create_post(s, call.actor, draft, call.now())
        return view, flows.notice(call, s, view, "submitted")  # put up for approval, remembered where

    try:
        view, subject = call.run(create)
    except InvalidPost as exc:
        return Reply(invalid_text(call, exc, USAGE_NEW))
    call.send_notices(KIND_NOTICE, subject)
    return Reply(call.tr("post.sent", id=view.id, channel=view.approvals_channel or ""))


def edit(call: CommandCall) -> None:
    post_id, _ = parse_post_id(call.args, "usage.post.edit")
    view, form = call.run(lambda s: drafts.edit_prefill(s, call.actor, post_id, call.now()), read_only=True)
    modal = post_modal(call.tr, form, author=call.actor.user_id, now=call.now(), view=view)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=modal))


def show(call: CommandCall) -> Reply:
    post_id, _ = parse_post_id(call.args, "usage.post.show")
    view = call.run(lambda s: drafts.show_post(s, call.actor, post_id, call.now()), read_only=True)
    return Reply(blocks.show_text(call.tr, view))


def cancel(call: CommandCall) -> Reply:
    post_id, reason = parse_post_id(call.args, "usage.post.cancel")

    def cancelled(s: Any) -> tuple[PostView, str]:
        view = drafts.cancel_post(s, call.actor, post_id, reason[:500], call.now())
        # The message redrawn; the author told when someone else cancelled it.
        return view, flows.notice(call, s, view, "cancelled", reason=reason)

    view, subject = call.run(cancelled)
    call.send_notices(KIND_NOTICE, subject)
    return Reply(call.tr("post.cancelled", id=view.id))


def _settings_summary(call: CommandCall, view: post_settings.SettingsView) -> str:
    def pairs(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(d.items()))

    return call.tr("post.settings.show", approvals=view.approvals_required, text=pairs(view.text_limits),
                   hashtags=pairs(view.hashtag_limits))


def settings(call: CommandCall) -> Reply:
    what, _, rest = call.args.strip().partition(" ")
    if what.lower() == "webhook":
        return webhook.settings_webhook(call, rest)
    if what.lower() == "cadence":
        return cadence.settings_cadence(call, rest)
    change = parse_settings(call.args)
    if change is None:
        view = call.run(lambda s: post_settings.settings_view(s, call.actor.team_id), read_only=True)
        return Reply(_settings_summary(call, view))
    view = call.run(lambda s: post_settings.change_setting(s, call.actor, change, call.now()))
    return Reply(call.tr("post.settings.saved", summary=_settings_summary(call, view)))


def published(call: CommandCall) -> Reply | None:
    """`/post published <id> <url>`; without the URL, the same form as the reminder's button."""
    post_id, rest = parse_post_id(call.args, "usage.post.published")
    try:
        url = clean_url(rest.split()[0] if rest.split() else "")
    except ValueError:
        raise UsageError("post.error.bad_url", usage_key="usage.post.published", text=rest[:60]) from None
    if url is None:
        call.run(lambda s: publishing.check_can_publish(s, call.actor, post_id, call.now()), read_only=True)
        modal = url_modal(call.tr, post_id)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=modal))
        return None

    def publish(s: Any) -> tuple[PostView, str]:
        view = publishing.mark_published(s, call.actor, post_id, url, call.now())
        return view, flows.notice(call, s, view, "published", url=url)  # the message redrawn

    view, subject = call.run(publish)
    call.send_notices(KIND_NOTICE, subject)
    return Reply(call.tr("post.published", emoji=STATUS_EMOJI["published"], id=view.id, url=user_text(url)))


def hold(call: CommandCall) -> Reply:
    """`/post hold <brand> [hours] <reason…>`: by hand until the crisis feature calls `hold_brand`."""
    brand, hours, reason = holds.parse_hold(call.args)

    def held(s: Any) -> tuple[str, list[PostView], str | None]:
        name, ids = holds.hold_by_hand(s, call.actor, brand, hours=hours, reason=reason, now=call.now())
        views = [drafts.show_post(s, call.actor, i, call.now()) for i in ids]
        if not views:
            return name, views, None
        # Each approvals message shows its post held, its buttons gone; then the list in the approvals
        # channel, where approvers release or reschedule each (keyed by the first post's revision).
        return name, views, flows.notice(call, s, views[0], "held", posts=ids, brand=name, reason=reason)

    name, views, subject = call.run(held)
    if subject is None:
        return Reply(call.tr("post.held_none", brand=user_text(name), hours=hours))
    call.send_notices(KIND_NOTICE, subject)
    return Reply(call.tr("post.held", emoji=STATUS_EMOJI["held"], count=len(views), brand=user_text(name),
                         ids=", ".join(f"#{v.id}" for v in views)))


def reassign(call: CommandCall) -> Reply:
    """`/post reassign <id> @user` (SPEC §4: what a leaver publishes goes to someone else)."""
    post_id, rest = parse_post_id(call.args, "usage.post.reassign")
    user = parse_user(rest.split()[0]) if rest.split() else None
    if user is None:
        raise UsageError("post.error.bad_user", usage_key="usage.post.reassign", text=rest[:40] or "—")

    def reassigned(s: Any) -> tuple[PostView, str]:
        view = handover_items.reassign(s, call.actor, post_id, user, call.now())
        return view, flows.notice(call, s, view, "reassigned", publisher=user)  # the message redrawn

    view, subject = call.run(reassigned)
    call.send_notices(KIND_NOTICE, subject)
    return Reply(call.tr("post.reassigned", id=view.id, user=user))
