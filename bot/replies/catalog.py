"""Replies texts (SPEC §7, glossary: "protocolo de respuestas", "plantilla de respuesta")."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.replies.description": {
        "en": "Response protocol: approved reply templates — search, propose, approve",
        "es": "Protocolo de respuestas: plantillas de respuesta aprobadas — buscar, proponer, aprobar",
    },
    "usage.replies.search": {
        "en": "`/replies <words…>` — the three best approved reply templates for those words",
        "es": "`/replies <palabras…>` — las tres mejores plantillas de respuesta aprobadas para esas palabras",
    },
    "usage.replies.add": {
        "en": "`/replies add` — propose a template (a form); an approver other than you approves it",
        "es": "`/replies add` — proponer una plantilla (un formulario); la aprueba un aprobador que no seas tú",
    },
    "usage.replies.edit": {
        "en": "`/replies edit <id>` — propose a new version (the approved one stays in use until it is approved)",
        "es": "`/replies edit <id>` — proponer una versión nueva (la aprobada sigue en uso hasta que se apruebe)",
    },
    "usage.replies.list": {
        "en": "`/replies list [question|complaint|praise|troll|crisis]` — approved templates and their use",
        "es": "`/replies list [question|complaint|praise|troll|crisis]` — plantillas aprobadas y su uso",
    },
    "usage.replies.retire": {
        "en": "`/replies retire <id>` — stop serving a template (approver or admin)",
        "es": "`/replies retire <id>` — dejar de ofrecer una plantilla (aprobador o admin)",
    },
    "replies.category.question": {"en": "question", "es": "pregunta"},
    "replies.category.complaint": {"en": "complaint", "es": "queja"},
    "replies.category.praise": {"en": "praise", "es": "elogio"},
    "replies.category.troll": {"en": "troll", "es": "trol"},
    "replies.category.crisis": {"en": "crisis", "es": "crisis"},
    "replies.language.es": {"en": "Spanish", "es": "español"},
    "replies.language.en": {"en": "English", "es": "inglés"},
    "replies.found": {
        "en": "Reply templates for “{query}”:",
        "es": "Plantillas de respuesta para «{query}»:",
    },
    "replies.none": {
        "en": "No approved reply template matches “{query}”. See them all with `/replies list`, or propose one "
              "with `/replies add`.",
        "es": "Ninguna plantilla de respuesta aprobada coincide con «{query}». Míralas todas con `/replies list` "
              "o propón una con `/replies add`.",
    },
    "replies.card": {
        "en": "*#{id} {title}* · {category} · {language} · used {count} times",
        "es": "*#{id} {title}* · {category} · {language} · usada {count} veces",
    },
    "replies.tone": {"en": "_Tone:_ {tone}", "es": "_Tono:_ {tone}"},
    "replies.placeholders": {
        "en": "Fill in: {names}",
        "es": "Completa: {names}",
    },
    "replies.no_placeholders": {"en": "Nothing to fill in.", "es": "Nada que completar."},
    "replies.used_button": {"en": "Used it", "es": "La usé"},
    "replies.used": {
        "en": "Counted: template #{id} has been used {count} times.",
        "es": "Anotado: la plantilla #{id} se ha usado {count} veces.",
    },
    "replies.used_already": {
        "en": "Already counted for you this hour (template #{id}, used {count} times).",
        "es": "Ya estaba anotada para ti en esta hora (plantilla #{id}, usada {count} veces).",
    },
    "replies.list.title": {
        "en": "Approved reply templates ({total}):",
        "es": "Plantillas de respuesta aprobadas ({total}):",
    },
    "replies.list.line": {
        "en": "• #{id} {title} ({language}) — used {count} times",
        "es": "• #{id} {title} ({language}) — usada {count} veces",
    },
    "replies.list.more": {
        "en": "…and {more} more: narrow it with `/replies list <category>` or search with `/replies <words…>`.",
        "es": "…y {more} más: acota con `/replies list <categoría>` o busca con `/replies <palabras…>`.",
    },
    "replies.list.empty": {
        "en": "No approved reply templates yet. Propose one with `/replies add`.",
        "es": "Aún no hay plantillas de respuesta aprobadas. Propón una con `/replies add`.",
    },
    "replies.modal.title_add": {"en": "New reply template", "es": "Nueva plantilla"},
    "replies.modal.title_edit": {"en": "Edit reply template", "es": "Editar plantilla"},
    "replies.modal.submit": {"en": "Send to approval", "es": "Enviar a aprobar"},
    "replies.modal.title": {"en": "Title", "es": "Título"},
    "replies.modal.category": {"en": "Category", "es": "Categoría"},
    "replies.modal.tone": {"en": "Tone note", "es": "Nota de tono"},
    "replies.modal.language": {"en": "Language", "es": "Idioma"},
    "replies.modal.text": {"en": "Text", "es": "Texto"},
    "replies.modal.text_hint": {
        "en": "Placeholders like {name} or {order_id}: lowercase letters, digits and _; {{ and }} for a brace.",
        "es": "Marcadores como {name} o {order_id}: minúsculas, dígitos y _; {{ y }} para una llave.",
    },
    "replies.proposed": {
        "en": "Template #{id} version {version} is waiting for approval in <#{channel}>.",
        "es": "La plantilla #{id}, versión {version}, espera aprobación en <#{channel}>.",
    },
    "replies.review.new": {
        "en": ":memo: <@{user}> proposes reply template #{id} (version {version}):",
        "es": ":memo: <@{user}> propone la plantilla de respuesta #{id} (versión {version}):",
    },
    "replies.review.serving": {
        "en": "Version {version} stays in use until this one is approved.",
        "es": "La versión {version} sigue en uso hasta que se apruebe esta.",
    },
    "replies.approve": {"en": "Approve", "es": "Aprobar"},
    "replies.reject": {"en": "Reject", "es": "Rechazar"},
    "replies.state.approved": {
        "en": ":white_check_mark: Approved by <@{user}>: now served.",
        "es": ":white_check_mark: Aprobada por <@{user}>: ya se ofrece.",
    },
    "replies.state.rejected": {
        "en": ":x: Rejected by <@{user}>.",
        "es": ":x: Rechazada por <@{user}>.",
    },
    "replies.state.superseded": {
        "en": ":arrows_counterclockwise: Replaced by a newer version before anyone decided.",
        "es": ":arrows_counterclockwise: Sustituida por una versión más nueva antes de decidirse.",
    },
    "replies.dm.approved": {
        "en": ":white_check_mark: <@{user}> approved your reply template #{id} “{title}” (version {version}).",
        "es": ":white_check_mark: <@{user}> aprobó tu plantilla de respuesta #{id} «{title}» (versión {version}).",
    },
    "replies.dm.rejected": {
        "en": ":x: <@{user}> rejected your reply template #{id} “{title}” (version {version}).",
        "es": ":x: <@{user}> rechazó tu plantilla de respuesta #{id} «{title}» (versión {version}).",
    },
    "replies.decided": {
        "en": "Template #{id} version {version}: {state}.",
        "es": "Plantilla #{id}, versión {version}: {state}.",
    },
    "replies.retired": {
        "en": "Template #{id} is retired: it will not be offered again.",
        "es": "La plantilla #{id} queda retirada: no se volverá a ofrecer.",
    },
    "replies.state_word.approved": {"en": "approved, now served", "es": "aprobada, ya se ofrece"},
    "replies.state_word.rejected": {"en": "rejected", "es": "rechazada"},
    "replies.error.not_found": {"en": "There is no reply template {id}.", "es": "No hay ninguna plantilla {id}."},
    "replies.error.bad_id": {
        "en": "`{text}` is not a template number.",
        "es": "`{text}` no es un número de plantilla.",
    },
    "replies.error.bad_category": {
        "en": "`{text}` is not a category. Categories: {categories}.",
        "es": "`{text}` no es una categoría. Categorías: {categories}.",
    },
    "replies.error.required": {"en": "Required.", "es": "Obligatorio."},
    "replies.error.too_long": {"en": "At most {max} characters.", "es": "Como mucho {max} caracteres."},
    "replies.error.invalid": {"en": "The template has problems.", "es": "La plantilla tiene problemas."},
    "replies.error.placeholder_empty": {
        "en": "`{text}` has no name: write a placeholder like {{name}}.",
        "es": "`{text}` no tiene nombre: escribe un marcador como {{name}}.",
    },
    "replies.error.placeholder_name": {
        "en": "`{text}` is not a placeholder: lowercase letters, digits and _, not starting with a digit "
              "(write {{{{ and }}}} for a brace).",
        "es": "`{text}` no es un marcador: minúsculas, dígitos y _, sin empezar por un dígito "
              "(escribe {{{{ y }}}} para una llave).",
    },
    "replies.error.unclosed": {
        "en": "`{text}`: a brace is opened and never closed.",
        "es": "`{text}`: se abre una llave que nunca se cierra.",
    },
    "replies.error.unopened": {
        "en": "`{text}`: a brace is closed that was never opened.",
        "es": "`{text}`: se cierra una llave que nunca se abrió.",
    },
    "replies.error.no_approvals_channel": {
        "en": "No approvals channel is set: an admin sets one with `/socialops setup`.",
        "es": "No hay canal de aprobaciones: un admin lo configura con `/socialops setup`.",
    },
    "replies.error.own_template": {
        "en": "You proposed this version: another approver must decide on it.",
        "es": "Tú propusiste esta versión: debe decidirla otro aprobador.",
    },
    "replies.error.retired": {
        "en": "Template #{id} is retired.",
        "es": "La plantilla #{id} está retirada.",
    },
    "replies.error.decided": {
        "en": "Template #{id} version {version} was already decided ({state}).",
        "es": "La plantilla #{id}, versión {version}, ya está decidida ({state}).",
    },
}
