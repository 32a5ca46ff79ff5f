"""KPI texts (digest part), en/es: the weekly digest, its highlights and missing-data notes, the
operational KPIs and the agency scorecard."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "usage.kpi.digest": {
        "en": "Usage: `/kpi digest now` (to you) or `/kpi digest now channel` (admins: to the digest channel)",
        "es": "Uso: `/kpi digest now` (para ti) o `/kpi digest now channel` (admins: al canal del resumen)",
    },
    "kpi.digest.title": {
        "en": "KPI digest — week {label} ({start} to {end})",
        "es": "Resumen de KPI — semana {label} (del {start} al {end})",
    },
    "kpi.digest.title.period": {
        "en": "KPIs — {label} ({start} to {end})",
        "es": "KPI — {label} (del {start} al {end})",
    },
    "kpi.digest.late": {
        "en": "_Sent late: the app was unavailable at the scheduled time._",
        "es": "_Enviado con retraso: la app no estaba disponible a la hora prevista._",
    },
    "kpi.digest.workspace": {"en": "the whole workspace", "es": "todo el espacio de trabajo"},
    "kpi.digest.section.kpis": {"en": "*Objectives*", "es": "*Objetivos*"},
    "kpi.digest.section.highlights": {"en": "*Highlights*", "es": "*Lo más destacado*"},
    "kpi.digest.section.missing": {"en": "*What is missing*", "es": "*Qué falta*"},
    "kpi.digest.section.operational": {
        "en": "*Operations (from the bot's records)*",
        "es": "*Operación (según los registros del bot)*",
    },
    "kpi.digest.section.scorecard": {
        "en": "*Scorecard: {provider}* — agreed vs delivered",
        "es": "*Cuadro de cumplimiento: {provider}* — acordado frente a entregado",
    },
    "kpi.digest.section.competitors": {"en": "*Competitors*", "es": "*Competencia*"},
    "kpi.digest.line": {
        "en": "• *{kpi}* — {subject}: {value} (target {sign} {target}) {change} {status}",
        "es": "• *{kpi}* — {subject}: {value} (objetivo {sign} {target}) {change} {status}",
    },
    "kpi.digest.change.up": {"en": "▲ {pct}", "es": "▲ {pct}"},
    "kpi.digest.change.down": {"en": "▼ {pct}", "es": "▼ {pct}"},
    "kpi.digest.change.flat": {"en": "= 0 %", "es": "= 0 %"},
    "kpi.digest.change.none": {"en": "(no previous figure)", "es": "(sin dato anterior)"},
    "kpi.digest.on_track": {"en": ":white_check_mark: on track", "es": ":white_check_mark: en camino"},
    "kpi.digest.off_track": {"en": ":warning: off track", "es": ":warning: desviado"},
    "kpi.digest.off_track_run": {
        "en": ":warning: off track ({periods} periods running)",
        "es": ":warning: desviado ({periods} periodos seguidos)",
    },
    "kpi.digest.no_value": {"en": ":grey_question: no data", "es": ":grey_question: sin datos"},
    "kpi.digest.more": {"en": "…and {count} more: `/kpi list`", "es": "…y {count} más: `/kpi list`"},
    "kpi.digest.chart.title": {
        "en": "Last 12 weeks per account (to {end})",
        "es": "Últimas 12 semanas por cuenta (hasta el {end})",
    },
    "kpi.digest.chart.empty": {
        "en": "No figures logged in these 12 weeks",
        "es": "No hay cifras registradas en estas 12 semanas",
    },
    "kpi.digest.chart.note": {"en": "The chart is in the thread.", "es": "El gráfico está en el hilo."},
    "kpi.digest.chart.filename": {"en": "kpi-{label}.png", "es": "kpi-{label}.png"},
    "kpi.digest.highlight.only": {
        "en": ":dart: *{kpi}* ({subject}) is at {pct} of its target.",
        "es": ":dart: *{kpi}* ({subject}) está al {pct} de su objetivo.",
    },
    "kpi.digest.highlight.best_worst": {
        "en": ":trophy: Best against target: *{best_kpi}* ({best}) at {best_pct}; weakest: *{worst_kpi}* "
              "({worst}) at {worst_pct}.",
        "es": ":trophy: Mejor frente a su objetivo: *{best_kpi}* ({best}) al {best_pct}; más flojo: "
              "*{worst_kpi}* ({worst}) al {worst_pct}.",
    },
    "kpi.digest.highlight.rise": {
        "en": ":chart_with_upwards_trend: Biggest change: *{kpi}* ({subject}) up {pct} on the previous period.",
        "es": ":chart_with_upwards_trend: Mayor cambio: *{kpi}* ({subject}) sube {pct} respecto al periodo anterior.",
    },
    "kpi.digest.highlight.fall": {
        "en": ":chart_with_downwards_trend: Biggest change: *{kpi}* ({subject}) down {pct} on the previous period.",
        "es": ":chart_with_downwards_trend: Mayor cambio: *{kpi}* ({subject}) baja {pct} respecto al periodo "
              "anterior.",
    },
    "kpi.digest.highlight.no_change": {
        "en": ":information_source: No previous period to compare with yet.",
        "es": ":information_source: Aún no hay un periodo anterior con el que comparar.",
    },
    "kpi.digest.highlight.off_track": {
        "en": ":rotating_light: *{kpi}* ({subject}) has been off track {periods} periods running.",
        "es": ":rotating_light: *{kpi}* ({subject}) lleva {periods} periodos seguidos desviado.",
    },
    "kpi.digest.highlight.none_off_track": {
        "en": ":white_check_mark: No KPI has been off track {periods} periods running.",
        "es": ":white_check_mark: Ningún KPI lleva {periods} periodos seguidos desviado.",
    },
    "kpi.digest.missing.no_definitions": {
        "en": "No KPI defined yet. Start with one, e.g. `/kpi define followers @acme target 5000 per month`.",
        "es": "Aún no hay KPI definidos. Empieza por uno, p. ej. `/kpi define followers @acme target 5000 per month`.",
    },
    "kpi.digest.missing.no_values": {
        "en": "No figures logged yet: `/kpi log <handle> <metric> <value>` or import a CSV (`socialops kpi import`).",
        "es": "Aún no hay cifras: `/kpi log <cuenta> <métrica> <valor>` o importa un CSV (`socialops kpi import`).",
    },
    "kpi.digest.missing.no_data": {
        "en": "No {kpi} figures for {subject} in this period.",
        "es": "No hay cifras de {kpi} para {subject} en este periodo.",
    },
    "kpi.digest.missing.parts": {
        "en": "{kpi} for {subject} cannot be computed: no {parts} logged in this period.",
        "es": "No se puede calcular {kpi} para {subject}: falta {parts} en este periodo.",
    },
    "kpi.digest.missing.competitors": {
        "en": "{kpi} for {subject} needs the competitors' mentions: "
              "`/kpi log competitor <brand> <name> mentions <value>`.",
        "es": "{kpi} para {subject} necesita las menciones de la competencia: "
              "`/kpi log competitor <marca> <nombre> mentions <valor>`.",
    },
    "kpi.digest.missing.no_scope": {
        "en": "No agency scope agreed yet: `/kpi scope` (admins).",
        "es": "Aún no hay alcance acordado con la agencia: `/kpi scope` (admins).",
    },
    "kpi.digest.missing.response": {
        "en": "Response time not measured: log `response_time` for the scoped accounts.",
        "es": "Tiempo de respuesta sin medir: registra `response_time` de las cuentas.",
    },
    "kpi.digest.empty": {
        "en": ":wave: Nothing to report yet for {label} — that is fine for a new workspace. First define an "
              "objective (`/kpi define followers @acme target 5000 per month`), then log figures (`/kpi log "
              "@acme followers 4200`) or import a CSV; posts planned with `/post new` are counted on their "
              "own.",
        "es": ":wave: Aún no hay nada que contar para {label}, normal en un espacio nuevo. Primero define un "
              "objetivo (`/kpi define followers @acme target 5000 per month`), luego registra cifras (`/kpi "
              "log @acme followers 4200`) o importa un CSV; las publicaciones planificadas con `/post new` se "
              "cuentan solas.",
    },
    "kpi.ops.account": {
        "en": "• {account}: {published}/{planned} published, {on_time} on time; cadence target {target}/week",
        "es": "• {account}: {published}/{planned} publicadas, {on_time} a tiempo; ritmo objetivo {target}/semana",
    },
    "kpi.ops.summary": {
        "en": "On time: {on_time} · approval lead time (median): {lead} h",
        "es": "A tiempo: {on_time} · tiempo de aprobación (mediana): {lead} h",
    },
    "kpi.ops.crises": {
        "en": "Crises opened: {opened} · time to acknowledge (median): {ack} min · to resolve: {resolve} h",
        "es": "Crisis abiertas: {opened} · tiempo hasta el acuse (mediana): {ack} min · hasta resolver: {resolve} h",
    },
    "kpi.ops.access": {
        "en": "Open grants: {open} ({expiring} ending within 7 days) · overdue rotations: {rotations} · open "
              "handover acts: {acts}",
        "es": "Accesos abiertos: {open} ({expiring} vencen en 7 días) · rotaciones pendientes: {rotations} · "
              "actas de traspaso abiertas: {acts}",
    },
    "kpi.ops.no_accounts": {
        "en": "No active accounts in the inventory.",
        "es": "No hay cuentas activas en el inventario.",
    },
    "kpi.scorecard.posts": {
        "en": "• Posts per week, {label}: agreed {agreed}, delivered {delivered} {status}",
        "es": "• Publicaciones por semana, {label}: acordado {agreed}, entregado {delivered} {status}",
    },
    "kpi.scorecard.response": {
        "en": "• Average response time: agreed {agreed} min, delivered {delivered} min {status}",
        "es": "• Tiempo medio de respuesta: acordado {agreed} min, entregado {delivered} min {status}",
    },
    "kpi.scorecard.report": {
        "en": "• Reports in {label} ({cadence}): agreed {agreed}, delivered {delivered} {status}",
        "es": "• Informes en {label} ({cadence}): acordado {agreed}, entregado {delivered} {status}",
    },
    "kpi.scorecard.deliverable.on_time": {
        "en": "• {label}: delivered on time :white_check_mark:",
        "es": "• {label}: entregado a tiempo :white_check_mark:",
    },
    "kpi.scorecard.deliverable.late": {
        "en": "• {label}: delivered late :warning:",
        "es": "• {label}: entregado con retraso :warning:",
    },
    "kpi.scorecard.deliverable.missing": {"en": "• {label}: not delivered :x:", "es": "• {label}: no entregado :x:"},
    "kpi.scorecard.met": {"en": ":white_check_mark:", "es": ":white_check_mark:"},
    "kpi.scorecard.missed": {"en": ":x:", "es": ":x:"},
    "kpi.scorecard.pending": {"en": "(month in progress)", "es": "(mes en curso)"},
    "kpi.scorecard.not_measured": {"en": "(not measured)", "es": "(sin medir)"},
    "kpi.scorecard.cadence.fortnightly": {"en": "fortnightly", "es": "quincenal"},
    "kpi.scorecard.cadence.monthly": {"en": "monthly", "es": "mensual"},
    "kpi.competitors.line": {
        "en": "• {name}: followers {followers} · posts {posts} · engagements {engagements} · mentions "
              "{mentions} · share of voice {sov}",
        "es": "• {name}: seguidores {followers} · publicaciones {posts} · interacciones {engagements} · "
              "menciones {mentions} · cuota de voz {sov}",
    },
    "kpi.competitors.brand": {"en": "_{brand}_ (ours first)", "es": "_{brand}_ (primero nosotros)"},
    "kpi.digest.now.sent": {"en": "The digest for {label} is on its way to you by DM.",
                            "es": "Te envío el resumen de {label} por mensaje directo."},
    "kpi.digest.error.words": {"en": "I did not understand “{text}”.", "es": "No he entendido «{text}»."},
    "kpi.digest.now.channel": {
        "en": "The digest for {label} is on its way to <#{channel}>.",
        "es": "El resumen de {label} va camino de <#{channel}>.",
    },
    "kpi.digest.now.working": {"en": "Computing the digest for {label}…", "es": "Calculando el resumen de {label}…"},
    "kpi.digest.error.no_channel": {
        "en": "No digest channel is set: `/socialops setup` (admins).",
        "es": "No hay canal de resumen: `/socialops setup` (admins).",
    },
}
