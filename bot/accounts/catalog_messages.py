"""Texts of the account inventory (SPEC §2): messages, listing, details, warnings, tasks."""

MESSAGES: dict[str, dict[str, str]] = {
    "accounts.added": {"en": ":white_check_mark: {network} @{handle} is in the inventory.",
                       "es": ":white_check_mark: {network} @{handle} ya está en el inventario."},
    "accounts.edited": {"en": ":white_check_mark: {network} @{handle} updated.",
                        "es": ":white_check_mark: {network} @{handle} actualizada."},
    "accounts.archived": {"en": ":file_cabinet: {network} @{handle} archived.",
                          "es": ":file_cabinet: {network} @{handle} archivada."},
    "accounts.archived_grants": {
        "en": ":warning: {n} access grant(s) are still open on it: revoke them with `/access`.",
        "es": ":warning: Sigue habiendo {n} acceso(s) abiertos en ella: revócalos con `/access`.",
    },
    "accounts.rotated": {
        "en": ":white_check_mark: New password recorded for {network} @{handle}; the rotation clock starts again.",
        "es": ":white_check_mark: Contraseña nueva registrada para {network} @{handle}; el reloj de cambio vuelve "
              "a empezar.",
    },
    "accounts.rotated_mailbox": {
        "en": ":white_check_mark: New login mailbox password recorded for {network} @{handle}: the company holds it.",
        "es": ":white_check_mark: Contraseña nueva del buzón de inicio registrada para {network} @{handle}: la "
              "empresa la tiene.",
    },
    "accounts.rotated_cancelled": {"en": "Pending rotation reminders stopped.",
                                   "es": "Se detuvieron los recordatorios de cambio pendientes."},
    "accounts.compromised.reported": {
        "en": ":rotating_light: Thank you. {network} @{handle} is marked compromised: its custodian <@{custodian}> "
              "and the admins were alerted, and the custodian is reminded every day until the password changes.",
        "es": ":rotating_light: Gracias. {network} @{handle} queda marcada como comprometida: se avisó a su "
              "custodio <@{custodian}> y a los admins, y el custodio recibirá un recordatorio diario hasta que "
              "cambie la contraseña.",
    },
    "accounts.compromised.already": {
        "en": ":rotating_light: Thank you, your report was recorded. {network} @{handle} was already reported "
              "compromised at {time}: its custodian <@{custodian}> and the admins were alerted then, and the custodian "
              "is being reminded every day until the password changes.",
        "es": ":rotating_light: Gracias, tu aviso quedó registrado. Ya se avisó de que {network} @{handle} está "
              "comprometida el {time}: entonces se alertó a su custodio <@{custodian}> y a los admins, y el custodio "
              "recibe un recordatorio diario hasta que cambie la contraseña.",
    },
    "accounts.compromised.alert": {
        "en": ":rotating_light: <@{reporter}> reported *{network} @{handle}* as compromised. Change its password "
              "now, check recent activity and open sessions on {network}, then record it: "
              "`/accounts rotate {network}:{handle}`.",
        "es": ":rotating_light: <@{reporter}> avisó de que *{network} @{handle}* está comprometida. Cambia ya su "
              "contraseña, revisa la actividad reciente y las sesiones abiertas en {network} y luego regístrala: "
              "`/accounts rotate {network}:{handle}`.",
    },
    "accounts.task.text": {
        "en": ":key: The password of *{network} @{handle}* must change ({reason}; owed for {days} day(s)). "
              "Change it on {network}, then record it.",
        "es": ":key: La contraseña de *{network} @{handle}* debe cambiar ({reason}; pendiente desde hace {days} "
              "día(s)). Cámbiala en {network} y luego regístrala.",
    },
    "accounts.task.button": {"en": "Record new password", "es": "Registrar contraseña nueva"},
    "accounts.task.rotated_by": {"en": ":white_check_mark: Rotated by <@{user}> at {time}",
                                 "es": ":white_check_mark: Cambiada por <@{user}> a las {time}"},
    "accounts.task.closed": {"en": "No longer needed: no rotation is owed.",
                             "es": "Ya no hace falta: no hay ningún cambio pendiente."},
    "accounts.task.already_rotated": {
        "en": "The password of *{network} @{handle}* was already rotated by <@{user}> at {time}; nothing to do.",
        "es": "La contraseña de *{network} @{handle}* ya la cambió <@{user}> el {time}; no hay nada que hacer.",
    },
    "accounts.task.not_owed": {
        "en": "No rotation is owed for *{network} @{handle}* any more; nothing to do.",
        "es": "Ya no hay ningún cambio de contraseña pendiente para *{network} @{handle}*; no hay nada que hacer.",
    },
    "accounts.task.late": {"en": "Sent late: the app was not running at the due time.",
                           "es": "Enviado con retraso: la aplicación no estaba en marcha a la hora prevista."},
    "accounts.reason.compromised": {"en": "reported compromised", "es": "se avisó de que está comprometida"},
    "accounts.reason.shared_grant_ended": {"en": "someone who knew it lost access",
                                           "es": "alguien que la conocía perdió el acceso"},
    "accounts.reason.handover": {"en": "someone who knew it left", "es": "alguien que la conocía se fue"},
    "accounts.reason.periodic": {"en": "your company's periodic rotation policy",
                                 "es": "la política de cambio periódico de tu empresa"},
    "accounts.warn.title": {"en": "*Warnings*", "es": "*Avisos*"},
    "accounts.warn.twofa_off": {
        "en": ":warning: 2FA is off: turn it on (an authenticator app or a security key).",
        "es": ":warning: La verificación en dos pasos está desactivada: actívala (app de autenticación o llave "
              "de seguridad).",
    },
    "accounts.warn.member": {
        "en": ":warning: The login e-mail is <@{user}>'s own address: use a company mailbox created by IT, or the "
              "account leaves with that person.",
        "es": ":warning: El correo de inicio es la dirección propia de <@{user}>: usa un buzón de la empresa creado "
              "por Sistemas, o la cuenta se irá con esa persona.",
    },
    "accounts.warn.mailbox_agency": {
        "en": ":warning: The login mailbox was created by an agency and the company does not hold its password: "
              "whoever has it can recover the account. The agency must hand the company the user and password; "
              "record it with `/accounts rotate {network}:{handle} mailbox`.",
        "es": ":warning: El buzón de inicio lo creó una agencia y la empresa no tiene su contraseña: quien la tenga "
              "puede recuperar la cuenta. La agencia debe entregar a la empresa el usuario y la contraseña; "
              "regístrala con `/accounts rotate {network}:{handle} mailbox`.",
    },
    "accounts.warn.mailbox_employee": {
        "en": ":warning: The login mailbox was created by an employee and the company does not hold its password: "
              "it leaves with them. Have IT/Systems take it over (or open a dedicated one) and record its password "
              "with `/accounts rotate {network}:{handle} mailbox`.",
        "es": ":warning: El buzón de inicio lo creó un empleado y la empresa no tiene su contraseña: se irá con esa "
              "persona. Que Sistemas se haga cargo de él (o abra uno dedicado) y registra su contraseña con "
              "`/accounts rotate {network}:{handle} mailbox`.",
    },
    "accounts.warn.company_domain": {
        "en": ":information_source: The login e-mail is on the company domain {domain}: account recovery depends on "
              "keeping that domain. If the company ever changes domains, change this login e-mail first.",
        "es": ":information_source: El correo de inicio está en el dominio de la empresa {domain}: recuperar la "
              "cuenta depende de conservar ese dominio. Si la empresa cambia de dominio, cambia antes este correo.",
    },
    "accounts.warn.rotation_owed": {"en": ":key: A password change is owed since {date}: {reason}.",
                                    "es": ":key: Se debe un cambio de contraseña desde el {date}: {reason}."},
    "accounts.list.title": {"en": "*Account inventory* ({n})", "es": "*Inventario de cuentas* ({n})"},
    "accounts.list.empty": {"en": "The inventory is empty. Register an account with `/accounts add`.",
                            "es": "El inventario está vacío. Registra una cuenta con `/accounts add`."},
    "accounts.list.row": {
        "en": "• {network} *@{handle}* — custodian <@{custodian}> — 2FA {twofa} — {rotation} — {grants} open "
              "grant(s) — {mailbox}{flags}",
        "es": "• {network} *@{handle}* — custodio <@{custodian}> — 2FA {twofa} — {rotation} — {grants} acceso(s) "
              "abierto(s) — {mailbox}{flags}",
    },
    "accounts.list.brand": {"en": "*{brand}*", "es": "*{brand}*"},
    "accounts.list.brand_continued": {"en": "*{brand}* (continued)", "es": "*{brand}* (continuación)"},
    "accounts.list.warned": {"en": " — :warning: see `/accounts show`", "es": " — :warning: mira `/accounts show`"},
    "accounts.list.page": {
        "en": "Page {page} of {pages}: {shown} account(s), brands {first} to {last}.",
        "es": "Página {page} de {pages}: {shown} cuenta(s), marcas de {first} a {last}.",
    },
    "accounts.list.page_one_brand": {
        "en": "Page {page} of {pages}: {shown} account(s) of {brand}.",
        "es": "Página {page} de {pages}: {shown} cuenta(s) de {brand}.",
    },
    "accounts.list.export_hint": {
        "en": "The whole inventory at once: `/accounts export` (CSV, no secrets).",
        "es": "Todo el inventario de una vez: `/accounts export` (CSV, sin secretos).",
    },
    "accounts.list.previous": {"en": "◀ Previous", "es": "◀ Anterior"},
    "accounts.list.next": {"en": "Next ▶", "es": "Siguiente ▶"},
    "accounts.mailbox.summary": {"en": "mailbox: {creator}, {held}", "es": "buzón: {creator}, {held}"},
    "accounts.mailbox.held": {"en": "password held", "es": "contraseña guardada"},
    "accounts.mailbox.not_held": {"en": "*password not held*", "es": "*contraseña no guardada*"},
    "accounts.list.days": {"en": "{days} days since rotation", "es": "{days} días desde el último cambio"},
    "accounts.list.no_password": {"en": "no password stored", "es": "sin contraseña guardada"},
    "accounts.list.owed": {"en": " — :key: rotation owed", "es": " — :key: cambio pendiente"},
    "accounts.twofa.on": {"en": "on ({method})", "es": "activada ({method})"},
    "accounts.twofa.off": {"en": "*off*", "es": "*desactivada*"},
    "accounts.show.title": {"en": "*{network} @{handle}* — {brand}", "es": "*{network} @{handle}* — {brand}"},
    "accounts.show.status": {"en": "Status: {status}", "es": "Estado: {status}"},
    "accounts.status.active": {"en": "active", "es": "activa"},
    "accounts.status.archived": {"en": "archived", "es": "archivada"},
    "accounts.show.url": {"en": "Profile: {url}", "es": "Perfil: {url}"},
    "accounts.show.custodian": {"en": "Custodian: <@{custodian}> · registered by <@{creator}> on {date}",
                                "es": "Custodio: <@{custodian}> · registrada por <@{creator}> el {date}"},
    "accounts.show.twofa": {"en": "2FA: {twofa}", "es": "2FA: {twofa}"},
    "accounts.show.rotation": {"en": "Password: {rotation}", "es": "Contraseña: {rotation}"},
    "accounts.show.rotated_on": {"en": "last changed {date} ({days} days ago)",
                                 "es": "último cambio el {date} (hace {days} días)"},
    "accounts.show.grants": {"en": "Open access grants: {n}", "es": "Accesos abiertos: {n}"},
    "accounts.show.login": {"en": "Login e-mail: {email}", "es": "Correo de inicio: {email}"},
    "accounts.show.recovery": {"en": "Recovery: e-mail {email} · phone {phone} · 2FA recovery codes stored: {codes}",
                               "es": "Recuperación: correo {email} · teléfono {phone} · códigos de 2FA guardados: "
                                     "{codes}"},
    "accounts.show.knowers": {"en": "Knows the password: {who}", "es": "Conoce la contraseña: {who}"},
    "accounts.show.mailbox_public": {"en": "Login mailbox: created by {creator}; its password: {held}",
                                     "es": "Buzón de inicio: creado por {creator}; su contraseña: {held}"},
    "accounts.mailbox.show_held": {"en": "held by the company (in the vault)",
                                   "es": "la tiene la empresa (en la bóveda)"},
    "accounts.mailbox.show_not_held": {"en": "*not held by the company*", "es": "*la empresa no la tiene*"},
    "accounts.show.mailbox_recovery": {"en": "Login mailbox recovery: e-mail {email} · phone {phone}",
                                       "es": "Recuperación del buzón de inicio: correo {email} · teléfono {phone}"},
    "accounts.show.mailbox_knowers": {"en": "Knows the login mailbox password: {who}",
                                      "es": "Conoce la contraseña del buzón de inicio: {who}"},
    "accounts.handover.mailbox_rotate": {"en": "Rotate the login mailbox password: {label}",
                                         "es": "Cambiar la contraseña del buzón de inicio: {label}"},
    "accounts.show.notes": {"en": "Notes: {notes}", "es": "Notas: {notes}"},
    "accounts.show.private_hidden": {
        "en": "Login and recovery details are visible to custodians, admins and auditors.",
        "es": "Los datos de acceso y recuperación solo los ven custodios, admins y auditores.",
    },
    "accounts.yes": {"en": "yes", "es": "sí"},
    "accounts.no": {"en": "no", "es": "no"},
    "accounts.none": {"en": "—", "es": "—"},
    "accounts.knower.revealed": {"en": "revealed", "es": "la consultó"},
    "accounts.knower.shared_grant": {"en": "shared access", "es": "acceso compartido"},
    "accounts.knower.created": {"en": "registered it", "es": "la registró"},
    "accounts.knower.rotated": {"en": "set it", "es": "la puso"},
    "accounts.export.done": {"en": "The inventory ({n} accounts, no secrets) is on its way to your DMs.",
                             "es": "El inventario ({n} cuentas, sin secretos) va a tus mensajes directos."},
    "accounts.export.comment": {"en": "Account inventory (CSV, no secrets).",
                                "es": "Inventario de cuentas (CSV, sin secretos)."},
}
