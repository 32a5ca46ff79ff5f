"""KPIs: objectives, data in, the weekly digest, results reports (`/kpi`, SPEC §10, issue 14).

Four parts, each with its own subcommands, buttons, forms, renderers and texts:
`data` (`/kpi log`, CSV import, a CSV shared with the bot in a DM), `goals` (`/kpi define`,
`list`, `remove`, the agency scope and its deliverables), `digest` (the weekly digest and
`/kpi digest now`) and `reports` (`/kpi report`, `/kpi reports`).
"""

from __future__ import annotations

from bot.core.feature import Feature
from bot.kpi import catalog
from handlers.kpi import data, digest, goals, reports
from handlers.runtime import Runtime

HINT = ("define <metric> [<handle>|<brand>] target <value> per <week|month> | list | remove <id>"
        " | log <handle> <metric> <value> [<date>] | import | scope | delivered <id> | digest now"
        " | report [YYYY-MM|fortnight] | reports")


def register(rt: Runtime) -> None:
    """Wiring only: the one `/kpi` command, each part adding its subcommands, buttons and forms."""
    cmd = rt.registry.command("/kpi", "cmd.kpi.description", HINT)
    goals.register(rt, cmd)
    data.register(rt, cmd)
    digest.register(rt, cmd)
    reports.register(rt, cmd)


FEATURE = Feature(
    name="kpi",
    catalog=catalog.MESSAGES,
    register=register,
    renderers={**goals.RENDERERS, **data.RENDERERS, **digest.RENDERERS, **reports.RENDERERS},
    subscribers=(*goals.SUBSCRIBERS, *data.SUBSCRIBERS, *digest.SUBSCRIBERS, *reports.SUBSCRIBERS),
    producers=(*goals.PRODUCERS, *data.PRODUCERS, *digest.PRODUCERS, *reports.PRODUCERS),
    ids=(*goals.IDS, *data.IDS, *digest.IDS, *reports.IDS),
)
