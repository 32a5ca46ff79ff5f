"""KPI texts (data part: `/kpi log`, CSV imports, a CSV shared in a DM), en/es."""

from __future__ import annotations

_USAGE: dict[str, dict[str, str]] = {
    "usage.kpi.log": {
        "en": "`/kpi log <handle> <metric> <value> [YYYY-MM-DD]` — log one day's figure of an account "
              "(default: today). `/kpi log competitor <brand> <name> <followers|posts|engagements|mentions> "
              "<value> [YYYY-MM-DD]` — a competitor's public figure. A value is a plain number: `1234`, "
              "`12.5` or `12,5`, no thousands separators. Derived metrics (engagement rate, CTR, response "
              "rate, share of voice) are computed: log their parts",
        "es": "`/kpi log <cuenta> <métrica> <valor> [AAAA-MM-DD]` — registrar la cifra de un día de una "
              "cuenta (por defecto: hoy). `/kpi log competitor <marca> <nombre> "
              "<followers|posts|engagements|mentions> <valor> [AAAA-MM-DD]` — una cifra pública de un "
              "competidor. Un valor es un número sin más: `1234`, `12.5` o `12,5`, sin separador de miles. "
              "Las métricas derivadas (tasa de interacción, CTR, tasa de respuesta, cuota de voz) se "
              "calculan: registra sus partes",
    },
    "usage.kpi.import": {
        "en": "Send me a CSV file in a direct message (`date,account,metric,value`, UTF-8, `,` or `;`), or "
              "run `socialops kpi import file.csv`. A Meta Business Suite or LinkedIn export needs the "
              "account: write its handle in the message you send the file with. Up to 50,000 lines and 10 MB; "
              "a file with any wrong line is refused whole",
        "es": "Envíame un archivo CSV por mensaje directo (`date,account,metric,value`, UTF-8, `,` o `;`), o "
              "ejecuta `socialops kpi import archivo.csv`. Una exportación de Meta Business Suite o LinkedIn "
              "necesita la cuenta: escribe su usuario en el mensaje con el que envías el archivo. Hasta "
              "50.000 líneas y 10 MB; un archivo con alguna línea mal se rechaza entero",
    },
}

_LOG: dict[str, dict[str, str]] = {
    "kpi.data.log_empty": {"en": "Which figure?", "es": "¿Qué cifra?"},
    "kpi.data.log_short": {
        "en": "Say the account, the metric and the value.",
        "es": "Indica la cuenta, la métrica y el valor.",
    },
    "kpi.data.competitor_short": {
        "en": "Say the brand, the competitor's name, the metric and the value.",
        "es": "Indica la marca, el nombre del competidor, la métrica y el valor.",
    },
    "kpi.data.word_too_long": {
        "en": "A word is longer than {limit} characters.",
        "es": "Una palabra tiene más de {limit} caracteres.",
    },
    "kpi.data.not_a_number": {
        "en": "`{value}` is not a number (a plain number: `1234`, `12.5` or `12,5`, no thousands separators).",
        "es": "`{value}` no es un número (un número sin más: `1234`, `12.5` o `12,5`, sin separador de miles).",
    },
    "kpi.data.bad_date": {
        "en": "`{date}` is not a date: write it as YYYY-MM-DD.",
        "es": "`{date}` no es una fecha: escríbela como AAAA-MM-DD.",
    },
    "kpi.data.future_day": {
        "en": "{day} is in the future (today is {today}): figures are logged once the day has happened.",
        "es": "{day} es una fecha futura (hoy es {today}): las cifras se registran cuando el día ya ha pasado.",
    },
    "kpi.data.old_day": {
        "en": "{day} is more than two years ago: the oldest day taken is {oldest}.",
        "es": "{day} es de hace más de dos años: el día más antiguo que se acepta es {oldest}.",
    },
    "kpi.data.too_large": {
        "en": "`{value}` is too large for a social media figure.",
        "es": "`{value}` es demasiado grande para una cifra de redes sociales.",
    },
    "kpi.data.negative": {
        "en": "{metric} cannot be negative (`{value}`).",
        "es": "{metric} no puede ser negativo (`{value}`).",
    },
    "kpi.data.not_whole": {
        "en": "{metric} is a count: a whole number, not `{value}` (no thousands separators).",
        "es": "{metric} es un recuento: un número entero, no `{value}` (sin separador de miles).",
    },
    "kpi.data.no_metric": {
        "en": "Which metric? One of: {names}.",
        "es": "¿Qué métrica? Una de: {names}.",
    },
    "kpi.data.unknown_metric": {
        "en": "There is no metric `{metric}`. Metrics: {names}.",
        "es": "No existe la métrica `{metric}`. Métricas: {names}.",
    },
    "kpi.data.derived": {
        "en": "{metric} is computed from {parts}: log those.",
        "es": "{metric} se calcula a partir de {parts}: registra esas.",
    },
    "kpi.data.competitor_metric": {
        "en": "A competitor's `{metric}` is not logged: only {names}.",
        "es": "De un competidor no se registra `{metric}`: solo {names}.",
    },
    "kpi.data.no_brand_profile": {
        "en": "There is no brand profile for `{brand}`: its competitors are listed there (`/socialops brand`).",
        "es": "No hay perfil de marca para `{brand}`: sus competidores se indican allí (`/socialops brand`).",
    },
    "kpi.data.not_a_competitor": {
        "en": "`{name}` is not a competitor in the profile of {brand}. Its competitors: {names}.",
        "es": "`{name}` no es un competidor del perfil de {brand}. Sus competidores: {names}.",
    },
    "kpi.data.logged": {
        "en": ":white_check_mark: Logged {metric} = {value} for {subject} on {day}.",
        "es": ":white_check_mark: Registrado {metric} = {value} para {subject} el {day}.",
    },
    "kpi.data.relogged": {
        "en": ":white_check_mark: Logged {metric} = {value} for {subject} on {day} (was {previous}).",
        "es": ":white_check_mark: Registrado {metric} = {value} para {subject} el {day} (antes {previous}).",
    },
    "kpi.data.log_unchanged": {
        "en": "{metric} for {subject} on {day} was already {value}: nothing changed.",
        "es": "{metric} de {subject} el {day} ya era {value}: no ha cambiado nada.",
    },
}

_FILE: dict[str, dict[str, str]] = {
    "kpi.data.file_too_big": {
        "en": "The file is {size} MB: at most {limit} MB. Split it and send the parts.",
        "es": "El archivo ocupa {size} MB: como mucho {limit} MB. Divídelo y envía las partes.",
    },
    "kpi.data.too_many_rows": {
        "en": "The file has more than {limit} lines: split it and send the parts. Nothing was written.",
        "es": "El archivo tiene más de {limit} líneas: divídelo y envía las partes. No se ha guardado nada.",
    },
    "kpi.data.utf16": {
        "en": "The file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" and send it again.",
        "es": "El archivo está en UTF-16 (\"Texto Unicode\" de Excel): guárdalo como \"CSV UTF-8\" y vuelve "
              "a enviarlo.",
    },
    "kpi.data.not_utf8": {
        "en": "The file is not UTF-8 (byte {byte} on line {line}; an old Excel saves Latin-1): save it as "
              "\"CSV UTF-8\" and send it again.",
        "es": "El archivo no está en UTF-8 (byte {byte} en la línea {line}; un Excel antiguo guarda en "
              "Latin-1): guárdalo como \"CSV UTF-8\" y vuelve a enviarlo.",
    },
    "kpi.data.bad_csv": {
        "en": "The file is not a readable CSV at line {line} ({reason}).",
        "es": "El archivo no es un CSV legible en la línea {line} ({reason}).",
    },
    "kpi.data.empty_file": {
        "en": "The file is empty. The first line names the columns: `{expected}`.",
        "es": "El archivo está vacío. La primera línea nombra las columnas: `{expected}`.",
    },
    "kpi.data.no_rows": {
        "en": "The file has no figures, only its header. The format: `{expected}`, one figure a line.",
        "es": "El archivo no tiene cifras, solo la cabecera. El formato: `{expected}`, una cifra por línea.",
    },
    "kpi.data.unknown_columns": {
        "en": "These columns are not a format I read ({columns}). The first line must be `{expected}`, "
              "or be the header of an export I know: {known}.",
        "es": "Estas columnas no son un formato que lea ({columns}). La primera línea debe ser `{expected}`, "
              "o la cabecera de una exportación que conozco: {known}.",
    },
    "kpi.data.needs_account": {
        "en": "This is a {label} file: it does not say which account it is. Name it: `socialops kpi import "
              "file.csv --account instagram:acme`, or write the handle in the message you send the file with.",
        "es": "Es un archivo de {label}: no dice de qué cuenta es. Indícala: `socialops kpi import "
              "archivo.csv --account instagram:acme`, o escribe el usuario en el mensaje con el que envías "
              "el archivo.",
    },
    "kpi.data.comma_decimal": {
        "en": "`{value}` has a comma in a comma-separated file: use `.` for decimals and no thousands separators.",
        "es": "`{value}` lleva una coma en un archivo separado por comas: usa `.` para los decimales y sin "
              "separador de miles.",
    },
    "kpi.data.row_columns": {
        "en": "{found} columns where {expected} were expected.",
        "es": "{found} columnas donde se esperaban {expected}.",
    },
    "kpi.data.no_account": {"en": "The account is empty.", "es": "La cuenta está vacía."},
    "kpi.data.no_metric_cell": {"en": "The metric is empty.", "es": "La métrica está vacía."},
    "kpi.data.empty_value": {"en": "The value is empty.", "es": "El valor está vacío."},
    "kpi.data.competitor_ref": {
        "en": "`{ref}`: a competitor is written `competitor:<brand>:<name>`.",
        "es": "`{ref}`: un competidor se escribe `competitor:<marca>:<nombre>`.",
    },
    "kpi.data.duplicate_row": {
        "en": "The same account, metric and day as line {first}.",
        "es": "La misma cuenta, métrica y día que la línea {first}.",
    },
    "kpi.data.import_rejected": {
        "en": ":x: {filename} was not imported: {count} line(s) to fix.",
        "es": ":x: {filename} no se ha importado: {count} línea(s) por corregir.",
    },
    "kpi.data.line": {"en": "• line {line}: {reason}", "es": "• línea {line}: {reason}"},
    "kpi.data.and_more": {"en": "…and {count} more.", "es": "…y {count} más."},
    "kpi.data.nothing_written": {
        "en": "Nothing was written: fix the file and send it again.",
        "es": "No se ha guardado nada: corrige el archivo y vuelve a enviarlo.",
    },
    "kpi.data.already_imported": {
        "en": "This file was already imported on {at} by {by} (as {filename}): nothing was written.",
        "es": "Este archivo ya se importó el {at} por {by} (como {filename}): no se ha guardado nada.",
    },
    "kpi.data.file_seen": {
        "en": "{filename} has already been read.",
        "es": "{filename} ya se ha leído.",
    },
    "kpi.data.imported": {
        "en": ":white_check_mark: {filename} ({label}) imported: {figures} figure(s) for {subjects} "
              "account(s) or competitor(s), {first} to {last} — {inserted} new, {updated} updated, "
              "{unchanged} unchanged.",
        "es": ":white_check_mark: {filename} ({label}) importado: {figures} cifra(s) de {subjects} "
              "cuenta(s) o competidor(es), del {first} al {last} — {inserted} nuevas, {updated} "
              "actualizadas, {unchanged} sin cambios.",
    },
    "kpi.data.skipped_lines": {
        "en": "{count} line(s) without a date (totals, descriptions) were skipped.",
        "es": "Se han omitido {count} línea(s) sin fecha (totales, descripciones).",
    },
    "kpi.data.file_not_csv": {
        "en": "{filename} is not a CSV file: I import KPI figures from `.csv` files only.",
        "es": "{filename} no es un archivo CSV: solo importo cifras de KPI de archivos `.csv`.",
    },
    "kpi.data.file_unreadable": {
        "en": "I could not download {filename} from Slack ({reason}): nothing was written. Try again later.",
        "es": "No he podido descargar {filename} de Slack ({reason}): no se ha guardado nada. Inténtalo "
              "más tarde.",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_USAGE, **_LOG, **_FILE}
