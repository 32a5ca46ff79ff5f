"""Unit tests of the replies rules: terms, placeholders, and the crisis channel's hook."""

from __future__ import annotations

from typing import Any

import pytest

from bot.replies import placeholders, terms
from bot.replies.crisis import templates_for_crisis
from tests.conftest import TEAM
from tests.replies.support_replies import seed


@pytest.mark.parametrize(("a", "b"), [
    ("quejas", "queja"), ("Devoluciones", "devolución"), ("devolucion", "DEVOLUCIÓN"), ("refunds", "refund"),
    ("deliveries", "delivery"), ("Envíos", "envio"), ("niños", "nino"),
])
def test_forms_of_one_word_share_a_term(a: str, b: str) -> None:
    assert set(terms.query_terms(a)) & set(terms.query_terms(b))


def test_title_words_weigh_more_and_stop_words_are_dropped() -> None:
    weights = terms.index_terms("es", "Queja de un cliente", ["La queja llegó por correo"])
    assert weights["quej"] == 4 and weights["client"] == 3 and weights["corre"] == 1
    assert "de" not in weights and "un" not in weights
    assert terms.query_terms("de la y") == []


@pytest.mark.parametrize(("text", "names", "error"), [
    ("Hola {name}, pedido {order_id}", ["name", "order_id"], None),
    ("{name} y {name}", ["name"], None),
    ("{{literal}} braces", [], None),
    ("{_x9}", ["_x9"], None),
    ("{}", [], "replies.error.placeholder_empty"),
    ("{ }", [], "replies.error.placeholder_empty"),
    ("{1abc}", [], "replies.error.placeholder_name"),
    ("{Name}", [], "replies.error.placeholder_name"),
    ("{nombre-cliente}", [], "replies.error.placeholder_name"),
    ("{" + "a" * 41 + "}", [], "replies.error.placeholder_name"),
    ("{name", [], "replies.error.unclosed"),
    ("{a {b}", [], "replies.error.unclosed"),
    ("name}", [], "replies.error.unopened"),
])
def test_placeholders(text: str, names: list[str], error: str | None) -> None:
    found, problem = placeholders.scan(text)
    assert (found, problem.key if problem else None) == (names, error)


@pytest.mark.usefixtures("setup_workspace")
def test_templates_for_crisis_best_match_first_then_most_used(rt: Any, clock: Any) -> None:
    outage = seed(rt, clock, "Caída del servicio", "Sabemos que la app no funciona.", category="crisis")
    leak = seed(rt, clock, "Filtración de datos", "Investigamos un posible acceso a datos.", category="crisis")
    recall = seed(rt, clock, "Retirada de producto", "Retiramos un lote por precaución.", category="crisis")
    seed(rt, clock, "Caída de precios", "Bajamos los precios.", category="praise")  # not crisis: never
    seed(rt, clock, "Caída total", "Texto pendiente.", category="crisis", approve=False)  # unapproved: never
    with rt.ctx.db.uow() as s:
        from storage.models import ReplyTemplate

        row = s.get(ReplyTemplate, recall)
        assert row is not None
        row.usage_count = 5
    with rt.ctx.db.uow() as s:
        found = templates_for_crisis(s, TEAM, "Caída de la web desde las 10")
        assert [t.id for t in found] == [outage, recall, leak]
        assert found[0].title == "Caída del servicio" and found[0].placeholders == ()
        assert [t.id for t in templates_for_crisis(s, TEAM, "datos filtrados", limit=1)] == [leak]
        assert templates_for_crisis(s, "T0OTHER", "caída") == []
