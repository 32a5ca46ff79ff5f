"""Block Kit for handover acts: the checklist message, `/handover show|list`, reminders.

The checklist stays within Slack's 50-block limit however large the act: items are shown
a page at a time (open items first), one section each, with bulk buttons per kind.

Text people wrote (the act's reason; item labels, made of account brands and handles) goes
through `user_text` here, once, as it is put into mrkdwn: no `<!here>` from a brand pings the
approvals channel, no link hides where it goes. The stored text and the sealed document keep
what was written.
"""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.handover.acts import ITEMS_PER_PAGE, page_count
from bot.handover.items import ACCOUNT_CUSTODY, GRANT_REVOKE
from bot.handover.views import ActView, ItemView, automatic_request, via_names
from handlers.blockkit import (
    MESSAGE_BLOCKS_MAX,
    Block,
    actions,
    button,
    context,
    cut,
    divider,
    header,
    section,
    sections,
    user_text,
)
from handlers.handover.ids import HandoverIds

STATUS_ICON = {
    "open": ":white_large_square:",
    "requested": ":hourglass_flowing_sand:",
    "done": ":white_check_mark:",
}


def who(user: str | None, tr: Translator) -> str:
    return f"<@{user}>" if user else tr("handover.nobody")


def title_text(tr: Translator, item: ItemView) -> str:
    """The item's title for mrkdwn (its label is made of what people typed into accounts)."""
    label = user_text(item.label)
    return tr(item.title_key, label=label) if item.title_key else label


def item_notes(tr: Translator, view: ActView, item: ItemView) -> list[str]:
    notes: list[str] = []
    if item.detail.get("shared_password"):
        notes.append(tr("handover.note.shared_password"))
    if item.detail.get("via"):
        notes.append(tr("handover.note.via", via=via_names(tr, item, user_text)))
    if item.status == "done":
        notes.append(
            tr(
                "handover.note.done",
                user=who(item.done_by, tr) if item.done_by else "—",
                at=view.local(item.done_at),
            )
        )
    elif item.status == "requested" and (why := automatic_request(item)):
        notes.append(tr("handover.note.requested_why", why=tr(why), at=view.local(item.requested_at)))
    elif item.status == "requested":
        notes.append(
            tr("handover.note.requested", user=who(item.requested_by, tr), at=view.local(item.requested_at))
        )
    if item.status != "done" and item.owner:
        notes.append(tr("handover.note.owner", user=who(item.owner, tr)))
    if item.status == "open" and item.kind == ACCOUNT_CUSTODY and not view.act.receiver_id:
        notes.append(tr("handover.note.choose_receiver"))
    return notes


def item_line(tr: Translator, view: ActView, item: ItemView) -> str:
    line = f"{STATUS_ICON.get(item.status, '•')} *{item.position}.* {title_text(tr, item)}"
    notes = item_notes(tr, view, item)
    return line + ("\n" + " · ".join(notes) if notes else "")


def summary_text(tr: Translator, view: ActView) -> str:
    act = view.act
    lines = [
        tr(
            "handover.summary.parties",
            leaving=who(act.leaving_id, tr),
            receiver=who(act.receiver_id, tr) if act.receiver_id else tr("handover.receiver_unset"),
        ),
        tr("handover.summary.started", user=who(act.started_by, tr), at=view.local(act.started_at)),
    ]
    if act.reason:
        lines.append(tr("handover.summary.reason", reason=user_text(cut(act.reason, 500))))
    return "\n".join(lines)


def signatures_text(tr: Translator, view: ActView) -> str:
    act = view.act
    if act.delivered_at:
        deliver = tr("handover.sig.signed", user=who(act.delivered_by, tr), at=view.local(act.delivered_at))
    elif act.leaver_unavailable_at:
        deliver = tr(
            "handover.sig.unavailable",
            user=who(act.leaver_unavailable_by, tr),
            at=view.local(act.leaver_unavailable_at),
        )
    else:
        deliver = tr("handover.sig.pending")
    if not act.receiver_id:
        receive = tr("handover.receiver_unset")
    elif act.received_at:
        receive = tr("handover.sig.signed", user=who(act.received_by, tr), at=view.local(act.received_at))
    else:
        receive = tr("handover.sig.pending")
    witness = (
        tr("handover.sig.signed", user=who(act.closed_by, tr), at=view.local(act.closed_at))
        if act.closed_at
        else tr("handover.sig.pending")
    )
    return "\n".join(
        [
            tr("handover.sig.deliver", who=who(act.leaving_id, tr), state=deliver),
            tr(
                "handover.sig.receive",
                who=who(act.receiver_id, tr) if act.receiver_id else "—",
                state=receive,
            ),
            tr("handover.sig.witness", state=witness),
        ]
    )


def cannot_close_text(
    tr: Translator, act: str, missing: list[tuple[str, dict[str, object]]], *, inline: bool = False
) -> str:
    """"ACT-… cannot be closed yet:" once, then each reason (one line each, or ' · ' in a context)."""
    reasons = [tr(key, **params) for key, params in missing]
    head = tr("handover.cannot_close", act=act)
    return f"{head} " + " · ".join(reasons) if inline else "\n".join([head, *(f"• {r}" for r in reasons)])


def cancelled_text(tr: Translator, view: ActView) -> str:
    act = view.act
    return tr("handover.cancelled", user=who(act.cancelled_by, tr), at=view.local(act.cancelled_at),
              reason=user_text(cut(act.cancel_reason or "", 500)))


def progress_text(tr: Translator, view: ActView) -> str:
    state = tr(f"handover.state.{view.act.status}")
    return tr("handover.progress", done=view.done_count, total=len(view.items), state=state)


def _page_of(view: ActView) -> tuple[list[ItemView], int, int]:
    pages = page_count(len(view.items))
    page = min(max(0, view.act.message_page), pages - 1)
    return view.items[page * ITEMS_PER_PAGE : (page + 1) * ITEMS_PER_PAGE], page, pages


def _receiver_picker(tr: Translator, view: ActView) -> Block:
    select: Block = {
        "type": "users_select",
        "action_id": HandoverIds.A_RECEIVER,
        "placeholder": {"type": "plain_text", "text": cut(tr("handover.pick_receiver"), 150)},
    }
    return actions(select, block_id=f"{HandoverIds.B_RECEIVER}:{view.act.id}")


def _sign_buttons(tr: Translator, view: ActView) -> list[Block]:
    act = view.act
    buttons: list[Block] = []
    if act.delivered_at is None and act.leaver_unavailable_at is None:
        buttons.append(
            button(tr("handover.button.deliver"), HandoverIds.A_DELIVER, str(act.id), style="primary")
        )
        buttons.append(button(tr("handover.button.leaver_gone"), HandoverIds.A_LEAVER_GONE, str(act.id)))
    if act.receiver_id and act.received_at is None:
        buttons.append(
            button(tr("handover.button.receive"), HandoverIds.A_RECEIVE, str(act.id), style="primary")
        )
    for kind, key in (
        (GRANT_REVOKE, "handover.button.revoke_all"),
        (ACCOUNT_CUSTODY, "handover.button.transfer_all"),
    ):
        if view.open_of_kind(kind) > 1:
            # One action_id per kind: Slack wants action_ids unique within a block.
            label = tr(key, count=view.open_of_kind(kind))
            buttons.append(button(label, f"{HandoverIds.A_ALL}:{kind}", str(act.id)))
    confirm = {
        "title": {"type": "plain_text", "text": cut(tr("handover.confirm.title"), 100)},
        "text": {"type": "mrkdwn", "text": tr("handover.confirm.text", act=act.number)},
        "confirm": {"type": "plain_text", "text": cut(tr("handover.button.close"), 30)},
        "deny": {"type": "plain_text", "text": cut(tr("handover.confirm.cancel"), 30)},
    }
    buttons.append(button(tr("handover.button.close"), HandoverIds.A_CLOSE, str(act.id), confirm=confirm))
    return buttons


def act_message(tr: Translator, view: ActView) -> tuple[str, list[Block]]:
    """The checklist message (posted once, then updated in place)."""
    act = view.act
    blocks: list[Block] = [
        header(tr("handover.title", act=act.number)),
        section(summary_text(tr, view)),
        context(progress_text(tr, view)),
    ]
    if view.is_open and not act.receiver_id:
        blocks.append(_receiver_picker(tr, view))
    blocks.append(divider())
    page_items, page, pages = _page_of(view)
    if not view.items:
        blocks.append(section(tr("handover.no_items")))
    for item in page_items:
        accessory = (
            button(tr(item.button_key), HandoverIds.A_ITEM, f"{act.id}:{item.id}")
            if item.button_key
            else None
        )
        blocks.append(section(item_line(tr, view, item), accessory=accessory))
    if pages > 1:
        nav: list[Block] = []
        if page > 0:
            nav.append(button(tr("handover.button.prev"), HandoverIds.A_PAGE_PREV, f"{act.id}:{page - 1}"))
        if page < pages - 1:
            nav.append(button(tr("handover.button.next"), HandoverIds.A_PAGE_NEXT, f"{act.id}:{page + 1}"))
        blocks.append(context(tr("handover.page", page=page + 1, pages=pages)))
        blocks.append(actions(*nav))
    blocks.append(divider())
    blocks.append(section(signatures_text(tr, view)))
    if view.is_open:
        blocks.append(actions(*_sign_buttons(tr, view)))
        if view.missing:
            blocks.append(context(cannot_close_text(tr, act.number, view.missing, inline=True)))
    elif act.status == "cancelled":
        blocks.append(context(cancelled_text(tr, view)))
    else:
        blocks.append(
            context(
                tr(
                    "handover.sealed",
                    user=who(act.closed_by, tr),
                    at=view.local(act.closed_at),
                    hash=(act.content_hash or "")[:16],
                )
            )
        )
    text = tr(
        "handover.fallback",
        act=act.number,
        leaving=who(act.leaving_id, tr),
        done=view.done_count,
        total=len(view.items),
    )
    return text, blocks[:MESSAGE_BLOCKS_MAX]


def show_blocks(tr: Translator, view: ActView) -> tuple[str, list[Block]]:
    """`/handover show`: the whole act as text, no buttons (the message in the thread has them)."""
    act = view.act
    body = "\n".join(item_line(tr, view, i) for i in sorted(view.items, key=lambda i: i.position))
    where = tr("handover.where", channel=f"<#{act.channel_id}>") if act.channel_id else ""
    blocks: list[Block] = [
        header(tr("handover.title", act=act.number)),
        section(summary_text(tr, view)),
        context(progress_text(tr, view), *([where] if where else [])),
        *(sections(body) if body else [section(tr("handover.no_items"))]),
        section(signatures_text(tr, view)),
    ]
    if act.status == "cancelled":
        blocks.append(context(cancelled_text(tr, view)))
    if act.content_hash:
        blocks.append(context(tr("handover.hash", hash=act.content_hash)))
    return tr("handover.title", act=act.number), blocks[:MESSAGE_BLOCKS_MAX]


def list_text(tr: Translator, views: list[ActView]) -> str:
    if not views:
        return tr("handover.list.empty")
    lines = [tr("handover.list.title")]
    for view in views:
        act = view.act
        lines.append(
            tr(
                "handover.list.row",
                act=act.number,
                state=tr(f"handover.state.{act.status}"),
                leaving=who(act.leaving_id, tr),
                receiver=who(act.receiver_id, tr) if act.receiver_id else "—",
                done=view.done_count,
                total=len(view.items),
                at=view.local(act.started_at),
            )
        )
    return cut("\n".join(lines), 3900)


def reminder_text(tr: Translator, view: ActView, lines: list[str]) -> tuple[str, list[Block]]:
    act = view.act
    where = tr("handover.where", channel=f"<#{act.channel_id}>") if act.channel_id else ""
    head = tr("handover.reminder.head", act=act.number, leaving=who(act.leaving_id, tr))
    body = "\n".join(f"• {line}" for line in lines)
    blocks: list[Block] = [section(f"{head}\n{body}"[:3000])]
    if where:
        blocks.append(context(where))
    return head, blocks


def started_text(tr: Translator, view: ActView) -> str:
    return tr(
        "handover.started", act=view.act.number, channel=f"<#{view.act.channel_id}>", count=len(view.items)
    )

