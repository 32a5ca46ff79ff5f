"""Block Kit of the replies feature: search cards, the list, the approvals message.

A template's text is shown in a rich-text preformatted block made of one `text` element:
Slack renders it literally (a mention or a link in rich text is an element of its own kind,
never parsed out of a `text` element), so `<!channel>` or `<https://x|y>` in a template pings
nobody and hides nothing, and what people copy is exactly what was approved — nothing
inserted, unlike mrkdwn escaping, where a ``` in the text would also end the code block.
"""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Translator
from bot.replies.search import Listing
from bot.replies.views import Served, VersionView
from handlers.blockkit import Block, actions, button, context, cut, divider, section, user_text
from handlers.replies.ids import RepliesIds as I
from storage.models import REPLY_CATEGORIES


def copyable(text: str) -> Block:
    return {"type": "rich_text", "elements": [
        {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": text or " "}]}]}


def _placeholders(tr: Translator, names: tuple[str, ...]) -> str:
    if not names:
        return tr("replies.no_placeholders")
    return tr("replies.placeholders", names=", ".join(f"`{{{n}}}`" for n in names))


def _card(tr: Translator, template_id: int, title: str, category: str, language: str, tone: str,
          count: int) -> list[Block]:
    head = tr("replies.card", id=template_id, title=user_text(cut(title, 150)),
              category=tr(f"replies.category.{category}"), language=tr(f"replies.language.{language}"), count=count)
    if tone:
        head += "\n" + tr("replies.tone", tone=user_text(tone))
    return [section(head)]


def search_blocks(tr: Translator, query: str, found: list[Served]) -> list[Block]:
    out: list[Block] = [section(tr("replies.found", query=user_text(cut(query, 200))))]
    for s in found:
        out += [divider(), *_card(tr, s.template_id, s.title, s.category, s.language, s.tone, s.usage_count),
                copyable(s.text), context(_placeholders(tr, s.placeholders)),
                actions(button(tr("replies.used_button"), I.USED, str(s.template_id)),
                        block_id=f"{I.B_ACTIONS}_{s.template_id}")]
    return out


def list_text(tr: Translator, found: Listing) -> str:
    if not found.templates:
        return tr("replies.list.empty")
    lines = [tr("replies.list.title", total=found.total)]
    for category in REPLY_CATEGORIES:
        group = [s for s in found.templates if s.category == category]
        if not group:
            continue
        lines.append(f"\n*{tr(f'replies.category.{category}')}*")
        lines += [tr("replies.list.line", id=s.template_id, title=user_text(cut(s.title, 100)),
                     language=s.language, count=s.usage_count) for s in group]
    if found.total > len(found.templates):
        lines.append(tr("replies.list.more", more=found.total - len(found.templates)))
    return "\n".join(lines)


def review_text(tr: Translator, v: VersionView) -> str:
    return tr("replies.review.new", user=v.author_id, id=v.template_id, version=v.version)


def review_blocks(tr: Translator, v: VersionView) -> list[dict[str, Any]]:
    """The approvals message: the version in full, then its buttons — or its outcome once decided."""
    out: list[Block] = [section(review_text(tr, v)),
                        *_card(tr, v.template_id, v.title, v.category, v.language, v.tone, 0)[:1],
                        copyable(v.text), context(_placeholders(tr, v.placeholders))]
    if v.served_version is not None and v.state == "pending":
        out.append(context(tr("replies.review.serving", version=v.served_version)))
    if v.state == "pending" and not v.retired:
        out.append(actions(button(tr("replies.approve"), I.APPROVE, str(v.id), style="primary"),
                           button(tr("replies.reject"), I.REJECT, str(v.id), style="danger"),
                           block_id=I.B_ACTIONS))
    elif v.state in ("approved", "rejected", "superseded"):
        state = "approved" if v.state == "superseded" and v.decided_by else v.state
        out.append(context(tr(f"replies.state.{state}", user=v.decided_by or "")))
    return out
