"""Block Kit for access: the approvals message, custodian tasks, warnings, reviews, lists."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.access.guides import Guide
from bot.access.views import AccountRef, GrantView, RequestView
from bot.core.i18n import Translator
from handlers.access.ids import AccessIds as I
from handlers.blockkit import Block, actions, button, context, cut, section, user_text

MESSAGE_BLOCKS_MAX = 50


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def hhmm(at: datetime, tz: str) -> str:
    return at.astimezone(_zone(tz)).strftime("%H:%M")


def when(at: datetime | None, tz: str) -> str:
    return at.astimezone(_zone(tz)).strftime("%Y-%m-%d %H:%M") if at else "—"


def duration_text(tr: Translator, duration: timedelta) -> str:
    hours = int(duration.total_seconds() // 3600)
    for unit, size in (("weeks", 24 * 7), ("days", 24), ("hours", 1)):
        if (hours >= size and hours % size == 0) or unit == "hours":
            n = hours // size
            return tr(f"access.{unit}{'_one' if n == 1 else ''}", n=n)
    raise AssertionError("unreachable")


def account_text(account: AccountRef) -> str:
    return f"{account.network} @{account.handle}"


def role_text(tr: Translator, role: str, role_name: str | None) -> str:
    return f"*{role}* ({role_name or tr('access.no_equivalent')})"


def shared_badge(tr: Translator, shared: bool) -> str:
    return f" {tr('access.shared_badge')}" if shared else ""


def with_badge(tr: Translator, text: str, shared: bool) -> str:
    """The shared-password warning at the end of the first line, where nobody misses it."""
    if not shared:
        return text
    first, newline, rest = text.partition("\n")
    return f"{first}{shared_badge(tr, True)}{newline}{rest}"


# ---- the request, in the approvals channel ---------------------------------------------

def request_text(tr: Translator, view: RequestView) -> str:
    return with_badge(tr, tr(
        "access.request.body", id=view.id, requester=view.requester_id, account=account_text(view.account),
        role=role_text(tr, view.role, view.role_name), duration=duration_text(tr, view.duration),
        # Stored as typed, made safe here, once: no <!here> pings the approvals channel.
        reason=user_text(cut(view.reason, 1500))), view.shared_password)


def _request_notes(tr: Translator, view: RequestView) -> list[str]:
    notes = []
    if view.shared_password:
        notes.append(tr("access.request.shared_note"))
    if view.external:
        key = "access.request.external_ok" if view.has_commitment else "access.request.external_missing"
        notes.append(tr(key, user=view.requester_id))
    if view.extends_grant_id:
        notes.append(tr("access.request.extension", grant=view.extends_grant_id))
    return notes


def decided_line(tr: Translator, view: RequestView) -> str:
    at = hhmm(view.decided_at, view.timezone) if view.decided_at else "—"
    if view.status == "denied":
        return tr("access.decided.denied", user=view.decided_by or "—", time=at,
                  reason=user_text(view.decision_note or "—"))
    if view.status == "cancelled":
        return tr("access.decided.withdrawn", user=view.decided_by or "—", time=at)
    return tr("access.decided.approved", user=view.decided_by or "—", time=at)


def request_blocks(tr: Translator, view: RequestView) -> list[Block]:
    """Pending: Approve / Deny. Decided: the buttons give way to who decided and when."""
    blocks = [section(request_text(tr, view))]
    notes = _request_notes(tr, view)
    if notes:
        blocks.append(context(*notes))
    if view.status == "pending":
        blocks.append(actions(
            button(tr("access.button.approve"), I.APPROVE, str(view.id), style="primary"),
            button(tr("access.button.deny"), I.DENY, str(view.id), style="danger"),
            block_id=I.B_ACTIONS,
        ))
    else:
        blocks.append(context(decided_line(tr, view)))
    return blocks


# ---- custodian tasks ---------------------------------------------------------------------

def _guide_lines(tr: Translator, guide: Guide) -> str:
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(guide.steps, 1))
    notes = "".join(f"\n_{note}_" for note in guide.notes)
    return f"{tr('access.guide.where', where=guide.where)}\n{steps}{notes}"


def fulfil_task(tr: Translator, view: GrantView, guide: Guide, duration: timedelta,
                reminder: bool) -> tuple[str, list[Block]]:
    text = with_badge(tr, tr(
        "access.fulfil.body", id=view.id, holder=view.holder_id, account=account_text(view.account),
        role=role_text(tr, view.role, view.role_name), email=view.holder_email or tr("access.no_email"),
        duration=duration_text(tr, duration)), view.shared_password)
    if reminder:
        text = f"{tr('access.reminder')} {text}"
    blocks = [
        section(text),
        section(_guide_lines(tr, guide)),
        context(tr("access.fulfil.after")),
        actions(button(tr("access.button.done"), I.DONE, str(view.id), style="primary"),
                button(tr("access.button.cannot"), I.CANNOT, str(view.id)), block_id=I.B_ACTIONS),
    ]
    return text, blocks


def revoke_task(tr: Translator, view: GrantView, guide: Guide, reminder: bool) -> tuple[str, list[Block]]:
    reason = tr(f"access.revoke_reason.{view.revoke_reason}") if view.revoke_reason in (
        "expired", "revoked", "review", "handover") else (view.revoke_reason or "—")
    text = with_badge(tr, tr(
        "access.revoke.body", id=view.id, holder=view.holder_id, account=account_text(view.account),
        role=role_text(tr, view.role, view.role_name), reason=reason,
        email=view.holder_email or tr("access.no_email")), view.shared_password)
    if reminder:
        text = f"{tr('access.reminder')} {text}"
    blocks = [
        section(text),
        section(_guide_lines(tr, guide)),
        actions(button(tr("access.button.revoked"), I.REVOKED, str(view.id), style="danger"),
                block_id=I.B_ACTIONS),
    ]
    return text, blocks


def done_line(tr: Translator, key: str, user: str, at: datetime, tz: str) -> Block:
    return context(tr(key, user=user, time=hhmm(at, tz)))


def replace_actions(blocks: list[dict[str, Any]], replacement: Block, block_id: str = I.B_ACTIONS) -> list[Block]:
    """The message as it was, with one actions block swapped (the buttons someone pressed)."""
    out = [replacement if b.get("block_id") == block_id else b for b in blocks]
    return out if any(b.get("block_id") == block_id for b in blocks) else [*blocks, replacement]


# ---- the holder ---------------------------------------------------------------------------

def expiry_warning(tr: Translator, view: GrantView, before: str) -> tuple[str, list[Block]]:
    text = tr("access.warning", account=account_text(view.account), role=role_text(tr, view.role, view.role_name),
              left=tr(f"access.left.{before}"), expires=when(view.expires_at, view.timezone),
              id=view.id) + shared_badge(tr, view.shared_password)
    return text, [section(text), actions(button(tr("access.button.extend"), I.EXTEND, str(view.id)),
                                         block_id=I.B_ACTIONS)]


def grant_line(tr: Translator, view: GrantView, now: datetime) -> str:
    status = view.status
    if status == "active" and view.expires_at is not None and view.expires_at <= now:
        status = "expired"
    until = tr("access.until", when=when(view.expires_at, view.timezone)) if view.expires_at else ""
    return (f"• `#{view.id}` {account_text(view.account)} — {role_text(tr, view.role, view.role_name)} — "
            f"<@{view.holder_id}> — {tr(f'access.status.{status}')} {until}").rstrip() + \
        shared_badge(tr, view.shared_password)


def grants_text(tr: Translator, views: list[GrantView], now: datetime) -> str:
    if not views:
        return tr("access.list.empty")
    return "\n".join([tr("access.list.title", n=len(views)), *(grant_line(tr, v, now) for v in views)])


def pending_text(tr: Translator, requests: list[RequestView], total: int) -> str:
    if not requests:
        return tr("access.pending.none")
    lines = [tr("access.pending.title", n=total)]
    lines += [f"• `{tr('access.request_ref', id=r.id)}` {account_text(r.account)} — "
              f"{role_text(tr, r.role, r.role_name)} — {duration_text(tr, r.duration)} — <@{r.requester_id}>: "
              f"{user_text(cut(r.reason, 120))}" for r in requests]
    if total > len(requests):
        lines.append(tr("access.pending.more", n=total - len(requests)))
    lines.append(tr("access.pending.where"))
    return "\n".join(lines)


def mine_text(tr: Translator, grants: list[GrantView], requests: list[RequestView], now: datetime) -> str:
    if not grants and not requests:
        return tr("access.mine.none")
    lines = [tr("access.mine.title")]
    lines += [grant_line(tr, v, now) for v in grants]
    if requests:
        lines.append(tr("access.mine.requests"))
        lines += [f"• `{tr('access.request_ref', id=r.id)}` {account_text(r.account)} — "
                  f"{role_text(tr, r.role, r.role_name)} — {tr('access.status.pending')}" for r in requests]
    return "\n".join(lines)


# ---- access review ------------------------------------------------------------------------

def review_messages(tr: Translator, items: list[tuple[int, GrantView]], cycle: str, reminder: bool,
                    now: datetime) -> list[tuple[str, list[Block]]]:
    """One message per 24 grants (each takes two blocks; Slack allows 50 per message)."""
    intro = tr("access.review.reminder" if reminder else "access.review.intro", cycle=cycle, n=len(items))
    out: list[tuple[str, list[Block]]] = []
    per_message = (MESSAGE_BLOCKS_MAX - 1) // 2
    for start in range(0, len(items), per_message):
        blocks: list[Block] = [section(intro)] if start == 0 else []
        for review_id, view in items[start:start + per_message]:
            blocks.append(section(grant_line(tr, view, now)))
            blocks.append(actions(
                button(tr("access.button.keep"), I.REVIEW_KEEP, str(review_id), style="primary"),
                button(tr("access.button.revoke"), I.REVIEW_REVOKE, str(review_id), style="danger"),
                block_id=f"{I.B_REVIEW_PREFIX}{review_id}",
            ))
        out.append((intro, blocks))
    return out


def review_report(tr: Translator, cycle: str, unanswered: dict[str, int]) -> str:
    lines = [tr("access.review.report", cycle=cycle)]
    lines += [tr("access.review.report_line", user=user, n=n) for user, n in unanswered.items()]
    return "\n".join(lines)
