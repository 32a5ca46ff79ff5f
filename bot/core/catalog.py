"""Platform texts: help, errors, roles, setup."""

MESSAGES: dict[str, dict[str, str]] = {
    "help.title": {"en": "*SocialOps commands*", "es": "*Comandos de SocialOps*"},
    "usage.header": {"en": "Usage:", "es": "Uso:"},
    "cmd.socialops.description": {
        "en": "Help, workspace setup and roles",
        "es": "Ayuda, configuración del espacio y roles",
    },
    "usage.socialops.help": {"en": "`/socialops help` — this list", "es": "`/socialops help` — esta lista"},
    "usage.socialops.setup": {
        "en": "`/socialops setup` — settings form (admin); or `/socialops setup [approvals #channel] "
              "[crisis #channel] [digest #channel] [timezone Europe/Madrid] [language es|en]`",
        "es": "`/socialops setup` — formulario de configuración (admin); o `/socialops setup [approvals #canal] "
              "[crisis #canal] [digest #canal] [timezone Europe/Madrid] [language es|en]`",
    },
    "usage.socialops.role_add": {
        "en": "`/socialops role add @user <role>` — roles: admin, custodian, approver, crisis_lead, "
              "publisher, auditor (admin)",
        "es": "`/socialops role add @usuario <rol>` — roles: admin, custodian, approver, crisis_lead, "
              "publisher, auditor (admin)",
    },
    "usage.socialops.role_remove": {
        "en": "`/socialops role remove @user <role>` (admin)",
        "es": "`/socialops role remove @usuario <rol>` (admin)",
    },
    "usage.socialops.roles": {"en": "`/socialops roles` — who holds which role",
                              "es": "`/socialops roles` — quién tiene cada rol"},
    "error.unknown_subcommand": {
        "en": "I don't know that `{command}` subcommand.",
        "es": "No conozco ese subcomando de `{command}`.",
    },
    "error.forbidden": {"en": "You are not allowed to do that.", "es": "No tienes permiso para hacer eso."},
    "error.forbidden_role": {
        "en": ":no_entry: Not allowed: this needs one of these roles: {roles}. The attempt was recorded.",
        "es": ":no_entry: No permitido: hace falta uno de estos roles: {roles}. El intento quedó registrado.",
    },
    "error.validation": {"en": "Some fields need attention.", "es": "Hay campos que revisar."},
    "error.bad_user": {
        "en": "`{text}` is not a user mention: type @ and pick the person.",
        "es": "`{text}` no es una mención de usuario: escribe @ y elige a la persona.",
    },
    "error.bad_role": {
        "en": "`{text}` is not a role. Roles: {roles}.",
        "es": "`{text}` no es un rol. Roles: {roles}.",
    },
    "error.bad_channel": {
        "en": "`{text}` is not a channel: type # and pick it.",
        "es": "`{text}` no es un canal: escribe # y elígelo.",
    },
    "error.bad_timezone": {
        "en": "`{tz}` is not a time zone (use an IANA name such as Europe/Madrid).",
        "es": "`{tz}` no es una zona horaria (usa un nombre IANA como Europe/Madrid).",
    },
    "error.bad_language": {"en": "Language must be es or en, not `{lang}`.",
                           "es": "El idioma debe ser es o en, no `{lang}`."},
    "error.bad_number": {"en": "`{text}` is not a whole number of days between {low} and {high}.",
                         "es": "`{text}` no es un número entero de días entre {low} y {high}."},
    "error.default_over_max": {
        "en": "The default access duration cannot exceed the maximum.",
        "es": "La duración de acceso por defecto no puede superar la máxima.",
    },
    "error.setup_words": {
        "en": "I could not read `{text}` as setting-value pairs.",
        "es": "No pude leer `{text}` como pares ajuste-valor.",
    },
    "error.role_from_env": {
        "en": "<@{user}> is an admin through SOCIALOPS_ADMINS; change that setting instead.",
        "es": "<@{user}> es admin por SOCIALOPS_ADMINS; cambia ese ajuste en su lugar.",
    },
    "error.role_not_held": {"en": "<@{user}> does not hold the role {role}.",
                            "es": "<@{user}> no tiene el rol {role}."},
    "error.internal": {
        "en": ":warning: Sorry, something went wrong on our side; it was logged. Please try again, and if it "
              "keeps failing give the admins this reference: `{ref}`.",
        "es": ":warning: Perdona, algo falló de nuestro lado; quedó registrado. Vuelve a intentarlo y, si sigue "
              "fallando, da esta referencia a los admins: `{ref}`.",
    },
    "error.maybe_done": {
        "en": ":hourglass: Slack's answer did not reach me, so I can't tell whether that went through. Please "
              "check before trying again (trying again may do it twice); if it is not there, try again, and if "
              "this keeps happening give the admins this reference: `{ref}`.",
        "es": ":hourglass: La respuesta de Slack no me llegó, así que no sé si se hizo. Compruébalo antes de "
              "volver a intentarlo (podría hacerse dos veces); si no está, vuelve a intentarlo y, si sigue "
              "pasando, da esta referencia a los admins: `{ref}`.",
    },
    "role.added": {"en": ":white_check_mark: <@{user}> is now *{role}*.",
                   "es": ":white_check_mark: <@{user}> ahora es *{role}*."},
    "role.already": {"en": "<@{user}> already was *{role}*; nothing changed.",
                     "es": "<@{user}> ya era *{role}*; no cambió nada."},
    "role.removed": {"en": ":white_check_mark: <@{user}> is no longer *{role}*.",
                     "es": ":white_check_mark: <@{user}> ya no es *{role}*."},
    "roles.title": {"en": "*Roles in this workspace*", "es": "*Roles en este espacio de trabajo*"},
    "roles.none": {"en": "nobody", "es": "nadie"},
    "roles.env_note": {"en": "(admins from SOCIALOPS_ADMINS included)",
                       "es": "(incluye admins de SOCIALOPS_ADMINS)"},
    "role.admin": {"en": "admin", "es": "admin"},
    "role.custodian": {"en": "custodian", "es": "custodio"},
    "role.approver": {"en": "approver", "es": "aprobador"},
    "role.crisis_lead": {"en": "crisis lead", "es": "líder de crisis"},
    "role.publisher": {"en": "publisher", "es": "publicador"},
    "role.auditor": {"en": "auditor", "es": "auditor"},
    "setup.title": {"en": "Workspace setup", "es": "Configuración"},
    "setup.submit": {"en": "Save", "es": "Guardar"},
    "setup.approvals": {"en": "Approvals channel", "es": "Canal de aprobaciones"},
    "setup.crisis": {"en": "Crisis channel", "es": "Canal de crisis"},
    "setup.digest": {"en": "Digest channel", "es": "Canal de resúmenes"},
    "setup.timezone": {"en": "Time zone (IANA, e.g. Europe/Madrid)",
                       "es": "Zona horaria (IANA, p. ej. Europe/Madrid)"},
    "setup.language": {"en": "Language", "es": "Idioma"},
    "setup.access_default": {"en": "Default access duration (days)",
                             "es": "Duración de acceso por defecto (días)"},
    "setup.access_max": {"en": "Maximum access duration (days)", "es": "Duración máxima de acceso (días)"},
    "setup.review": {"en": "Access review every (days)", "es": "Revisión de accesos cada (días)"},
    "setup.saved": {
        "en": ":white_check_mark: Settings saved. Approvals: {approvals} · Crisis: {crisis} · Digest: {digest} · "
              "Time zone: {tz} · Language: {lang}",
        "es": ":white_check_mark: Configuración guardada. Aprobaciones: {approvals} · Crisis: {crisis} · "
              "Resúmenes: {digest} · Zona horaria: {tz} · Idioma: {lang}",
    },
    "setup.unset": {"en": "not set", "es": "sin definir"},
    "lang.en": {"en": "English", "es": "Inglés"},
    "lang.es": {"en": "Spanish", "es": "Español"},
}
