"""KPI texts (goals part: definitions, the agency scope, deliverables, metric names), en/es."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "usage.kpi.define": {
        "en": "`/kpi define <metric> [<handle>|<brand>|brand:<name>] target <value> per <week|month> [higher|lower] "
              "[by reach|followers|impressions]` — admins: an objective for the workspace, a brand or an account, "
              "e.g. `/kpi define engagement_rate @acme target 3 per week`, `/kpi define followers Acme target 12000 "
              "per month`, `/kpi define response_time target 60 per week` (lower is better by default). A custom "
              'metric: `/kpi define custom "Leads CRM" unit leads @acme target 40 per month`. `by …` is for the '
              "engagement rate only (by reach unless told)",
        "es": "`/kpi define <métrica> [<usuario>|<marca>|brand:<nombre>] target <valor> per <week|month> "
              "[higher|lower] [by reach|followers|impressions]` — administradores: un objetivo para el espacio de "
              "trabajo, una marca o una cuenta, p. ej. `/kpi define engagement_rate @acme target 3 per week`, `/kpi "
              "define seguidores Acme objetivo 12000 por mes`, `/kpi define response_time target 60 per week` (por "
              'defecto, menos es mejor). Una métrica propia: `/kpi define custom "Leads CRM" unit leads @acme target '
              "40 per month`. `by …` solo vale para la tasa de interacción (sobre el alcance si no se indica)",
    },
    "usage.kpi.list": {
        "en": "`/kpi list` — every objective, by workspace, brand and account, with its id, target and period",
        "es": "`/kpi list` — todos los objetivos, por espacio de trabajo, marca y cuenta, con su id, su meta y su "
              "periodo",
    },
    "usage.kpi.remove": {
        "en": "`/kpi remove <id>` — admins: stop measuring an objective (`/kpi list` shows the ids; it stays on "
              "record)",
        "es": "`/kpi remove <id>` — administradores: dejar de medir un objetivo (`/kpi list` muestra los id; queda "
              "registrado)",
    },
    "usage.kpi.scope": {
        "en": "`/kpi scope` — what was agreed with whoever runs the accounts (the agency or the community manager): "
              "posts per week per account, response time, report cadence, deliverables. Admins get the form; `/kpi "
              "scope <handle> <posts per week>` sets one account (0: nothing agreed)",
        "es": "`/kpi scope` — lo acordado con quien gestiona las cuentas (la agencia o el community manager): "
              "publicaciones por semana de cada cuenta, tiempo de respuesta, periodicidad del informe, entregables. "
              "Los administradores ven el formulario; `/kpi scope <usuario> <publicaciones por semana>` fija una "
              "cuenta (0: nada acordado)",
    },
    "usage.kpi.delivered": {
        "en": "`/kpi delivered <deliverable id> [YYYY-MM]` — admins and publishers: mark a deliverable of the scope "
              "delivered for a month (this month unless told; `/kpi scope` shows the ids)",
        "es": "`/kpi delivered <id del entregable> [AAAA-MM]` — administradores y publicadores: marcar un entregable "
              "del alcance como entregado en un mes (este mes si no se indica; `/kpi scope` muestra los id)",
    },
    "kpi.metric.followers": {"en": "Followers", "es": "Seguidores"},
    "kpi.metric.reach": {"en": "Reach", "es": "Alcance"},
    "kpi.metric.impressions": {"en": "Impressions (views)", "es": "Impresiones (visualizaciones)"},
    "kpi.metric.engagements": {"en": "Engagements", "es": "Interacciones"},
    "kpi.metric.link_clicks": {"en": "Link clicks", "es": "Clics en enlaces"},
    "kpi.metric.video_views": {"en": "Video views", "es": "Reproducciones de vídeo"},
    "kpi.metric.messages_received": {"en": "Messages received", "es": "Mensajes recibidos"},
    "kpi.metric.messages_answered": {"en": "Messages answered", "es": "Mensajes respondidos"},
    "kpi.metric.response_time": {"en": "Average response time", "es": "Tiempo medio de respuesta"},
    "kpi.metric.mentions": {"en": "Mentions", "es": "Menciones"},
    "kpi.metric.posts": {"en": "Posts", "es": "Publicaciones"},
    "kpi.metric.engagement_rate": {"en": "Engagement rate", "es": "Tasa de interacción"},
    "kpi.metric.ctr": {"en": "Click-through rate (CTR)", "es": "Tasa de clics (CTR)"},
    "kpi.metric.response_rate": {"en": "Response rate", "es": "Tasa de respuesta"},
    "kpi.metric.share_of_voice": {"en": "Share of voice", "es": "Cuota de voz"},
    "kpi.metric.follower_growth": {"en": "Follower growth", "es": "Crecimiento de seguidores"},
    "kpi.goals.metric_basis": {"en": "{metric} (by {basis})", "es": "{metric} (sobre {basis})"},
    "kpi.goals.basis.reach": {"en": "reach", "es": "alcance"},
    "kpi.goals.basis.followers": {"en": "followers", "es": "seguidores"},
    "kpi.goals.basis.impressions": {"en": "impressions", "es": "impresiones"},
    "kpi.goals.subject.account": {"en": "for {account}", "es": "para {account}"},
    "kpi.goals.subject.brand": {"en": "for the brand {brand}", "es": "para la marca {brand}"},
    "kpi.goals.subject.workspace": {"en": "for the whole workspace", "es": "para todo el espacio de trabajo"},
    "kpi.goals.period.week": {"en": "per week", "es": "por semana"},
    "kpi.goals.period.month": {"en": "per month", "es": "por mes"},
    "kpi.goals.direction.higher": {"en": "higher is better", "es": "más es mejor"},
    "kpi.goals.direction.lower": {"en": "lower is better", "es": "menos es mejor"},
    "kpi.goals.line": {
        "en": "{metric} {subject}: {target} {period} — id {id}",
        "es": "{metric} {subject}: {target} {period} — id {id}",
    },
    "kpi.goals.defined": {"en": ":dart: Objective set. {line}", "es": ":dart: Objetivo fijado. {line}"},
    "kpi.goals.defined_derived": {
        "en": "It is computed from {parts} (logged or imported), never typed.",
        "es": "Se calcula a partir de {parts} (registrados o importados), nunca se escribe a mano.",
    },
    "kpi.goals.removed": {
        "en": ":wastebasket: No longer measured (kept on record): {line}",
        "es": ":wastebasket: Ya no se mide (queda registrado): {line}",
    },
    "kpi.goals.list.empty": {
        "en": "No objectives yet. An admin sets one with, for example, `/kpi define engagement_rate @acme target 3 "
              "per week` or `/kpi define followers target 10000 per month`.",
        "es": "Todavía no hay objetivos. Un administrador fija uno con, por ejemplo, `/kpi define engagement_rate "
              "@acme target 3 per week` o `/kpi define followers target 10000 per month`.",
    },
    "kpi.goals.list.title": {"en": ":dart: *Objectives* ({count})", "es": ":dart: *Objetivos* ({count})"},
    "kpi.goals.list.workspace": {"en": "*The whole workspace*", "es": "*Todo el espacio de trabajo*"},
    "kpi.goals.list.brand": {"en": "*Brand {brand}*", "es": "*Marca {brand}*"},
    "kpi.goals.list.account": {"en": "*{account}*", "es": "*{account}*"},
    "kpi.goals.list.item": {
        "en": "• `{id}` {metric}: {target} {period} ({direction})",
        "es": "• `{id}` {metric}: {target} {period} ({direction})",
    },
    "kpi.goals.list.more": {"en": "…and {count} more.", "es": "…y {count} más."},
    "kpi.goals.error.no_metric": {
        "en": "Which metric? Give one and its target.",
        "es": "¿Qué métrica? Indica una y su meta.",
    },
    "kpi.goals.error.unknown_metric": {
        "en": "There is no metric `{metric}`. The metrics are: {choices}.",
        "es": "No existe la métrica `{metric}`. Las métricas son: {choices}.",
    },
    "kpi.goals.error.custom_name": {
        "en": 'A custom metric needs a name: `custom "Leads CRM" unit leads …`.',
        "es": 'Una métrica propia necesita un nombre: `custom "Leads CRM" unit leads …`.',
    },
    "kpi.goals.error.custom_name_long": {
        "en": "A custom metric's name has at most {max} characters.",
        "es": "El nombre de una métrica propia tiene como mucho {max} caracteres.",
    },
    "kpi.goals.error.unit_only_custom": {
        "en": "Only a custom metric takes a `unit`: the others have theirs.",
        "es": "Solo una métrica propia lleva `unit`: las demás ya tienen la suya.",
    },
    "kpi.goals.error.unit_long": {
        "en": "The unit is one word of at most {max} characters (`leads`, `€`, `%`).",
        "es": "La unidad es una palabra de como mucho {max} caracteres (`leads`, `€`, `%`).",
    },
    "kpi.goals.error.basis_only_er": {
        "en": "`by …` is for the engagement rate only.",
        "es": "`by …` solo vale para la tasa de interacción.",
    },
    "kpi.goals.error.basis": {
        "en": "The engagement rate is computed by {choices}, not `{text}`.",
        "es": "La tasa de interacción se calcula sobre {choices}, no sobre `{text}`.",
    },
    "kpi.goals.error.repeated": {"en": "`{word}` is given twice.", "es": "`{word}` aparece dos veces."},
    "kpi.goals.error.no_target": {
        "en": "What is the target? Add `target <value>`.",
        "es": "¿Cuál es la meta? Añade `target <valor>`.",
    },
    "kpi.goals.error.no_per": {
        "en": "Per week or per month? Add `per week` or `per month`.",
        "es": "¿Por semana o por mes? Añade `per week` o `per month`.",
    },
    "kpi.goals.error.no_by": {
        "en": "By what? `by reach`, `by followers` or `by impressions`.",
        "es": "¿Sobre qué? `by reach`, `by followers` o `by impressions`.",
    },
    "kpi.goals.error.no_unit": {"en": "Which unit? `unit leads`, say.", "es": "¿Qué unidad? Por ejemplo `unit leads`."},
    "kpi.goals.error.not_number": {
        "en": "`{text}` is not a number. Write it plainly: `1000`, `2.5` or `2,5` (no thousands separators).",
        "es": "`{text}` no es un número. Escríbelo sin más: `1000`, `2.5` o `2,5` (sin separador de miles).",
    },
    "kpi.goals.error.negative": {
        "en": "A target cannot be negative (`{value}`).",
        "es": "Una meta no puede ser negativa (`{value}`).",
    },
    "kpi.goals.error.zero": {
        "en": "A target of `{value}` only makes sense when lower is better: add `lower`, or aim above zero.",
        "es": "Una meta de `{value}` solo tiene sentido si menos es mejor: añade `lower`, o apunta por encima de "
              "cero.",
    },
    "kpi.goals.error.percent_max": {
        "en": "A percentage target is at most 100 (`{value}`).",
        "es": "Una meta en porcentaje es como mucho 100 (`{value}`).",
    },
    "kpi.goals.error.too_big": {
        "en": "`{value}` is beyond any realistic target.",
        "es": "`{value}` está fuera de cualquier meta realista.",
    },
    "kpi.goals.error.period": {
        "en": "The period is `week` or `month`, not `{text}`.",
        "es": "El periodo es `week` o `month`, no `{text}`.",
    },
    "kpi.goals.error.direction_twice": {
        "en": "Higher or lower is better? Say only one.",
        "es": "¿Más o menos es mejor? Indica solo una.",
    },
    "kpi.goals.error.subject": {
        "en": "Name one account (`@acme`, `instagram:acme`) or one brand.",
        "es": "Indica una cuenta (`@acme`, `instagram:acme`) o una marca.",
    },
    "kpi.goals.error.no_subject": {
        "en": "There is no account or brand `{ref}` in the inventory. `/accounts` lists them; a brand can be named "
              "`brand:<name>`.",
        "es": "No hay ninguna cuenta ni marca `{ref}` en el inventario. `/accounts` las muestra; una marca se puede "
              "indicar con `brand:<nombre>`.",
    },
    "kpi.goals.error.no_brand": {
        "en": "There is no brand `{brand}` in the inventory. The brands are: {brands}.",
        "es": "No hay ninguna marca `{brand}` en el inventario. Las marcas son: {brands}.",
    },
    "kpi.goals.error.duplicate": {
        "en": "That objective already exists: KPI {id}. To change its target, `/kpi remove {id}` and define it again.",
        "es": "Ese objetivo ya existe: KPI {id}. Para cambiar su meta, `/kpi remove {id}` y vuelve a definirlo.",
    },
    "kpi.goals.error.remove_id": {
        "en": "Which KPI? Give its id (`/kpi list` shows them).",
        "es": "¿Qué KPI? Indica su id (`/kpi list` los muestra).",
    },
    "kpi.goals.error.no_kpi": {
        "en": "There is no KPI {id}. `/kpi list` shows them.",
        "es": "No existe el KPI {id}. `/kpi list` los muestra.",
    },
    "kpi.goals.scope.none": {
        "en": "No scope has been agreed yet. An admin records it with `/kpi scope`.",
        "es": "Todavía no se ha acordado ningún alcance. Un administrador lo registra con `/kpi scope`.",
    },
    "kpi.goals.scope.title": {"en": ":handshake: *The agreed scope*", "es": ":handshake: *El alcance acordado*"},
    "kpi.goals.scope.read_only": {"en": "_Only admins change it._", "es": "_Solo los administradores lo cambian._"},
    "kpi.goals.scope.provider": {"en": "Run by: {provider}", "es": "Gestiona: {provider}"},
    "kpi.goals.scope.cadence": {"en": "Results report: {cadence}", "es": "Informe de resultados: {cadence}"},
    "kpi.goals.cadence.fortnightly": {"en": "fortnightly", "es": "quincenal"},
    "kpi.goals.cadence.monthly": {"en": "monthly", "es": "mensual"},
    "kpi.goals.scope.response": {
        "en": "Average response time: within {minutes} min",
        "es": "Tiempo medio de respuesta: como mucho {minutes} min",
    },
    "kpi.goals.scope.response_none": {
        "en": "Average response time: not agreed",
        "es": "Tiempo medio de respuesta: no acordado",
    },
    "kpi.goals.scope.posts_title": {"en": "Posts per week:", "es": "Publicaciones por semana:"},
    "kpi.goals.scope.posts_line": {"en": "• {account}: {posts}", "es": "• {account}: {posts}"},
    "kpi.goals.scope.posts_none": {
        "en": "Posts per week: none agreed for any account",
        "es": "Publicaciones por semana: ninguna acordada",
    },
    "kpi.goals.scope.deliverables_title": {"en": "Deliverables:", "es": "Entregables:"},
    "kpi.goals.scope.deliverable_line": {
        "en": "• `{id}` {name} — due day {day} of each month",
        "es": "• `{id}` {name} — se entrega el día {day} de cada mes",
    },
    "kpi.goals.scope.deliverables_hint": {
        "en": "_Delivered? `/kpi delivered <id> [YYYY-MM]`_",
        "es": "_¿Entregado? `/kpi delivered <id> [AAAA-MM]`_",
    },
    "kpi.goals.scope.saved": {
        "en": ":white_check_mark: Scope saved (version {version}).",
        "es": ":white_check_mark: Alcance guardado (versión {version}).",
    },
    "kpi.goals.scope.unchanged": {
        "en": "Nothing changed in the scope: nothing was saved.",
        "es": "No ha cambiado nada en el alcance: no se ha guardado nada.",
    },
    "kpi.goals.scope.posts_saved": {
        "en": ":white_check_mark: {account}: {posts} posts per week agreed.",
        "es": ":white_check_mark: {account}: {posts} publicaciones por semana acordadas.",
    },
    "kpi.goals.scope.posts_removed": {
        "en": ":white_check_mark: {account}: no posts per week agreed any more.",
        "es": ":white_check_mark: {account}: ya no hay publicaciones por semana acordadas.",
    },
    "kpi.goals.scope.posts_unchanged": {
        "en": "{account} already had {posts} posts per week agreed: nothing changed.",
        "es": "{account} ya tenía {posts} publicaciones por semana acordadas: no ha cambiado nada.",
    },
    "kpi.goals.scope.error.usage": {
        "en": "Give one account and a number: `/kpi scope @acme 4`.",
        "es": "Indica una cuenta y un número: `/kpi scope @acme 4`.",
    },
    "kpi.goals.scope.error.posts": {
        "en": "Posts per week is a whole number from 0 to {max}, not `{text}`.",
        "es": "Las publicaciones por semana son un número entero de 0 a {max}, no `{text}`.",
    },
    "kpi.goals.scope.error.no_scope": {
        "en": "There is no scope yet: an admin records it first with `/kpi scope`.",
        "es": "Todavía no hay alcance: un administrador lo registra primero con `/kpi scope`.",
    },
    "kpi.goals.scope.error.changed": {
        "en": "The scope was changed since this form was opened. Close it and open `/kpi scope` again.",
        "es": "El alcance ha cambiado desde que se abrió este formulario. Ciérralo y vuelve a abrir `/kpi scope`.",
    },
    "kpi.goals.scope.error.provider": {
        "en": "Who runs the accounts? A name of at most {max} characters.",
        "es": "¿Quién gestiona las cuentas? Un nombre de como mucho {max} caracteres.",
    },
    "kpi.goals.scope.error.cadence": {"en": "Choose fortnightly or monthly.", "es": "Elige quincenal o mensual."},
    "kpi.goals.scope.error.response": {
        "en": "Minutes, a whole number from {low} to {high}, or leave it empty.",
        "es": "Minutos, un número entero de {low} a {high}, o déjalo vacío.",
    },
    "kpi.goals.scope.error.posts_field": {
        "en": "A whole number from 0 to {max}, or leave it empty.",
        "es": "Un número entero de 0 a {max}, o déjalo vacío.",
    },
    "kpi.goals.scope.error.deliverable": {
        "en": "Write the name, a dash and the due day: `Competitor analysis — 5`.",
        "es": "Escribe el nombre, un guion y el día de entrega: `Análisis de la competencia — 5`.",
    },
    "kpi.goals.scope.error.due_day": {
        "en": "The due day is from {low} to {high} (every month has it).",
        "es": "El día de entrega va del {low} al {high} (todos los meses lo tienen).",
    },
    "kpi.goals.scope.error.deliverable_long": {
        "en": "A deliverable's name has at most {max} characters.",
        "es": "El nombre de un entregable tiene como mucho {max} caracteres.",
    },
    "kpi.goals.scope.error.deliverable_twice": {
        "en": "This deliverable is already above.",
        "es": "Este entregable ya está más arriba.",
    },
    "kpi.goals.form.title": {"en": "Agreed scope", "es": "Alcance acordado"},
    "kpi.goals.form.submit": {"en": "Save", "es": "Guardar"},
    "kpi.goals.form.intro": {
        "en": "What was agreed with whoever runs the accounts. The weekly digest and the results report measure what "
              "was delivered against it.",
        "es": "Lo acordado con quien gestiona las cuentas. El resumen semanal y el informe de resultados miden lo "
              "entregado frente a esto.",
    },
    "kpi.goals.form.provider": {"en": "Run by", "es": "Gestiona"},
    "kpi.goals.form.provider_placeholder": {
        "en": "Agencia Norte, or in-house: Ana",
        "es": "Agencia Norte, o interno: Ana",
    },
    "kpi.goals.form.provider_hint": {
        "en": "The agency or the in-house community manager.",
        "es": "La agencia o el community manager interno.",
    },
    "kpi.goals.form.cadence": {"en": "Results report", "es": "Informe de resultados"},
    "kpi.goals.form.response": {
        "en": "Agreed average response time (minutes)",
        "es": "Tiempo medio de respuesta acordado (minutos)",
    },
    "kpi.goals.form.response_hint": {
        "en": "From {low} to {high}; empty if none was agreed.",
        "es": "De {low} a {high}; vacío si no se acordó.",
    },
    "kpi.goals.form.posts_intro": {
        "en": "*Posts per week* for each account (0 to {max}; empty: nothing agreed).",
        "es": "*Publicaciones por semana* de cada cuenta (de 0 a {max}; vacío: nada acordado).",
    },
    "kpi.goals.form.no_accounts": {
        "en": "There are no accounts in the inventory yet: posts per week are agreed per account.",
        "es": "Todavía no hay cuentas en el inventario: las publicaciones por semana se acuerdan por cuenta.",
    },
    "kpi.goals.form.more_accounts": {
        "en": "{count} more accounts do not fit in this form: `/kpi scope <handle> <posts per week>` sets each.",
        "es": "Otras {count} cuentas no caben en este formulario: `/kpi scope <usuario> <publicaciones por semana>` "
              "fija cada una.",
    },
    "kpi.goals.form.deliverables_intro": {
        "en": "*Deliverables* (up to {max}), each as its name, a dash and its due day of the month ({low}-{high}). "
              "Emptying one retires it; what was delivered stays on record.",
        "es": "*Entregables* (hasta {max}), cada uno con su nombre, un guion y su día de entrega del mes "
              "({low}-{high}). Vaciar uno lo retira; lo entregado queda registrado.",
    },
    "kpi.goals.form.deliverable": {"en": "Deliverable {n}", "es": "Entregable {n}"},
    "kpi.goals.form.deliverable_value": {"en": "{name} — {day}", "es": "{name} — {day}"},
    "kpi.goals.form.deliverable_placeholder": {"en": "Competitor analysis — 5", "es": "Análisis de la competencia — 5"},
    "kpi.goals.delivered.done": {
        "en": ":white_check_mark: {name} (due day {day}) delivered for {month}.",
        "es": ":white_check_mark: {name} (día de entrega {day}) entregado en {month}.",
    },
    "kpi.goals.delivered.error.usage": {
        "en": "Give the deliverable's id and, if not this month, the month: `/kpi delivered 3 2026-11`.",
        "es": "Indica el id del entregable y, si no es este mes, el mes: `/kpi delivered 3 2026-11`.",
    },
    "kpi.goals.delivered.error.no_deliverable": {
        "en": "There is no deliverable {id}. `/kpi scope` shows them.",
        "es": "No existe el entregable {id}. `/kpi scope` los muestra.",
    },
    "kpi.goals.delivered.error.month": {
        "en": "`{text}` is not a month: write it as YYYY-MM (`2026-11`).",
        "es": "`{text}` no es un mes: escríbelo como AAAA-MM (`2026-11`).",
    },
    "kpi.goals.delivered.error.future": {
        "en": "{month} has not started yet: a deliverable is marked once delivered.",
        "es": "{month} todavía no ha empezado: un entregable se marca una vez entregado.",
    },
    "kpi.goals.delivered.error.already": {
        "en": "{name} was already marked delivered for {month} by <@{user}>.",
        "es": "<@{user}> ya marcó {name} como entregado en {month}.",
    },
}
