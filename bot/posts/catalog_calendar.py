"""Texts of the publication calendar, the post lists and the .ics export (en/es). Merged into the
posts feature's catalog by bot/posts/catalog.py."""

from __future__ import annotations

_WEEKDAYS = (("Monday", "lunes"), ("Tuesday", "martes"), ("Wednesday", "miércoles"), ("Thursday", "jueves"),
             ("Friday", "viernes"), ("Saturday", "sábado"), ("Sunday", "domingo"))
_MONTHS = (("January", "enero"), ("February", "febrero"), ("March", "marzo"), ("April", "abril"),
           ("May", "mayo"), ("June", "junio"), ("July", "julio"), ("August", "agosto"),
           ("September", "septiembre"), ("October", "octubre"), ("November", "noviembre"),
           ("December", "diciembre"))

MESSAGES: dict[str, dict[str, str]] = {
    "usage.post.calendar": {
        "en": "`/post calendar [week|month] [<handle>|<brand>]` the publication calendar (this week from Monday, "
              "or this month), maybe of one account or brand; `/post calendar ics [<handle>|<brand>]` the coming "
              "90 days as an iCalendar file",
        "es": "`/post calendar [week|month] [<cuenta>|<marca>]` el calendario de publicaciones (esta semana desde "
              "el lunes, o este mes), quizá de una cuenta o marca; `/post calendar ics [<cuenta>|<marca>]` los "
              "próximos 90 días como archivo iCalendar",
    },
    "usage.post.list": {
        "en": "`/post list [mine|pending|scheduled]` your posts (from today, and any that still need you), "
              "those awaiting approval, or the approved ones still to come",
        "es": "`/post list [mine|pending|scheduled]` tus publicaciones (desde hoy, y las que aún te necesitan), "
              "las pendientes de aprobación o las aprobadas que están por salir",
    },
    "posts.cal.error.unknown_filter": {
        "en": "There is no account or brand `{ref}` in the inventory.",
        "es": "No hay ninguna cuenta ni marca `{ref}` en el inventario.",
    },
    "posts.cal.error.bad_list": {
        "en": "Which list? `mine`, `pending` or `scheduled`.",
        "es": "¿Qué lista? `mine` (mías), `pending` (pendientes) o `scheduled` (programadas).",
    },
    "posts.cal.error.bad_page": {
        "en": "That page is not there any more: run the command again for the current calendar.",
        "es": "Esa página ya no existe: vuelve a ejecutar el comando para ver el calendario actual.",
    },
    "posts.cal.day": {"en": "*{weekday} {day} {month}*", "es": "*{weekday} {day} de {month}*"},
    "posts.cal.day_continued": {"en": "*{weekday} {day} {month}* (continued)",
                                "es": "*{weekday} {day} de {month}* (continuación)"},
    "posts.cal.title.week": {
        "en": "*Publication calendar*, week of {first} to {last} ({tz}): {n} post(s)",
        "es": "*Calendario de publicaciones*, semana del {first} al {last} ({tz}): {n} publicación(es)",
    },
    "posts.cal.title.month": {
        "en": "*Publication calendar*, {month} {year} ({tz}): {n} post(s)",
        "es": "*Calendario de publicaciones*, {month} de {year} ({tz}): {n} publicación(es)",
    },
    "posts.cal.title.handle": {"en": "Account: *@{filter}*", "es": "Cuenta: *@{filter}*"},
    "posts.cal.title.brand": {"en": "Brand: *{filter}*", "es": "Marca: *{filter}*"},
    "posts.cal.list.mine": {"en": "*Your posts* ({tz}): {n}", "es": "*Tus publicaciones* ({tz}): {n}"},
    "posts.cal.list.pending": {"en": "*Posts awaiting approval* ({tz}): {n}",
                               "es": "*Publicaciones pendientes de aprobación* ({tz}): {n}"},
    "posts.cal.list.scheduled": {"en": "*Approved posts still to come* ({tz}): {n}",
                                 "es": "*Publicaciones aprobadas por salir* ({tz}): {n}"},
    "posts.cal.empty.period": {"en": "Nothing on the calendar for these dates.",
                               "es": "No hay nada en el calendario para estas fechas."},
    "posts.cal.empty.list": {"en": "No posts in this list.", "es": "No hay publicaciones en esta lista."},
    "posts.cal.row": {
        "en": "{emoji} {time} · {accounts} · {copy} · _{status}_ · `#{id}`",
        "es": "{emoji} {time} · {accounts} · {copy} · _{status}_ · `#{id}`",
    },
    "posts.cal.no_accounts": {"en": "(no account)", "es": "(sin cuenta)"},
    "posts.cal.more_accounts": {"en": "+{n} more", "es": "+{n} más"},
    "posts.cal.page": {
        "en": "Page {page} of {pages}: posts {from_n} to {to_n} of {total}.",
        "es": "Página {page} de {pages}: publicaciones {from_n} a {to_n} de {total}.",
    },
    "posts.cal.previous": {"en": "Previous", "es": "Anterior"},
    "posts.cal.next": {"en": "Next", "es": "Siguiente"},
    "posts.cal.before.week": {"en": "← Previous week", "es": "← Semana anterior"},
    "posts.cal.after.week": {"en": "Next week →", "es": "Semana siguiente →"},
    "posts.cal.before.month": {"en": "← Previous month", "es": "← Mes anterior"},
    "posts.cal.after.month": {"en": "Next month →", "es": "Mes siguiente →"},
    "posts.cal.ics.done": {
        "en": "The calendar of the coming 90 days ({n} post(s)) is on its way to your DMs as an .ics file.",
        "es": "El calendario de los próximos 90 días ({n} publicación(es)) va camino de tus mensajes directos "
              "como archivo .ics.",
    },
    "posts.cal.ics.comment": {
        "en": "The publication calendar of the coming 90 days: import it into Google Calendar, Outlook or "
              "Apple Calendar (importing a newer file updates the same events).",
        "es": "El calendario de publicaciones de los próximos 90 días: impórtalo en Google Calendar, Outlook o "
              "Calendario de Apple (importar un archivo más reciente actualiza los mismos eventos).",
    },
    "posts.cal.ics.name_all": {"en": "SocialOps publication calendar", "es": "Calendario de publicaciones SocialOps"},
    "posts.cal.ics.name": {"en": "SocialOps publication calendar: {filter}",
                           "es": "Calendario de publicaciones SocialOps: {filter}"},
    "posts.cal.ics.summary": {"en": "[{status}] {accounts}", "es": "[{status}] {accounts}"},
    "posts.cal.ics.status": {"en": "Status: {status} (post #{id})", "es": "Estado: {status} (publicación #{id})"},
    "posts.cal.ics.brand": {"en": "Brand: {brand}", "es": "Marca: {brand}"},
    "posts.cal.ics.link": {"en": "Link: {link}", "es": "Enlace: {link}"},
    "posts.cal.ics.tagged": {"en": "{network} @{handle}: {link}", "es": "{network} @{handle}: {link}"},
    "posts.cal.ics.live": {"en": "Live on {network} @{handle}: {link}",
                           "es": "Publicado en {network} @{handle}: {link}"},
    "posts.cal.ics.media": {"en": "Media: {link}", "es": "Multimedia: {link}"},
    "posts.cal.ics.published": {"en": "Published: {link}", "es": "Publicado: {link}"},
}

for _n, (_en, _es) in enumerate(_WEEKDAYS):
    MESSAGES[f"posts.cal.weekday.{_n}"] = {"en": _en, "es": _es}
for _n, (_en, _es) in enumerate(_MONTHS, start=1):
    MESSAGES[f"posts.cal.month.{_n}"] = {"en": _en, "es": _es}
