"""Texts of the App Home's toolkit part (en/es): *This week* and *The toolkit*.

Day and month names, post states, reply categories and metric names are the owning features'
(`posts.cal.*`, `post.status.*`, `replies.category.*`, `kpi.metric.*`), so the Home says them as
`/post calendar`, `/replies` and the digest do."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # ---- This week -----------------------------------------------------------------------
    "home.tk.week.header": {"en": "This week", "es": "Esta semana"},
    "home.tk.week.mine": {"en": "*Your posts* · next 7 days ({tz}) · {n}",
                          "es": "*Tus publicaciones* · próximos 7 días ({tz}) · {n}"},
    "home.tk.week.others": {"en": "*The rest of the calendar* · {n}", "es": "*El resto del calendario* · {n}"},
    "home.tk.week.mine_none": {"en": "*Your posts* · you have nothing scheduled in the next 7 days.",
                               "es": "*Tus publicaciones* · no tienes nada programado en los próximos 7 días."},
    "home.tk.week.none": {
        "en": ":calendar: Nothing is scheduled in the next 7 days ({tz}). `/post new` schedules a post.",
        "es": ":calendar: No hay nada programado en los próximos 7 días ({tz}). `/post new` programa una publicación."},
    "home.tk.week.row": {"en": "• {time} {emoji} {status} · {accounts}{brand} — {copy} `#{id}`",
                         "es": "• {time} {emoji} {status} · {accounts}{brand} — {copy} `#{id}`"},
    "home.tk.week.brand": {"en": " · {brand}", "es": " · {brand}"},
    "home.tk.week.no_accounts": {"en": "no account", "es": "ninguna cuenta"},
    "home.tk.week.more_accounts": {"en": "+{n} more", "es": "+{n} más"},
    "home.tk.week.day_more": {"en": "   …and {n} more that day", "es": "   …y {n} más ese día"},
    "home.tk.week.more": {"en": "…and {n} more. `/post calendar` shows the whole calendar.",
                          "es": "…y {n} más. `/post calendar` muestra el calendario completo."},
    "home.tk.week.line": {
        "en": ":calendar: *Next 7 days:* scheduled posts: {n} (yours: {mine}) · `/post calendar` shows them all",
        "es": ":calendar: *Próximos 7 días:* publicaciones: {n} (tuyas: {mine}) · `/post calendar` las muestra "
              "todas"},
    # ---- open crises ---------------------------------------------------------------------
    "home.tk.crises.title": {"en": ":rotating_light: *Open crises* · {n}",
                             "es": ":rotating_light: *Crisis abiertas* · {n}"},
    "home.tk.crises.none": {"en": ":white_check_mark: *No open crisis.* `/crisis open` raises one.",
                            "es": ":white_check_mark: *Ninguna crisis abierta.* `/crisis open` abre una."},
    "home.tk.crises.row": {
        "en": "{emoji} *{number}* {severity}{brand} · open {age} · {state}{channel}\n> {summary}",
        "es": "{emoji} *{number}* {severity}{brand} · abierta hace {age} · {state}{channel}\n> {summary}"},
    "home.tk.crises.acked": {"en": "lead <@{user}> (acknowledged)", "es": "responsable <@{user}> (acusó recibo)"},
    "home.tk.crises.paging": {"en": ":warning: not acknowledged, paging {people}",
                              "es": ":warning: sin acuse de recibo, avisando a {people}"},
    "home.tk.crises.not_acked": {"en": ":warning: not acknowledged", "es": ":warning: sin acuse de recibo"},
    "home.tk.crises.admins": {"en": " (no chain: the admins were paged)",
                              "es": " (sin cadena: se avisó a los administradores)"},
    "home.tk.crises.more": {"en": "…and {n} more. `/crisis list` shows them all.",
                            "es": "…y {n} más. `/crisis list` las muestra todas."},
    "home.tk.crises.line": {
        "en": ":rotating_light: *Open crises:* {n} (not acknowledged: {waiting}) · `/crisis list`",
        "es": ":rotating_light: *Crisis abiertas:* {n} (sin acuse de recibo: {waiting}) · `/crisis list`"},
    "home.tk.age.min": {"en": "{m} min", "es": "{m} min"},
    "home.tk.age.hours": {"en": "{h} h {m} min", "es": "{h} h {m} min"},
    "home.tk.age.days": {"en": "{d} d {h} h", "es": "{d} d {h} h"},
    # ---- the toolkit ---------------------------------------------------------------------
    "home.tk.kit.header": {"en": "The toolkit", "es": "La caja de herramientas"},
    "home.tk.kit.context": {
        "en": "Read-only: the brand profiles, the response and crisis protocols, the account inventory and the "
              "last digest, for anyone in the workspace at any time.",
        "es": "Solo lectura: los perfiles de marca, los protocolos de respuestas y de crisis, el inventario de "
              "cuentas y el último resumen, para cualquiera del espacio de trabajo en cualquier momento."},
    # brands
    "home.tk.brands.title": {"en": ":label: *Brand profiles* · {n} · `/socialops brand <brand>` opens one",
                             "es": ":label: *Perfiles de marca* · {n} · `/socialops brand <marca>` abre uno"},
    "home.tk.brands.none": {
        "en": ":label: *Brand profiles:* no brand yet. Brands come from the account inventory (`/accounts add`).",
        "es": ":label: *Perfiles de marca:* aún no hay marcas. Salen del inventario de cuentas (`/accounts add`)."},
    "home.tk.brands.row": {"en": "• *{brand}* — {facts}", "es": "• *{brand}* — {facts}"},
    "home.tk.brands.no_profile": {"en": "no profile yet", "es": "sin perfil todavía"},
    "home.tk.brands.tone": {"en": "tone: _{text}_", "es": "tono: _{text}_"},
    "home.tk.brands.audience": {"en": "audience: _{text}_", "es": "público: _{text}_"},
    "home.tk.brands.forbidden": {"en": "forbidden words: {n}", "es": "palabras prohibidas: {n}"},
    "home.tk.brands.never": {"en": "topics never to publish: {n}", "es": "temas que no publicar: {n}"},
    "home.tk.brands.hashtags": {"en": "approved hashtags: {n}", "es": "hashtags aprobados: {n}"},
    "home.tk.brands.competitors": {"en": "competitors: {n}", "es": "competidores: {n}"},
    "home.tk.brands.version": {"en": "version {v}, {when}", "es": "versión {v}, {when}"},
    "home.tk.brands.more": {"en": "…and {n} more: `/socialops brand` lists them.",
                            "es": "…y {n} más: `/socialops brand` las lista."},
    "home.tk.brands.line": {
        "en": ":label: *Brand profiles:* brands: {n} (with a profile: {saved}) · `/socialops brand <brand>`",
        "es": ":label: *Perfiles de marca:* marcas: {n} (con perfil: {saved}) · `/socialops brand <marca>`"},
    # the response protocol (SPEC §7)
    "home.tk.replies.title": {
        "en": ":speech_balloon: *Response protocol* · approved reply templates: {n} · `/replies <words…>` finds one",
        "es": ":speech_balloon: *Protocolo de respuestas* · plantillas de respuesta aprobadas: {n} · "
              "`/replies <palabras…>` busca una"},
    "home.tk.replies.none": {
        "en": ":speech_balloon: *Response protocol:* no approved reply template yet. `/replies add` proposes one.",
        "es": ":speech_balloon: *Protocolo de respuestas:* aún no hay plantillas aprobadas. "
              "`/replies add` propone una."},
    "home.tk.replies.categories": {"en": "By category: {list}", "es": "Por categoría: {list}"},
    "home.tk.replies.most_used": {"en": "Most used: {list} · `/replies list` has them all",
                                  "es": "Más usadas: {list} · `/replies list` las tiene todas"},
    "home.tk.replies.used": {"en": "{title} ({n})", "es": "{title} ({n})"},
    "home.tk.replies.line": {
        "en": ":speech_balloon: *Response protocol:* approved reply templates: {n} · `/replies list`",
        "es": ":speech_balloon: *Protocolo de respuestas:* plantillas aprobadas: {n} · `/replies list`"},
    # the crisis protocol and playbooks (SPEC §6)
    "home.tk.protocol.title": {
        "en": ":triangular_flag_on_post: *Crisis protocol* · `/crisis open <sev1|sev2|sev3> <summary…>` starts it",
        "es": ":triangular_flag_on_post: *Protocolo de crisis* · `/crisis open <sev1|sev2|sev3> <resumen…>` lo inicia"},
    "home.tk.protocol.sev": {"en": "*{severity}* — {guide}", "es": "*{severity}* — {guide}"},
    "home.tk.protocol.guide.sev1": {"en": "legal, safety or viral harm", "es": "daño legal, de seguridad o viral"},
    "home.tk.protocol.guide.sev2": {"en": "a growing negative wave", "es": "una ola negativa que crece"},
    "home.tk.protocol.guide.sev3": {"en": "an isolated complaint or a troll", "es": "una queja aislada o un troll"},
    "home.tk.protocol.level": {"en": "level {n}: {people} (acknowledge within {minutes} min)",
                               "es": "nivel {n}: {people} (acuse de recibo en {minutes} min)"},
    "home.tk.protocol.no_chain": {
        "en": "No chain set: the admins are paged, to acknowledge within {minutes} min",
        "es": "Sin cadena: se avisa a los administradores, con acuse de recibo en {minutes} min"},
    "home.tk.protocol.repeats": {"en": "The chain runs up to {n} times.", "es": "La cadena se repite hasta {n} veces."},
    "home.tk.protocol.status": {"en": "Status update every {minutes} min.",
                                "es": "Actualización de estado cada {minutes} min."},
    "home.tk.protocol.no_status": {"en": "No status-update reminders.", "es": "Sin recordatorios de actualización."},
    "home.tk.protocol.playbook": {"en": "_Playbook ({source}):_", "es": "_Guía de actuación ({source}):_"},
    "home.tk.protocol.playbook_steps": {"en": "Playbook ({source}): steps: {n}.",
                                        "es": "Guía de actuación ({source}): pasos: {n}."},
    "home.tk.protocol.default": {"en": "the default", "es": "la predeterminada"},
    "home.tk.protocol.team": {"en": "the team's", "es": "la del equipo"},
    "home.tk.protocol.line": {
        "en": ":triangular_flag_on_post: *Crisis protocol:* acknowledge within {sev1} / {sev2} / {sev3} min "
              "(sev1 / sev2 / sev3), each with its playbook · `/crisis open`",
        "es": ":triangular_flag_on_post: *Protocolo de crisis:* acuse de recibo en {sev1} / {sev2} / {sev3} min "
              "(sev1 / sev2 / sev3), cada una con su guía · `/crisis open`"},
    # the inventory
    "home.tk.inventory.title": {"en": ":lock: *Account inventory* · active: {n} · `/accounts list`",
                                "es": ":lock: *Inventario de cuentas* · activas: {n} · `/accounts list`"},
    "home.tk.inventory.none": {
        "en": ":lock: *Account inventory:* no account yet. `/accounts add` registers one.",
        "es": ":lock: *Inventario de cuentas:* aún no hay cuentas. `/accounts add` registra una."},
    "home.tk.inventory.networks": {"en": "By network: {list}", "es": "Por red: {list}"},
    "home.tk.inventory.healthy": {"en": ":white_check_mark: Nothing to fix.",
                                  "es": ":white_check_mark: Nada que corregir."},
    "home.tk.inventory.no_custodian": {"en": ":warning: Custodian no longer has the role ({n}): {list}",
                                       "es": ":warning: El custodio ya no tiene el rol ({n}): {list}"},
    "home.tk.inventory.corporate": {
        "en": ":warning: Login e-mail on the company's own domain, a change of domain breaks access ({n}): {list}",
        "es": ":warning: Correo de inicio en el dominio de la empresa, un cambio de dominio rompe el acceso ({n}): "
              "{list}"},
    "home.tk.inventory.member": {
        "en": ":warning: Login e-mail is a person's own address ({n}): {list}",
        "es": ":warning: El correo de inicio es la dirección propia de una persona ({n}): {list}"},
    "home.tk.inventory.outside": {
        "en": ":warning: Login mailbox held by an agency or employee, the company lacks its password ({n}): {list}",
        "es": ":warning: Buzón de inicio en manos de una agencia o un empleado, la empresa no tiene su "
              "contraseña ({n}): {list}"},
    "home.tk.inventory.twofa": {"en": ":warning: 2FA off ({n}): {list}", "es": ":warning: Sin 2FA ({n}): {list}"},
    "home.tk.inventory.rotations": {"en": ":key: Password rotations owed ({n}): {list}",
                                    "es": ":key: Cambios de contraseña pendientes ({n}): {list}"},
    "home.tk.inventory.more": {"en": "{list} +{n} more", "es": "{list} +{n} más"},
    "home.tk.inventory.line": {
        "en": ":lock: *Accounts:* active: {n} · needing attention: {issues} · rotations owed: {rotations} · "
              "`/accounts list`",
        "es": ":lock: *Cuentas:* activas: {n} · requieren atención: {issues} · cambios de contraseña pendientes: "
              "{rotations} · `/accounts list`"},
    # the last digest
    "home.tk.digest.title": {"en": ":bar_chart: *Last KPI digest* · {period} · sent {when} {where}",
                             "es": ":bar_chart: *Último resumen de KPI* · {period} · enviado el {when} {where}"},
    "home.tk.digest.channel": {"en": "to <#{channel}>", "es": "a <#{channel}>"},
    "home.tk.digest.dm": {"en": "by DM", "es": "por MD"},
    "home.tk.digest.none": {
        "en": ":bar_chart: *Last KPI digest:* none sent yet. `/kpi digest now` shows this week's.",
        "es": ":bar_chart: *Último resumen de KPI:* aún no se ha enviado ninguno. `/kpi digest now` muestra el de "
              "esta semana."},
    "home.tk.digest.headline": {
        "en": "KPIs on track: {on_track} of {kpis} · published: {published} of {planned} planned · on time: "
              "{on_time} · crises opened: {crises} · open grants: {grants}",
        "es": "KPI en objetivo: {on_track} de {kpis} · publicadas: {published} de {planned} previstas · a tiempo: "
              "{on_time} · crisis abiertas: {crises} · accesos activos: {grants}"},
    "home.tk.digest.kpi": {"en": "• {kpi}{subject}: {value} {change} {status}",
                           "es": "• {kpi}{subject}: {value} {change} {status}"},
    "home.tk.digest.on_track": {"en": ":large_green_circle:", "es": ":large_green_circle:"},
    "home.tk.digest.off_track": {"en": ":red_circle:", "es": ":red_circle:"},
    "home.tk.digest.change": {"en": "({pct} vs the week before)", "es": "({pct} frente a la semana anterior)"},
    "home.tk.digest.more": {"en": "…and {n} more: `/kpi list`.", "es": "…y {n} más: `/kpi list`."},
    "home.tk.digest.context": {"en": "`/kpi digest now` shows this week's digest; `/kpi report` the monthly report.",
                               "es": "`/kpi digest now` muestra el resumen de esta semana; `/kpi report` el informe "
                                     "mensual."},
    "home.tk.digest.line": {
        "en": ":bar_chart: *Last KPI digest:* {period}, sent {when} · KPIs on track: {on_track} of {kpis} · "
              "`/kpi digest now`",
        "es": ":bar_chart: *Último resumen de KPI:* {period}, enviado el {when} · KPI en objetivo: {on_track} de "
              "{kpis} · `/kpi digest now`"},
}
