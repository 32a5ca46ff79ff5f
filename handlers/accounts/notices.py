"""The rotation task the custodian receives until the password is changed (SPEC §2), and the
settling of its messages once the password is rotated (scheduled by the rotation: the outbox)."""

from __future__ import annotations

from bot.accounts.inventory import KIND_COMPROMISED
from bot.accounts.rotation import ROTATION_KIND
from bot.accounts.task_messages import KIND_SETTLED, remember, settlement_of
from bot.core.parsing import parse_id
from bot.core.schedule import Outgoing, RenderContext, Renderer
from handlers.accounts.blocks import settled_task_blocks
from handlers.accounts.ids import AccountsIds
from handlers.blockkit import actions, button, context, section, user_text
from storage.models import Account


def render_rotation_task(rc: RenderContext) -> list[Outgoing] | None:
    account = rc.session.get(Account, int(rc.delivery.subject_id))
    if account is None or account.status != "active" or account.rotation_requested_at is None:
        return None  # rotated (or archived) meanwhile: the task is done, repeats stop
    tr = rc.tr
    reason = tr(f"accounts.reason.{account.rotation_reason or 'compromised'}")
    days = max(0, (rc.now - account.rotation_requested_at).days)
    # Rendered once here: the text is also kept (task_messages) and reused as is when settled.
    text = tr("accounts.task.text", network=account.network, handle=user_text(account.handle), reason=reason,
              days=days)
    blocks = [
        section(text),
        actions(button(tr("accounts.task.button"), AccountsIds.A_ROTATE_OPEN, str(account.id), style="primary")),
    ]
    if rc.late:
        blocks.append(context(tr("accounts.task.late")))
    # The current custodian: custody may have changed since the task was scheduled.
    # Remember where it lands: the rotation replaces its button in place (rotation_messages).
    return [Outgoing(to=account.custodian_id, text=text, blocks=blocks,
                           on_sent=remember(account.team_id, account.id, text))]


def render_compromised(rc: RenderContext) -> list[Outgoing] | None:
    """The custodian and every admin hear of a compromise report (a DM each). One unreachable admin
    does not silence the others: each is a part of its own; a refused one is recorded as failed,
    with the admins alerted by the scheduler (where the after-ack work only logged it)."""
    account = rc.session.get(Account, parse_id(rc.delivery.subject_id.partition(":")[0]) or 0)
    if account is None or account.team_id != rc.delivery.team_id:
        return None
    text = rc.tr("accounts.compromised.alert", reporter=str(rc.delivery.payload.get("reporter") or ""),
                 network=account.network, handle=user_text(account.handle))
    return [Outgoing(to=str(user), text=text) for user in rc.delivery.payload.get("alert") or [] if user]


def render_settled(rc: RenderContext) -> list[Outgoing] | None:
    """Each task message keeps its text; its button gives way to who rotated it and when. A message
    Slack no longer has (deleted, its DM gone) counts as settled, with a warning (scheduler/notifier.py),
    and the others still go, as when these updates were after-ack work."""
    settled = settlement_of(dict(rc.delivery.payload))
    return [Outgoing(to=m.channel, update_ts=m.ts, text=m.text, blocks=settled_task_blocks(rc.tr, m.text, settled))
            for m in settled.messages if m.channel and m.ts and m.channel[:1] not in {"U", "W"}]


RENDERERS: dict[str, Renderer] = {
    ROTATION_KIND: render_rotation_task,
    KIND_SETTLED: render_settled,
    KIND_COMPROMISED: render_compromised,
}
