"""The rotation task the custodian receives until the password is changed (SPEC §2), and the
settling of its messages once the password is rotated (scheduled by the rotation: the outbox)."""

from __future__ import annotations

from bot.accounts.rotation import ROTATION_KIND
from bot.accounts.task_messages import KIND_SETTLED, remember, settlement_of
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


def render_settled(rc: RenderContext) -> list[Outgoing] | None:
    """Each task message keeps its text; its button gives way to who rotated it and when. A message
    Slack no longer has (deleted, its DM gone) counts as settled, with a warning (scheduler/notifier.py),
    and the others still go, as when these updates were after-ack work."""
    settled = settlement_of(dict(rc.delivery.payload))
    return [Outgoing(to=m.channel, update_ts=m.ts, text=m.text, blocks=settled_task_blocks(rc.tr, m.text, settled))
            for m in settled.messages if m.channel and m.ts and m.channel[:1] not in {"U", "W"}]


RENDERERS: dict[str, Renderer] = {ROTATION_KIND: render_rotation_task, KIND_SETTLED: render_settled}
