"""What the scheduler sends for posts: the escalation at T-2 h and the expiry at T (and the Friday cadence notice).

The subject is `<post id>:<revision>`; a renderer re-reads the post when due and returns None
(nothing sent, the delivery cancelled) when it no longer applies: approved, edited since (another
revision), cancelled or already expired. The scheduler sends each delivery once, across restarts.
The expiry also updates the approvals message in place (`Outgoing.update_ts`).
"""

from __future__ import annotations

from bot.core.parsing import parse_id
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.posts import approvals, cadence, drafts, publishing
from bot.posts.parse import zone
from bot.posts.views import KIND_ESCALATION, KIND_EXPIRY, KIND_OVERDUE, KIND_REMINDER, STATUS_EMOJI, workspace_of
from handlers.blockkit import user_text
from handlers.posts import blocks
from storage.models import Post


def _subject(rc: RenderContext) -> tuple[int, int] | None:
    post, _, revision = rc.delivery.subject_id.partition(":")
    post_id, rev = parse_id(post), parse_id(revision)
    return (post_id, rev) if post_id is not None and rev is not None else None


def render_escalation(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    post = approvals.escalation_due(rc.session, rc.delivery.team_id, *found) if found else None
    if post is None:
        return None
    ws = workspace_of(rc.session, post.team_id)
    when = post.scheduled_at.astimezone(zone(ws.timezone)).strftime("%Y-%m-%d %H:%M")
    text = rc.tr("post.dm.escalation", id=post.id, when=f"{when} ({ws.timezone})", channel=ws.approvals_channel or "")
    out = [Outgoing(to=user, text=text) for user in approvals.approvers(rc.session, post.team_id,
                                                                       besides=post.author_id)]
    if post.message_channel and post.message_ts:
        out.append(Outgoing(to=post.message_channel, text=rc.tr("post.thread.escalated"), thread_ts=post.message_ts))
    return out or None


def _expired_by_this(rc: RenderContext, post_id: int, revision: int) -> Post | None:
    """The post this delivery already expired on an earlier attempt that got only part of the
    way (a failed update, a rate limit, a crash before the outcome was recorded): rendered
    again so the rest goes out; the scheduler skips the parts already sent."""
    d = rc.delivery
    if d.attempts <= 1 and d.last_error is None:
        return None  # a first attempt: an expired post was expired by someone else
    post = rc.session.get(Post, post_id)
    if post is None or post.team_id != d.team_id or post.revision != revision or post.status != "expired":
        return None
    return post


def render_expiry(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    post = approvals.expire_if_due(rc.session, rc.delivery.team_id, *found, rc.now) if found else None
    if post is None and found:
        post = _expired_by_this(rc, *found)
    if post is None:
        return None
    ws = workspace_of(rc.session, post.team_id)
    when = post.scheduled_at.astimezone(zone(ws.timezone)).strftime("%Y-%m-%d %H:%M")
    emoji = STATUS_EMOJI["expired"]
    out = [Outgoing(to=post.author_id, text=rc.tr("post.dm.expired", emoji=emoji, id=post.id, when=when))]
    if post.message_channel and post.message_ts:
        # The approvals message drawn as the post now is (expired, no buttons left to press),
        # then the note in its thread.
        view = drafts.post_view(rc.session, post, rc.now)
        out.append(Outgoing(to=post.message_channel, text=blocks.post_text(rc.tr, view),
                            blocks=blocks.post_blocks(rc.tr, view), update_ts=post.message_ts))
        out.append(Outgoing(to=post.message_channel, text=rc.tr("post.thread.expired", emoji=emoji),
                            thread_ts=post.message_ts))
    return out


def render_reminder(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    view = publishing.reminder_due(rc.session, rc.delivery.team_id, *found, rc.now) if found else None
    if view is None:
        return None
    before = str(rc.delivery.payload.get("before", "15m"))
    text, body = blocks.reminder_blocks(rc.tr, view, before if before in ("24h", "15m") else "15m")
    return [Outgoing(to=view.publisher_id, text=text, blocks=body)]


def render_overdue(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    view = publishing.mark_overdue(rc.session, rc.delivery.team_id, *found, rc.now) if found else None
    if view is None:
        return None
    emoji = STATUS_EMOJI["overdue"]
    when = f"{blocks.when(view)} ({view.timezone})"
    out = [Outgoing(to=view.publisher_id, text=rc.tr("post.dm.overdue", emoji=emoji, id=view.id, when=when))]
    if view.approvals_channel:
        out.append(Outgoing(to=view.approvals_channel, text=rc.tr(
            "post.channel.overdue", emoji=emoji, id=view.id, when=when, user=view.publisher_id)))
    return out


def render_cadence(rc: RenderContext) -> list[Outgoing] | None:
    """The Friday notice: the coming week's accounts below minimum and below target (bot/posts/cadence.py)."""
    ws = workspace_of(rc.session, rc.delivery.team_id)
    if not ws.approvals_channel:  # unset since it was scheduled: nowhere to say it
        return None
    local_day = rc.delivery.occurrence_at.astimezone(zone(ws.timezone)).date()
    report = cadence.cadence_report(rc.session, rc.delivery.team_id, cadence.coming_week(local_day))
    week = report.week_start.isoformat()
    if not report.below_minimum and not report.below_target:
        return [Outgoing(to=ws.approvals_channel, text=rc.tr("posts.cadence.on_track", week=week))]
    lines = [rc.tr("posts.cadence.title", week=week, tz=report.timezone)]
    if report.below_minimum:
        lines.append(rc.tr("posts.cadence.below_min"))
        for row in report.below_minimum:
            last = (row.last_published.astimezone(zone(ws.timezone)).date().isoformat()
                    if row.last_published is not None else rc.tr("posts.cadence.never"))
            lines.append(rc.tr("posts.cadence.line.min", brand=user_text(row.brand), network=row.network,
                               handle=user_text(row.handle), planned=row.planned, minimum=row.minimum, last=last))
    if report.below_target:
        lines.append(rc.tr("posts.cadence.below_target"))
        lines.extend(rc.tr("posts.cadence.line.target", brand=user_text(row.brand), network=row.network,
                           handle=user_text(row.handle), planned=row.planned, target=row.target)
                     for row in report.below_target)
    return [Outgoing(to=ws.approvals_channel, text="\n".join(lines))]


RENDERERS: dict[str, Renderer] = {KIND_ESCALATION: render_escalation, KIND_EXPIRY: render_expiry,
                                  KIND_REMINDER: render_reminder, KIND_OVERDUE: render_overdue,
                                  cadence.KIND_CADENCE: render_cadence}
