"""Texts of the App Home's header, *My work* and *My access* parts (en/es).

Every `{param}` of an item line is user text made safe by the Home's blocks; `{user}` is a
Slack user id, shown as a mention.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # ---- the header -----------------------------------------------------------------------
    "home.title": {"en": "SocialOps", "es": "SocialOps"},
    "home.intro": {
        "en": "Your company's social accounts, access, approvals and crises — from Slack. "
              "Passwords are never handed out; every step is on record.",
        "es": "Las cuentas sociales de tu empresa, accesos, aprobaciones y crisis — desde Slack. "
              "Nunca se entregan contraseñas; cada paso queda registrado.",
    },
    "home.your_roles": {"en": "*Your roles:* {roles}", "es": "*Tus roles:* {roles}"},
    "home.member": {"en": "member", "es": "miembro"},
    "home.help": {"en": "Every command: `/socialops help`.", "es": "Todos los comandos: `/socialops help`."},
    # ---- my work ----------------------------------------------------------------------------
    "home.work.title": {"en": "My work", "es": "Mi trabajo"},
    "home.work.empty": {
        "en": ":white_check_mark: Nothing is waiting on you.",
        "es": ":white_check_mark: No tienes nada pendiente.",
    },
    "home.work.crisis.page": {
        "en": ":rotating_light: *{number}* ({severity}) pages you: {summary}",
        "es": ":rotating_light: *{number}* ({severity}) te avisa: {summary}",
    },
    "home.work.crisis.statement": {
        "en": ":loudspeaker: Holding statement v{version} of *{number}* by <@{user}> waits for approval",
        "es": ":loudspeaker: El comunicado inicial v{version} de *{number}* de <@{user}> espera aprobación",
    },
    "home.work.access.request": {
        "en": ":key: Access request `#{id}`: <@{user}> asks for *{role}* on {account} — {reason}",
        "es": ":key: Solicitud de acceso `#{id}`: <@{user}> pide *{role}* en {account} — {reason}",
    },
    "home.work.posts.approval": {
        "en": ":memo: Post `#{id}` by <@{user}> for {when}: {copy}",
        "es": ":memo: Publicación `#{id}` de <@{user}> para el {when}: {copy}",
    },
    "home.work.replies.approval": {
        "en": ":speech_balloon: Reply template `#{id}` v{version} by <@{user}>: {title}",
        "es": ":speech_balloon: Plantilla de respuesta `#{id}` v{version} de <@{user}>: {title}",
    },
    "home.work.handover.deliver": {
        "en": ":handshake: Handover act *{number}* waits for your signature (I deliver)",
        "es": ":handshake: El acta de entrega *{number}* espera tu firma (Entrego)",
    },
    "home.work.handover.receive": {
        "en": ":handshake: Handover act *{number}* from <@{user}> waits for your signature (I receive)",
        "es": ":handshake: El acta de entrega *{number}* de <@{user}> espera tu firma (Recibo)",
    },
    "home.work.access.fulfil": {
        "en": ":wrench: Set up grant `#{id}`: *{role}* on {account} for <@{user}>",
        "es": ":wrench: Configura el acceso `#{id}`: *{role}* en {account} para <@{user}>",
    },
    "home.work.access.revoke": {
        "en": ":no_entry: Remove grant `#{id}`: *{role}* on {account} of <@{user}>",
        "es": ":no_entry: Retira el acceso `#{id}`: *{role}* en {account} de <@{user}>",
    },
    "home.work.accounts.rotation": {
        "en": ":arrows_counterclockwise: The password of {account} must change: `/accounts rotate {handle}`",
        "es": ":arrows_counterclockwise: La contraseña de {account} debe cambiar: `/accounts rotate {handle}`",
    },
    "home.work.shared": {"en": " :warning: shared password", "es": " :warning: contraseña compartida"},
    # "…and N more" beyond the Home's room: where the whole list is.
    "home.more.crisis.page": {
        "en": "…and {n} more pages — `/crisis list`", "es": "…y {n} avisos más — `/crisis list`"},
    "home.more.crisis.statement": {
        "en": "…and {n} more holding statements — `/crisis list`",
        "es": "…y {n} comunicados más — `/crisis list`"},
    "home.more.access.request": {
        "en": "…and {n} more access requests — `/access pending`",
        "es": "…y {n} solicitudes de acceso más — `/access pending`"},
    "home.more.posts.approval": {
        "en": "…and {n} more posts — `/post list pending`", "es": "…y {n} publicaciones más — `/post list pending`"},
    "home.more.replies.approval": {
        "en": "…and {n} more reply templates — `/replies list`",
        "es": "…y {n} plantillas más — `/replies list`"},
    "home.more.handover.deliver": {
        "en": "…and {n} more acts — `/handover list`", "es": "…y {n} actas más — `/handover list`"},
    "home.more.handover.receive": {
        "en": "…and {n} more acts — `/handover list`", "es": "…y {n} actas más — `/handover list`"},
    "home.more.access.fulfil": {
        "en": "…and {n} more grants to set up — `/access list`",
        "es": "…y {n} accesos más por configurar — `/access list`"},
    "home.more.access.revoke": {
        "en": "…and {n} more grants to remove — `/access list`",
        "es": "…y {n} accesos más por retirar — `/access list`"},
    "home.more.accounts.rotation": {
        "en": "…and {n} more passwords to change — `/accounts`",
        "es": "…y {n} contraseñas más por cambiar — `/accounts`"},
    # ---- my access --------------------------------------------------------------------------
    "home.access.title": {"en": "My access", "es": "Mis accesos"},
    "home.access.empty": {
        "en": "You hold no access. Ask with `/access request <handle> <role> <reason>`.",
        "es": "No tienes accesos. Pídelos con `/access request <cuenta> <rol> <motivo>`.",
    },
    "home.access.line": {
        "en": "{account} — *{role}* — {state}", "es": "{account} — *{role}* — {state}"},
    "home.access.until": {"en": "until {when}", "es": "hasta el {when}"},
    "home.access.open_ended": {"en": "no end date", "es": "sin fecha de fin"},
    "home.access.awaiting": {"en": "waiting for the custodian to set it up",
                             "es": "a la espera de que el custodio lo configure"},
    "home.access.revoking": {"en": "being removed", "es": "en retirada"},
    "home.access.extend": {"en": "Ask to extend", "es": "Pedir ampliación"},
    "home.access.more": {"en": "…and {n} more — `/access mine`", "es": "…y {n} más — `/access mine`"},
}
