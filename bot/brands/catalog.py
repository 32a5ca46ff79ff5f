"""Brand profile texts (SPEC §8), English and Spanish."""

MESSAGES: dict[str, dict[str, str]] = {
    "usage.socialops.brand": {
        "en": "`/socialops brand [<brand>]` — a brand's profile: services, audience, tone, forbidden words, "
              "hashtags, posting hours… (custodians, approvers and admins edit; everyone reads)\n"
              "`/socialops brand <brand> history [<page>]` — every version of the profile: who, when, what changed",
        "es": "`/socialops brand [<marca>]` — el perfil de una marca: servicios, público, tono, palabras "
              "prohibidas, hashtags, horario de publicación… (editan custodios, aprobadores y administradores; "
              "todos lo leen)\n"
              "`/socialops brand <marca> history [<página>]` — cada versión del perfil: quién, cuándo, qué cambió",
    },
    # -- errors
    "brands.error.unknown": {
        "en": "There is no brand *{brand}* in the inventory. Brands here: {brands}.",
        "es": "No hay ninguna marca *{brand}* en el inventario. Marcas aquí: {brands}.",
    },
    "brands.error.no_brands": {
        "en": "There are no brands yet: a brand appears when an account of it is added with `/accounts add`.",
        "es": "Todavía no hay marcas: una marca aparece al añadir una cuenta suya con `/accounts add`.",
    },
    "brands.error.history_needs_brand": {
        "en": "Say which brand: `/socialops brand <brand> history`.",
        "es": "Indica la marca: `/socialops brand <marca> history`.",
    },
    "brands.error.no_page": {
        "en": "There is no page {page}: the history has {pages} page(s).",
        "es": "No hay página {page}: el historial tiene {pages} página(s).",
    },
    "brands.error.pick": {"en": "Choose a brand from the list.", "es": "Elige una marca de la lista."},
    "brands.error.stale_form": {
        "en": "This form is no longer valid. Close it and open it again with `/socialops brand`.",
        "es": "Este formulario ya no es válido. Ciérralo y vuelve a abrirlo con `/socialops brand`.",
    },
    "brands.error.conflict": {
        "en": "Changed by @{who} meanwhile (now version {version}): nothing was saved. Close this form and "
              "reopen it to see their changes.",
        "es": "Lo cambió @{who} mientras tanto (ahora versión {version}): no se guardó nada. Cierra este "
              "formulario y vuelve a abrirlo para ver sus cambios.",
    },
    "brands.error.conflict_unknown": {
        "en": "The profile changed meanwhile: nothing was saved. Close this form and reopen it.",
        "es": "El perfil cambió mientras tanto: no se guardó nada. Cierra este formulario y vuelve a abrirlo.",
    },
    "brands.error.too_long": {
        "en": "Too long: {length} characters, at most {max}.",
        "es": "Demasiado largo: {length} caracteres, como mucho {max}.",
    },
    "brands.error.item_too_long": {
        "en": "“{item}” is too long: at most {max} characters per entry.",
        "es": "“{item}” es demasiado largo: como mucho {max} caracteres por entrada.",
    },
    "brands.error.too_many": {
        "en": "Too many entries: {count}, at most {max}.",
        "es": "Demasiadas entradas: {count}, como mucho {max}.",
    },
    "brands.error.bad_hashtag": {
        "en": "“{item}” is not a hashtag: letters, digits and _ only, no spaces (e.g. #SummerSale).",
        "es": "“{item}” no es un hashtag: solo letras, cifras y _, sin espacios (p. ej. #Rebajas).",
    },
    "brands.error.bad_hours": {
        "en": "“{item}” is not a range of hours: write start-end in 24 h, e.g. 09-13, 17-20.",
        "es": "“{item}” no es un intervalo de horas: escribe inicio-fin en 24 h, p. ej. 09-13, 17-20.",
    },
    "brands.error.hours_whole": {
        "en": "“{item}”: use whole hours (09-13, not 09:30-13).",
        "es": "“{item}”: usa horas en punto (09-13, no 09:30-13).",
    },
    "brands.error.hours_order": {
        "en": "“{item}”: the end must come after the start; past midnight, write it as two ranges (22-24, 00-02).",
        "es": "“{item}”: el fin debe ir después del inicio; pasada la medianoche, escríbelo como dos "
              "intervalos (22-24, 00-02).",
    },
    "brands.error.hours_overlap": {
        "en": "Two ranges overlap: write each hour once (09-13, 17-20).",
        "es": "Dos intervalos se solapan: escribe cada hora una sola vez (09-13, 17-20).",
    },
    # -- fields
    "brands.field.services": {"en": "Services", "es": "Servicios"},
    "brands.field.audience": {"en": "Audience", "es": "Público"},
    "brands.field.competitors": {"en": "Competitors", "es": "Competidores"},
    "brands.field.people_say": {"en": "What people say about us", "es": "Qué dice la gente de nosotros"},
    "brands.field.push_topics": {"en": "Topics to push", "es": "Temas a impulsar"},
    "brands.field.never_topics": {"en": "Topics never to publish", "es": "Temas que nunca se publican"},
    "brands.field.forbidden_words": {"en": "Forbidden words", "es": "Palabras prohibidas"},
    "brands.field.tone": {"en": "Tone", "es": "Tono"},
    "brands.field.approved_hashtags": {"en": "Approved hashtags", "es": "Hashtags aprobados"},
    "brands.field.keywords": {"en": "Keywords", "es": "Palabras clave"},
    "brands.field.usual_hours": {"en": "Usual posting hours", "es": "Horario habitual de publicación"},
    # -- the form
    "brands.modal.title": {"en": "Brand profile", "es": "Perfil de marca"},
    "brands.modal.submit": {"en": "Save", "es": "Guardar"},
    "brands.modal.intro": {
        "en": "*{brand}* — version {version}. Used to check posts before approval.",
        "es": "*{brand}* — versión {version}. Se usa para revisar las publicaciones antes de aprobarlas.",
    },
    "brands.modal.list_hint": {
        "en": "One per line, or separated by commas.",
        "es": "Una por línea, o separadas por comas.",
    },
    "brands.modal.hashtags_hint": {
        "en": "One per line, or separated by commas; the # is added if missing.",
        "es": "Uno por línea, o separados por comas; se añade la # si falta.",
    },
    "brands.modal.hours_hint": {
        "en": "Whole hours in the workspace time zone ({tz}), e.g. 09-13, 17-20. Posts outside get a warning.",
        "es": "Horas en punto en la zona horaria del espacio ({tz}), p. ej. 09-13, 17-20. Las publicaciones "
              "fuera de ese horario reciben un aviso.",
    },
    # -- the picker
    "brands.pick.prompt": {"en": "Which brand's profile?", "es": "¿El perfil de qué marca?"},
    "brands.pick.placeholder": {"en": "Choose a brand", "es": "Elige una marca"},
    "brands.pick.more": {
        "en": "Showing the first {shown} of {total} brands; name one with `/socialops brand <brand>`.",
        "es": "Se muestran las primeras {shown} de {total} marcas; indica una con `/socialops brand <marca>`.",
    },
    # -- after a save
    "brands.saved": {
        "en": ":white_check_mark: Saved version {version} of *{brand}*'s profile. Changed: {fields}.",
        "es": ":white_check_mark: Guardada la versión {version} del perfil de *{brand}*. Cambios: {fields}.",
    },
    "brands.unchanged": {
        "en": "Nothing changed in *{brand}*'s profile: no new version was saved.",
        "es": "No cambió nada en el perfil de *{brand}*: no se guardó ninguna versión nueva.",
    },
    # -- read-only
    "brands.show.title": {"en": "Brand profile: {brand}", "es": "Perfil de marca: {brand}"},
    "brands.show.version": {
        "en": "Version {version}, saved by <@{user}> on {when}. `/socialops brand {brand} history` for every change.",
        "es": "Versión {version}, guardada por <@{user}> el {when}. `/socialops brand {brand} history` para "
              "cada cambio.",
    },
    "brands.show.never": {
        "en": "Nobody has written *{brand}*'s profile yet.",
        "es": "Todavía nadie ha escrito el perfil de *{brand}*.",
    },
    "brands.show.readonly": {
        "en": "Read-only: custodians, approvers and admins edit it.",
        "es": "Solo lectura: lo editan custodios, aprobadores y administradores.",
    },
    "brands.show.empty": {"en": "—", "es": "—"},
    "brands.show.field": {"en": "*{field}*\n{value}", "es": "*{field}*\n{value}"},
    # -- history
    "brands.history.title": {"en": "Profile history: {brand}", "es": "Historial del perfil: {brand}"},
    "brands.history.none": {
        "en": "*{brand}*'s profile has never been saved.",
        "es": "El perfil de *{brand}* nunca se ha guardado.",
    },
    "brands.history.row": {
        "en": "*Version {version}* · <@{user}> · {when}\nChanged: {fields}",
        "es": "*Versión {version}* · <@{user}> · {when}\nCambios: {fields}",
    },
    "brands.history.change": {"en": "• _{field}_: {old} → {new}", "es": "• _{field}_: {old} → {new}"},
    "brands.history.page": {
        "en": "Page {page} of {pages} · {total} version(s).",
        "es": "Página {page} de {pages} · {total} versión(es).",
    },
    "brands.history.older": {
        "en": "Older versions: `/socialops brand {brand} history {next}`",
        "es": "Versiones anteriores: `/socialops brand {brand} history {next}`",
    },
}
