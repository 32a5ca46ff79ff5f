"""Crisis texts (opening: `/crisis open`, the channel, the checklist, list and show), en/es."""

from __future__ import annotations

GUIDE_EN = ("*sev1*: legal, safety or viral harm · *sev2*: a growing negative wave · "
            "*sev3*: an isolated complaint or a troll")
GUIDE_ES = ("*sev1*: riesgo legal, de seguridad o daño viral · *sev2*: una ola negativa que crece · "
            "*sev3*: una queja aislada o un troll")

MESSAGES: dict[str, dict[str, str]] = {
    "usage.crisis.open": {
        "en": f"`/crisis open <sev1|sev2|sev3> <summary…> [link]` — anyone; alone it opens a form.\n{GUIDE_EN}",
        "es": f"`/crisis open <sev1|sev2|sev3> <resumen…> [enlace]` — cualquiera; solo, abre un formulario.\n"
              f"{GUIDE_ES}",
    },
    "usage.crisis.list": {
        "en": "`/crisis list` — open crises first, then the latest resolved",
        "es": "`/crisis list` — primero las crisis abiertas, después las últimas resueltas",
    },
    "usage.crisis.show": {
        "en": "`/crisis show [CRI-YYYY-NNNN]` — one crisis (in its channel, no number needed)",
        "es": "`/crisis show [CRI-AAAA-NNNN]` — una crisis (en su canal, sin número)",
    },
    "crisis.open.error.severity": {
        "en": "`{text}` is not a severity: use sev1, sev2 or sev3.",
        "es": "`{text}` no es una gravedad: usa sev1, sev2 o sev3.",
    },
    "crisis.open.error.summary": {
        "en": "Say what is happening in a few words (the summary).",
        "es": "Di en pocas palabras qué está pasando (el resumen).",
    },
    "crisis.open.error.summary_long": {
        "en": "The summary is {length} characters; keep it under {max} (details go in `/crisis note`).",
        "es": "El resumen tiene {length} caracteres; que no pase de {max} (los detalles van en `/crisis note`).",
    },
    "crisis.open.error.link": {
        "en": "`{text}` is not a link (http or https).",
        "es": "`{text}` no es un enlace (http o https).",
    },
    "crisis.open.error.repeat": {
        "en": "You opened *{number}* with these words a moment ago; it is still open, in {channel}. Nobody "
              "was paged again. A different incident: describe it differently.",
        "es": "Abriste *{number}* con estas palabras hace un momento; sigue abierta, en {channel}. No se "
              "volvió a avisar a nadie. Si es otro incidente, descríbelo de otra forma.",
    },
    "crisis.open.error.brand": {
        "en": "The inventory has no brand {brand}.",
        "es": "El inventario no tiene la marca {brand}.",
    },
    "crisis.open.error.resolved": {
        "en": "{number} is resolved: its checklist is closed.",
        "es": "{number} está resuelta: su lista de tareas está cerrada.",
    },
    "crisis.open.error.no_step": {
        "en": "{number} has no such step.",
        "es": "{number} no tiene ese paso.",
    },
    "crisis.open.error.step_done": {
        "en": "Step {n} is already done.",
        "es": "El paso {n} ya está hecho.",
    },
    "crisis.open.error.step_open": {
        "en": "Step {n} is not done yet.",
        "es": "El paso {n} aún no está hecho.",
    },
    "crisis.open.opened": {
        "en": ":rotating_light: *{number}* opened ({severity}). The crisis channel is being created; "
              "you will be invited. Paged now: {paged}.",
        "es": ":rotating_light: *{number}* abierta ({severity}). Se está creando el canal de la crisis; "
              "te invitaremos. Avisados ahora: {paged}.",
    },
    "crisis.open.no_chain": {
        "en": "No escalation chain is set up for {severity}: the admins ({admins}) are paged instead. "
              "An admin sets one with `/crisis setup {severity}`.",
        "es": "No hay cadena de escalado para {severity}: se avisa a los administradores ({admins}). "
              "Un administrador la configura con `/crisis setup {severity}`.",
    },
    "crisis.open.held": {
        "en": ":pause_button: {count} post(s) of {brand} due in the next 24 h are on hold.",
        "es": ":pause_button: {count} publicación(es) de {brand} previstas en las próximas 24 h están en espera.",
    },
    "crisis.open.held_none": {
        "en": "No post of {brand} was due in the next 24 h: nothing to hold.",
        "es": "Ninguna publicación de {brand} estaba prevista en las próximas 24 h: nada que retener.",
    },
    "crisis.open.no_brand": {
        "en": "No brand was named, so no post is on hold; an approver can hold one with `/post hold <brand>`.",
        "es": "No se indicó marca, así que no hay publicaciones en espera; un aprobador puede retenerlas con "
              "`/post hold <marca>`.",
    },
    "crisis.open.modal.title": {"en": "Open a crisis", "es": "Abrir una crisis"},
    "crisis.open.modal.submit": {"en": "Open and page", "es": "Abrir y avisar"},
    "crisis.open.modal.severity": {"en": "Severity", "es": "Gravedad"},
    "crisis.open.modal.guide": {"en": GUIDE_EN, "es": GUIDE_ES},
    "crisis.open.modal.sev1": {"en": "sev1 — legal, safety or viral harm",
                               "es": "sev1 — riesgo legal, de seguridad o daño viral"},
    "crisis.open.modal.sev2": {"en": "sev2 — a growing negative wave", "es": "sev2 — una ola negativa que crece"},
    "crisis.open.modal.sev3": {"en": "sev3 — an isolated complaint or a troll",
                               "es": "sev3 — una queja aislada o un troll"},
    "crisis.open.modal.summary": {"en": "What is happening", "es": "Qué está pasando"},
    "crisis.open.modal.link": {"en": "Link (the post, the article…)", "es": "Enlace (la publicación, el artículo…)"},
    "crisis.open.modal.brand": {"en": "Brand", "es": "Marca"},
    "crisis.open.modal.brand_hint": {
        "en": "sev1 and sev2 hold this brand's posts due in the next 24 h.",
        "es": "sev1 y sev2 retienen las publicaciones de esta marca previstas en las próximas 24 h.",
    },
    "crisis.open.header": {
        "en": ":rotating_light: *{number}* · {severity} · opened by <@{reporter}> at {when}",
        "es": ":rotating_light: *{number}* · {severity} · abierta por <@{reporter}> a las {when}",
    },
    "crisis.open.brand": {"en": "Brand: {brand}", "es": "Marca: {brand}"},
    "crisis.open.link": {"en": "Link: {link}", "es": "Enlace: {link}"},
    "crisis.open.chain": {"en": "Chain: {levels}", "es": "Cadena: {levels}"},
    "crisis.open.checklist": {"en": "*Playbook* ({done}/{total} done)", "es": "*Protocolo* ({done}/{total} hechos)"},
    "crisis.open.step_done_by": {"en": "done by <@{user}> at {when}", "es": "hecho por <@{user}> a las {when}"},
    "crisis.open.step_do": {"en": "Done", "es": "Hecho"},
    "crisis.open.step_undo": {"en": "Undo", "es": "Deshacer"},
    "crisis.open.templates": {"en": "*Approved crisis replies*", "es": "*Respuestas de crisis aprobadas*"},
    "crisis.open.templates_none": {
        "en": "No approved crisis reply template yet: propose one with `/replies add`.",
        "es": "Aún no hay plantillas de respuesta de crisis aprobadas: propón una con `/replies add`.",
    },
    "crisis.open.topic": {"en": "{number} · {severity} · {summary}", "es": "{number} · {severity} · {summary}"},
    "crisis.open.channel_refused": {
        "en": "Slack would not create the channel of {number} (`{error}`). The paging goes on; "
              "an admin should check the app's scopes (channels:manage, groups:write).",
        "es": "Slack no ha creado el canal de {number} (`{error}`). Los avisos siguen; "
              "un administrador debe revisar los permisos de la app (channels:manage, groups:write).",
    },
    "crisis.list.title": {"en": "*Crises*", "es": "*Crisis*"},
    "crisis.list.none": {"en": "No crisis on record.", "es": "No hay ninguna crisis registrada."},
    "crisis.list.open_line": {
        "en": "{emoji} *{number}* · {severity} · {age} ago · {ack} · {channel}\n> {summary}",
        "es": "{emoji} *{number}* · {severity} · hace {age} · {ack} · {channel}\n> {summary}",
    },
    "crisis.list.resolved_line": {
        "en": ":white_check_mark: {number} · {severity} · resolved {when} · {channel}",
        "es": ":white_check_mark: {number} · {severity} · resuelta {when} · {channel}",
    },
    "crisis.list.acked": {"en": "acknowledged by <@{user}>", "es": "con acuse de <@{user}>"},
    "crisis.list.not_acked": {"en": "*not acknowledged*", "es": "*sin acuse de recibo*"},
    "crisis.list.no_channel": {"en": "no channel yet", "es": "aún sin canal"},
    "crisis.show.title": {
        "en": "*{number}* · {severity} · {status} · opened by <@{reporter}> {when}",
        "es": "*{number}* · {severity} · {status} · abierta por <@{reporter}> {when}",
    },
    "crisis.show.status.open": {"en": "open", "es": "abierta"},
    "crisis.show.status.resolved": {"en": "resolved", "es": "resuelta"},
    "crisis.show.paged": {"en": "Paged: {pages}", "es": "Avisados: {pages}"},
    "crisis.show.timeline": {"en": "*Latest on the timeline*", "es": "*Lo último de la cronología*"},
    "crisis.show.held": {"en": "Posts on hold: {ids}", "es": "Publicaciones retenidas: {ids}"},
}
