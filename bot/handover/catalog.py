"""Handover acts (SPEC §4): acta de entrega."""

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.handover.description": {
        "en": "Handover acts when someone leaves: checklist, signatures, sealed record",
        "es": "Actas de entrega cuando alguien se va: lista de tareas, firmas, registro sellado",
    },
    "usage.handover.start": {
        "en": "`/handover start @leaving [to @receiver] [in #channel] [reason…]` — draw up the act "
        "(custodian/admin)",
        "es": "`/handover start @quien_se_va [to @receptor] [in #canal] [motivo…]` — levantar el acta "
        "(custodio/admin)",
    },
    "usage.handover.receiver": {
        "en": "`/handover receiver <act> @user` — who receives what the leaver hands over (custodian/admin)",
        "es": "`/handover receiver <acta> @usuario` — quién recibe lo que se entrega (custodio/admin)",
    },
    "usage.handover.list": {
        "en": "`/handover list [open|closed|cancelled]` — the acts of this workspace",
        "es": "`/handover list [open|closed|cancelled]` — las actas de este espacio",
    },
    "usage.handover.show": {
        "en": "`/handover show <act>` — one act, e.g. ACT-2026-0007",
        "es": "`/handover show <acta>` — un acta, p. ej. ACT-2026-0007",
    },
    "usage.handover.cancel": {
        "en": "`/handover cancel <act> <reason…>` — cancel an act drawn up by mistake (who started it, or an admin)",
        "es": "`/handover cancel <acta> <motivo…>` — anular un acta levantada por error (quien la levantó, o un admin)",
    },
    # ---- errors ------------------------------------------------------------------------------
    "handover.error.bad_start": {
        "en": "I could not read `{text}`: start with the person who leaves (type @ and pick them).",
        "es": "No pude leer `{text}`: empieza por la persona que se va (escribe @ y elígela).",
    },
    "handover.error.who_leaves": {
        "en": "Who is leaving? Name them after `start` (type @ and pick them), and the receiver if you know it.",
        "es": "¿Quién se va? Nómbrala después de `start` (escribe @ y elígela), y a quien recibe si lo sabes.",
    },
    "handover.error.bad_act": {
        "en": "`{text}` is not an act number such as ACT-2026-0007.",
        "es": "`{text}` no es un número de acta como ACT-2026-0007.",
    },
    "handover.error.bad_filter": {
        "en": "`{text}` is not a filter: use open, closed or cancelled.",
        "es": "`{text}` no es un filtro: usa open, closed o cancelled.",
    },
    "handover.error.cancel_reason": {
        "en": "Say why {act} is cancelled: the reason stays on the record.",
        "es": "Di por qué se anula {act}: el motivo queda registrado.",
    },
    "handover.error.cancel_reason_long": {
        "en": "Keep the reason under {max} characters.",
        "es": "El motivo debe tener menos de {max} caracteres.",
    },
    "handover.error.receiver_is_leaving": {
        "en": "The receiver cannot be the person who leaves.",
        "es": "Quien recibe no puede ser la persona que se va.",
    },
    "handover.error.no_channel": {
        "en": "No approvals channel is set: add `in #channel` or ask an admin for `/socialops setup`.",
        "es": "No hay canal de aprobaciones: añade `in #canal` o pide a un admin `/socialops setup`.",
    },
    "handover.error.open_exists": {
        "en": "<@{user}> already has an open handover act ({act}); finish that one first.",
        "es": "<@{user}> ya tiene un acta de entrega abierta ({act}); termina esa primero.",
    },
    "handover.error.not_found": {
        "en": "There is no handover act `{act}` in this workspace.",
        "es": "No hay ningún acta de entrega `{act}` en este espacio.",
    },
    "handover.error.no_such_act": {
        "en": "There is no such handover act in this workspace.",
        "es": "No existe esa acta de entrega en este espacio.",
    },
    "handover.error.no_such_item": {
        "en": "{act} has no such item.",
        "es": "{act} no tiene ese punto.",
    },
    "handover.error.no_such_page": {
        "en": "The checklist of {act} has no such page.",
        "es": "La lista de {act} no tiene esa página.",
    },
    "handover.error.bad_receiver": {
        "en": "That is not a person I can make the receiver: choose them from the list.",
        "es": "Esa no es una persona que pueda ser receptora: elígela de la lista.",
    },
    "handover.error.channel_not_allowed": {
        "en": "An act lists everything the leaver could reach, so I post it only in the approvals channel "
        "or in a private channel I am a member of; <#{channel}> is neither. Nothing was drawn up.",
        "es": "Un acta enumera todo lo que alcanzaba la persona que se va, así que solo la publico en el canal "
        "de aprobaciones o en un canal privado del que soy miembro; <#{channel}> no es ninguno de los dos. "
        "No se levantó nada.",
    },
    "handover.error.channel_check": {
        "en": "I could not check <#{channel}> with Slack ({error}), so nothing was drawn up; try again.",
        "es": "No pude comprobar <#{channel}> con Slack ({error}), así que no se levantó nada; inténtalo de nuevo.",
    },
    "handover.checking_channel": {
        "en": ":hourglass_flowing_sand: Checking <#{channel}> with Slack before drawing up the act…",
        "es": ":hourglass_flowing_sand: Compruebo <#{channel}> con Slack antes de levantar el acta…",
    },
    "handover.error.closed": {
        "en": "{act} is closed and sealed; it cannot change any more.",
        "es": "{act} está cerrada y sellada; ya no puede cambiar.",
    },
    "handover.error.cancelled": {
        "en": "{act} was cancelled; it cannot change any more.",
        "es": "{act} se anuló; ya no puede cambiar.",
    },
    "handover.error.no_receiver": {
        "en": "{act} has no receiver yet: choose one first.",
        "es": "{act} aún no tiene receptor: elige uno primero.",
    },
    "handover.error.item_gone": {
        "en": "That item's record no longer exists ({act}).",
        "es": "El registro de ese punto ya no existe ({act}).",
    },
    "handover.error.no_action": {
        "en": "That item is ticked automatically when its action is done ({act}).",
        "es": "Ese punto se marca solo cuando se hace su acción ({act}).",
    },
    "handover.error.item_not_open": {
        "en": "Item {item} of {act} is already requested or done.",
        "es": "El punto {item} de {act} ya está solicitado o hecho.",
    },
    "handover.error.nothing_to_do": {
        "en": "Nothing left to do there ({act}).",
        "es": "No queda nada por hacer ahí ({act}).",
    },
    "handover.error.receiver_fixed": {
        "en": "The receiver of {act} can no longer change: they signed or custody was already transferred.",
        "es": "El receptor de {act} ya no puede cambiar: ya firmó o ya se transfirió una custodia.",
    },
    "handover.error.already_signed": {
        "en": "That signature is already on {act}.",
        "es": "Esa firma ya consta en {act}.",
    },
    "handover.error.not_leaving": {
        "en": ":no_entry: Only <@{user}>, who leaves, can sign *I deliver*. The attempt was recorded.",
        "es": ":no_entry: Solo <@{user}>, quien se va, puede firmar *Entrego*. El intento quedó registrado.",
    },
    "handover.error.not_receiver": {
        "en": ":no_entry: Only <@{user}>, the receiver, can sign *I receive*. The attempt was recorded.",
        "es": ":no_entry: Solo <@{user}>, el receptor, puede firmar *Recibo*. El intento quedó registrado.",
    },
    "handover.error.witness_party": {
        "en": ":no_entry: A party to the act cannot be its witness. The attempt was recorded.",
        "es": ":no_entry: Una parte del acta no puede ser su testigo. El intento quedó registrado.",
    },
    "handover.error.leaver_present": {
        "en": "<@{user}> is still in the workspace: they must sign *I deliver* themselves ({act}).",
        "es": "<@{user}> sigue en el espacio de trabajo: debe firmar *Entrego* en persona ({act}).",
    },
    "handover.error.leaver_check": {
        "en": "I could not check with Slack whether <@{user}> is still in the workspace; try again.",
        "es": "No pude comprobar con Slack si <@{user}> sigue en el espacio; inténtalo de nuevo.",
    },
    "handover.error.post_failed": {
        "en": "{act} was drawn up, but I could not post its checklist in {channel} ({error}). "
        "Invite me to the channel; `/handover show {act}` has the act meanwhile.",
        "es": "{act} quedó levantada, pero no pude publicar su lista en {channel} ({error}). "
        "Invítame al canal; mientras tanto `/handover show {act}` muestra el acta.",
    },
    # Said once, then the reasons (handover.cannot_close.*) listed after it.
    "handover.cannot_close": {
        "en": "{act} cannot be closed yet:",
        "es": "{act} aún no se puede cerrar:",
    },
    "handover.cannot_close.items": {
        "en": "{count} item(s) still open",
        "es": "quedan {count} punto(s) abiertos",
    },
    "handover.cannot_close.deliver": {
        "en": "<@{user}> has not signed *I deliver*",
        "es": "<@{user}> no ha firmado *Entrego*",
    },
    "handover.cannot_close.receive": {
        "en": "<@{user}> has not signed *I receive*",
        "es": "<@{user}> no ha firmado *Recibo*",
    },
    # ---- checklist items -----------------------------------------------------------------------
    "handover.item.grant_revoke": {"en": "Revoke access: {label}", "es": "Revocar acceso: {label}"},
    "handover.item.account_custody": {
        "en": "Transfer custody: {label}",
        "es": "Transferir custodia: {label}",
    },
    "handover.item.account_rotate": {"en": "Rotate password: {label}", "es": "Cambiar contraseña: {label}"},
    "handover.button.revoke": {"en": "Request revocation", "es": "Pedir revocación"},
    "handover.button.transfer": {"en": "Transfer to receiver", "es": "Transferir al receptor"},
    "handover.button.revoke_all": {
        "en": "Request all revocations ({count})",
        "es": "Pedir todas las revocaciones ({count})",
    },
    "handover.button.transfer_all": {
        "en": "Transfer all custody ({count})",
        "es": "Transferir todas las custodias ({count})",
    },
    "handover.button.deliver": {"en": "I deliver", "es": "Entrego"},
    "handover.button.receive": {"en": "I receive", "es": "Recibo"},
    "handover.button.leaver_gone": {"en": "Leaver unavailable", "es": "Saliente no disponible"},
    "handover.button.close": {"en": "Close act", "es": "Cerrar acta"},
    "handover.button.prev": {"en": "‹ Previous", "es": "‹ Anterior"},
    "handover.button.next": {"en": "Next ›", "es": "Siguiente ›"},
    "handover.confirm.title": {"en": "Close the act?", "es": "¿Cerrar el acta?"},
    "handover.confirm.text": {
        "en": "You sign {act} as witness. It is then sealed and can never change.",
        "es": "Firmas {act} como testigo. Después queda sellada y no podrá cambiar.",
    },
    "handover.confirm.cancel": {"en": "Not yet", "es": "Todavía no"},
    "handover.note.shared_password": {
        "en": ":warning: *shared password*",
        "es": ":warning: *contraseña compartida*",
    },
    "handover.note.via": {"en": "knew it: {via}", "es": "la conocía: {via}"},
    "handover.via.revealed": {"en": "revealed it", "es": "la reveló"},
    "handover.via.shared_grant": {"en": "shared-password grant", "es": "acceso con contraseña compartida"},
    "handover.via.created": {"en": "created the account", "es": "creó la cuenta"},
    "handover.via.rotated": {"en": "set it", "es": "la estableció"},
    "handover.note.done": {"en": "done by {user} · {at}", "es": "hecho por {user} · {at}"},
    "handover.note.requested": {"en": "requested by {user} · {at}", "es": "solicitado por {user} · {at}"},
    "handover.note.requested_why": {"en": "requested: {why} · {at}", "es": "solicitado: {why} · {at}"},
    "handover.requested.expired": {"en": "the access expired", "es": "el acceso venció"},
    "handover.requested.auto": {"en": "automatically", "es": "automáticamente"},
    "handover.note.owner": {"en": "waiting on {user}", "es": "pendiente de {user}"},
    "handover.note.choose_receiver": {"en": "choose a receiver first", "es": "elige antes un receptor"},
    # ---- the message ------------------------------------------------------------------------
    "handover.title": {"en": "Handover act {act}", "es": "Acta de entrega {act}"},
    "handover.fallback": {
        "en": "Handover act {act} for {leaving}: {done}/{total} items done",
        "es": "Acta de entrega {act} de {leaving}: {done}/{total} puntos hechos",
    },
    "handover.nobody": {"en": "nobody", "es": "nadie"},
    "handover.receiver_unset": {"en": "_not chosen yet_", "es": "_sin elegir_"},
    "handover.pick_receiver": {"en": "Choose the receiver", "es": "Elige el receptor"},
    "handover.summary.parties": {
        "en": "*Leaves:* {leaving}   →   *Receives:* {receiver}",
        "es": "*Entrega:* {leaving}   →   *Recibe:* {receiver}",
    },
    "handover.summary.started": {"en": "Drawn up by {user} · {at}", "es": "Levantada por {user} · {at}"},
    "handover.summary.reason": {"en": "*Reason:* {reason}", "es": "*Motivo:* {reason}"},
    "handover.progress": {
        "en": "{done} of {total} items done · {state}",
        "es": "{done} de {total} puntos hechos · {state}",
    },
    "handover.state.open": {"en": "open", "es": "abierta"},
    "handover.state.closed": {"en": "closed", "es": "cerrada"},
    "handover.state.cancelled": {"en": "cancelled", "es": "anulada"},
    "handover.no_items": {
        "en": "_Nothing to hand over was found in the records._",
        "es": "_No se encontró nada que entregar en los registros._",
    },
    "handover.page": {
        "en": "Page {page} of {pages} (open items first)",
        "es": "Página {page} de {pages} (primero lo pendiente)",
    },
    "handover.sig.deliver": {"en": "*I deliver* ({who}): {state}", "es": "*Entrego* ({who}): {state}"},
    "handover.sig.receive": {"en": "*I receive* ({who}): {state}", "es": "*Recibo* ({who}): {state}"},
    "handover.sig.witness": {"en": "*Witness*: {state}", "es": "*Testigo*: {state}"},
    "handover.sig.signed": {
        "en": ":white_check_mark: {user} · {at}",
        "es": ":white_check_mark: {user} · {at}",
    },
    "handover.sig.unavailable": {
        "en": ":white_check_mark: leaver no longer in the workspace, recorded by {user} · {at}",
        "es": ":white_check_mark: la persona ya no está en el espacio, lo registró {user} · {at}",
    },
    "handover.sig.pending": {"en": "pending", "es": "pendiente"},
    "handover.sealed": {
        "en": ":lock: Closed by {user} · {at} · sealed in the audit log (sha256 {hash}…)",
        "es": ":lock: Cerrada por {user} · {at} · sellada en el registro de auditoría (sha256 {hash}…)",
    },
    "handover.hash": {
        "en": "Content hash (sha256): `{hash}`",
        "es": "Huella del contenido (sha256): `{hash}`",
    },
    "handover.where": {"en": "The act is in {channel}.", "es": "El acta está en {channel}."},
    "handover.started": {
        "en": ":clipboard: {act} drawn up with {count} item(s); the checklist is in {channel}.",
        "es": ":clipboard: {act} levantada con {count} punto(s); la lista está en {channel}.",
    },
    "handover.cancelled_reply": {
        "en": ":no_entry_sign: {act} is cancelled; its reminders stopped. Revocations or rotations it already "
        "asked for stay with whoever was asked.",
        "es": ":no_entry_sign: {act} queda anulada; sus recordatorios se detienen. Las revocaciones o cambios de "
        "contraseña ya solicitados siguen con quien los recibió.",
    },
    "handover.cancelled": {
        "en": ":no_entry_sign: Cancelled by {user}: {reason} · {at}",
        "es": ":no_entry_sign: Anulada por {user}: {reason} · {at}",
    },
    "handover.receiver_set": {
        "en": ":white_check_mark: <@{user}> receives {act}.",
        "es": ":white_check_mark: <@{user}> recibe {act}.",
    },
    "handover.doc_posted": {
        "en": ":page_facing_up: The sealed act {act} (PDF and Markdown).",
        "es": ":page_facing_up: El acta sellada {act} (PDF y Markdown).",
    },
    "handover.list.title": {"en": "*Handover acts*", "es": "*Actas de entrega*"},
    "handover.list.empty": {"en": "No handover acts yet.", "es": "Aún no hay actas de entrega."},
    "handover.list.row": {
        "en": "• *{act}* · {state} · {leaving} → {receiver} · {done}/{total} done · {at}",
        "es": "• *{act}* · {state} · {leaving} → {receiver} · {done}/{total} hechos · {at}",
    },
    # ---- reminders ----------------------------------------------------------------------------
    "handover.reminder.head": {
        "en": ":bell: Handover act *{act}* ({leaving} leaves) is waiting on you:",
        "es": ":bell: El acta de entrega *{act}* (se va {leaving}) espera algo de ti:",
    },
    "handover.reminder.item": {"en": "{title}", "es": "{title}"},
    "handover.reminder.choose_receiver": {
        "en": "choose who receives the accounts",
        "es": "elige quién recibe las cuentas",
    },
    "handover.reminder.deliver": {"en": "sign *I deliver*", "es": "firma *Entrego*"},
    "handover.reminder.receive": {"en": "sign *I receive*", "es": "firma *Recibo*"},
    "handover.reminder.close": {
        "en": "everything is done: close the act as witness",
        "es": "todo está hecho: cierra el acta como testigo",
    },
    # ---- the document -------------------------------------------------------------------------
    "handover.doc.workspace": {"en": "Workspace: {team}", "es": "Espacio de trabajo: {team}"},
    "handover.doc.leaving": {"en": "Leaving (delivers): {user}", "es": "Saliente (entrega): {user}"},
    "handover.doc.receiver": {"en": "Receiver: {user}", "es": "Receptor: {user}"},
    "handover.doc.reason": {"en": "Reason: {reason}", "es": "Motivo: {reason}"},
    "handover.doc.started": {
        "en": "Drawn up by {user} on {at} ({tz})",
        "es": "Levantada por {user} el {at} ({tz})",
    },
    "handover.doc.status": {"en": "Status: {state}", "es": "Estado: {state}"},
    "handover.doc.people": {
        "en": "People named in this act (as Slack knew them then; Slack id in small print)",
        "es": "Personas que figuran en el acta (como las conocía Slack entonces; id de Slack en letra pequeña)",
    },
    "handover.doc.date": {"en": "{day} {month} {year}, {time}", "es": "{day} de {month} de {year}, {time}"},
    "handover.doc.months": {
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
        "es": "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre",
    },
    "handover.doc.cancelled": {
        "en": "Cancelled by {user} on {at}: {reason}",
        "es": "Anulada por {user} el {at}: {reason}",
    },
    "handover.doc.checklist": {"en": "Checklist", "es": "Lista de verificación"},
    "handover.doc.no_items": {
        "en": "Nothing to hand over was found.",
        "es": "No se encontró nada que entregar.",
    },
    "handover.doc.signatures": {"en": "Signatures", "es": "Firmas"},
    "handover.doc.seal": {"en": "Seal", "es": "Sello"},
    "handover.doc.col_n": {"en": "#", "es": "N.º"},
    "handover.doc.col_action": {"en": "Action", "es": "Acción"},
    "handover.doc.col_status": {"en": "Status", "es": "Estado"},
    "handover.doc.col_requested": {"en": "Requested", "es": "Solicitado"},
    "handover.doc.col_done_by": {"en": "Done by", "es": "Hecho por"},
    "handover.doc.col_done_at": {"en": "Done at", "es": "Fecha"},
    "handover.doc.shared_password": {"en": "shared password", "es": "contraseña compartida"},
    "handover.doc.via": {"en": "knew it: {via}", "es": "la conocía: {via}"},
    "handover.status.open": {"en": "open", "es": "pendiente"},
    "handover.status.requested": {"en": "requested", "es": "solicitado"},
    "handover.status.done": {"en": "done", "es": "hecho"},
    "handover.doc.signed": {"en": "signed by {user} on {at}", "es": "firmado por {user} el {at}"},
    "handover.doc.unavailable": {
        "en": "the leaver is no longer in the workspace; recorded by {user} on {at}",
        "es": "la persona saliente ya no está en el espacio; lo registró {user} el {at}",
    },
    "handover.doc.unsigned": {"en": "not signed", "es": "sin firmar"},
    "handover.doc.sig_deliver": {"en": "I deliver ({user}): {state}", "es": "Entrego ({user}): {state}"},
    "handover.doc.sig_receive": {"en": "I receive ({user}): {state}", "es": "Recibo ({user}): {state}"},
    "handover.doc.sig_witness": {
        "en": "Witness (closes the act): {state}",
        "es": "Testigo (cierra el acta): {state}",
    },
    "handover.doc.hash": {
        "en": "Content hash (SHA-256): {hash}",
        "es": "Huella del contenido (SHA-256): {hash}",
    },
    "handover.doc.hash_note": {
        "en": "The same hash is recorded in the workspace's tamper-evident audit log "
        "(check with: socialops audit verify).",
        "es": "La misma huella consta en el registro de auditoría a prueba de manipulación del espacio "
        "(compruébalo con: socialops audit verify).",
    },
    "handover.doc.not_sealed": {
        "en": "Not sealed yet: the act is still open.",
        "es": "Aún sin sellar: el acta sigue abierta.",
    },
}
