"""Scheduler texts: `/socialops jobs` and the admins' delivery alerts."""

MESSAGES: dict[str, dict[str, str]] = {
    "usage.socialops.jobs": {
        "en": "`/socialops jobs` — scheduled messages: pending, late, failed, dead-lettered (admin)",
        "es": "`/socialops jobs` — mensajes programados: pendientes, atrasados, fallidos, descartados (admin)",
    },
    "usage.socialops.jobs_retry": {
        "en": "`/socialops jobs retry <id>` — send a failed or dead-lettered message again (admin)",
        "es": "`/socialops jobs retry <id>` — reenviar un mensaje fallido o descartado (admin)",
    },
    "jobs.title": {"en": "Scheduled messages", "es": "Mensajes programados"},
    "jobs.counts": {
        "en": "Pending *{pending}* (late *{late}*) · sending *{claimed}* · failed *{failed}* · "
              "dead-lettered *{dead}*",
        "es": "Pendientes *{pending}* (atrasados *{late}*) · enviándose *{claimed}* · fallidos *{failed}* · "
              "descartados *{dead}*",
    },
    "jobs.section.late": {"en": "*Late*", "es": "*Atrasados*"},
    "jobs.section.failed": {"en": "*Failed and dead-lettered*", "es": "*Fallidos y descartados*"},
    "jobs.section.next": {"en": "*Next*", "es": "*Próximos*"},
    "jobs.row": {
        "en": "`#{id}` {kind} → {to} · {state} · due {due} · attempts {attempts}",
        "es": "`#{id}` {kind} → {to} · {state} · para {due} · intentos {attempts}",
    },
    "jobs.row.error": {"en": " · last error `{error}`", "es": " · último error `{error}`"},
    "jobs.nothing": {"en": "Nothing scheduled.", "es": "No hay nada programado."},
    "jobs.retry_hint": {
        "en": "Retry one with `/socialops jobs retry <id>` or its button.",
        "es": "Reintenta uno con `/socialops jobs retry <id>` o con su botón.",
    },
    "jobs.button.retry": {"en": "Retry #{id}", "es": "Reintentar #{id}"},
    "jobs.retried": {
        "en": ":repeat: Message #{id} ({kind}) is queued again and goes out within seconds.",
        "es": ":repeat: El mensaje #{id} ({kind}) vuelve a la cola y sale en unos segundos.",
    },
    "jobs.error.bad_id": {
        "en": "`{text}` is not a message number (see `/socialops jobs`).",
        "es": "`{text}` no es un número de mensaje (mira `/socialops jobs`).",
    },
    "jobs.error.not_found": {
        "en": "There is no scheduled message #{id} in this workspace.",
        "es": "No hay ningún mensaje programado #{id} en este espacio.",
    },
    "jobs.error.not_retryable": {
        "en": "Message #{id} is {state}: only failed or dead-lettered messages can be retried.",
        "es": "El mensaje #{id} está {state}: solo se reintentan los fallidos o descartados.",
    },
    "jobs.alert.text": {
        "en": ":warning: SocialOps could not deliver a *{kind}* message to {where}: `{error}` "
              "(message #{id}, {attempts} attempt(s)).",
        "es": ":warning: SocialOps no pudo entregar un mensaje *{kind}* a {where}: `{error}` "
              "(mensaje #{id}, {attempts} intento(s)).",
    },
    "jobs.alert.hint.not_in_channel": {
        "en": "The bot cannot post there: invite the bot to {channel} or pick another in `/socialops setup` "
              "(to invite it, type `/invite @SocialOps` in the channel).",
        "es": "El bot no puede publicar ahí: invita al bot a {channel} o elige otro en `/socialops setup` "
              "(para invitarlo, escribe `/invite @SocialOps` en el canal).",
    },
    "jobs.alert.hint.channel_gone": {
        "en": "That channel no longer exists or is archived: choose another in `/socialops setup`.",
        "es": "Ese canal ya no existe o está archivado: elige otro en `/socialops setup`.",
    },
    "jobs.alert.hint.user_gone": {
        "en": "That person can no longer receive messages (deactivated or unknown): reassign their duties.",
        "es": "Esa persona ya no puede recibir mensajes (desactivada o desconocida): reasigna sus funciones.",
    },
    "jobs.alert.hint.dead": {
        "en": "Slack kept failing, so the message was set aside after several attempts.",
        "es": "Slack siguió fallando, así que el mensaje se apartó tras varios intentos.",
    },
    "jobs.alert.footer": {
        "en": "When it is fixed: `/socialops jobs retry {id}`. You will not be told again about this problem.",
        "es": "Cuando esté arreglado: `/socialops jobs retry {id}`. No se te volverá a avisar de este problema.",
    },
}
