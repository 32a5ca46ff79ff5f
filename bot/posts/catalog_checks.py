"""Texts of the post rules (bot/posts/checks.py, text.py, utm.py): each error says what to change.

Merged into the posts feature's catalog by bot/posts/catalog.py. Shown as modal inline errors
(plain text) and in command answers and previews (mrkdwn: the handler neutralises the author's
words passed in {words}, {tags}, {existing}).
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- blocking errors, by field ----
    "post.check.error.no_accounts": {
        "en": "Choose at least one account to publish on.",
        "es": "Elige al menos una cuenta en la que publicar.",
    },
    "post.check.error.when_past": {
        "en": "That time has already passed ({when}). Choose a time at least {minutes} minutes from now.",
        "es": "Esa hora ya ha pasado ({when}). Elige una hora al menos {minutes} minutos a partir de ahora.",
    },
    "post.check.error.when_too_soon": {
        "en": "{when} is only {left} minutes away: approval needs time. Choose a time at least {minutes} "
              "minutes from now.",
        "es": "{when} es dentro de solo {left} minutos: la aprobación necesita tiempo. Elige una hora al menos "
              "{minutes} minutos a partir de ahora.",
    },
    "post.check.error.copy_empty": {
        "en": "There is no text to publish. Write the copy.",
        "es": "No hay texto que publicar. Escribe el texto.",
    },
    "post.check.error.too_long": {
        "en": "The {network} version is {count} of {limit} characters: shorten it by {over}.",
        "es": "La versión de {network} tiene {count} de {limit} caracteres: acórtala en {over}.",
    },
    "post.check.error.too_long_x": {
        "en": "The {network} version is {count} of {limit} characters (links count 23, emoji and CJK "
              "characters 2): shorten it by {over}.",
        "es": "La versión de {network} tiene {count} de {limit} caracteres (los enlaces cuentan 23, los emoji "
              "y los caracteres CJK 2): acórtala en {over}.",
    },
    "post.check.error.too_many_hashtags": {
        "en": "The {network} version has {count} hashtags; {network} allows {limit}: remove {over}.",
        "es": "La versión de {network} tiene {count} hashtags; {network} admite {limit}: quita {over}.",
    },
    "post.check.error.forbidden_words": {
        "en": "The copy uses words the brand forbids: {words}. Rephrase it without them.",
        "es": "El texto usa palabras que la marca prohíbe: {words}. Redáctalo sin ellas.",
    },
    "post.check.error.never_topics": {
        "en": "The copy touches topics the brand never publishes about: {words}. Remove them.",
        "es": "El texto toca temas sobre los que la marca nunca publica: {words}. Quítalos.",
    },
    "post.check.error.topic_never": {
        "en": "The brand never publishes about {words}. Choose another topic.",
        "es": "La marca nunca publica sobre {words}. Elige otro tema.",
    },
    "post.check.error.campaign_no_letters": {
        "en": "The campaign name needs letters or digits (it becomes utm_campaign).",
        "es": "El nombre de la campaña necesita letras o números (se convierte en utm_campaign).",
    },
    "post.check.error.link_empty": {
        "en": "The link is empty. Paste a link starting with https://, or leave the field blank.",
        "es": "El enlace está vacío. Pega un enlace que empiece por https:// o deja el campo en blanco.",
    },
    "post.check.error.link_not_http": {
        "en": "That is not a web link. Paste a full link with its host, starting with https:// or http://.",
        "es": "Eso no es un enlace web. Pega un enlace completo, con su dominio, que empiece por https:// o "
              "http://.",
    },
    "post.check.error.link_spaces": {
        "en": "The link contains spaces or invisible characters. Paste it again as one piece.",
        "es": "El enlace contiene espacios o caracteres invisibles. Vuelve a pegarlo de una pieza.",
    },
    "post.check.error.link_characters": {
        "en": "The link contains characters a link cannot hold ({chars}). Copy it again from the browser's "
              "address bar.",
        "es": "El enlace contiene caracteres que un enlace no puede llevar ({chars}). Cópialo de nuevo de la barra "
              "de direcciones del navegador.",
    },
    "post.check.error.link_credentials": {
        "en": "The link carries a user name or password, which would be published. Remove the part before @.",
        "es": "El enlace lleva un usuario o contraseña, que se publicarían. Quita la parte anterior a @.",
    },
    "post.check.error.link_too_long": {
        "en": "The link is {length} characters; the limit is {limit}. Use a shorter link.",
        "es": "El enlace tiene {length} caracteres; el límite es {limit}. Usa un enlace más corto.",
    },
    "post.check.error.utm_conflict": {
        "en": "The link already has {param}={existing}, but for {network} it must be {param}={ours}. Remove "
              "{param} from the link: it is added per account.",
        "es": "El enlace ya tiene {param}={existing}, pero para {network} debe ser {param}={ours}. Quita {param} "
              "del enlace: se añade por cuenta.",
    },
    # ---- warnings shown in the preview (they do not block) ----
    "post.check.warn.unapproved_hashtags": {
        "en": "Hashtags outside the brand's approved list: {tags}.",
        "es": "Hashtags fuera de la lista aprobada de la marca: {tags}.",
    },
    "post.check.warn.link_in_caption": {
        "en": "The {network} caption of {handle} contains a link, which {network} does not make clickable: "
              "use the link field or the profile's bio.",
        "es": "El texto de {network} de {handle} contiene un enlace, que {network} no hace clicable: usa el "
              "campo de enlace o la biografía del perfil.",
    },
    "post.check.warn.outside_usual_hours": {
        "en": "{time} ({tz}) is outside the brand's usual posting hours ({hours}).",
        "es": "{time} ({tz}) está fuera del horario habitual de publicación de la marca ({hours}).",
    },
    # ---- limit settings (text.parse_limit_override) ----
    "post.check.limit.bad_kind": {
        "en": "`{text}` is not a kind of limit: use `limit` (characters) or `hashtags`.",
        "es": "`{text}` no es un tipo de límite: usa `limit` (caracteres) o `hashtags`.",
    },
    "post.check.limit.bad_network": {
        "en": "`{text}` is not a network. Networks: {networks}.",
        "es": "`{text}` no es una red. Redes: {networks}.",
    },
    "post.check.limit.not_positive": {
        "en": "`{text}` is not a limit: give a whole number greater than 0.",
        "es": "`{text}` no es un límite: indica un número entero mayor que 0.",
    },
    "post.check.limit.hashtag_range": {
        "en": "The {network} hashtag limit must be between {low} and {high}, not {value}.",
        "es": "El límite de hashtags de {network} debe estar entre {low} y {high}, no {value}.",
    },
    "post.check.limit.too_large": {
        "en": "{value} characters is more than any network allows (at most {high}). Check the number.",
        "es": "{value} caracteres es más de lo que admite cualquier red (como mucho {high}). Revisa el número.",
    },
}
