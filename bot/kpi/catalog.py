"""KPI texts (SPEC §10): the shared ones here, each part's in its own file."""

from __future__ import annotations

from bot.kpi.catalog_data import MESSAGES as DATA
from bot.kpi.catalog_digest import MESSAGES as DIGEST
from bot.kpi.catalog_goals import MESSAGES as GOALS
from bot.kpi.catalog_report import MESSAGES as REPORT

_CORE: dict[str, dict[str, str]] = {
    "cmd.kpi.description": {
        "en": "KPIs: objectives, data, the weekly digest, results reports, the agency scorecard",
        "es": "KPI: objetivos, datos, el resumen semanal, informes de resultados, el cuadro de la agencia",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_CORE, **DATA, **GOALS, **DIGEST, **REPORT}
