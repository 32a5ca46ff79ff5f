"""Delegated access texts (SPEC §3)."""

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.access.description": {
        "en": "Delegated access: request, approve, fulfil, revoke, review",
        "es": "Acceso delegado: solicitar, aprobar, conceder, revocar, revisar",
    },
    "usage.access.request": {
        "en": "`/access request <handle> <role> [for 7d|12h|2w] [--shared-password] <reason…>` — roles: admin, "
              "editor, moderator, advertiser, analyst; `/access` alone opens a form",
        "es": "`/access request <cuenta> <rol> [for 7d|12h|2w] [--shared-password] <motivo…>` — roles: admin, "
              "editor, moderator, advertiser, analyst; `/access` solo abre un formulario",
    },
    "usage.access.nda": {
        "en": "`/access nda @user <document-link> [expires YYYY-MM-DD]` — record a signed confidentiality "
              "commitment (custodian)",
        "es": "`/access nda @usuario <enlace-documento> [expires AAAA-MM-DD]` — registrar un acuerdo de "
              "confidencialidad firmado (custodio)",
    },
    "usage.access.list": {
        "en": "`/access list [@user | <handle>]` — open grants",
        "es": "`/access list [@usuario | <cuenta>]` — accesos abiertos",
    },
    "usage.access.pending": {
        "en": "`/access pending` — requests waiting for a decision (approvers)",
        "es": "`/access pending` — solicitudes que esperan una decisión (aprobadores)",
    },
    "usage.access.revoke": {
        "en": "`/access revoke <grant-id>` — end a grant (custodian)",
        "es": "`/access revoke <id-acceso>` — terminar un acceso (custodio)",
    },
    "usage.access.mine": {
        "en": "`/access mine` — your access and pending requests",
        "es": "`/access mine` — tus accesos y solicitudes pendientes",
    },
    "usage.access.withdraw": {
        "en": "`/access withdraw <request-id>` — take back your own request while nobody has decided it",
        "es": "`/access withdraw <id-solicitud>` — retirar tu propia solicitud mientras nadie la haya decidido",
    },
    # errors
    "access.error.missing_account": {"en": "Which account? Give its handle.", "es": "¿Qué cuenta? Indica su usuario."},
    "access.error.bad_role": {"en": "`{text}` is not a role. Roles: {roles}.",
                              "es": "`{text}` no es un rol. Roles: {roles}."},
    "access.error.bad_duration": {
        "en": "`{text}` is not a duration: use hours, days or weeks like 12h, 7d, 2w.",
        "es": "`{text}` no es una duración: usa horas, días o semanas como 12h, 7d, 2w.",
    },
    "access.error.two_durations": {
        "en": "Give one duration, not both `{first}` and `{second}`.",
        "es": "Indica una sola duración, no `{first}` y `{second}` a la vez.",
    },
    "access.error.missing_reason": {"en": "Say why you need the access.", "es": "Indica para qué necesitas el acceso."},
    "access.error.reason_too_long": {"en": "The reason is too long (at most {max} characters).",
                                     "es": "El motivo es demasiado largo (máximo {max} caracteres)."},
    "access.error.unknown_account": {
        "en": "No active account `{text}` in the inventory.",
        "es": "No hay ninguna cuenta activa `{text}` en el inventario.",
    },
    "access.error.ambiguous_account": {
        "en": "`{text}` exists on several networks: say which one ({options}).",
        "es": "`{text}` existe en varias redes: indica cuál ({options}).",
    },
    "access.error.role_unavailable": {
        "en": "{network} has no delegated role for *{role}* (it has: {available}). Ask for another role, or "
              "for a shared-password grant with `--shared-password`.",
        "es": "{network} no tiene un rol delegado para *{role}* (tiene: {available}). Pide otro rol, o un "
              "acceso con contraseña compartida con `--shared-password`.",
    },
    "access.error.too_long": {"en": "That is longer than the maximum of {max_days} days.",
                              "es": "Supera el máximo de {max_days} días."},
    "access.error.no_approvals_channel": {
        "en": "There is no approvals channel yet: the admins must run `/socialops setup` first.",
        "es": "Aún no hay canal de aprobaciones: los admins deben ejecutar `/socialops setup` antes.",
    },
    "access.error.request_not_found": {"en": "There is no access request #{id}.",
                                       "es": "No existe la solicitud de acceso #{id}."},
    "access.error.grant_not_found": {"en": "There is no grant #{id}.", "es": "No existe el acceso #{id}."},
    "access.error.not_custodian": {
        "en": ":no_entry: Only this account's custodian (<@{custodian}>) or an admin can do that. "
              "The attempt was recorded.",
        "es": ":no_entry: Solo el custodio de esta cuenta (<@{custodian}>) o un admin puede hacerlo. "
              "El intento quedó registrado.",
    },
    "access.error.not_requester": {
        "en": ":no_entry: Only the person who asked can withdraw this request. The attempt was recorded.",
        "es": ":no_entry: Solo quien la pidió puede retirar esta solicitud. El intento quedó registrado.",
    },
    "access.error.own_request": {
        "en": ":no_entry: You cannot decide on your own request (four eyes). The attempt was recorded.",
        "es": ":no_entry: No puedes decidir sobre tu propia solicitud (cuatro ojos). El intento quedó registrado.",
    },
    "access.error.already_pending": {
        "en": "You already asked for {role} on {account}: request #{id} is waiting for approval in <#{channel}>. "
              "Nothing new was sent. To change it: `/access withdraw {id}`, then ask again.",
        "es": "Ya pediste {role} en {account}: la solicitud #{id} espera aprobación en <#{channel}>. "
              "No se envió nada nuevo. Para cambiarla: `/access withdraw {id}` y vuelve a pedirla.",
    },
    "access.error.already_decided": {
        "en": "Request #{id} was already decided ({status}, by <@{by}>); nothing changed.",
        "es": "La solicitud #{id} ya estaba decidida ({status}, por <@{by}>); no cambió nada.",
    },
    "access.error.needs_commitment": {
        "en": ":no_entry: <@{user}> is a guest or from another organisation and has no valid confidentiality "
              "commitment on file. A custodian must record it first: `/access nda @user <document-link>`.",
        "es": ":no_entry: <@{user}> es invitado o de otra organización y no tiene un acuerdo de confidencialidad "
              "vigente. Un custodio debe registrarlo antes: `/access nda @usuario <enlace-documento>`.",
    },
    "access.error.not_holder": {"en": "Only the holder can ask to extend this access.",
                                "es": "Solo quien tiene el acceso puede pedir su ampliación."},
    "access.error.grant_state": {"en": "Grant #{id} is {status}; nothing changed.",
                                 "es": "El acceso #{id} está {status}; no cambió nada."},
    "access.error.review_not_found": {"en": "There is no review item #{id}.",
                                      "es": "No existe el elemento de revisión #{id}."},
    "access.error.review_decided": {"en": "Grant #{id} was already reviewed ({status}).",
                                    "es": "El acceso #{id} ya fue revisado ({status})."},
    "access.error.bad_link": {"en": "`{text}` is not a link to the signed document (http or https).",
                              "es": "`{text}` no es un enlace al documento firmado (http o https)."},
    "access.error.bad_date": {"en": "I could not read `{text}`: write `expires YYYY-MM-DD`.",
                              "es": "No pude leer `{text}`: escribe `expires AAAA-MM-DD`."},
    "access.error.date_past": {"en": "{date} is already past.", "es": "{date} ya pasó."},
    "access.error.bad_grant_id": {"en": "`{text}` is not a grant number (see `/access list`).",
                                  "es": "`{text}` no es un número de acceso (mira `/access list`)."},
    "access.error.bad_request_id": {"en": "`{text}` is not a request number (see `/access mine`).",
                                    "es": "`{text}` no es un número de solicitud (mira `/access mine`)."},
    "access.error.bad_list_target": {"en": "List one person or one account, not `{text}`.",
                                     "es": "Lista una persona o una cuenta, no `{text}`."},
    "access.error.post_failed": {
        "en": "Request #{id} is saved but I could not post it in <#{channel}>: ask an admin to invite me there.",
        "es": "La solicitud #{id} está guardada pero no pude publicarla en <#{channel}>: pide a un admin que "
              "me invite.",
    },
    "access.error.user_lookup": {
        "en": "I could not look the person up in Slack just now; please try again.",
        "es": "No pude consultar a la persona en Slack ahora mismo; vuelve a intentarlo.",
    },
    # words
    "access.weeks": {"en": "{n} weeks", "es": "{n} semanas"},
    "access.weeks_one": {"en": "{n} week", "es": "{n} semana"},
    "access.days": {"en": "{n} days", "es": "{n} días"},
    "access.days_one": {"en": "{n} day", "es": "{n} día"},
    "access.hours": {"en": "{n} hours", "es": "{n} horas"},
    "access.hours_one": {"en": "{n} hour", "es": "{n} hora"},
    "access.no_equivalent": {"en": "no delegated role on this network", "es": "sin rol delegado en esta red"},
    "access.shared_badge": {"en": ":warning: *shared password*", "es": ":warning: *contraseña compartida*"},
    "access.no_email": {"en": "(no e-mail in their Slack profile: ask them)",
                        "es": "(sin correo en su perfil de Slack: pídeselo)"},
    "access.reminder": {"en": ":repeat: *Reminder:*", "es": ":repeat: *Recordatorio:*"},
    "access.until": {"en": "until {when}", "es": "hasta {when}"},
    "access.request_ref": {"en": "request #{id}", "es": "solicitud #{id}"},
    "access.role.admin": {"en": "admin", "es": "admin"},
    "access.role.editor": {"en": "editor", "es": "editor"},
    "access.role.moderator": {"en": "moderator", "es": "moderador"},
    "access.role.advertiser": {"en": "advertiser", "es": "anunciante"},
    "access.role.analyst": {"en": "analyst", "es": "analista"},
    "access.status.pending": {"en": "pending", "es": "pendiente"},
    "access.status.approved": {"en": "approved", "es": "aprobada"},
    "access.status.denied": {"en": "denied", "es": "denegada"},
    "access.status.cancelled": {"en": "withdrawn", "es": "retirada"},
    "access.status.fulfilled": {"en": "fulfilled", "es": "concedida"},
    "access.status.unfulfillable": {"en": "could not be granted", "es": "no se pudo conceder"},
    "access.status.awaiting_fulfilment": {"en": "awaiting the custodian", "es": "esperando al custodio"},
    "access.status.active": {"en": "active", "es": "activo"},
    "access.status.expired": {"en": "expired, being revoked", "es": "vencido, en revocación"},
    "access.status.revoking": {"en": "being revoked", "es": "en revocación"},
    "access.status.revoked": {"en": "revoked", "es": "revocado"},
    "access.status.superseded": {"en": "extended", "es": "ampliado"},
    "access.revoke_reason.expired": {"en": "it expired", "es": "venció"},
    "access.revoke_reason.revoked": {"en": "a custodian revoked it", "es": "un custodio lo revocó"},
    "access.revoke_reason.review": {"en": "the access review", "es": "la revisión de accesos"},
    "access.revoke_reason.handover": {"en": "a handover (the person leaves)",
                                      "es": "un acta de entrega (la persona se va)"},
    "access.left.1d": {"en": "1 day", "es": "1 día"},
    "access.left.1h": {"en": "1 hour", "es": "1 hora"},
    # buttons
    "access.button.approve": {"en": "Approve", "es": "Aprobar"},
    "access.button.deny": {"en": "Deny", "es": "Denegar"},
    "access.button.done": {"en": "Done", "es": "Hecho"},
    "access.button.cannot": {"en": "Can't do it", "es": "No se puede"},
    "access.button.revoked": {"en": "Revoked", "es": "Revocado"},
    "access.button.extend": {"en": "Request an extension", "es": "Pedir ampliación"},
    "access.button.keep": {"en": "Keep", "es": "Mantener"},
    "access.button.revoke": {"en": "Revoke", "es": "Revocar"},
    # the request
    "access.request.sent": {
        "en": ":inbox_tray: Request #{id} sent for approval in <#{channel}>. You will get a DM with the decision.",
        "es": ":inbox_tray: Solicitud #{id} enviada para aprobación en <#{channel}>. Recibirás un MD con la "
              "decisión.",
    },
    "access.request.body": {
        "en": "*Access request #{id}* from <@{requester}>\n*Account:* {account}\n*Role:* {role}\n"
              "*For:* {duration}\n*Reason:* {reason}",
        "es": "*Solicitud de acceso #{id}* de <@{requester}>\n*Cuenta:* {account}\n*Rol:* {role}\n"
              "*Durante:* {duration}\n*Motivo:* {reason}",
    },
    "access.request.shared_note": {
        "en": ":warning: Shared-password grant: the person will know the login, and the password must be "
              "changed when it ends. Prefer a delegated role where the network has one.",
        "es": ":warning: Acceso con contraseña compartida: la persona conocerá el acceso, y la contraseña debe "
              "cambiarse al terminar. Mejor un rol delegado si la red lo tiene.",
    },
    "access.request.external_ok": {
        "en": ":bust_in_silhouette: <@{user}> is external; a confidentiality commitment is on file.",
        "es": ":bust_in_silhouette: <@{user}> es externo; hay un acuerdo de confidencialidad registrado.",
    },
    "access.request.external_missing": {
        "en": ":no_entry: <@{user}> is external and has *no* confidentiality commitment on file: approval is "
              "blocked until a custodian records one (`/access nda`).",
        "es": ":no_entry: <@{user}> es externo y *no* tiene acuerdo de confidencialidad: la aprobación está "
              "bloqueada hasta que un custodio lo registre (`/access nda`).",
    },
    "access.request.extension": {"en": ":repeat: Extension of grant #{grant}.",
                                 "es": ":repeat: Ampliación del acceso #{grant}."},
    "access.decided.approved": {"en": ":white_check_mark: Approved by <@{user}> at {time}",
                                "es": ":white_check_mark: Aprobada por <@{user}> a las {time}"},
    "access.decided.denied": {"en": ":x: Denied by <@{user}> at {time}: {reason}",
                              "es": ":x: Denegada por <@{user}> a las {time}: {reason}"},
    "access.decided.withdrawn": {"en": ":leftwards_arrow_with_hook: Withdrawn by <@{user}> at {time}",
                                 "es": ":leftwards_arrow_with_hook: Retirada por <@{user}> a las {time}"},
    "access.withdraw.done": {
        "en": ":leftwards_arrow_with_hook: Request #{id} withdrawn; the approvers see it is no longer needed.",
        "es": ":leftwards_arrow_with_hook: Solicitud #{id} retirada; los aprobadores ven que ya no hace falta.",
    },
    "access.dm.approved": {
        "en": ":white_check_mark: Your request #{id} ({role} on {account}) was approved. <@{custodian}> will set "
              "it up on the platform; I'll tell you when it is active.",
        "es": ":white_check_mark: Tu solicitud #{id} ({role} en {account}) fue aprobada. <@{custodian}> la "
              "configurará en la plataforma; te aviso cuando esté activa.",
    },
    "access.dm.extended": {
        "en": ":white_check_mark: Your extension #{id} on {account} was approved: your access now lasts until "
              "{expires}.",
        "es": ":white_check_mark: Tu ampliación #{id} en {account} fue aprobada: tu acceso dura ahora hasta "
              "{expires}.",
    },
    "access.dm.denied": {
        "en": ":x: Your request #{id} on {account} was denied by <@{user}>: {reason}",
        "es": ":x: Tu solicitud #{id} en {account} fue denegada por <@{user}>: {reason}",
    },
    "access.deny.intro": {"en": "Deny request #{id}: the requester will see your reason.",
                          "es": "Denegar la solicitud #{id}: quien la pidió verá tu motivo."},
    "access.modal.deny_title": {"en": "Deny request", "es": "Denegar solicitud"},
    # fulfilment
    "access.guide.where": {"en": "*Where:* {where}", "es": "*Dónde:* {where}"},
    "access.fulfil.body": {
        "en": ":key: *Task: grant access #{id}* (approved)\n<@{holder}> gets {role} on {account} for {duration}.\n"
              "*Their e-mail:* {email}",
        "es": ":key: *Tarea: conceder el acceso #{id}* (aprobado)\n<@{holder}> recibe {role} en {account} "
              "durante {duration}.\n*Su correo:* {email}",
    },
    "access.fulfil.after": {
        "en": "Press *Done* once the role is granted: the access runs from then. Menus as in the English "
              "interface; they change often.",
        "es": "Pulsa *Hecho* cuando el rol esté concedido: el acceso cuenta desde entonces. Menús según la "
              "interfaz en inglés; cambian a menudo.",
    },
    "access.fulfil.done_line": {"en": ":white_check_mark: Done by <@{user}> at {time}",
                                "es": ":white_check_mark: Hecho por <@{user}> a las {time}"},
    "access.fulfil.cannot_line": {"en": ":x: Could not be granted (<@{user}>, {time})",
                                  "es": ":x: No se pudo conceder (<@{user}>, {time})"},
    "access.cannot.intro": {"en": "Why can't grant #{id} be set up? The requester will see it.",
                            "es": "¿Por qué no se puede conceder el acceso #{id}? Quien lo pidió lo verá."},
    "access.modal.cannot_title": {"en": "Can't grant it", "es": "No se puede conceder"},
    "access.dm.active": {
        "en": ":unlock: Your access #{id} is active: {role} on {account}, until {expires}.",
        "es": ":unlock: Tu acceso #{id} está activo: {role} en {account}, hasta {expires}.",
    },
    "access.dm.unfulfillable": {
        "en": ":x: Access #{id} on {account} could not be granted: {reason}",
        "es": ":x: El acceso #{id} en {account} no se pudo conceder: {reason}",
    },
    # expiry and revocation
    "access.warning": {
        "en": ":hourglass: Your access #{id} ({role} on {account}) ends in {left}, at {expires}.",
        "es": ":hourglass: Tu acceso #{id} ({role} en {account}) termina en {left}, a las {expires}.",
    },
    "access.revoke.body": {
        "en": ":lock: *Task: remove access #{id}* ({reason})\n<@{holder}> had {role} on {account}.\n"
              "*Their e-mail:* {email}",
        "es": ":lock: *Tarea: quitar el acceso #{id}* ({reason})\n<@{holder}> tenía {role} en {account}.\n"
              "*Su correo:* {email}",
    },
    "access.revoke.done_line": {"en": ":lock: Revoked by <@{user}> at {time}",
                                "es": ":lock: Revocado por <@{user}> a las {time}"},
    "access.revoke.requested": {
        "en": ":lock: Grant #{id} is being revoked: <@{custodian}> gets the task and confirms with *Revoked*.",
        "es": ":lock: El acceso #{id} se está revocando: <@{custodian}> recibe la tarea y confirma con "
              "*Revocado*.",
    },
    "access.dm.revoked": {"en": ":lock: Your access #{id} ({role} on {account}) has been removed.",
                          "es": ":lock: Tu acceso #{id} ({role} en {account}) ha sido retirado."},
    "access.dm.expired": {
        "en": ":hourglass_flowing_sand: Your {role} access on {account} has expired; the custodian is removing it.",
        "es": ":hourglass_flowing_sand: Tu acceso {role} en {account} ha vencido; el custodio lo está retirando.",
    },
    # commitments
    "access.nda.recorded": {
        "en": ":page_facing_up: Confidentiality commitment of <@{user}> recorded ({url}), {expires}.",
        "es": ":page_facing_up: Acuerdo de confidencialidad de <@{user}> registrado ({url}), {expires}.",
    },
    "access.nda.expires": {"en": "valid until {date}", "es": "vigente hasta {date}"},
    "access.nda.no_expiry": {"en": "with no expiry date", "es": "sin fecha de vencimiento"},
    # lists
    "access.list.title": {"en": "*Open grants* ({n})", "es": "*Accesos abiertos* ({n})"},
    "access.pending.title": {"en": "*Requests waiting for a decision* ({n})",
                             "es": "*Solicitudes que esperan una decisión* ({n})"},
    "access.pending.none": {"en": "No request is waiting for your decision.",
                            "es": "Ninguna solicitud espera tu decisión."},
    "access.pending.more": {"en": "…and {n} more, oldest first.",
                            "es": "…y {n} más, de la más antigua a la más nueva."},
    "access.pending.where": {"en": "Approve or deny them in the approvals channel or from your App Home.",
                             "es": "Apruébalas o recházalas en el canal de aprobaciones o desde tu pestaña Inicio."},
    "access.list.empty": {"en": "No open grants.", "es": "No hay accesos abiertos."},
    "access.mine.title": {"en": "*Your access*", "es": "*Tus accesos*"},
    "access.mine.requests": {"en": "*Your pending requests*", "es": "*Tus solicitudes pendientes*"},
    "access.mine.none": {"en": "You have no access and no pending requests.",
                         "es": "No tienes accesos ni solicitudes pendientes."},
    # review
    "access.review.intro": {
        "en": ":mag: *Access review {cycle}*: {n} grant(s) on your accounts. Keep the ones still needed, "
              "revoke the rest.",
        "es": ":mag: *Revisión de accesos {cycle}*: {n} acceso(s) en tus cuentas. Mantén los que sigan "
              "haciendo falta y revoca el resto.",
    },
    "access.review.reminder": {
        "en": ":repeat: *Reminder — access review {cycle}*: {n} grant(s) still wait for your answer.",
        "es": ":repeat: *Recordatorio — revisión de accesos {cycle}*: {n} acceso(s) esperan tu respuesta.",
    },
    "access.review.kept_line": {"en": ":white_check_mark: Kept by <@{user}> at {time}",
                                "es": ":white_check_mark: Mantenido por <@{user}> a las {time}"},
    "access.review.revoked_line": {"en": ":lock: Revoke requested by <@{user}> at {time}",
                                   "es": ":lock: Revocación pedida por <@{user}> a las {time}"},
    "access.review.report": {
        "en": ":warning: *Access review {cycle}*: still unanswered —",
        "es": ":warning: *Revisión de accesos {cycle}*: aún sin responder —",
    },
    "access.review.report_line": {"en": "• <@{user}>: {n} grant(s)", "es": "• <@{user}>: {n} acceso(s)"},
    # the request modal
    "access.modal.title": {"en": "Request access", "es": "Solicitar acceso"},
    "access.modal.submit": {"en": "Send request", "es": "Enviar"},
    "access.modal.send": {"en": "Send", "es": "Enviar"},
    "access.modal.account": {"en": "Account", "es": "Cuenta"},
    "access.modal.role": {"en": "Role", "es": "Rol"},
    "access.modal.duration": {"en": "For how long", "es": "Durante cuánto tiempo"},
    "access.modal.duration_hint": {"en": "Hours, days or weeks: 12h, 7d, 2w.",
                                   "es": "Horas, días o semanas: 12h, 7d, 2w."},
    "access.modal.reason": {"en": "Reason", "es": "Motivo"},
    "access.modal.shared": {"en": "Shared password", "es": "Contraseña compartida"},
    "access.modal.shared_option": {"en": "I need the login itself (no delegated role)",
                                   "es": "Necesito el acceso en sí (sin rol delegado)"},
    "access.modal.shared_hint": {
        "en": "Only for networks without delegated roles; the password is changed when it ends.",
        "es": "Solo para redes sin roles delegados; la contraseña se cambia al terminar.",
    },
    "access.modal.extension_reason": {"en": "Extension of grant #{id}: ", "es": "Ampliación del acceso #{id}: "},
}
