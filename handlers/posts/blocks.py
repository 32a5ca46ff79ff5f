"""Block Kit of the posts feature: the approvals message with its per-network preview, the DMs."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Translator
from bot.posts.parse import zone
from bot.posts.views import STATUS_EMOJI, PostView
from handlers.blockkit import Block, actions, button, context, section, sections, user_text
from handlers.posts.ids import PostsIds as I


def when(view: PostView) -> str:
    return view.scheduled_at.astimezone(zone(view.timezone)).strftime("%Y-%m-%d %H:%M")


def status_text(tr: Translator, status: str) -> str:
    return tr(f"post.status.{status}")


def value_of(view: PostView) -> str:
    """A post button's value: the post and the revision the message shows."""
    return f"{view.id}:{view.revision}"


def title(tr: Translator, view: PostView) -> str:
    return tr("post.msg.title", emoji=STATUS_EMOJI.get(view.status, ""), id=view.id, revision=view.revision,
              status=status_text(tr, view.status))


def _safe(params: dict[str, Any]) -> dict[str, Any]:
    # A rule's parameters often quote the copy (a hashtag, a word): neutralised like any user text.
    return {k: user_text(v) if isinstance(v, str) else v for k, v in params.items()}


def warning_lines(tr: Translator, view: PostView) -> list[str]:
    return [f"• {tr(key, **_safe(params))}" for key, params in view.warnings]


def preview_text(tr: Translator, view: PostView) -> str:
    """Each account's variant: its own count against its own limit, its own copy when it has one,
    its tagged link."""
    lines: list[str] = []
    for v in view.variants:
        lines.append(tr("post.msg.variant", network=v.network, handle=user_text(v.handle), count=v.count,
                        limit=v.limit))
        if v.override:
            lines.extend(f"> {line}" for line in user_text(v.override).splitlines() or [""])
        if v.tagged_link:
            lines.append(tr("post.msg.tagged", link=user_text(v.tagged_link)))
    return "\n".join(lines)


def diff_text(tr: Translator, view: PostView) -> str:
    if not view.diff:
        return f"{tr('post.msg.diff', revision=view.revision)} {tr('post.msg.diff_none')}"
    lines = [tr("post.msg.diff", revision=view.revision)]
    for field, old, new in view.diff:
        lines.append(tr("post.msg.diff_line", field=tr(f"post.field.{field}"), old=user_text(old) or "—",
                        new=user_text(new) or "—"))
    return "\n".join(lines)


def post_text(tr: Translator, view: PostView) -> str:
    """The notification text (what a phone shows): the title and the start of the copy."""
    first = user_text(view.copy).splitlines()[0] if view.copy else ""
    return f"{title(tr, view)}: {first[:150]}"


def post_blocks(tr: Translator, view: PostView) -> list[Block]:
    out: list[Block] = [
        section(f"*{title(tr, view)}*"),
        context(tr("post.msg.facts", author=view.author_id, publisher=view.publisher_id, when=when(view),
                   tz=view.timezone),
                tr("post.msg.extra", campaign=user_text(view.campaign or "—"), topic=user_text(view.topic or "—"),
                   media=user_text(view.media_url or "—"))),
        *sections(user_text(view.copy)),
        *sections(preview_text(tr, view)),
    ]
    if view.warnings:
        out.extend(sections("\n".join([tr("post.msg.warnings"), *warning_lines(tr, view)])))
    if view.diff:
        out.extend(sections(diff_text(tr, view)))
    approvals = tr("post.msg.approvals", count=len(view.approved_by), required=view.approvals_required)
    if view.approved_by:
        approvals += " · " + tr("post.msg.approved_by", users=", ".join(f"<@{u}>" for u in view.approved_by))
    out.append(context(approvals))
    if view.status == "pending":
        value = value_of(view)
        out.append(actions(button(tr("post.btn.approve"), I.APPROVE, value, style="primary"),
                           button(tr("post.btn.changes"), I.CHANGES, value),
                           button(tr("post.btn.reject"), I.REJECT, value, style="danger"), block_id=I.B_ACTIONS))
    elif view.status == "published":
        out.append(context(tr("post.msg.published_line", user=view.published_by or "—",
                              url=user_text(view.published_url or "—"))))
    elif view.status == "expired":
        out.append(context(tr("post.msg.expired_line")))
    elif view.status == "cancelled":
        out.append(context(tr("post.msg.cancelled_line", user=view.cancelled_by or "—",
                              reason=user_text(view.cancel_reason or tr("post.no_reason")))))
    else:
        last = next((r for r in reversed(view.reviews) if r.revision == view.revision), None)
        if last is not None:
            out.append(context(tr("post.msg.decided", status=status_text(tr, view.status), user=last.reviewer_id)))
    return out[:50]


def edit_blocks(tr: Translator, text: str, view: PostView) -> list[Block]:
    """A DM to the author with the Edit button (changes requested, rejected)."""
    return [section(text), actions(button(tr("post.btn.edit"), I.EDIT, value_of(view)))]


def show_text(tr: Translator, view: PostView) -> str:
    lines = [f"*{title(tr, view)}*",
             tr("post.msg.facts", author=view.author_id, publisher=view.publisher_id, when=when(view),
                tz=view.timezone),
             user_text(view.copy), preview_text(tr, view)]
    if view.warnings:
        lines += [tr("post.msg.warnings"), *warning_lines(tr, view)]
    if view.reviews:
        lines.append(tr("post.show.reviews"))
        lines += [tr("post.show.review", revision=r.revision, user=r.reviewer_id,
                     decision=tr(f"post.decision.{r.decision}"), comment=user_text(r.comment or ""))
                  for r in view.reviews]
    return "\n".join(lines)


def reminder_blocks(tr: Translator, view: PostView, before: str) -> tuple[str, list[Block]]:
    """The publisher's reminder: the final text per network, ready to paste, each tagged link, and
    Mark published."""
    text = tr("post.reminder", id=view.id, left=tr(f"post.left.{before}"), when=when(view), tz=view.timezone)
    lines: list[str] = []
    for v in view.variants:
        lines.append(tr("post.msg.variant", network=v.network, handle=user_text(v.handle), count=v.count,
                        limit=v.limit))
        lines.extend(f"> {line}" for line in user_text(v.text).splitlines() or [""])
        if v.tagged_link:
            lines.append(tr("post.msg.tagged", link=user_text(v.tagged_link)))
    body = [section(text), *sections("\n".join(lines)),
            actions(button(tr("post.btn.published"), I.MARK_PUBLISHED, value_of(view), style="primary"),
                    block_id=I.B_ACTIONS)]
    return text, body[:50]
