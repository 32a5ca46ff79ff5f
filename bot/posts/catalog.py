"""Posts texts (SPEC §5): the core's own, plus the validation rules' and the calendar's."""

from __future__ import annotations

from bot.posts.catalog_cadence import MESSAGES as CADENCE
from bot.posts.catalog_calendar import MESSAGES as CALENDAR
from bot.posts.catalog_checks import MESSAGES as CHECKS

_CORE: dict[str, dict[str, str]] = {
    "cmd.post.description": {
        "en": "Posts: draft, approve, schedule, publish",
        "es": "Publicaciones: redactar, aprobar, programar, publicar",
    },
    "usage.post.new": {
        "en": "`/post new` opens a form; or `/post new <handle>[,<handle>…] <YYYY-MM-DD HH:MM> <copy…>` "
              "(workspace time) sends it straight to approval",
        "es": "`/post new` abre un formulario; o `/post new <cuenta>[,<cuenta>…] <AAAA-MM-DD HH:MM> <texto…>` "
              "(hora del espacio) la envía directamente a aprobación",
    },
    "usage.post.edit": {
        "en": "`/post edit <id>` — change a post (its author); it goes back to approval",
        "es": "`/post edit <id>` — cambiar una publicación (su autor); vuelve a aprobación",
    },
    "usage.post.show": {
        "en": "`/post show <id>` — a post, its variants and its reviews",
        "es": "`/post show <id>` — una publicación, sus variantes y sus revisiones",
    },
    "usage.post.cancel": {
        "en": "`/post cancel <id> [reason…]` — cancel a post before it is published (author, approver or admin)",
        "es": "`/post cancel <id> [motivo…]` — cancelar una publicación antes de publicarla (autor, aprobador "
              "o admin)",
    },
    "usage.post.settings": {
        "en": "`/post settings` shows them; `/post settings approvals <1|2>`, `/post settings limit <network> <n>`, "
              "`/post settings hashtags <network> <n>`, `/post settings webhook <https-url>|off` (admin)",
        "es": "`/post settings` las muestra; `/post settings approvals <1|2>`, `/post settings limit <red> <n>`, "
              "`/post settings hashtags <red> <n>`, `/post settings webhook <url-https>|off` (admin)",
    },
    "usage.post.published": {
        "en": "`/post published <id> <live-url>` — mark a post published (its publisher or an admin); "
              "without the URL it asks for it",
        "es": "`/post published <id> <url-publicada>` — marcar una publicación como publicada (quien publica o "
              "un admin); sin la URL la pide",
    },
    # ---- the form ----
    "post.modal.title": {"en": "New post", "es": "Nueva publicación"},
    "post.modal.edit_title": {"en": "Edit post #{id}", "es": "Editar publicación #{id}"},
    "post.modal.submit": {"en": "Send for approval", "es": "Enviar a aprobación"},
    "post.modal.accounts": {"en": "Accounts", "es": "Cuentas"},
    "post.modal.accounts_typed": {
        "en": "Accounts (handles, separated by commas)", "es": "Cuentas (separadas por comas)"},
    "post.modal.when": {"en": "Date and time", "es": "Fecha y hora"},
    "post.modal.when_hint": {
        "en": "At least 15 minutes from now. Shown in your time zone; stored as the same instant.",
        "es": "Al menos 15 minutos desde ahora. Se muestra en tu zona horaria; se guarda el mismo instante.",
    },
    "post.modal.copy": {"en": "Copy", "es": "Texto"},
    "post.modal.override": {"en": "Copy for {network} (optional)", "es": "Texto para {network} (opcional)"},
    "post.modal.override_hint": {
        "en": "Only used if you chose a {network} account; empty means the main copy.",
        "es": "Solo se usa si elegiste una cuenta de {network}; vacío significa el texto principal.",
    },
    "post.modal.link": {"en": "Link", "es": "Enlace"},
    "post.modal.link_hint": {
        "en": "Each account gets its own copy with UTM parameters.",
        "es": "Cada cuenta recibe su propia copia con parámetros UTM.",
    },
    "post.modal.media": {"en": "Media link", "es": "Enlace del material"},
    "post.modal.campaign": {"en": "Campaign", "es": "Campaña"},
    "post.modal.topic": {"en": "Topic", "es": "Tema"},
    "post.modal.publisher": {"en": "Who publishes", "es": "Quién publica"},
    "post.modal.comment": {"en": "Comment", "es": "Comentario"},
    "post.modal.changes_title": {"en": "Request changes", "es": "Pedir cambios"},
    "post.modal.reject_title": {"en": "Reject post", "es": "Rechazar publicación"},
    "post.modal.send": {"en": "Send", "es": "Enviar"},
    "post.modal.changes_intro": {
        "en": "What should change in post #{id}? The author reads it in the thread and by DM.",
        "es": "¿Qué debe cambiar en la publicación #{id}? El autor lo lee en el hilo y por MD.",
    },
    "post.modal.reject_intro": {
        "en": "Why is post #{id} rejected? The author reads it in the thread and by DM.",
        "es": "¿Por qué se rechaza la publicación #{id}? El autor lo lee en el hilo y por MD.",
    },
    # ---- the approvals message ----
    "post.msg.title": {"en": "{emoji} Post #{id} (revision {revision}) — {status}",
                       "es": "{emoji} Publicación #{id} (revisión {revision}) — {status}"},
    "post.msg.facts": {
        "en": "By <@{author}> · published by <@{publisher}> · *{when}* ({tz})",
        "es": "De <@{author}> · publica <@{publisher}> · *{when}* ({tz})",
    },
    "post.msg.extra": {"en": "Campaign: {campaign} · Topic: {topic} · Media: {media}",
                       "es": "Campaña: {campaign} · Tema: {topic} · Material: {media}"},
    "post.msg.variant": {"en": "*{network}* @{handle} — {count}/{limit}",
                         "es": "*{network}* @{handle} — {count}/{limit}"},
    "post.msg.tagged": {"en": "Link: {link}", "es": "Enlace: {link}"},
    "post.msg.warnings": {"en": ":warning: Warnings:", "es": ":warning: Avisos:"},
    "post.msg.approvals": {"en": "Approvals: {count} of {required}", "es": "Aprobaciones: {count} de {required}"},
    "post.msg.approved_by": {"en": "Approved by {users}", "es": "Aprobada por {users}"},
    "post.msg.decided": {"en": "{status} by <@{user}>", "es": "{status} por <@{user}>"},
    "post.msg.expired_line": {
        "en": "Expired: it was not approved by its time and will not be published.",
        "es": "Caducada: no se aprobó a tiempo y no se publicará.",
    },
    "post.msg.cancelled_line": {"en": "Cancelled by <@{user}>: {reason}", "es": "Cancelada por <@{user}>: {reason}"},
    "post.msg.diff": {"en": "Revision {revision} changed:", "es": "La revisión {revision} cambió:"},
    "post.msg.diff_line": {"en": "• {field}: {old} → {new}", "es": "• {field}: {old} → {new}"},
    "post.msg.diff_none": {"en": "(nothing changed)", "es": "(nada cambió)"},
    "post.btn.approve": {"en": "Approve", "es": "Aprobar"},
    "post.btn.changes": {"en": "Request changes", "es": "Pedir cambios"},
    "post.btn.reject": {"en": "Reject", "es": "Rechazar"},
    "post.btn.edit": {"en": "Edit", "es": "Editar"},
    "post.field.accounts": {"en": "accounts", "es": "cuentas"},
    "post.field.when": {"en": "time", "es": "hora"},
    "post.field.copy": {"en": "copy", "es": "texto"},
    "post.field.overrides": {"en": "per-network copy", "es": "texto por red"},
    "post.field.link": {"en": "link", "es": "enlace"},
    "post.field.media": {"en": "media", "es": "material"},
    "post.field.campaign": {"en": "campaign", "es": "campaña"},
    "post.field.topic": {"en": "topic", "es": "tema"},
    "post.field.publisher": {"en": "publisher", "es": "quien publica"},
    # ---- states ----
    "post.status.draft": {"en": "draft", "es": "borrador"},
    "post.status.pending": {"en": "pending approval", "es": "pendiente de aprobación"},
    "post.status.changes_requested": {"en": "changes requested", "es": "cambios pedidos"},
    "post.status.approved": {"en": "approved", "es": "aprobada"},
    "post.status.rejected": {"en": "rejected", "es": "rechazada"},
    "post.status.published": {"en": "published", "es": "publicada"},
    "post.status.overdue": {"en": "overdue", "es": "atrasada"},
    "post.status.expired": {"en": "expired", "es": "caducada"},
    "post.status.held": {"en": "held", "es": "retenida"},
    "post.status.cancelled": {"en": "cancelled", "es": "cancelada"},
    # ---- replies and DMs ----
    "post.sent": {"en": "Post #{id} is waiting for approval in <#{channel}>.",
                  "es": "La publicación #{id} espera aprobación en <#{channel}>."},
    "post.edited": {"en": "Post #{id} (revision {revision}) is back in approval.",
                    "es": "La publicación #{id} (revisión {revision}) vuelve a aprobación."},
    "post.cancelled": {"en": "Post #{id} is cancelled.", "es": "La publicación #{id} está cancelada."},
    "post.approval_counted": {
        "en": "Your approval of post #{id} is counted ({count} of {required}).",
        "es": "Tu aprobación de la publicación #{id} cuenta ({count} de {required}).",
    },
    "post.dm.approved": {"en": "{emoji} Your post #{id} was approved by {users}. It is due {when}.",
                         "es": "{emoji} Tu publicación #{id} fue aprobada por {users}. Sale {when}."},
    "post.dm.one_approval": {
        "en": "Post #{id} has {count} of {required} approvals (<@{user}>).",
        "es": "La publicación #{id} tiene {count} de {required} aprobaciones (<@{user}>).",
    },
    "post.dm.changes": {"en": "{emoji} <@{user}> asked for changes to your post #{id}: {comment}\n"
                              "Change it with `/post edit {id}` or the button below.",
                        "es": "{emoji} <@{user}> pidió cambios en tu publicación #{id}: {comment}\n"
                              "Cámbiala con `/post edit {id}` o el botón de abajo."},
    "post.dm.rejected": {"en": "{emoji} <@{user}> rejected your post #{id}: {comment}",
                         "es": "{emoji} <@{user}> rechazó tu publicación #{id}: {comment}"},
    "post.dm.expired": {
        "en": "{emoji} Your post #{id} expired: it was not approved by {when}, so it will not be published.",
        "es": "{emoji} Tu publicación #{id} caducó: no se aprobó antes de {when}, así que no se publicará.",
    },
    "post.dm.cancelled": {"en": "{emoji} <@{user}> cancelled your post #{id}: {reason}",
                          "es": "{emoji} <@{user}> canceló tu publicación #{id}: {reason}"},
    "post.dm.escalation": {
        "en": ":rotating_light: Post #{id} is still waiting for approval and is due {when}. "
              "Please decide in <#{channel}>.",
        "es": ":rotating_light: La publicación #{id} sigue esperando aprobación y sale {when}. "
              "Decide en <#{channel}>, por favor.",
    },
    "post.thread.comment": {"en": "{emoji} <@{user}> — {status}: {comment}",
                            "es": "{emoji} <@{user}> — {status}: {comment}"},
    "post.thread.escalated": {
        "en": ":rotating_light: Still pending 2 hours before its time: every approver was told by DM.",
        "es": ":rotating_light: Sigue pendiente 2 horas antes de su hora: se avisó por MD a cada aprobador.",
    },
    "post.thread.expired": {
        "en": "{emoji} Expired at its time without approval; it will not be published.",
        "es": "{emoji} Caducó a su hora sin aprobación; no se publicará.",
    },
    "post.no_reason": {"en": "no reason given", "es": "sin motivo"},
    "post.show.reviews": {"en": "Reviews:", "es": "Revisiones:"},
    "post.show.review": {"en": "• r{revision} <@{user}>: {decision} {comment}",
                         "es": "• r{revision} <@{user}>: {decision} {comment}"},
    "post.decision.approve": {"en": "approved", "es": "aprobó"},
    "post.decision.changes": {"en": "asked for changes", "es": "pidió cambios"},
    "post.decision.reject": {"en": "rejected", "es": "rechazó"},
    "post.settings.show": {
        "en": "Approvals required: {approvals}. Text limits: {text}. Hashtag limits: {hashtags}.",
        "es": "Aprobaciones necesarias: {approvals}. Límites de texto: {text}. Límites de hashtags: {hashtags}.",
    },
    "post.settings.saved": {"en": "Saved. {summary}", "es": "Guardado. {summary}"},
    # ---- publication ----
    "post.modal.published_title": {"en": "Mark published", "es": "Marcar publicada"},
    "post.modal.published_intro": {
        "en": "Where is post #{id} live? Paste the link of the published post.",
        "es": "¿Dónde está publicada la publicación #{id}? Pega el enlace de la publicación.",
    },
    "post.modal.url": {"en": "Live URL", "es": "URL publicada"},
    "post.btn.published": {"en": "Mark published", "es": "Marcar publicada"},
    "post.left.24h": {"en": "in 24 hours", "es": "en 24 horas"},
    "post.left.15m": {"en": "in 15 minutes", "es": "en 15 minutos"},
    "post.reminder": {
        "en": ":bell: Post #{id} goes out {left}, at {when} ({tz}). Publish it on each account as below, then "
              "press *Mark published*.",
        "es": ":bell: La publicación #{id} sale {left}, a las {when} ({tz}). Publícala en cada cuenta como "
              "sigue y pulsa *Marcar publicada*.",
    },
    "post.dm.overdue": {
        "en": "{emoji} Post #{id} was due at {when} and is not marked published. Once it is live: "
              "`/post published {id} <url>`.",
        "es": "{emoji} La publicación #{id} tocaba a las {when} y no está marcada como publicada. Cuando esté: "
              "`/post published {id} <url>`.",
    },
    "post.channel.overdue": {
        "en": "{emoji} Post #{id} is overdue: it was due at {when} and <@{user}> has not marked it published.",
        "es": "{emoji} La publicación #{id} está atrasada: tocaba a las {when} y <@{user}> no la ha marcado "
              "como publicada.",
    },
    "post.published": {"en": "{emoji} Post #{id} is published: {url}", "es": "{emoji} La publicación #{id} "
                                                                              "está publicada: {url}"},
    "post.msg.published_line": {"en": "Published by <@{user}>: {url}", "es": "Publicada por <@{user}>: {url}"},
    "post.error.not_publisher": {
        "en": "Only <@{user}>, who publishes post #{id}, or an admin can mark it published.",
        "es": "Solo <@{user}>, quien publica la publicación #{id}, o un admin puede marcarla como publicada.",
    },
    "post.error.missing_url": {"en": "Paste the link of the published post (https://…).",
                               "es": "Pega el enlace de la publicación (https://…)."},
    # ---- errors ----
    "post.error.not_found": {"en": "There is no post #{id} here.", "es": "No hay ninguna publicación #{id} aquí."},
    "post.error.bad_id": {"en": "That is not a post number: `{text}`.",
                          "es": "Eso no es un número de publicación: `{text}`."},
    "post.error.no_approvals_channel": {
        "en": "No approvals channel is set: an admin sets it with `/socialops setup`.",
        "es": "No hay canal de aprobaciones: un admin lo configura con `/socialops setup`.",
    },
    "post.error.no_accounts": {
        "en": "There are no active accounts in the inventory yet (`/accounts add`).",
        "es": "Aún no hay cuentas activas en el inventario (`/accounts add`).",
    },
    "post.error.missing_accounts": {"en": "Choose at least one account.", "es": "Elige al menos una cuenta."},
    "post.error.unknown_account": {"en": "There is no active account `{text}`.",
                                   "es": "No hay ninguna cuenta activa `{text}`."},
    "post.error.archived_account": {"en": "The account `{text}` is archived.",
                                    "es": "La cuenta `{text}` está archivada."},
    "post.error.ambiguous_account": {"en": "`{text}` is more than one account: say which, {options}.",
                                     "es": "`{text}` es más de una cuenta: di cuál, {options}."},
    "post.error.bad_time": {"en": "Not a date and time: `{text}` (YYYY-MM-DD HH:MM, workspace time).",
                            "es": "No es una fecha y hora: `{text}` (AAAA-MM-DD HH:MM, hora del espacio)."},
    "post.error.missing_time": {"en": "Choose a date and time.", "es": "Elige una fecha y hora."},
    "post.error.missing_copy": {"en": "Write the copy.", "es": "Escribe el texto."},
    "post.error.too_long_field": {"en": "At most {max} characters.", "es": "Como máximo {max} caracteres."},
    "post.error.bad_url": {"en": "Not a web address (https://…): `{text}`.",
                           "es": "No es una dirección web (https://…): `{text}`."},
    "post.error.publisher_role": {
        "en": "<@{user}> cannot publish: publishers, custodians and admins can.",
        "es": "<@{user}> no puede publicar: pueden los publicadores, custodios y admins.",
    },
    "post.error.invalid": {"en": "The post cannot be sent: {problems}",
                           "es": "No se puede enviar la publicación: {problems}"},
    "post.error.own_post": {"en": "Nobody approves their own post.", "es": "Nadie aprueba su propia publicación."},
    "post.error.already_approved": {
        "en": "You already approved post #{id}: another approver is needed.",
        "es": "Ya aprobaste la publicación #{id}: hace falta otro aprobador.",
    },
    "post.error.state": {"en": "Post #{id} is {status}: that cannot be done now.",
                         "es": "La publicación #{id} está {status}: eso no se puede hacer ahora."},
    "post.error.stale": {
        "en": "This message shows revision {revision} of post #{id}; the post has changed since. "
              "Decide on the latest message.",
        "es": "Este mensaje muestra la revisión {revision} de la publicación #{id}; la publicación cambió. "
              "Decide sobre el mensaje más reciente.",
    },
    "post.error.not_author": {"en": "Only the author of post #{id} can do that.",
                              "es": "Solo el autor de la publicación #{id} puede hacer eso."},
    "post.error.cannot_cancel": {
        "en": "Only the author, an approver or an admin can cancel post #{id}.",
        "es": "Solo el autor, un aprobador o un admin puede cancelar la publicación #{id}.",
    },
    "post.error.missing_comment": {"en": "Write a comment for the author.",
                                   "es": "Escribe un comentario para el autor."},
    "post.error.bad_webhook": {
        "en": "The webhook must be an https URL with a host, no user or password in it, at most 2,048 characters "
              "(http only for localhost), or `off`.",
        "es": "El webhook debe ser una URL https con host, sin usuario ni contraseña, de 2.048 caracteres como "
              "máximo (http solo para localhost), u `off`.",
    },
    "post.error.webhook_no_vault": {
        "en": "The webhook's signing secret is kept in the vault, and no vault key is configured "
              "(`socialops keys generate`).",
        "es": "El secreto de firma del webhook se guarda en la bóveda y no hay clave configurada "
              "(`socialops keys generate`).",
    },
    "post.webhook.set": {
        "en": "Publishing webhook set to {url}. Its signing secret, shown only now: `{secret}` — configure your "
              "receiver to check `X-SocialOps-Signature` (v0=HMAC-SHA256 of `v0:<timestamp>:<body>`).",
        "es": "Webhook de publicación: {url}. Su secreto de firma, que solo se muestra ahora: `{secret}` — "
              "configura el receptor para comprobar `X-SocialOps-Signature` (v0=HMAC-SHA256 de "
              "`v0:<timestamp>:<cuerpo>`).",
    },
    "post.webhook.off": {"en": "Publishing webhook turned off.", "es": "Webhook de publicación desactivado."},
    "post.error.bad_setting": {"en": "Unknown setting `{text}`.", "es": "Ajuste desconocido `{text}`."},
    "post.error.bad_approvals": {"en": "Approvals required is 1 or 2, not `{text}`.",
                                 "es": "Las aprobaciones necesarias son 1 o 2, no `{text}`."},
    "post.error.post_failed": {
        "en": "Post #{id} is saved, but it could not be posted to <#{channel}>: invite the bot there.",
        "es": "La publicación #{id} está guardada, pero no se pudo enviar a <#{channel}>: invita al bot.",
    },
    # ---- the crisis hold (issue 12 §9) ----
    "usage.post.hold": {
        "en": "`/post hold <brand> [hours] <reason…>` — hold the brand's approved and pending posts due in the "
              "next hours (24 by default; approvers and admins)",
        "es": "`/post hold <marca> [horas] <motivo…>` — retener las publicaciones aprobadas y pendientes de la "
              "marca de las próximas horas (24 por defecto; aprobadores y admins)",
    },
    "post.error.hold_hours": {"en": "A hold lasts between 1 and {max} hours.",
                              "es": "Una retención dura entre 1 y {max} horas."},
    "post.error.hold_reason": {"en": "Say why the posts are held: it is kept with them.",
                               "es": "Indica por qué se retienen: queda guardado con ellas."},
    "post.error.hold_time": {"en": "The new time must be at least 15 minutes from now.",
                             "es": "La nueva hora debe estar al menos a 15 minutos de ahora."},
    "post.held": {"en": "{emoji} {count} post(s) of {brand} held: {ids}.",
                  "es": "{emoji} {count} publicación(es) de {brand} retenidas: {ids}."},
    "post.hold.list": {
        "en": "{emoji} *{count} post(s) of {brand} held* — {reason}. Release each (back to its time, or to approval "
              "if too late) or give it a new time.",
        "es": "{emoji} *{count} publicación(es) de {brand} retenidas* — {reason}. Libera cada una (vuelve a su hora, "
              "o a aprobación si es tarde) o dale otra hora.",
    },
    "post.hold.item": {"en": "*#{id}* · {when} · {accounts}", "es": "*#{id}* · {when} · {accounts}"},
    "post.hold.more": {"en": "…and {more} more.", "es": "…y {more} más."},
    "post.hold.release": {"en": "Release", "es": "Liberar"},
    "post.hold.reschedule": {"en": "Reschedule", "es": "Reprogramar"},
    "post.hold.reschedule_title": {"en": "New time", "es": "Nueva hora"},
    "post.hold.reschedule_intro": {
        "en": "Post #{id} goes back to approval at its new time.",
        "es": "La publicación #{id} vuelve a aprobación con su nueva hora.",
    },
    "post.hold.released": {"en": "Post #{id} released: {status}, for {when}.",
                           "es": "Publicación #{id} liberada: {status}, para {when}."},
    "post.hold.rescheduled": {"en": "Post #{id} rescheduled to {when}: back to approval.",
                              "es": "Publicación #{id} reprogramada para {when}: vuelve a aprobación."},
    "usage.post.reassign": {
        "en": "`/post reassign <id> @user` — someone else publishes the post (and owns it, for a draft or a "
              "post its author was to publish); its author, an approver or an admin",
        "es": "`/post reassign <id> @usuario` — otra persona publica la publicación (y es su autora, si es un "
              "borrador o la iba a publicar quien la escribió); su autor, un aprobador o un admin",
    },
    "post.error.cannot_reassign": {
        "en": "Only the author, an approver or an admin can reassign post #{id}.",
        "es": "Solo el autor, un aprobador o un admin puede reasignar la publicación #{id}.",
    },
    "post.error.bad_user": {"en": "`{text}` is not a person: mention them, as in `@ana`.",
                            "es": "`{text}` no es una persona: menciónala, como `@ana`."},
    "post.reassigned": {"en": "Post #{id}: <@{user}> publishes it now.",
                        "es": "Publicación #{id}: ahora la publica <@{user}>."},
    "posts.handover.reassign": {"en": "Reassign the post: {label}", "es": "Reasignar la publicación: {label}"},
    "post.held_none": {
        "en": "No approved or pending post of {brand} is due in the next {hours} hours.",
        "es": "Ninguna publicación aprobada o pendiente de {brand} vence en las próximas {hours} horas.",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_CORE, **CHECKS, **CALENDAR, **CADENCE}
