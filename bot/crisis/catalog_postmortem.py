"""Crisis texts (the post-mortem: its figures, its Markdown and its message), en/es."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "crisis.pm.title": {
        "en": "Post-mortem {number}",
        "es": "Análisis posterior {number}",
    },
    "crisis.pm.severity": {
        "en": "Severity",
        "es": "Gravedad",
    },
    "crisis.pm.summary": {
        "en": "Summary",
        "es": "Resumen",
    },
    "crisis.pm.brand": {
        "en": "Brand",
        "es": "Marca",
    },
    "crisis.pm.opened": {
        "en": "Opened",
        "es": "Abierta",
    },
    "crisis.pm.resolved": {
        "en": "Resolved",
        "es": "Resuelta",
    },
    "crisis.pm.resolution": {
        "en": "Resolution",
        "es": "Resolución",
    },
    "crisis.pm.figures": {
        "en": "Figures",
        "es": "Cifras",
    },
    "crisis.pm.ack": {
        "en": "Time to acknowledge",
        "es": "Tiempo hasta acusar recibo",
    },
    "crisis.pm.statement": {
        "en": "Time to approved statement",
        "es": "Tiempo hasta el comunicado inicial aprobado",
    },
    "crisis.pm.resolve": {
        "en": "Time to resolve",
        "es": "Tiempo hasta resolver",
    },
    "crisis.pm.not_acknowledged": {
        "en": "not acknowledged",
        "es": "sin acuse de recibo",
    },
    "crisis.pm.no_statement": {
        "en": "no approved statement",
        "es": "sin comunicado aprobado",
    },
    "crisis.pm.not_resolved": {
        "en": "not resolved",
        "es": "sin resolver",
    },
    "crisis.pm.acknowledged_by": {
        "en": "Acknowledged by",
        "es": "Recibo acusado por",
    },
    "crisis.pm.pages": {
        "en": "Paged",
        "es": "Avisos",
    },
    "crisis.pm.page_line": {
        "en": "<@{user}> — level {level}, round {cycle}, {at}: {state}",
        "es": "<@{user}> — nivel {level}, vuelta {cycle}, {at}: {state}",
    },
    "crisis.pm.page_state.open": {
        "en": "no answer",
        "es": "sin respuesta",
    },
    "crisis.pm.page_state.acknowledged": {
        "en": "answered (acknowledged)",
        "es": "respondió (acusó recibo)",
    },
    "crisis.pm.page_state.closed": {
        "en": "no answer (closed)",
        "es": "sin respuesta (cerrado)",
    },
    "crisis.pm.held": {
        "en": "Posts held",
        "es": "Publicaciones retenidas",
    },
    "crisis.pm.held_line": {
        "en": "Post #{id}: {status}",
        "es": "Publicación #{id}: {status}",
    },
    "crisis.pm.post_gone": {
        "en": "no longer exists",
        "es": "ya no existe",
    },
    "crisis.pm.checklist": {
        "en": "Checklist",
        "es": "Lista de comprobación",
    },
    "crisis.pm.step_done": {
        "en": "[x] {text} — <@{user}>, {at}",
        "es": "[x] {text} — <@{user}>, {at}",
    },
    "crisis.pm.step_open": {
        "en": "[ ] {text} — not done",
        "es": "[ ] {text} — sin hacer",
    },
    "crisis.pm.timeline": {
        "en": "Timeline",
        "es": "Cronología",
    },
    "crisis.pm.none": {
        "en": "none",
        "es": "ninguno",
    },
    "crisis.pm.more": {
        "en": "…and {more} more, see `socialops crisis export {number}`",
        "es": "…y {more} más, ver `socialops crisis export {number}`",
    },
    "crisis.pm.kind.opened": {
        "en": "opened",
        "es": "abierta",
    },
    "crisis.pm.kind.paged": {
        "en": "paged",
        "es": "aviso",
    },
    "crisis.pm.kind.acknowledged": {
        "en": "acknowledged",
        "es": "recibo acusado",
    },
    "crisis.pm.kind.unanswered": {
        "en": "no answer",
        "es": "sin respuesta",
    },
    "crisis.pm.kind.note": {
        "en": "note",
        "es": "nota",
    },
    "crisis.pm.kind.severity": {
        "en": "severity",
        "es": "gravedad",
    },
    "crisis.pm.kind.statement_drafted": {
        "en": "statement drafted",
        "es": "comunicado redactado",
    },
    "crisis.pm.kind.statement_approved": {
        "en": "statement approved",
        "es": "comunicado aprobado",
    },
    "crisis.pm.kind.statement_rejected": {
        "en": "statement rejected",
        "es": "comunicado rechazado",
    },
    "crisis.pm.kind.status_reminder": {
        "en": "status reminder",
        "es": "recordatorio de estado",
    },
    "crisis.pm.kind.step_done": {
        "en": "step done",
        "es": "paso hecho",
    },
    "crisis.pm.kind.held": {
        "en": "posts held",
        "es": "publicaciones retenidas",
    },
    "crisis.pm.kind.resolved": {
        "en": "resolved",
        "es": "resuelta",
    },
}
