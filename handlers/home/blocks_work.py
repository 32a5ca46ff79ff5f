"""Block Kit of the App Home's header, *My work* and *My access* parts, each within its budget.

The whole Home must stay within Slack's 100 blocks, so every part is handed a budget of blocks
and, when its items do not fit, shows the first ones and a line naming where the rest are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.i18n import Translator
from bot.home.views_work import (
    ACCESS_REQUEST,
    FULFIL,
    HANDOVER_DELIVER,
    HANDOVER_RECEIVE,
    PAGE,
    POST,
    REPLY,
    REVOKE,
    ROTATION,
    STATEMENT,
    MyAccess,
    MyGrant,
    MyWork,
    WorkItem,
)
from handlers.access.blocks import when
from handlers.access.ids import AccessIds
from handlers.blockkit import Block, actions, button, context, cut, header, section, user_text
from handlers.crisis.paging.ids import CrisisPagingIds
from handlers.crisis.record.ids import CrisisRecordIds
from handlers.handover.ids import HandoverIds
from handlers.home.ids import HomeIds
from handlers.posts.ids import PostsIds
from handlers.replies.ids import RepliesIds

PARAM_MAX = 200  # a reason or a post's copy is cut on the Home; the feature's message has it whole


@dataclass(frozen=True)
class Press:
    """One of the feature's own buttons: its action_id, its label's key, its style."""

    action_id: str
    label_key: str
    style: str | None = None


# The same buttons as each feature's own message (handlers/<feature>/blocks.py), with the same
# values (the item's `value`), so pressing one here runs the feature's own listener.
BUTTONS: dict[str, tuple[Press, ...]] = {
    PAGE: (Press(CrisisPagingIds.ACK, "crisis.page.button", "danger"),),
    STATEMENT: (Press(CrisisRecordIds.STATEMENT_APPROVE, "crisis.statement.approve", "primary"),
                Press(CrisisRecordIds.STATEMENT_REJECT, "crisis.statement.reject", "danger")),
    ACCESS_REQUEST: (Press(AccessIds.APPROVE, "access.button.approve", "primary"),
                     Press(AccessIds.DENY, "access.button.deny", "danger")),
    POST: (Press(PostsIds.APPROVE, "post.btn.approve", "primary"), Press(PostsIds.CHANGES, "post.btn.changes"),
           Press(PostsIds.REJECT, "post.btn.reject", "danger")),
    REPLY: (Press(RepliesIds.APPROVE, "replies.approve", "primary"),
            Press(RepliesIds.REJECT, "replies.reject", "danger")),
    HANDOVER_DELIVER: (Press(HandoverIds.A_DELIVER, "handover.button.deliver", "primary"),),
    HANDOVER_RECEIVE: (Press(HandoverIds.A_RECEIVE, "handover.button.receive", "primary"),),
    FULFIL: (Press(AccessIds.DONE, "access.button.done", "primary"), Press(AccessIds.CANNOT, "access.button.cannot")),
    REVOKE: (Press(AccessIds.REVOKED, "access.button.revoked", "danger"),),
    ROTATION: (),  # recorded with `/accounts rotate` (a modal with the new password), as its task says
}


def header_blocks(tr: Translator, roles: Sequence[str]) -> list[Block]:
    names = ", ".join(tr(f"role.{r}") for r in roles) or tr("home.member")
    return [header(tr("home.title")), context(tr("home.your_roles", roles=names), tr("home.help"))]


def _line(tr: Translator, item: WorkItem) -> str:
    params = {k: user_text(cut(v, PARAM_MAX)) for k, v in item.params.items() if k != "shared"}
    text = tr(f"home.work.{item.kind}", **params)
    return text + tr("home.work.shared") if item.params.get("shared") else text


def _cost(kind: str) -> int:
    """Blocks an item takes: one button rides on its section, several need an actions block."""
    return 2 if len(BUTTONS[kind]) > 1 else 1


def _item_blocks(tr: Translator, item: WorkItem, position: int) -> list[Block]:
    buttons = [button(tr(p.label_key), p.action_id, item.value, style=p.style) for p in BUTTONS[item.kind]]
    block_id = f"{HomeIds.B_ITEM_PREFIX}{position}"
    if len(buttons) == 1:
        return [section(_line(tr, item), block_id=block_id, accessory=buttons[0])]
    if not buttons:
        return [section(_line(tr, item), block_id=block_id)]
    return [section(_line(tr, item)), actions(*buttons, block_id=block_id)]


def work_blocks(tr: Translator, work: MyWork, *, budget: int) -> list[Block]:
    """*My work* in at most `budget` blocks (at least 2 + one per kind with items): each kind its
    first items while they fit, leaving room for one "…and N more" line per kind still to come."""
    out: list[Block] = [header(tr("home.work.title"))]
    if not work.groups:
        return [*out, section(tr("home.work.empty"))]
    left = budget - 1
    position = 0
    for n, group in enumerate(work.groups):
        room = left - (len(work.groups) - n - 1)  # one line kept for every kind after this one
        cost = _cost(group.kind)
        shown = min(len(group.items), max(room, 0) // cost)
        if shown < group.total:
            shown = min(shown, max(room - 1, 0) // cost)
        for item in group.items[:shown]:
            blocks = _item_blocks(tr, item, position)
            position += 1
            out += blocks
            left -= len(blocks)
        if shown < group.total:
            out.append(context(tr(f"home.more.{group.kind}", n=group.total - shown)))
            left -= 1
    return out


def _grant_state(tr: Translator, grant: MyGrant, tz: str) -> str:
    if grant.status == "awaiting_fulfilment":
        return tr("home.access.awaiting")
    if grant.status == "revoking":
        return tr("home.access.revoking")
    if grant.expires_at is None:
        return tr("home.access.open_ended")
    return tr("home.access.until", when=when(grant.expires_at, tz))


def access_blocks(tr: Translator, access: MyAccess, tz: str, *, budget: int) -> list[Block]:
    """*My access* in at most `budget` blocks (at least 3): a grant a line, "Ask to extend" on the
    active ones (the access feature's own extension button: its request form, pre-filled)."""
    out: list[Block] = [header(tr("home.access.title"))]
    if not access.grants:
        return [*out, section(tr("home.access.empty"))]
    room = budget - 1
    shown = list(access.grants)
    if access.total > room:
        shown = shown[:room - 1]
    for grant in shown[:room]:
        text = tr("home.access.line", account=user_text(f"{grant.network} @{grant.handle}"), role=grant.role,
                  state=_grant_state(tr, grant, tz))
        if grant.shared_password:
            text += tr("home.work.shared")
        extend = (button(tr("home.access.extend"), AccessIds.EXTEND, str(grant.id))
                  if grant.status == "active" else None)
        out.append(section(text, block_id=f"{HomeIds.B_GRANT_PREFIX}{grant.id}", accessory=extend))
    if access.total > len(shown):
        out.append(context(tr("home.access.more", n=access.total - len(shown))))
    return out
