"""Texts of the Friday cadence notice (bot/posts/cadence.py), English and Spanish."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "usage.post.cadence": {
        "en": "`/post settings cadence <handle> <min> <target>` — posts per week this account should have "
              "(its custodian or an admin); `/post settings cadence <handle> default` goes back to the workspace's "
              "(1 and 4 unless changed). Set here, not in the accounts form.",
        "es": "`/post settings cadence <cuenta> <mín> <objetivo>` — publicaciones por semana que debería tener "
              "esta cuenta (su custodio o un admin); `/post settings cadence <cuenta> default` vuelve a las del "
              "espacio (1 y 4 si no se cambiaron). Se fija aquí, no en el formulario de cuentas.",
    },
    "post.error.cadence_bad": {
        "en": "Not a cadence: `{text}` — a handle and two whole numbers (minimum, target), or `default`.",
        "es": "No es un ritmo: `{text}` — una cuenta y dos números enteros (mínimo, objetivo), o `default`.",
    },
    "post.error.cadence_range": {
        "en": "`{text}`: the minimum cannot be above the target, and the target is at most {max} a week.",
        "es": "`{text}`: el mínimo no puede superar el objetivo, y el objetivo es como mucho {max} por semana.",
    },
    "post.cadence.saved": {
        "en": ":white_check_mark: {network} @{handle}: at least {minimum} and ideally {target} posts a week.",
        "es": ":white_check_mark: {network} @{handle}: al menos {minimum} y a ser posible {target} "
              "publicaciones por semana.",
    },
    "post.cadence.saved_default": {
        "en": ":white_check_mark: {network} @{handle} follows the workspace's cadence again: at least {minimum} "
              "and ideally {target} posts a week.",
        "es": ":white_check_mark: {network} @{handle} vuelve al ritmo del espacio: al menos {minimum} y a ser "
              "posible {target} publicaciones por semana.",
    },
    "posts.cadence.title": {
        "en": ":calendar: *Posting cadence for the week of {week}* ({tz})",
        "es": ":calendar: *Ritmo de publicación de la semana del {week}* ({tz})",
    },
    "posts.cadence.on_track": {
        "en": ":white_check_mark: Every account is on track for the week of {week}: at or above its target.",
        "es": ":white_check_mark: Todas las cuentas van al día la semana del {week}: en su objetivo o por encima.",
    },
    "posts.cadence.below_min": {
        "en": ":warning: *Below the minimum* — plan something or the profile looks abandoned:",
        "es": ":warning: *Por debajo del mínimo* — programad algo o el perfil parecerá abandonado:",
    },
    "posts.cadence.below_target": {
        "en": ":small_orange_diamond: *Below target*:",
        "es": ":small_orange_diamond: *Por debajo del objetivo*:",
    },
    "posts.cadence.line.min": {
        "en": "• {brand} — {network} @{handle}: {planned} planned, minimum {minimum}; last published: {last}",
        "es": "• {brand} — {network} @{handle}: {planned} programadas, mínimo {minimum}; última publicada: {last}",
    },
    "posts.cadence.line.target": {
        "en": "• {brand} — {network} @{handle}: {planned} planned, target {target}",
        "es": "• {brand} — {network} @{handle}: {planned} programadas, objetivo {target}",
    },
    "posts.cadence.never": {
        "en": "never",
        "es": "nunca",
    },
}
