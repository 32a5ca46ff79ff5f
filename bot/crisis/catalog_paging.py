"""Crisis texts (paging: the chain, Acknowledge, status-update reminders, a severity change), en/es."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # ---- the page DM ----
    "crisis.page.title": {
        "en": ":rotating_light: *{number}* · {severity} — you are paged "
              "(level {level} of {levels}, round {cycle} of {cycles})",
        "es": ":rotating_light: *{number}* · {severity} — te avisamos "
              "(nivel {level} de {levels}, vuelta {cycle} de {cycles})",
    },
    "crisis.page.info_title": {
        "en": ":information_source: *{number}* was raised to {severity}; <@{user}> already acknowledged it. "
              "You are level 1 of the {severity} chain: acknowledge that you have seen it.",
        "es": ":information_source: *{number}* ha subido a {severity}; <@{user}> ya acusó recibo. "
              "Eres el nivel 1 de la cadena de {severity}: acusa recibo de que lo has visto.",
    },
    "crisis.page.summary": {"en": "> {summary}", "es": "> {summary}"},
    "crisis.page.link": {"en": "Link: {link}", "es": "Enlace: {link}"},
    "crisis.page.channel": {"en": "Crisis channel: <#{channel}>", "es": "Canal de la crisis: <#{channel}>"},
    "crisis.page.no_channel": {
        "en": "The crisis channel is still being set up.",
        "es": "El canal de la crisis aún se está creando.",
    },
    "crisis.page.no_chain": {
        "en": "No escalation chain is set for {severity}, so the admins are paged. Set one with `/crisis setup`.",
        "es": "No hay cadena de escalado para {severity}, así que avisamos a los administradores. Configúrala con "
              "`/crisis setup`.",
    },
    "crisis.page.not_answered": {
        "en": "Not answered at the previous level: {users}",
        "es": "Sin respuesta en el nivel anterior: {users}",
    },
    "crisis.page.deadline_next": {
        "en": "Acknowledge by *{at}* ({tz}), or level {level} is paged.",
        "es": "Acusa recibo antes de las *{at}* ({tz}) o avisaremos al nivel {level}.",
    },
    "crisis.page.deadline_again": {
        "en": "Acknowledge by *{at}* ({tz}), or the chain starts again from level 1.",
        "es": "Acusa recibo antes de las *{at}* ({tz}) o la cadena vuelve a empezar por el nivel 1.",
    },
    "crisis.page.deadline_last": {
        "en": "Acknowledge by *{at}* ({tz}), or the admins are told that nobody answered.",
        "es": "Acusa recibo antes de las *{at}* ({tz}) o avisaremos a los administradores de que nadie respondió.",
    },
    "crisis.page.button": {"en": "Acknowledge", "es": "Acusar recibo"},
    # ---- the page DM, edited in place once it no longer asks for anything ----
    "crisis.page.edit.acknowledged": {
        "en": ":white_check_mark: Acknowledged by <@{user}> at {at}.",
        "es": ":white_check_mark: <@{user}> acusó recibo a las {at}.",
    },
    "crisis.page.edit.resolved": {
        "en": ":heavy_check_mark: Resolved at {at}: nothing more to do here.",
        "es": ":heavy_check_mark: Resuelta a las {at}: no hay nada más que hacer aquí.",
    },
    "crisis.page.edit.resolved_plain": {
        "en": ":heavy_check_mark: Resolved: nothing more to do here.",
        "es": ":heavy_check_mark: Resuelta: no hay nada más que hacer aquí.",
    },
    "crisis.page.edit.severity": {
        "en": ":arrows_counterclockwise: The severity changed (now {severity}): this page no longer applies.",
        "es": ":arrows_counterclockwise: La gravedad ha cambiado (ahora {severity}): este aviso ya no vale.",
    },
    "crisis.page.edit.closed": {"en": "Paging stopped.", "es": "Los avisos se han detenido."},
    "crisis.page.edit.head": {"en": "*{number}* · {severity}", "es": "*{number}* · {severity}"},
    # ---- nobody acknowledged ----
    "crisis.page.unanswered": {
        "en": ":warning: Nobody acknowledged *{number}* ({severity}): the chain ran {cycles} time(s) and "
              "paged {users}. Please take it: `/crisis ack {number}`.",
        "es": ":warning: Nadie acusó recibo de *{number}* ({severity}): la cadena se repitió {cycles} vez/veces "
              "y avisó a {users}. Por favor, hazte cargo: `/crisis ack {number}`.",
    },
    "crisis.page.nobody": {"en": "nobody", "es": "nadie"},
    # ---- Acknowledge ----
    "crisis.ack.done": {
        "en": "You acknowledged *{number}*: paging stopped for everyone.",
        "es": "Has acusado recibo de *{number}*: se han detenido los avisos para todos.",
    },
    "crisis.ack.announce": {
        "en": ":white_check_mark: <@{user}> acknowledged *{number}* at {at} ({minutes} min after it opened): paging "
              "stopped.",
        "es": ":white_check_mark: <@{user}> acusó recibo de *{number}* a las {at} ({minutes} min después de abrirse): "
              "se han detenido los avisos.",
    },
    "crisis.ack.announce_dm": {
        "en": ":white_check_mark: <@{user}> acknowledged your crisis *{number}* at {at}: paging stopped.",
        "es": ":white_check_mark: <@{user}> acusó recibo de tu crisis *{number}* a las {at}: "
              "se han detenido los avisos.",
    },
    "crisis.ack.already": {
        "en": "*{number}* was already acknowledged by <@{user}> at {at}.",
        "es": "<@{user}> ya acusó recibo de *{number}* a las {at}.",
    },
    "crisis.ack.resolved": {
        "en": "*{number}* is resolved: there is nothing to acknowledge.",
        "es": "*{number}* está resuelta: no hay nada de lo que acusar recibo.",
    },
    "crisis.ack.stale": {
        "en": "This page of *{number}* is from before its severity changed (now {severity}). Use the newer page, or "
              "`/crisis ack {number}`.",
        "es": "Este aviso de *{number}* es de antes de que cambiara su gravedad (ahora {severity}). Usa el aviso más "
              "reciente o `/crisis ack {number}`.",
    },
    "crisis.ack.forbidden": {
        "en": "Only the people paged for *{number}*, crisis leads and admins can acknowledge it.",
        "es": "Solo quienes recibieron el aviso de *{number}*, los responsables de crisis y los administradores pueden "
              "acusar recibo.",
    },
    "crisis.ack.error.extra": {
        "en": "Too many words: give, outside the crisis channel, only the crisis number.",
        "es": "Sobran palabras: indica, fuera del canal de la crisis, solo el número de la crisis.",
    },
    "usage.crisis.ack": {
        "en": "`/crisis ack [CRI-2026-0001]` — acknowledge a crisis (in its channel the number is optional)",
        "es": "`/crisis ack [CRI-2026-0001]` — acusar recibo de una crisis (en su canal el número es opcional)",
    },
    # ---- status-update reminders ----
    "crisis.status.reminder": {
        "en": ":stopwatch: Time for a status update on *{number}* ({severity}): what do we know, what are we doing, "
              "what comes next? Next update at {next} ({tz}).",
        "es": ":stopwatch: Toca actualizar el estado de *{number}* ({severity}): qué sabemos, qué estamos haciendo, "
              "qué viene después. Próxima actualización a las {next} ({tz}).",
    },
    "crisis.status.reminder_dm": {
        "en": ":stopwatch: Time for a status update on your crisis *{number}* ({severity}): what do we know, what are "
              "we doing, what comes next? Next update at {next} ({tz}). (Its channel does not exist yet, so I am "
              "asking you.)",
        "es": ":stopwatch: Toca actualizar el estado de tu crisis *{number}* ({severity}): qué sabemos, qué estamos "
              "haciendo, qué viene después. Próxima actualización a las {next} ({tz}). (Su canal aún no existe, así "
              "que te lo pregunto a ti.)",
    },
    # ---- /crisis severity ----
    "usage.crisis.severity": {
        "en": "`/crisis severity <sev1|sev2|sev3> [CRI-2026-0001]` — change a crisis's severity (in its channel the "
              "number is optional). sev1: legal, safety or viral harm; sev2: a growing negative wave; sev3: an "
              "isolated complaint or a troll.",
        "es": "`/crisis severity <sev1|sev2|sev3> [CRI-2026-0001]` — cambiar la gravedad de una crisis (en su canal el "
              "número es opcional). sev1: daño legal, de seguridad o viral; sev2: una ola negativa creciente; sev3: "
              "una queja aislada o un troll.",
    },
    "crisis.severity.error.missing": {
        "en": "Which severity? sev1, sev2 or sev3.",
        "es": "¿Qué gravedad? sev1, sev2 o sev3.",
    },
    "crisis.severity.error.unknown": {
        "en": "“{severity}” is not a severity: use sev1, sev2 or sev3.",
        "es": "«{severity}» no es una gravedad: usa sev1, sev2 o sev3.",
    },
    "crisis.severity.error.extra": {
        "en": "Too many words: give the severity and, outside the crisis channel, the crisis number.",
        "es": "Sobran palabras: indica la gravedad y, fuera del canal de la crisis, su número.",
    },
    "crisis.severity.error.same": {"en": "*{number}* is already {severity}.", "es": "*{number}* ya es {severity}."},
    "crisis.severity.error.resolved": {
        "en": "*{number}* is resolved: its severity can no longer change.",
        "es": "*{number}* está resuelta: ya no se puede cambiar su gravedad.",
    },
    "crisis.severity.forbidden": {
        "en": "Only the reporter of *{number}*, crisis leads and admins can change its severity.",
        "es": "Solo quien abrió *{number}*, los responsables de crisis y los administradores pueden cambiar "
              "su gravedad.",
    },
    "crisis.severity.changed": {
        "en": "*{number}* is now {new} (was {old}). {what}",
        "es": "*{number}* es ahora {new} (antes {old}). {what}",
    },
    "crisis.severity.note": {
        "en": ":arrows_counterclockwise: <@{user}> changed the severity of *{number}* from {old} to {new}. {what}",
        "es": ":arrows_counterclockwise: <@{user}> cambió la gravedad de *{number}* de {old} a {new}. {what}",
    },
    "crisis.severity.what.repage": {
        "en": "Paging restarts at level 1 of the {severity} chain.",
        "es": "Los avisos vuelven a empezar por el nivel 1 de la cadena de {severity}.",
    },
    "crisis.severity.what.info": {
        "en": "It is already acknowledged; level 1 of the {severity} chain is told.",
        "es": "Ya se acusó recibo; avisamos al nivel 1 de la cadena de {severity}.",
    },
    "crisis.severity.what.none": {
        "en": "It is already acknowledged: nobody is paged.",
        "es": "Ya se acusó recibo: no avisamos a nadie.",
    },
    "crisis.severity.held": {
        "en": "Scheduled posts held: {count}.",
        "es": "Publicaciones programadas retenidas: {count}.",
    },
}
