"""Texts of the account inventory and vault (SPEC §2)."""

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.accounts.description": {
        "en": "Account inventory and password vault",
        "es": "Inventario de cuentas y bóveda de contraseñas",
    },
    "usage.accounts.list": {"en": "`/accounts` — the inventory, by brand",
                            "es": "`/accounts` — el inventario, por marca"},
    "usage.accounts.add": {"en": "`/accounts add` — register an account (custodians)",
                           "es": "`/accounts add` — registrar una cuenta (custodios)"},
    "usage.accounts.show": {"en": "`/accounts show <handle>` — one account, no secret",
                            "es": "`/accounts show <usuario>` — una cuenta, sin secretos"},
    "usage.accounts.edit": {"en": "`/accounts edit <handle>` — change its record (its custodian, admins)",
                            "es": "`/accounts edit <usuario>` — cambiar su ficha (su custodio, admins)"},
    "usage.accounts.archive": {"en": "`/accounts archive <handle>` — take it out of the inventory",
                               "es": "`/accounts archive <usuario>` — sacarla del inventario"},
    "usage.accounts.reveal": {
        "en": "`/accounts reveal <handle>` — see the password in a window (its custodian, admins; recorded); "
              "`/accounts reveal <handle> mailbox` — the login mailbox's password",
        "es": "`/accounts reveal <usuario>` — ver la contraseña en una ventana (su custodio, admins; queda "
              "registrado); `/accounts reveal <usuario> mailbox` — la contraseña del buzón de inicio",
    },
    "usage.accounts.rotate": {
        "en": "`/accounts rotate <handle>` — record a new password (typed or generated); "
              "`/accounts rotate <handle> mailbox` — the login mailbox's",
        "es": "`/accounts rotate <usuario>` — registrar una contraseña nueva (escrita o generada); "
              "`/accounts rotate <usuario> mailbox` — la del buzón de inicio",
    },
    "usage.accounts.compromised": {
        "en": "`/accounts compromised <handle>` — report it compromised (anyone)",
        "es": "`/accounts compromised <usuario>` — avisar de que está comprometida (cualquiera)",
    },
    "usage.accounts.export": {"en": "`/accounts export` — the inventory as CSV, no secrets, in your DMs",
                              "es": "`/accounts export` — el inventario en CSV, sin secretos, por mensaje directo"},
    # errors
    "accounts.error.no_handle": {
        "en": "Which account? Give its handle, e.g. `@acme` or `instagram:acme`.",
        "es": "¿Qué cuenta? Indica su usuario, p. ej. `@acme` o `instagram:acme`.",
    },
    "accounts.error.not_found": {
        "en": "There is no account `{ref}` in the inventory. `/accounts` lists them.",
        "es": "No hay ninguna cuenta `{ref}` en el inventario. `/accounts` las muestra.",
    },
    "accounts.error.no_such_account": {
        "en": "There is no such account in the inventory. `/accounts` lists them.",
        "es": "No existe esa cuenta en el inventario. `/accounts` las muestra.",
    },
    "accounts.error.ambiguous": {
        "en": "@{handle} is registered on several networks: {choices}. Say which one with `network:handle`.",
        "es": "@{handle} está registrada en varias redes: {choices}. Indica cuál con `red:usuario`.",
    },
    "accounts.error.not_custodian": {
        "en": ":no_entry: Only this account's custodian (<@{custodian}>) or an admin may do that. "
              "The attempt was recorded.",
        "es": ":no_entry: Solo el custodio de esta cuenta (<@{custodian}>) o un admin puede hacerlo. "
              "El intento quedó registrado.",
    },
    "accounts.error.handle_taken": {"en": "{network} @{handle} is already in the inventory.",
                                    "es": "{network} @{handle} ya está en el inventario."},
    "accounts.error.no_vault": {
        "en": ":lock: The vault has no key configured, so passwords cannot be stored or shown. An operator "
              "must make a key with `socialops keys generate`, put it in SOCIALOPS_VAULT_KEYS (or in the file "
              "named by SOCIALOPS_VAULT_KEY_FILE) and restart.",
        "es": ":lock: La bóveda no tiene clave configurada: no se pueden guardar ni mostrar contraseñas. Un "
              "operador debe crear una clave con `socialops keys generate`, ponerla en SOCIALOPS_VAULT_KEYS (o en "
              "el fichero indicado por SOCIALOPS_VAULT_KEY_FILE) y reiniciar.",
    },
    "accounts.error.no_secret": {
        "en": "No password is stored for {network} @{handle}. Record one with `/accounts rotate {network}:{handle}`.",
        "es": "No hay contraseña guardada para {network} @{handle}. Regístrala con "
              "`/accounts rotate {network}:{handle}`.",
    },
    "accounts.error.no_mailbox_secret": {
        "en": "The company does not hold the login mailbox's password of {network} @{handle}: none is stored. "
              "Record it with `/accounts rotate {network}:{handle} mailbox`.",
        "es": "La empresa no tiene la contraseña del buzón de inicio de {network} @{handle}: no hay ninguna "
              "guardada. Regístrala con `/accounts rotate {network}:{handle} mailbox`.",
    },
    "accounts.error.no_such_page": {
        "en": "That page of the inventory does not exist (it has {pages} page(s) now). Type `/accounts` to start "
              "from the first.",
        "es": "Esa página del inventario no existe (ahora tiene {pages} página(s)). Escribe `/accounts` para "
              "empezar por la primera.",
    },
    "accounts.error.bad_page": {
        "en": "That is not a page of the inventory. Type `/accounts` to start from the first.",
        "es": "Eso no es una página del inventario. Escribe `/accounts` para empezar por la primera.",
    },
    "accounts.error.archived": {"en": "{network} @{handle} is archived.",
                                "es": "{network} @{handle} está archivada."},
    "accounts.error.required": {"en": "Required.", "es": "Obligatorio."},
    "accounts.error.bad_network": {"en": "Choose a network from the list.", "es": "Elige una red de la lista."},
    "accounts.error.bad_handle": {
        "en": "Handles on {network} are letters, digits, dots and underscores (at most 120), with or without @.",
        "es": "Los usuarios en {network} son letras, dígitos, puntos y guiones bajos (máximo 120), con o sin @.",
    },
    "accounts.error.bad_name": {
        "en": "Use letters, digits, spaces and . _ - & ' (at most 120).",
        "es": "Usa letras, dígitos, espacios y . _ - & ' (máximo 120).",
    },
    "accounts.error.bad_url": {"en": "Not a web address: give the full URL, starting with https://",
                               "es": "No es una dirección web: escribe la URL completa, empezando por https://"},
    "accounts.error.bad_email": {"en": "`{text}` is not a valid e-mail address.",
                                 "es": "`{text}` no es una dirección de correo válida."},
    "accounts.error.bad_phone": {
        "en": "Write the phone with its country code, e.g. +34 600 123 456.",
        "es": "Escribe el teléfono con su prefijo de país, p. ej. +34 600 123 456.",
    },
    "accounts.error.custodian_role": {
        "en": "The custodian must hold the custodian role (or be an admin). An admin gives it with "
              "`/socialops role add @person custodian`.",
        "es": "El custodio debe tener el rol de custodio (o ser admin). Un admin lo asigna con "
              "`/socialops role add @persona custodian`.",
    },
    "accounts.error.bad_choice": {"en": "Choose one of the options.", "es": "Elige una de las opciones."},
    "accounts.error.too_long": {"en": "At most {max} characters.", "es": "Máximo {max} caracteres."},
    "accounts.error.password_required": {"en": "Type the password, or choose «generate».",
                                         "es": "Escribe la contraseña, o elige «generar»."},
    "accounts.error.mode_required": {"en": "Choose: type the new password, or let me generate one.",
                                     "es": "Elige: escribir la contraseña nueva, o que la genere yo."},
    "accounts.pw.too_short": {
        "en": "Too short: {n} characters. At least {min} (NIST SP 800-63B-4, for a password used alone).",
        "es": "Demasiado corta: {n} caracteres. Al menos {min} (NIST SP 800-63B-4, para una contraseña sola).",
    },
    "accounts.pw.too_long": {"en": "{network} accepts at most {max} characters.",
                             "es": "{network} admite como máximo {max} caracteres."},
    "accounts.pw.network_rule": {
        "en": "{network} would refuse it: it needs {missing}. ({rule})",
        "es": "{network} la rechazaría: necesita {missing}. ({rule})",
    },
    "accounts.pw.context": {
        "en": "It contains the account's name, brand or e-mail: too easy to guess.",
        "es": "Contiene el nombre, la marca o el correo de la cuenta: demasiado fácil de adivinar.",
    },
    "accounts.pw.guessable": {
        "en": "Too easy to guess (strength {score} of 4; 3 needed). {hint}",
        "es": "Demasiado fácil de adivinar (fortaleza {score} de 4; hace falta 3). {hint}",
    },
    "accounts.kind.letter": {"en": "a letter", "es": "una letra"},
    "accounts.kind.upper": {"en": "a capital letter", "es": "una mayúscula"},
    "accounts.kind.lower": {"en": "a small letter", "es": "una minúscula"},
    "accounts.kind.digit": {"en": "a number", "es": "un número"},
    "accounts.kind.symbol": {"en": "a special character", "es": "un carácter especial"},
    "accounts.reveal.problem.cannot_decrypt": {
        "en": ":x: The stored secret of {network} @{handle} cannot be decrypted: the vault key is wrong or the "
              "stored data was altered. Nothing was shown; this was recorded. Admins: run `socialops keys check`.",
        "es": ":x: El secreto guardado de {network} @{handle} no se puede descifrar: la clave de la bóveda no es "
              "la correcta o los datos fueron alterados. No se mostró nada; quedó registrado. Admins: ejecutad "
              "`socialops keys check`.",
    },
    "accounts.reveal.problem.unknown_key": {
        "en": ":x: The stored secret of {network} @{handle} was sealed with a vault key that is not configured. "
              "Nothing was shown. Admins: add the old key back (SOCIALOPS_VAULT_KEYS) and run `socialops keys check`.",
        "es": ":x: El secreto guardado de {network} @{handle} se cifró con una clave que no está configurada. "
              "No se mostró nada. Admins: volved a añadir la clave antigua (SOCIALOPS_VAULT_KEYS) y ejecutad "
              "`socialops keys check`.",
    },
    # modals
    "accounts.modal.add_title": {"en": "Register account", "es": "Registrar cuenta"},
    "accounts.modal.edit_title": {"en": "Edit account", "es": "Editar cuenta"},
    "accounts.modal.save": {"en": "Save", "es": "Guardar"},
    "accounts.modal.cancel": {"en": "Cancel", "es": "Cancelar"},
    "accounts.field.brand": {"en": "Brand", "es": "Marca"},
    "accounts.field.network": {"en": "Network", "es": "Red"},
    "accounts.field.handle": {"en": "Handle (with or without @)", "es": "Usuario (con o sin @)"},
    "accounts.field.url": {"en": "Profile URL", "es": "URL del perfil"},
    "accounts.field.login_email": {"en": "Login e-mail", "es": "Correo de inicio de sesión"},
    "accounts.hint.login_email": {
        "en": "Recommended: a dedicated Gmail or Hotmail/Outlook mailbox opened with the company's data, created "
              "by IT/Systems, whose password the company keeps here; that gets no warning. Not a corporate address "
              "(if the domain changes, access and recovery break), never someone's own.",
        "es": "Lo recomendado: un buzón dedicado de Gmail o Hotmail/Outlook abierto con los datos de la empresa, "
              "creado por Sistemas, cuya contraseña la empresa guarda aquí; así no hay aviso. No una dirección "
              "corporativa (si cambia el dominio, se pierden el acceso y la recuperación), nunca la de una persona.",
    },
    "accounts.field.mailbox_created_by": {"en": "Who created the login mailbox",
                                          "es": "Quién creó el buzón de inicio"},
    "accounts.hint.mailbox_created_by": {
        "en": "IT/Systems should, and hand the access to Marketing. An agency may, but must hand the company the "
              "user and password.",
        "es": "Debería crearlo Sistemas y dar el acceso a Marketing. Puede crearlo una agencia, pero debe "
              "entregar a la empresa el usuario y la contraseña.",
    },
    "accounts.creator.it": {"en": "IT/Systems", "es": "Sistemas"},
    "accounts.creator.marketing": {"en": "Marketing", "es": "Marketing"},
    "accounts.creator.agency": {"en": "An agency", "es": "Una agencia"},
    "accounts.creator.employee": {"en": "An employee", "es": "Un empleado"},
    "accounts.creator.unknown": {"en": "Unknown", "es": "Se desconoce"},
    "accounts.field.mailbox_password": {"en": "Login mailbox password", "es": "Contraseña del buzón de inicio"},
    "accounts.hint.mailbox_password": {
        "en": "The mailbox's own password, so the company holds it. Stored encrypted, never shown in a message; "
              "leave empty if the company does not have it.",
        "es": "La contraseña del propio buzón, para que la tenga la empresa. Se guarda cifrada y nunca aparece en "
              "un mensaje; déjalo vacío si la empresa no la tiene.",
    },
    "accounts.field.mailbox_recovery_email": {"en": "Login mailbox: recovery e-mail",
                                              "es": "Buzón de inicio: correo de recuperación"},
    "accounts.field.mailbox_recovery_phone": {"en": "Login mailbox: recovery phone",
                                              "es": "Buzón de inicio: teléfono de recuperación"},
    "accounts.field.custodian": {"en": "Custodian (responsible for the account)",
                                 "es": "Custodio (responsable de la cuenta)"},
    "accounts.field.twofa": {"en": "Two-factor authentication (2FA)", "es": "Verificación en dos pasos (2FA)"},
    "accounts.twofa.none": {"en": "Off", "es": "Desactivada"},
    "accounts.twofa.app": {"en": "Authenticator app", "es": "App de autenticación"},
    "accounts.twofa.key": {"en": "Security key", "es": "Llave de seguridad"},
    "accounts.twofa.sms": {"en": "SMS", "es": "SMS"},
    "accounts.twofa.email": {"en": "E-mail code", "es": "Código por correo"},
    "accounts.twofa.other": {"en": "Other", "es": "Otro"},
    "accounts.field.recovery_email": {"en": "Account recovery e-mail (on the network)",
                                      "es": "Correo de recuperación de la cuenta (en la red)"},
    "accounts.field.recovery_phone": {"en": "Account recovery phone (on the network)",
                                      "es": "Teléfono de recuperación de la cuenta (en la red)"},
    "accounts.field.password_mode": {"en": "Password", "es": "Contraseña"},
    "accounts.mode.none": {"en": "Not now", "es": "Ahora no"},
    "accounts.mode.type": {"en": "I type it below", "es": "La escribo abajo"},
    "accounts.mode.generate": {"en": "Generate a strong one", "es": "Generar una segura"},
    "accounts.field.password": {"en": "Password (typed)", "es": "Contraseña (escrita)"},
    "accounts.hint.password": {
        "en": "Stored encrypted; never shown in a message. At least 15 characters.",
        "es": "Se guarda cifrada; nunca aparece en un mensaje. Al menos 15 caracteres.",
    },
    "accounts.field.recovery_codes": {"en": "2FA recovery codes", "es": "Códigos de recuperación de 2FA"},
    "accounts.hint.recovery_codes_edit": {"en": "Leave empty to keep the stored ones.",
                                          "es": "Déjalo vacío para conservar los guardados."},
    "accounts.field.notes": {"en": "Notes", "es": "Notas"},
    "accounts.modal.rotate_title": {"en": "Rotate password", "es": "Cambiar contraseña"},
    "accounts.modal.record": {"en": "Record", "es": "Registrar"},
    "accounts.rotate.intro": {
        "en": "*{network} @{handle}* — change the password on {network} first, then record it here. Everyone "
              "else who knew the old one is taken off the list.",
        "es": "*{network} @{handle}* — cambia primero la contraseña en {network} y luego regístrala aquí. Quien "
              "conocía la anterior sale de la lista.",
    },
    "accounts.modal.rotate_mailbox_title": {"en": "Mailbox password", "es": "Contraseña del buzón"},
    "accounts.rotate.mailbox_intro": {
        "en": "*{network} @{handle}* — the login mailbox {email}: change its password at the provider first, then "
              "record it here. Everyone else who knew the old one is taken off its list.",
        "es": "*{network} @{handle}* — el buzón de inicio {email}: cambia primero su contraseña en el proveedor y "
              "luego regístrala aquí. Quien conocía la anterior sale de su lista.",
    },
    "accounts.rotate.owed": {"en": ":key: A rotation is owed: {reason}.", "es": ":key: Se debe un cambio: {reason}."},
    "accounts.modal.generated_title": {"en": "New password", "es": "Contraseña nueva"},
    "accounts.modal.done": {"en": "Done", "es": "Hecho"},
    "accounts.generated.text": {
        "en": "Generated for *{network} @{handle}* and stored in the vault. Set it on {network} now. It is shown "
              "only here, never in a message; later, `/accounts reveal` (recorded).",
        "es": "Generada para *{network} @{handle}* y guardada en la bóveda. Ponla ya en {network}. Solo se muestra "
              "aquí, nunca en un mensaje; más tarde, `/accounts reveal` (queda registrado).",
    },
    "accounts.modal.reveal_title": {"en": "Password", "es": "Contraseña"},
    "accounts.reveal.text": {
        "en": "*{network} @{handle}* — this view was recorded, and you are now on the list of people who know "
              "the password.",
        "es": "*{network} @{handle}* — esta consulta quedó registrada y ahora figuras en la lista de personas que "
              "conocen la contraseña.",
    },
    "accounts.reveal.mailbox_text": {
        "en": "*{network} @{handle}* — the password of the login mailbox {email}. This view was recorded, and you "
              "are now on the list of people who know it.",
        "es": "*{network} @{handle}* — la contraseña del buzón de inicio {email}. Esta consulta quedó registrada y "
              "ahora figuras en la lista de personas que la conocen.",
    },
    "accounts.reveal.codes": {"en": "*2FA recovery codes*", "es": "*Códigos de recuperación de 2FA*"},
    "accounts.reveal.opened": {"en": "Opened in a window (recorded).", "es": "Abierta en una ventana (registrado)."},
}
