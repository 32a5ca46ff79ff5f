"""KPI texts (report part), en/es: `/kpi report`, `/kpi reports`, the PDF and its SWOT section.

Metric names (`kpi.metric.*`) are the goals part's and highlight texts the digest part's; the
report reads them through the translator rather than repeating them.
"""

from __future__ import annotations

_COMMANDS: dict[str, dict[str, str]] = {
    "usage.kpi.report": {
        "en": "`/kpi report [YYYY-MM | fortnight]`: a results report (PDF) of a month (the last complete one "
              "by default) or of the last two complete weeks, sent to you in a DM and kept on record.",
        "es": "`/kpi report [AAAA-MM | fortnight]`: un informe de resultados (PDF) de un mes (por defecto el "
              "último completo) o de las dos últimas semanas completas, enviado por mensaje directo y archivado.",
    },
    "usage.kpi.reports": {
        "en": "`/kpi reports`: the results reports on record, newest first, each with a button to get its PDF.",
        "es": "`/kpi reports`: los informes de resultados archivados, del más reciente al más antiguo, cada uno "
              "con un botón para recibir su PDF.",
    },
    "kpi.report.bad_period": {
        "en": "“{text}” is not a period: give a month as YYYY-MM (for example {example}) or `fortnight`.",
        "es": "«{text}» no es un periodo: indica un mes como AAAA-MM (por ejemplo {example}) o `fortnight`.",
    },
    "kpi.report.not_ended": {
        "en": "{label} has not ended yet: a report on record covers a complete period (the last complete month "
              "is {last}).",
        "es": "{label} aún no ha terminado: un informe archivado cubre un periodo completo (el último mes "
              "completo es {last}).",
    },
    "kpi.report.before_data": {
        "en": "{label} ends before the first KPI data logged here ({first}): there is nothing to report for it.",
        "es": "{label} termina antes de los primeros datos de KPI registrados aquí ({first}): no hay nada que "
              "informar.",
    },
    "kpi.report.no_data": {
        "en": "There is no KPI data yet: log some with `/kpi log`, or import a CSV (`socialops kpi import`, or "
              "share it with me in a DM), then ask again.",
        "es": "Aún no hay datos de KPI: registra alguno con `/kpi log` o importa un CSV (`socialops kpi import`, "
              "o compártelo conmigo por mensaje directo) y vuelve a pedirlo.",
    },
    "kpi.report.preparing": {
        "en": "Preparing the results report for {label}: I will send you the PDF in a DM.",
        "es": "Preparando el informe de resultados de {label}: te enviaré el PDF por mensaje directo.",
    },
    "kpi.report.ready": {
        "en": "Results report {label} (#{id}), kept on record. SHA-256 {sha}",
        "es": "Informe de resultados {label} (n.º {id}), archivado. SHA-256 {sha}",
    },
    "kpi.report.sent": {
        "en": "Results report {label} (#{id}) as kept on record. SHA-256 {sha}",
        "es": "Informe de resultados {label} (n.º {id}) tal como se archivó. SHA-256 {sha}",
    },
    "kpi.report.not_found": {
        "en": "There is no results report {ref} here.",
        "es": "Aquí no hay ningún informe de resultados {ref}.",
    },
    "kpi.report.none": {
        "en": "There is no results report on record yet: `/kpi report` makes one.",
        "es": "Aún no hay informes de resultados archivados: `/kpi report` genera uno.",
    },
    "kpi.report.list.title": {
        "en": "*Results reports on record*",
        "es": "*Informes de resultados archivados*",
    },
    "kpi.report.list.row": {
        "en": "*{label}* (#{id}, {start} – {end}) · generated {at} by <@{user}> · `{sha}`",
        "es": "*{label}* (n.º {id}, {start} – {end}) · generado el {at} por <@{user}> · `{sha}`",
    },
    "kpi.report.list.more": {
        "en": "The newest {shown} of {total}: `socialops kpi report <id>` writes any of them.",
        "es": "Los {shown} más recientes de {total}: `socialops kpi report <id>` escribe cualquiera de ellos.",
    },
    "kpi.report.send": {"en": "Send me the PDF", "es": "Envíame el PDF"},
}

_PDF: dict[str, dict[str, str]] = {
    "kpi.report.pdf.title": {"en": "Results report", "es": "Informe de resultados"},
    "kpi.report.pdf.period": {"en": "Period: {label} ({start} to {end})",
                              "es": "Periodo: {label} (del {start} al {end})"},
    "kpi.report.pdf.brands": {"en": "Brands: {brands}", "es": "Marcas: {brands}"},
    "kpi.report.pdf.no_brands": {"en": "none in the inventory yet", "es": "ninguna en el inventario todavía"},
    "kpi.report.pdf.timezone": {"en": "Workspace time zone: {tz}", "es": "Zona horaria del espacio de trabajo: {tz}"},
    "kpi.report.pdf.generated": {"en": "Generated {at} by {user}", "es": "Generado el {at} por {user}"},
    "kpi.report.pdf.provider": {"en": "Accounts run by: {provider}", "es": "Cuentas gestionadas por: {provider}"},
    "kpi.report.pdf.record": {
        "en": "Kept on record: this file's SHA-256 is in the audit log, and socialops kpi report writes it "
              "again byte for byte.",
        "es": "Archivado: el SHA-256 de este fichero está en el registro de auditoría y socialops kpi report "
              "lo vuelve a escribir byte a byte.",
    },
    "kpi.report.pdf.page": {"en": "Page {n}", "es": "Página {n}"},
    "kpi.report.pdf.summary": {"en": "Highlights", "es": "Lo más destacado"},
    "kpi.report.pdf.missing": {"en": "What is missing", "es": "Qué falta"},
    "kpi.report.pdf.overall": {"en": "Workspace and brand KPIs", "es": "KPI del espacio de trabajo y de marca"},
    "kpi.report.pdf.workspace": {"en": "the workspace", "es": "el espacio de trabajo"},
    "kpi.report.pdf.kpis": {"en": "KPIs against targets", "es": "KPI frente a objetivos"},
    "kpi.report.pdf.no_kpis": {"en": "No KPI defined here.", "es": "No hay KPI definidos aquí."},
    "kpi.report.pdf.col.kpi": {"en": "KPI", "es": "KPI"},
    "kpi.report.pdf.col.value": {"en": "Value", "es": "Valor"},
    "kpi.report.pdf.col.target": {"en": "Target", "es": "Objetivo"},
    "kpi.report.pdf.col.change": {"en": "Change", "es": "Cambio"},
    "kpi.report.pdf.col.status": {"en": "Status", "es": "Estado"},
    "kpi.report.pdf.per.week": {"en": "{target} per week", "es": "{target} por semana"},
    "kpi.report.pdf.per.month": {"en": "{target} per month", "es": "{target} al mes"},
    "kpi.report.pdf.on_track": {"en": "on track", "es": "en objetivo"},
    "kpi.report.pdf.off_track": {"en": "off track", "es": "fuera de objetivo"},
    "kpi.report.pdf.off_track_for": {"en": "off track ({n} periods)", "es": "fuera de objetivo ({n} periodos)"},
    "kpi.report.pdf.no_value": {"en": "no data", "es": "sin datos"},
    "kpi.report.pdf.chart": {"en": "The last 12 weeks", "es": "Las últimas 12 semanas"},
    "kpi.report.pdf.no_chart": {"en": "No data logged in the last 12 weeks.",
                                "es": "No hay datos registrados en las últimas 12 semanas."},
    "kpi.report.pdf.ops": {"en": "Operational KPIs", "es": "KPI operativos"},
    "kpi.report.pdf.posts": {"en": "Posts", "es": "Publicaciones"},
    "kpi.report.pdf.ops.posts": {
        "en": "Posts published / planned: {published} / {planned}; on time: {on_time}; cadence target: "
              "{cadence} a week",
        "es": "Publicaciones publicadas / previstas: {published} / {planned}; a tiempo: {on_time}; cadencia "
              "objetivo: {cadence} por semana",
    },
    "kpi.report.pdf.account_scope": {
        "en": "Agreed with {provider}: {agreed} posts a week; delivered: {delivered} a week (met: {met})",
        "es": "Acordado con {provider}: {agreed} publicaciones por semana; entregado: {delivered} por semana "
              "(cumplido: {met})",
    },
    "kpi.report.pdf.ops.no_posts": {"en": "No post planned for this account in the period.",
                                    "es": "No hay publicaciones previstas para esta cuenta en el periodo."},
    "kpi.report.pdf.ops.on_time_rate": {"en": "On-time rate: {value}", "es": "Tasa de puntualidad: {value}"},
    "kpi.report.pdf.ops.approval_lead": {"en": "Approval lead time (median): {value}",
                                         "es": "Tiempo hasta la aprobación (mediana): {value}"},
    "kpi.report.pdf.ops.crises": {"en": "Crises opened: {n}", "es": "Crisis abiertas: {n}"},
    "kpi.report.pdf.ops.ack": {"en": "Time to acknowledge a crisis (median): {value}",
                               "es": "Tiempo hasta confirmar una crisis (mediana): {value}"},
    "kpi.report.pdf.ops.resolve": {"en": "Time to resolve a crisis (median): {value}",
                                   "es": "Tiempo hasta resolver una crisis (mediana): {value}"},
    "kpi.report.pdf.ops.grants": {"en": "Open access grants: {open} ({expiring} ending within 7 days)",
                                  "es": "Accesos concedidos abiertos: {open} ({expiring} vencen en 7 días)"},
    "kpi.report.pdf.ops.rotations": {"en": "Overdue password rotations: {n}",
                                     "es": "Rotaciones de contraseña vencidas: {n}"},
    "kpi.report.pdf.ops.handover": {"en": "Open handover acts: {n}", "es": "Actas de traspaso abiertas: {n}"},
    "kpi.report.pdf.scorecard": {"en": "Scorecard: agreed vs delivered",
                                 "es": "Cuadro de mando: acordado frente a entregado"},
    "kpi.report.pdf.scorecard.provider": {"en": "{provider}; reports: {cadence}",
                                          "es": "{provider}; informes: {cadence}"},
    "kpi.report.pdf.no_scope": {"en": "No scope agreed yet: /kpi scope records it.",
                                "es": "Aún no hay alcance acordado: /kpi scope lo registra."},
    "kpi.report.pdf.col.item": {"en": "Item", "es": "Concepto"},
    "kpi.report.pdf.col.agreed": {"en": "Agreed", "es": "Acordado"},
    "kpi.report.pdf.col.delivered": {"en": "Delivered", "es": "Entregado"},
    "kpi.report.pdf.col.met": {"en": "Met", "es": "Cumplido"},
    "kpi.report.pdf.score.posts": {"en": "Posts a week", "es": "Publicaciones por semana"},
    "kpi.report.pdf.score.response": {"en": "Response time (min)", "es": "Tiempo de respuesta (min)"},
    "kpi.report.pdf.score.report": {"en": "Reports", "es": "Informes"},
    "kpi.report.pdf.score.deliverable": {"en": "Deliverable", "es": "Entregable"},
    "kpi.report.pdf.met.yes": {"en": "yes", "es": "sí"},
    "kpi.report.pdf.met.no": {"en": "no", "es": "no"},
    "kpi.report.pdf.met.unknown": {"en": "not measured yet", "es": "aún sin medir"},
    "kpi.report.pdf.competitors": {"en": "Competitors and share of voice", "es": "Competidores y cuota de voz"},
    "kpi.report.pdf.no_competitors": {"en": "No competitor figures logged in the period.",
                                      "es": "No hay cifras de competidores registradas en el periodo."},
    "kpi.report.pdf.col.name": {"en": "Brand / competitor", "es": "Marca / competidor"},
    "kpi.report.pdf.col.followers": {"en": "Followers", "es": "Seguidores"},
    "kpi.report.pdf.col.posts": {"en": "Posts", "es": "Publicaciones"},
    "kpi.report.pdf.col.engagements": {"en": "Engagements", "es": "Interacciones"},
    "kpi.report.pdf.col.sov": {"en": "Share of voice", "es": "Cuota de voz"},
    "kpi.report.pdf.ours": {"en": "{name} (ours)", "es": "{name} (nuestra)"},
    "kpi.report.pdf.swot": {"en": "Strengths, weaknesses and opportunities",
                            "es": "Fortalezas, debilidades y oportunidades"},
    "kpi.report.pdf.strengths": {"en": "Strengths", "es": "Fortalezas"},
    "kpi.report.pdf.weaknesses": {"en": "Weaknesses", "es": "Debilidades"},
    "kpi.report.pdf.opportunities": {"en": "Opportunities", "es": "Oportunidades"},
    "kpi.report.pdf.swot_none": {"en": "Nothing the data shows here yet.",
                                 "es": "Los datos aún no muestran nada aquí."},
}

_SWOT: dict[str, dict[str, str]] = {
    "kpi.report.swot.on_track": {
        "en": "{what}: {value} against a target of {target} ({margin} better than target).",
        "es": "{what}: {value} frente a un objetivo de {target} ({margin} mejor que el objetivo).",
    },
    "kpi.report.swot.followers_growing": {
        "en": "{subject}: the follower base grew {growth} over the last {weeks} weeks.",
        "es": "{subject}: la base de seguidores creció un {growth} en las últimas {weeks} semanas.",
    },
    "kpi.report.swot.on_time": {
        "en": "{rate} of the posts went out on time.",
        "es": "El {rate} de las publicaciones salió a tiempo.",
    },
    "kpi.report.swot.scope_met": {
        "en": "Every line of the scope agreed with {provider} was delivered.",
        "es": "Se entregó cada punto del alcance acordado con {provider}.",
    },
    "kpi.report.swot.off_track": {
        "en": "{what}: {value} against a target of {target} ({margin} off target).",
        "es": "{what}: {value} frente a un objetivo de {target} ({margin} lejos del objetivo).",
    },
    "kpi.report.swot.off_track_long": {
        "en": "{what}: off track for {periods} periods in a row ({value} against a target of {target}).",
        "es": "{what}: fuera de objetivo {periods} periodos seguidos ({value} frente a un objetivo de {target}).",
    },
    "kpi.report.swot.missed_deliverable": {
        "en": "{item}: not delivered.",
        "es": "{item}: no entregado.",
    },
    "kpi.report.swot.late_deliverable": {
        "en": "{item}: delivered after its day.",
        "es": "{item}: entregado después de su día.",
    },
    "kpi.report.swot.scope_missed": {
        "en": "{item}: {agreed} agreed, {delivered} delivered.",
        "es": "{item}: {agreed} acordado, {delivered} entregado.",
    },
    "kpi.report.swot.late_posts": {
        "en": "{subject}: {late} of {published} published posts went out late.",
        "es": "{subject}: {late} de {published} publicaciones salieron tarde.",
    },
    "kpi.report.swot.unpublished": {
        "en": "{subject}: {missing} of {planned} planned posts were not published.",
        "es": "{subject}: {missing} de {planned} publicaciones previstas no se publicaron.",
    },
    "kpi.report.swot.competitor_ahead": {
        "en": "{brand}: {competitor} is ahead in {measure} ({theirs} against our {ours}): worth studying what "
              "they publish.",
        "es": "{brand}: {competitor} va por delante en {measure} ({theirs} frente a nuestros {ours}): conviene "
              "estudiar lo que publica.",
    },
    "kpi.report.swot.extend_practice": {
        "en": "{best} meets {best_on} of its {best_of} KPIs: extend its practice to {worst}.",
        "es": "{best} cumple {best_on} de sus {best_of} KPI: conviene extender su práctica a {worst}.",
    },
    "kpi.report.swot.below_cadence": {
        "en": "{subject}: {published} posts against the {wanted} its cadence asks for ({per_week} a week): room "
              "to publish more.",
        "es": "{subject}: {published} publicaciones frente a las {wanted} que pide su cadencia ({per_week} por "
              "semana): hay margen para publicar más.",
    },
    "kpi.report.swot.not_measured": {
        "en": "{what} is not measured yet (no {parts} logged): log or import it to follow it.",
        "es": "{what} aún no se mide (no hay datos de {parts}): regístralos o impórtalos para seguirlo.",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_COMMANDS, **_PDF, **_SWOT}
