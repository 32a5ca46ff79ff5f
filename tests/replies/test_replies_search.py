"""`/replies <words…>`: the right template first for Spanish and English queries (plural and
singular, accents, case, a title word against a text word), approved and unretired ones only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import CARL
from tests.replies.support_replies import search_ids, seed

pytestmark = pytest.mark.usefixtures("setup_workspace")

LIBRARY = {
    "refund": ("Refund request", "Hi {name}, we are sorry. Your money will be back on your card within 5 days.",
               "complaint", "en"),
    "late_en": ("Late delivery", "Hi {name}, your parcel is delayed; here is the tracking link: {tracking}.",
                "complaint", "en"),
    "thanks_en": ("Thank you for the kind words", "Thanks {name}! The whole team appreciates it.", "praise", "en"),
    "hours_en": ("Opening hours", "We are open Monday to Friday, 9 to 18.", "question", "en"),
    "troll_en": ("Provocation", "We keep the conversation respectful. If you need help, write to us by DM.",
                 "troll", "en"),
    "outage_en": ("Service outage", "We know the app is down and are working on it. Next update at {time}.",
                  "crisis", "en"),
    "devolucion": ("Devolución de un pedido", "Hola {name}, puedes devolverlo en 30 días desde la web.",
                   "complaint", "es"),
    "queja": ("Queja por mala atención", "Hola {name}, sentimos lo ocurrido. Escríbenos por privado.",
              "complaint", "es"),
    "envio": ("Envío retrasado", "Hola {name}, tu paquete llegará tarde. Seguimiento: {tracking}.",
              "complaint", "es"),
    "gracias": ("Agradecimiento", "¡Gracias {name}! Nos alegra mucho que te guste.", "praise", "es"),
    "horario": ("Horario de las tiendas", "Abrimos de lunes a sábado, de 10 a 21 h.", "question", "es"),
    "precio": ("Precios y descuentos", "Los precios de la web incluyen impuestos; los descuentos se aplican al pagar.",
               "question", "es"),
    "factura": ("Factura de la compra", "Puedes descargar tu factura en tu cuenta, sección pedidos.", "question", "es"),
    "caida": ("Caída del servicio", "Sabemos que la aplicación no funciona y trabajamos en ello.", "crisis", "es"),
    "insulto": ("Mensajes ofensivos", "Mantenemos una conversación respetuosa; si necesitas ayuda, escríbenos.",
                "troll", "es"),
}

# (query, the template that must come first) — 20 queries, Spanish and English.
QUERIES = [
    ("refunds", "refund"),                  # plural → singular (English)
    ("REFUND", "refund"),                   # case
    ("money back", "refund"),               # words of the text, not the title
    ("late deliveries", "late_en"),         # plural, title
    ("parcel delayed", "late_en"),          # text words
    ("thanks", "thanks_en"),                # stemmed title word ("thank")
    ("opening hours", "hours_en"),
    ("outage", "outage_en"),
    ("provocation", "troll_en"),
    ("devoluciones", "devolucion"),         # plural → singular (Spanish)
    ("devolucion", "devolucion"),           # no accent typed
    ("DEVOLUCIÓN", "devolucion"),           # case and accent
    ("quejas", "queja"),                    # plural → singular
    ("atencion", "queja"),                  # accent dropped, title word
    ("envios retrasados", "envio"),         # plural and accent
    ("paquete", "envio"),                   # a word of the text only
    ("agradecimientos", "gracias"),
    ("horarios tiendas", "horario"),
    ("factura", "factura"),
    ("caída servicio", "caida"),
]


@pytest.fixture
def library(rt: Any, clock: Any) -> dict[str, int]:
    return {key: seed(rt, clock, title, text, category=cat, language=lang)
            for key, (title, text, cat, lang) in LIBRARY.items()}


def test_the_right_template_comes_first_for_each_query(driver: Any, library: dict[str, int]) -> None:
    assert len(QUERIES) == 20
    firsts = {query: search_ids(driver, query, CARL)[:1] for query, _ in QUERIES}
    assert firsts == {query: [library[key]] for query, key in QUERIES}


def test_three_at_most_title_before_text_and_ties_by_usage(driver: Any, rt: Any, clock: Any,
                                                           library: dict[str, int]) -> None:
    # "pedido" is in one title (devolución de un pedido) and one text (factura … sección pedidos)
    assert search_ids(driver, "pedidos")[:2] == [library["devolucion"], library["factura"]]
    a = seed(rt, clock, "Tarjeta regalo", "Tu tarjeta regalo no caduca.", language="es")
    b = seed(rt, clock, "Tarjeta regalo perdida", "Si perdiste la tarjeta regalo, escríbenos.", language="es")
    assert search_ids(driver, "tarjeta")[:2] == [a, b]  # same score: the older first
    driver.command(CARL, "/replies", "tarjeta")
    driver.click(CARL, "replies_used", value=str(b))
    assert search_ids(driver, "tarjeta")[:2] == [b, a]  # now b is used more
    assert len(search_ids(driver, "hola name escribenos web")) == 3


def test_a_card_has_the_text_to_copy_its_placeholders_and_used_it(driver: Any, library: dict[str, int]) -> None:
    reply = driver.command(CARL, "/replies", "late delivery").json()
    blocks = reply["blocks"]
    pre = next(b for b in blocks if b["type"] == "rich_text")
    assert pre["elements"][0]["type"] == "rich_text_preformatted"
    assert pre["elements"][0]["elements"] == [{"type": "text", "text": LIBRARY["late_en"][1]}]
    contexts = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    assert "Fill in: `{name}`, `{tracking}`" in contexts[0]
    assert any(f"*#{library['late_en']} Late delivery* · complaint · English" in b["text"]["text"]
               for b in blocks if b["type"] == "section")


def test_a_template_that_tries_to_ping_or_hide_a_link_does_neither(driver: Any, rt: Any, clock: Any) -> None:
    text = "Hola <!channel> mira <https://evil.example|nuestra web> ```fin"
    seed(rt, clock, "Aviso <!here> general", text, language="es")
    reply = driver.command(CARL, "/replies", "aviso").json()
    # the copyable text is one rich-text `text` element: shown literally, never parsed as a mention or link
    pre = next(b for b in reply["blocks"] if b["type"] == "rich_text")
    assert pre["elements"][0]["elements"] == [{"type": "text", "text": text}]
    mrkdwn = " ".join(b["text"]["text"] for b in reply["blocks"] if b["type"] == "section")
    assert "<!here>" not in mrkdwn and "<!channel>" not in mrkdwn


def test_nothing_found_says_so_and_suggests_list_and_add(driver: Any, library: dict[str, int]) -> None:
    text = driver.command(CARL, "/replies", "zanahoria").json()["text"]
    assert "No approved reply template matches" in text and "/replies list" in text and "/replies add" in text
    usage = driver.command(CARL, "/replies", "").json()["text"]
    assert "/replies <words…>" in usage and "/replies add" in usage


def test_unapproved_and_retired_templates_are_never_served(driver: Any, rt: Any, clock: Any,
                                                           library: dict[str, int]) -> None:
    pending = seed(rt, clock, "Garantía del producto", "La garantía es de dos años.", approve=False)
    assert search_ids(driver, "garantia") == []
    assert pending not in search_ids(driver, "producto años garantia dos")
    reply = driver.command("U0ADMIN", "/replies", f"retire {library['refund']}").json()["text"]
    assert "retired" in reply
    assert library["refund"] not in search_ids(driver, "refund money back card")
    listed = driver.command(CARL, "/replies", "list").json()["text"]
    assert "Refund request" not in listed and "Garantía" not in listed and "Late delivery" in listed
