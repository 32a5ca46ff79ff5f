"""The default playbook of each severity, in English and Spanish: the checklist a crisis channel opens
with until a team writes its own (`/crisis setup <sevN>`).

Drawn from CDC CERC (be first, be right, be credible; the first message's contents), SCCT (match the
response to the responsibility attributed) and social-media practice (freeze scheduled posts, one
voice, never delete legitimate criticism, a post-mortem): networks.md §5. Each step is one thing a
person can tick; sev3 is routine care, sev1 activates the whole team.
"""

from __future__ import annotations

PLAYBOOKS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "sev1": (
            "Acknowledge the page and name the incident lead in this channel",
            "Check that the brand's scheduled posts are held (and pause paid campaigns)",
            "Confirm the facts: what happened, when, who is affected, what is still unknown",
            "Bring in legal and, for safety or data issues, the responsible manager",
            "Name two spokespeople and one approver; only they answer in public",
            "Draft the holding statement (/crisis statement): empathy, "
            "confirmed facts, unknowns, actions, next update time",
            "Have the holding statement approved and publish it within the first hour",
            "Monitor mentions, hashtags and sentiment every 15 minutes; log what changes (/crisis note)",
            "Never delete legitimate criticism; hide only abuse, spam or personal data",
            "Brief staff and customer care with the approved lines",
            "Post an update at the promised time, even when nothing is new",
            "Resolve (/crisis resolve), release or reschedule the held posts, hold the post-mortem within 5 days",
        ),
        "sev2": (
            "Acknowledge the page and name the incident lead in this channel",
            "Check that the brand's scheduled posts are held",
            "Confirm the facts and how fast the wave is growing (mentions per hour, reach, press)",
            "Choose the response that fits: inform and correct, or apologise and act (who is seen as responsible?)",
            "Draft the holding statement (/crisis statement) and have it approved",
            "Answer with approved replies (/replies); one voice, no arguing in public",
            "Never delete legitimate criticism; hide only abuse, spam or personal data",
            "Monitor every 30 minutes; escalate to sev1 if press, regulators or safety get involved",
            "Post an update at the promised time",
            "Resolve (/crisis resolve), release the held posts, write down what to change",
        ),
        "sev3": (
            "Acknowledge and take ownership of the answer",
            "Check the complaint: a real problem, a misunderstanding or a troll?",
            "Answer once, politely, with an approved reply (/replies); take details to a private message",
            "Do not feed a troll: answer the facts once, hide only abuse or spam",
            "Watch for a pattern (several similar complaints): raise the severity if it grows",
            "Resolve (/crisis resolve) and add a new reply template if the question was new",
        ),
    },
    "es": {
        "sev1": (
            "Acusar recibo del aviso y nombrar al responsable de la crisis en este canal",
            "Comprobar que las publicaciones programadas de la marca están retenidas (y pausar las campañas de pago)",
            "Confirmar los hechos: qué pasó, cuándo, a quién afecta, qué se desconoce aún",
            "Avisar a legal y, si hay seguridad o datos en juego, al responsable del área",
            "Nombrar dos portavoces y una persona que aprueba; solo ellos responden en público",
            "Redactar el comunicado inicial (/crisis statement): empatía, hechos confirmados, "
            "lo que se desconoce, acciones, hora de la próxima actualización",
            "Aprobar el comunicado inicial y publicarlo dentro de la primera hora",
            "Vigilar menciones, hashtags y sentimiento cada 15 minutos; anotar los cambios (/crisis note)",
            "No borrar nunca la crítica legítima; ocultar solo insultos, spam o datos personales",
            "Informar al equipo y a atención al cliente con los mensajes aprobados",
            "Publicar una actualización a la hora prometida, aunque no haya novedades",
            "Resolver (/crisis resolve), liberar o reprogramar las publicaciones "
            "retenidas y hacer el análisis posterior en 5 días",
        ),
        "sev2": (
            "Acusar recibo del aviso y nombrar al responsable de la crisis en este canal",
            "Comprobar que las publicaciones programadas de la marca están retenidas",
            "Confirmar los hechos y la velocidad de la ola (menciones por hora, alcance, prensa)",
            "Elegir la respuesta adecuada: informar y corregir, o disculparse y "
            "actuar (¿a quién se atribuye la responsabilidad?)",
            "Redactar el comunicado inicial (/crisis statement) y aprobarlo",
            "Responder con plantillas de respuesta aprobadas (/replies); una sola voz, sin discutir en público",
            "No borrar nunca la crítica legítima; ocultar solo insultos, spam o datos personales",
            "Vigilar cada 30 minutos; subir a sev1 si intervienen prensa, reguladores o hay riesgo para la seguridad",
            "Publicar una actualización a la hora prometida",
            "Resolver (/crisis resolve), liberar las publicaciones retenidas y anotar qué cambiar",
        ),
        "sev3": (
            "Acusar recibo y hacerse cargo de la respuesta",
            "Revisar la queja: ¿un problema real, un malentendido o un troll?",
            "Responder una vez, con educación, con una plantilla de respuesta "
            "aprobada (/replies); pedir los detalles por privado",
            "No alimentar al troll: responder a los hechos una vez, ocultar solo insultos o spam",
            "Vigilar si se repite (varias quejas parecidas): subir la severidad si crece",
            "Resolver (/crisis resolve) y añadir una plantilla de respuesta nueva si la pregunta era nueva",
        ),
    },
}


def default_playbook(severity: str, language: str) -> tuple[str, ...]:
    """The shipped playbook of `severity` in `language` (English for a language we do not ship)."""
    return PLAYBOOKS.get(language, PLAYBOOKS["en"])[severity]
