"""Crisis texts (SPEC §6): the shared ones here, each part's in its own file."""

from __future__ import annotations

from bot.crisis.catalog_open import MESSAGES as OPEN
from bot.crisis.catalog_paging import MESSAGES as PAGING
from bot.crisis.catalog_record import MESSAGES as RECORD
from bot.crisis.catalog_setup import MESSAGES as SETUP

_CORE: dict[str, dict[str, str]] = {
    "cmd.crisis.description": {
        "en": "Crises: open, page the chain, timeline, holding statement, resolve",
        "es": "Crisis: abrir, avisar a la cadena, cronología, comunicado inicial, resolver",
    },
    "crisis.error.not_found": {
        "en": "There is no crisis {id}.",
        "es": "No hay ninguna crisis {id}.",
    },
    "crisis.error.which": {
        "en": "Which crisis? Give its number (`CRI-2026-0001`) or use the command in the crisis channel.",
        "es": "¿Qué crisis? Indica su número (`CRI-2026-0001`) o usa el comando en el canal de la crisis.",
    },
    "crisis.handover.chain": {
        "en": "Take them off the crisis escalation chain (`/crisis setup`): {label}",
        "es": "Sacarle de la cadena de escalado de crisis (`/crisis setup`): {label}",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_CORE, **SETUP, **OPEN, **PAGING, **RECORD}
