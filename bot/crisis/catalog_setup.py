"""Crisis texts (setup: `/crisis setup`, the per-severity settings form), en/es."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "usage.crisis.setup": {
        "en": "`/crisis setup [sev1|sev2|sev3]` — admins: each severity's escalation chain, deadlines, repeats, "
              "status-update interval and playbook (with a severity, its form opens at once)",
        "es": "`/crisis setup [sev1|sev2|sev3]` — administradores: la cadena de escalado de cada severidad, sus "
              "plazos, repeticiones, intervalo de actualizaciones y protocolo (con una severidad, se abre su "
              "formulario)",
    },
    # ---- the rules' inline errors (bot/crisis/setup.py) ----
    "crisis.setup.error.ack": {
        "en": "Give the minutes to acknowledge as a whole number from {low} to {high} (not “{text}”).",
        "es": "Indica los minutos para acusar recibo con un número entero de {low} a {high} (no «{text}»).",
    },
    "crisis.setup.error.nobody": {
        "en": "A chain must name someone: choose at least one person for level 1.",
        "es": "La cadena debe incluir a alguien: elige al menos una persona para el nivel 1.",
    },
    "crisis.setup.error.repeats": {
        "en": "Choose how many times the chain runs: 1 to {max}.",
        "es": "Elige cuántas veces se recorre la cadena: de 1 a {max}.",
    },
    "crisis.setup.error.status": {
        "en": "Give the status-update interval in minutes, from {low} to {high} (not “{text}”), or leave it "
              "empty for no reminders.",
        "es": "Indica el intervalo de actualizaciones en minutos, de {low} a {high} (no «{text}»), o déjalo "
              "vacío para no recordarlas.",
    },
    "crisis.setup.error.step_long": {
        "en": "Step {n} is too long: at most {max} characters per step.",
        "es": "El paso {n} es demasiado largo: como mucho {max} caracteres por paso.",
    },
    "crisis.setup.error.steps": {
        "en": "The playbook needs {low} to {high} steps, one per line (it has {count}).",
        "es": "El protocolo necesita de {low} a {high} pasos, uno por línea (tiene {count}).",
    },
    "crisis.setup.error.too_many": {
        "en": "At most {max} people per level.",
        "es": "Como mucho {max} personas por nivel.",
    },
    # ---- the Slack side's own errors ----
    "crisis.setup.error.user": {
        "en": "Choose people from the list.",
        "es": "Elige a las personas de la lista.",
    },
    "crisis.setup.error.playbook_long": {
        "en": "The playbook is too long: at most {max} characters.",
        "es": "El protocolo es demasiado largo: como mucho {max} caracteres.",
    },
    "crisis.setup.error.extra": {
        "en": "Give one severity, or nothing for all three.",
        "es": "Indica una severidad, o nada para ver las tres.",
    },
    "crisis.setup.error.severity": {
        "en": "“{severity}” is not a severity: sev1, sev2 or sev3.",
        "es": "«{severity}» no es una severidad: sev1, sev2 o sev3.",
    },
    "crisis.setup.error.no_severity": {
        "en": "This form is not one the app opened. Open it again with `/crisis setup`.",
        "es": "Este formulario no lo abrió la app. Vuelve a abrirlo con `/crisis setup`.",
    },
    # ---- a severity's settings, one line each (overview, saved) ----
    "crisis.setup.line.title": {
        "en": "*{severity}* · version {version}",
        "es": "*{severity}* · versión {version}",
    },
    "crisis.setup.line.title_new": {
        "en": "*{severity}* · never saved",
        "es": "*{severity}* · sin guardar",
    },
    "crisis.setup.line.level": {
        "en": "Level {n}: {users} — acknowledge within {minutes} min",
        "es": "Nivel {n}: {users} — acusar recibo en {minutes} min",
    },
    "crisis.setup.line.repeats": {
        "en": "The chain runs up to {repeats} times, then the admins are told",
        "es": "La cadena se recorre hasta {repeats} veces; después se avisa a los administradores",
    },
    "crisis.setup.line.no_chain": {
        "en": ":warning: No escalation chain: `/crisis open` pages the admins.",
        "es": ":warning: Sin cadena de escalado: `/crisis open` avisa a los administradores.",
    },
    "crisis.setup.line.status": {
        "en": "Status-update reminder every {minutes} min",
        "es": "Recordatorio de actualización cada {minutes} min",
    },
    "crisis.setup.line.status_none": {
        "en": "No status-update reminders",
        "es": "Sin recordatorios de actualización",
    },
    "crisis.setup.line.playbook_default": {
        "en": "Playbook: the default ({count} steps)",
        "es": "Protocolo: el predeterminado ({count} pasos)",
    },
    "crisis.setup.line.playbook_team": {
        "en": "Playbook: the team's own ({count} steps)",
        "es": "Protocolo: el del equipo ({count} pasos)",
    },
    # ---- the overview ----
    "crisis.setup.overview.intro": {
        "en": ":gear: *Crisis settings* — who is paged for each severity, and what the channel starts with",
        "es": ":gear: *Ajustes de crisis* — a quién se avisa en cada severidad y con qué empieza el canal",
    },
    "crisis.setup.overview.edit": {
        "en": "Edit {severity}",
        "es": "Editar {severity}",
    },
    "crisis.setup.overview.hint": {
        "en": "sev1: legal, safety or viral harm · sev2: a growing negative wave · sev3: an isolated complaint",
        "es": "sev1: daño legal, de seguridad o viral · sev2: una ola negativa creciente · sev3: una queja aislada",
    },
    # ---- the form ----
    "crisis.setup.form.title": {
        "en": "Crisis settings · {severity}",
        "es": "Ajustes crisis · {severity}",
    },
    "crisis.setup.form.submit": {"en": "Save", "es": "Guardar"},
    "crisis.setup.form.intro": {
        "en": "When a *{severity}* crisis opens, level 1 is paged; whoever does not acknowledge in time, the "
              "next level is paged. Leave a level empty to skip it.",
        "es": "Cuando se abre una crisis *{severity}*, se avisa al nivel 1; si nadie acusa recibo a tiempo, se "
              "avisa al nivel siguiente. Deja un nivel vacío para omitirlo.",
    },
    "crisis.setup.form.level": {"en": "Level {n}: who is paged", "es": "Nivel {n}: a quién se avisa"},
    "crisis.setup.form.level_hint_first": {
        "en": "Paged first, the moment the crisis opens.",
        "es": "Se les avisa primero, en cuanto se abre la crisis.",
    },
    "crisis.setup.form.level_hint": {
        "en": "Paged when nobody at level {prev} acknowledged in time.",
        "es": "Se les avisa cuando nadie del nivel {prev} acusó recibo a tiempo.",
    },
    "crisis.setup.form.ack": {
        "en": "Level {n}: minutes to acknowledge",
        "es": "Nivel {n}: minutos para acusar recibo",
    },
    "crisis.setup.form.ack_placeholder": {"en": "{minutes}", "es": "{minutes}"},
    "crisis.setup.form.ack_hint": {
        "en": "{low} to {high}; empty: the severity's default.",
        "es": "De {low} a {high}; vacío: el valor predeterminado de la severidad.",
    },
    "crisis.setup.form.repeats": {"en": "Run the chain", "es": "Recorrer la cadena"},
    "crisis.setup.form.repeats_once": {"en": "Once, no repeat", "es": "Una vez, sin repetir"},
    "crisis.setup.form.repeats_times": {"en": "{n} times", "es": "{n} veces"},
    "crisis.setup.form.repeats_hint": {
        "en": "After the last level the chain starts again; after the last round the admins are told.",
        "es": "Tras el último nivel la cadena vuelve a empezar; tras la última vuelta se avisa a los "
              "administradores.",
    },
    "crisis.setup.form.status": {
        "en": "Status-update reminder (minutes)",
        "es": "Recordatorio de actualización (minutos)",
    },
    "crisis.setup.form.status_hint": {
        "en": "{low} to {high}; empty: no reminders.",
        "es": "De {low} a {high}; vacío: sin recordatorios.",
    },
    "crisis.setup.form.playbook": {
        "en": "Playbook (one step per line)",
        "es": "Protocolo (un paso por línea)",
    },
    "crisis.setup.form.playbook_hint": {
        "en": "The crisis channel's checklist: up to {high} steps of at most {max} characters.",
        "es": "La lista de comprobación del canal de la crisis: hasta {high} pasos de {max} caracteres como mucho.",
    },
    # ---- after saving ----
    "crisis.setup.saved": {
        "en": ":white_check_mark: Crisis settings for *{severity}* saved (version {version}):",
        "es": ":white_check_mark: Ajustes de crisis de *{severity}* guardados (versión {version}):",
    },
    "crisis.setup.unchanged": {
        "en": "Nothing changed in the *{severity}* crisis settings: nothing was saved.",
        "es": "No ha cambiado nada en los ajustes de crisis de *{severity}*: no se ha guardado nada.",
    },
}
