"""The account inventory and the vault (`/accounts`, SPEC §2)."""

from __future__ import annotations

from bot.accounts import catalog, catalog_messages, rotation
from bot.core.feature import Feature
from bot.core.periodic import Producer
from handlers.accounts import commands, notices
from handlers.accounts.ids import AccountsIds

FEATURE = Feature(
    name="accounts",
    catalog={**catalog.MESSAGES, **catalog_messages.MESSAGES},
    register=commands.register,
    renderers=notices.RENDERERS,
    producers=(Producer("accounts.periodic_rotation", rotation.due_periodic, every=rotation.HOURLY),),
    subscribers=(("rotation.needed", rotation.on_rotation_needed),),
    ids=(AccountsIds,),
)
