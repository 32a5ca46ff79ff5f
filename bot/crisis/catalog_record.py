"""Crisis texts (record: notes, the holding statement, resolve), en/es; the post-mortem's are in
catalog_postmortem.py."""

from __future__ import annotations

from bot.crisis.catalog_postmortem import MESSAGES as POSTMORTEM

_USAGE: dict[str, dict[str, str]] = {
    "usage.crisis.note": {
        "en": "`/crisis note [CRI-2026-0001] <text…>` — add a note to the crisis timeline (in the "
              "crisis channel the number is not needed). A message there: *Add to crisis timeline* in "
              "its menu, or react with :writing_hand:",
        "es": "`/crisis note [CRI-2026-0001] <texto…>` — añadir una nota a la cronología de la crisis "
              "(en el canal de la crisis no hace falta el número). Un mensaje de ese canal: *Add to "
              "crisis timeline* en su menú, o reacciona con :writing_hand:",
    },
    "usage.crisis.statement": {
        "en": "`/crisis statement [CRI-2026-0001]` — draft the public holding statement; an approver "
              "other than its author approves it",
        "es": "`/crisis statement [CRI-2026-0001]` — redactar el comunicado inicial; lo aprueba un "
              "aprobador distinto de quien lo redactó",
    },
    "usage.crisis.resolve": {
        "en": "`/crisis resolve [CRI-2026-0001] <summary…>` — resolve the crisis (crisis leads and "
              "admins): the post-mortem is posted and stored",
        "es": "`/crisis resolve [CRI-2026-0001] <resumen…>` — resolver la crisis (responsables de "
              "crisis y administradores): se publica y guarda el análisis posterior",
    },
}

_NOTES: dict[str, dict[str, str]] = {
    "crisis.note.error.empty": {
        "en": "The note is empty: write what happened after `/crisis note`.",
        "es": "La nota está vacía: escribe lo ocurrido después de `/crisis note`.",
    },
    "crisis.note.error.long": {
        "en": "A note is at most {max} characters (this one has {length}).",
        "es": "Una nota tiene como máximo {max} caracteres (esta tiene {length}).",
    },
    "crisis.note.error.resolved": {
        "en": "{number} is resolved: its timeline takes no more notes.",
        "es": "{number} está resuelta: su cronología ya no admite notas.",
    },
    "crisis.note.error.not_crisis_channel": {
        "en": "This message is not in a crisis channel. To note it, use `/crisis note CRI-2026-0001 "
              "<text>`.",
        "es": "Este mensaje no está en un canal de crisis. Para anotarlo, usa `/crisis note "
              "CRI-2026-0001 <texto>`.",
    },
    "crisis.note.error.no_text": {
        "en": "That message has no text to add to the timeline.",
        "es": "Ese mensaje no tiene texto que añadir a la cronología.",
    },
    "crisis.note.added": {
        "en": ":writing_hand: Added to the timeline of {number}.",
        "es": ":writing_hand: Añadido a la cronología de {number}.",
    },
    "crisis.note.already": {
        "en": "That message is already on the timeline of {number}.",
        "es": "Ese mensaje ya está en la cronología de {number}.",
    },
    "crisis.note.echo": {
        "en": ":writing_hand: *Note* by <@{user}>: {text}",
        "es": ":writing_hand: *Nota* de <@{user}>: {text}",
    },
}

_STATEMENT: dict[str, dict[str, str]] = {
    "crisis.statement.title": {
        "en": "Holding statement",
        "es": "Comunicado inicial",
    },
    "crisis.statement.intro": {
        "en": "*{number}* — the first public message (CDC CERC): be first, be right, be credible. An "
              "approver other than you approves it before it is published.",
        "es": "*{number}* — el primer mensaje público (CDC CERC): sé el primero, acierta, sé creíble. "
              "Lo aprueba un aprobador distinto de ti antes de publicarlo.",
    },
    "crisis.statement.submit": {
        "en": "Submit for approval",
        "es": "Enviar a aprobación",
    },
    "crisis.statement.field.empathy": {
        "en": "Empathy",
        "es": "Empatía",
    },
    "crisis.statement.hint.empathy": {
        "en": "Acknowledge the people affected and how they feel (at most {max} characters).",
        "es": "Reconoce a las personas afectadas y lo que sienten (máximo {max} caracteres).",
    },
    "crisis.statement.field.facts": {
        "en": "Confirmed facts",
        "es": "Hechos confirmados",
    },
    "crisis.statement.hint.facts": {
        "en": "Only what is confirmed: what happened, where, when (at most {max} characters).",
        "es": "Solo lo confirmado: qué pasó, dónde, cuándo (máximo {max} caracteres).",
    },
    "crisis.statement.field.unknowns": {
        "en": "Not known yet",
        "es": "Lo que aún no se sabe",
    },
    "crisis.statement.hint.unknowns": {
        "en": "Say what is still being found out (at most {max} characters).",
        "es": "Di lo que todavía se está averiguando (máximo {max} caracteres).",
    },
    "crisis.statement.field.actions": {
        "en": "What we are doing",
        "es": "Lo que estamos haciendo",
    },
    "crisis.statement.hint.actions": {
        "en": "The actions under way, and what people can do (at most {max} characters).",
        "es": "Las acciones en curso y lo que la gente puede hacer (máximo {max} caracteres).",
    },
    "crisis.statement.field.next_update": {
        "en": "Next update",
        "es": "Próxima actualización",
    },
    "crisis.statement.hint.next_update": {
        "en": "When and where the next update comes (at most {max} characters).",
        "es": "Cuándo y dónde llega la próxima actualización (máximo {max} caracteres).",
    },
    "crisis.statement.field.more_info": {
        "en": "Where to learn more",
        "es": "Dónde saber más",
    },
    "crisis.statement.hint.more_info": {
        "en": "A page, a phone number (optional, at most {max} characters).",
        "es": "Una página, un teléfono (opcional, máximo {max} caracteres).",
    },
    "crisis.statement.error.required": {
        "en": "This part is required.",
        "es": "Esta parte es obligatoria.",
    },
    "crisis.statement.error.long": {
        "en": "At most {max} characters (this has {length}).",
        "es": "Como máximo {max} caracteres (tiene {length}).",
    },
    "crisis.statement.error.resolved": {
        "en": "{number} is resolved: its holding statement can no longer change.",
        "es": "{number} está resuelta: su comunicado inicial ya no puede cambiar.",
    },
    "crisis.statement.error.not_found": {
        "en": "There is no such holding statement.",
        "es": "No existe ese comunicado inicial.",
    },
    "crisis.statement.error.own": {
        "en": "You wrote this statement: another approver must approve it.",
        "es": "Tú redactaste este comunicado: debe aprobarlo otro aprobador.",
    },
    "crisis.statement.error.decided": {
        "en": "Version {version} is already {status}.",
        "es": "La versión {version} ya está en estado {status}.",
    },
    "crisis.statement.heading": {
        "en": ":memo: *Holding statement, version {version}* — {number}, by <@{author}>",
        "es": ":memo: *Comunicado inicial, versión {version}* — {number}, de <@{author}>",
    },
    "crisis.statement.approve": {
        "en": "Approve",
        "es": "Aprobar",
    },
    "crisis.statement.reject": {
        "en": "Reject",
        "es": "Rechazar",
    },
    "crisis.statement.state.pending": {
        "en": "Waiting for an approver other than the author.",
        "es": "Esperando a un aprobador distinto del autor.",
    },
    "crisis.statement.state.approved": {
        "en": ":white_check_mark: Approved by <@{user}> at {at}. It may now be published.",
        "es": ":white_check_mark: Aprobado por <@{user}> a las {at}. Ya se puede publicar.",
    },
    "crisis.statement.state.rejected": {
        "en": ":x: Rejected by <@{user}> at {at}.",
        "es": ":x: Rechazado por <@{user}> a las {at}.",
    },
    "crisis.statement.state.superseded": {
        "en": "Replaced by a newer version.",
        "es": "Sustituido por una versión más reciente.",
    },
    "crisis.statement.comment": {
        "en": "Comment: {text}",
        "es": "Comentario: {text}",
    },
    "crisis.statement.announce.approved": {
        "en": ":white_check_mark: The holding statement (version {version}) of {number} is approved by "
              "<@{user}>: it may now be published.",
        "es": ":white_check_mark: El comunicado inicial (versión {version}) de {number} lo aprobó "
              "<@{user}>: ya se puede publicar.",
    },
    "crisis.statement.announce.rejected": {
        "en": ":x: The holding statement (version {version}) of {number} was rejected by <@{user}>. "
              "Draft a new one with `/crisis statement`.",
        "es": ":x: <@{user}> rechazó el comunicado inicial (versión {version}) de {number}. Redacta "
              "otro con `/crisis statement`.",
    },
    "crisis.statement.sent": {
        "en": "Version {version} of the holding statement is in the crisis channel, waiting for an "
              "approver.",
        "es": "La versión {version} del comunicado inicial está en el canal de la crisis, esperando a "
              "un aprobador.",
    },
    "crisis.statement.decided": {
        "en": "Done: version {version} is {status}.",
        "es": "Hecho: la versión {version} está en estado {status}.",
    },
    "crisis.statement.reject_title": {
        "en": "Reject the statement",
        "es": "Rechazar el comunicado",
    },
    "crisis.statement.reject_intro": {
        "en": "Version {version} of the holding statement of {number}: its author hears why.",
        "es": "Versión {version} del comunicado inicial de {number}: su autor sabrá por qué.",
    },
    "crisis.statement.reject_comment": {
        "en": "What should change?",
        "es": "¿Qué debería cambiar?",
    },
    "crisis.statement.reject_submit": {
        "en": "Reject",
        "es": "Rechazar",
    },
}

_RESOLVE: dict[str, dict[str, str]] = {
    "crisis.resolve.error.summary": {
        "en": "Say how it was resolved: `/crisis resolve <summary…>`.",
        "es": "Di cómo se resolvió: `/crisis resolve <resumen…>`.",
    },
    "crisis.resolve.error.long": {
        "en": "The summary is at most {max} characters (this one has {length}).",
        "es": "El resumen tiene como máximo {max} caracteres (este tiene {length}).",
    },
    "crisis.resolve.error.resolved": {
        "en": "{number} is already resolved.",
        "es": "{number} ya está resuelta.",
    },
    "crisis.resolve.done": {
        "en": ":white_check_mark: {number} is resolved. The post-mortem goes to the crisis channel.",
        "es": ":white_check_mark: {number} está resuelta. El análisis posterior va al canal de la "
              "crisis.",
    },
    "crisis.resolve.topic": {
        "en": "Resolved — {number}: {summary}",
        "es": "Resuelta — {number}: {summary}",
    },
}


MESSAGES: dict[str, dict[str, str]] = {**_USAGE, **_NOTES, **_STATEMENT, **_RESOLVE, **POSTMORTEM}
