"""Crises: open, page, record, resolve (`/crisis`, SPEC §6, issue 13).

Four parts, each with its own subcommands, buttons, forms, renderers and texts:
`setup` (the per-severity settings forms), `opening` (`/crisis open`, the channel, list and
show), `paging` (the chain, Acknowledge, status-update reminders, a severity change) and
`record` (notes, the holding statement, resolve, the post-mortem and its export).
"""

from __future__ import annotations

from bot.core.feature import Feature
from bot.crisis import catalog
from bot.crisis.handover_items import CHAIN_SEAT_KIND, chain_seats_of
from bot.handover.items import COLLECTOR, KIND
from handlers.crisis import opening, paging, record, setup
from handlers.runtime import Runtime

HINT = ("open <sev1|sev2|sev3> <summary…> [link] | list | show [id] | ack [id] | note <text> | severity <sevN>"
        " | statement | resolve <summary…> | setup [sevN]")


def register(rt: Runtime) -> None:
    """Wiring only: the one `/crisis` command, each part adding its subcommands, buttons and forms."""
    cmd = rt.registry.command("/crisis", "cmd.crisis.description", HINT)
    setup.register(rt, cmd)
    opening.register(rt, cmd)
    paging.register(rt, cmd)
    record.register(rt, cmd)


FEATURE = Feature(
    name="crisis",
    catalog=catalog.MESSAGES,
    register=register,
    renderers={**setup.RENDERERS, **opening.RENDERERS, **paging.RENDERERS, **record.RENDERERS},
    subscribers=(*setup.SUBSCRIBERS, *opening.SUBSCRIBERS, *paging.SUBSCRIBERS, *record.SUBSCRIBERS),
    ids=(*setup.IDS, *opening.IDS, *paging.IDS, *record.IDS),
    # A leaver on an escalation chain: the handover act lists each severity to take them off.
    contributes={COLLECTOR: (chain_seats_of,), KIND: (CHAIN_SEAT_KIND,)},
)
