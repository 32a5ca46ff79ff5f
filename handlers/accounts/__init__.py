"""The account inventory and the vault (`/accounts`, SPEC §2)."""

from __future__ import annotations

from bot.accounts import catalog, catalog_messages, handover_items, rotation
from bot.core.feature import Feature
from bot.core.periodic import Producer
from bot.handover.items import COLLECTOR, KIND
from handlers.accounts import actions, commands, notices, views
from handlers.accounts.ids import AccountsIds
from handlers.accounts.vault import VAULT, guard_secret_logs
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime
from storage.vault import vault_from_settings


def register(rt: Runtime) -> None:
    """Wiring only: /accounts and its subcommands, the modals, the rotation-task and page buttons."""
    # Keys come from the settings, never from the database; None = no key configured.
    # Built once here (it parses the keys, maybe reading the key file); listeners use vault_of(call.ctx).
    rt.ctx.extras[VAULT] = vault_from_settings(rt.ctx.settings)
    guard_secret_logs()
    cmd = rt.registry.command(
        "/accounts", "cmd.accounts.description",
        "[add | show | edit | archive | reveal | rotate | compromised <handle> | export]",
    )
    cmd.sub("", "usage.accounts.list")(commands.list_)
    cmd.sub("list", "usage.accounts.list")(commands.list_)
    cmd.sub("add", "usage.accounts.add")(commands.add)
    cmd.sub("show", "usage.accounts.show")(commands.show)
    cmd.sub("edit", "usage.accounts.edit")(commands.edit)
    cmd.sub("archive", "usage.accounts.archive")(commands.archive)
    cmd.sub("reveal", "usage.accounts.reveal")(commands.reveal)
    cmd.sub("rotate", "usage.accounts.rotate")(commands.rotate)
    cmd.sub("compromised", "usage.accounts.compromised")(commands.compromised)
    cmd.sub("export", "usage.accounts.export")(commands.export)
    register_view(rt, AccountsIds.ADD_VIEW, views.add_submitted, once=True)  # creates an account
    register_view(rt, AccountsIds.EDIT_VIEW, views.edit_submitted)
    register_view(rt, AccountsIds.ROTATE_VIEW, views.rotate_submitted, once=True)  # one new password
    register_view(rt, AccountsIds.ROTATE_MAILBOX_VIEW, views.rotate_mailbox_submitted, once=True)
    register_action(rt, AccountsIds.A_ROTATE_OPEN, actions.rotate_clicked)
    register_action(rt, AccountsIds.A_PAGE_PREV, actions.page_clicked)
    register_action(rt, AccountsIds.A_PAGE_NEXT, actions.page_clicked)


FEATURE = Feature(
    name="accounts",
    catalog={**catalog.MESSAGES, **catalog_messages.MESSAGES},
    register=register,
    renderers=notices.RENDERERS,
    producers=(Producer("accounts.periodic_rotation", rotation.due_periodic, every=rotation.HOURLY),),
    subscribers=(("rotation.needed", rotation.on_rotation_needed),
                 ("account.mailbox_rotated", handover_items.on_mailbox_rotated)),
    # The handover act lists the login mailbox passwords the leaver knew (SPEC §4, §0.1).
    contributes={COLLECTOR: (handover_items.mailbox_passwords_known_by,), KIND: (handover_items.MAILBOX_ROTATE_KIND,)},
    ids=(AccountsIds,),
)
