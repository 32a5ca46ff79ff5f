"""The response protocol's round trip through signed payloads: propose by form, four eyes,
first decision wins, versions, Used it, retire, forged ids."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.core.authz import Actor
from bot.core.errors import Conflict, NotFound
from bot.replies import templates
from storage.models import ReplyTemplate, ReplyTemplateVersion, ReplyUse
from tests.access.support import give_role
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, TEAM, run_as
from tests.replies.support_replies import (
    audited,
    count,
    form,
    latest_version_id,
    propose_by_form,
    search_ids,
    seed,
    template_row,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")

DANI = "U0DANI"


def _buttons(slack: Any, index: int = -1) -> list[tuple[str, str]]:
    message = slack.messages(APPROVALS)[index]
    return [(e["action_id"], e.get("value", "")) for b in message["blocks"] if b["type"] == "actions"
            for e in b["elements"]]


def _last_dm(slack: Any, user: str) -> str:
    return str(slack.messages(slack.dm_channel(user))[-1]["text"])


def test_propose_approve_by_another_approver_then_served(driver: Any, slack: Any, rt: Any) -> None:
    resp = propose_by_form(driver, ANA, form("Pedido perdido", "Hola {name}, buscamos tu pedido {order}.",
                                             category="complaint", tone="Cercano <!channel>"))
    assert resp.errors == {}
    vid = latest_version_id(rt)
    assert _buttons(slack) == [("replies_approve", str(vid)), ("replies_reject", str(vid))]
    assert "is waiting for approval" in _last_dm(slack, ANA)
    assert search_ids(driver, "pedido perdido") == []  # pending: not served

    # the author cannot approve their own template (refused and audited); a plain member neither
    driver.click(ANA, "replies_approve", value=str(vid), channel=APPROVALS)
    driver.click(CARL, "replies_approve", value=str(vid), channel=APPROVALS)
    assert audited(rt, "replies.approve", "refused") == [ANA, CARL]
    assert search_ids(driver, "pedido perdido") == []

    driver.click(BEA, "replies_approve", value=str(vid), channel=APPROVALS)
    tid = template_row(rt, 1).id
    assert search_ids(driver, "pedido perdido") == [tid]
    assert "approved your reply template" in _last_dm(slack, ANA)
    assert _buttons(slack) == []  # the message shows the outcome, its buttons gone
    assert audited(rt, "replies.approve") == [BEA] and audited(rt, "replies.propose") == [ANA]


def test_first_decision_wins_and_stale_buttons_answer(driver: Any, slack: Any, rt: Any) -> None:

    slack.add_user(DANI, "dani", real_name="Dani Approver", email="dani@example.com")
    slack.workspace.channels[APPROVALS].members.append(DANI)
    give_role(rt.ctx.db, DANI, "approver")
    propose_by_form(driver, ANA, form("Horario", "Abrimos a las 10."))
    vid = latest_version_id(rt)
    message = slack.messages(APPROVALS)[-1]
    driver.click(BEA, "replies_reject", value=str(vid), channel=APPROVALS, message_ts=message["ts"])
    before = count(rt, ReplyTemplateVersion), template_row(rt, 1).served_version_id
    # Dani still has the old buttons in view (a second client): the click answers, nothing changes

    with pytest.raises(Conflict):
        run_as(rt.ctx.db, Actor(TEAM, DANI), lambda s: templates.decide(s, Actor(TEAM, DANI), vid, "approve",
                                                                         rt.ctx.clock()))
    assert (count(rt, ReplyTemplateVersion), template_row(rt, 1).served_version_id) == before == (1, None)
    assert "rejected your reply template" in _last_dm(slack, ANA)


def test_a_new_version_is_served_only_once_approved(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    tid = seed(rt, clock, "Envío gratis", "El envío es gratis desde 50 euros.", category="question")
    assert search_ids(driver, "envio gratis") == [tid]
    resp = propose_by_form(driver, ANA, form("Envío gratis", "El envío es gratis desde 30 euros, {name}.",
                                             category="question"), edit=tid)
    assert resp.errors == {}
    # the edit form was pre-filled with the served version
    opened = slack.calls_to("views.open")[-1].args["view"]
    assert (opened["callback_id"], opened["private_metadata"]) == ("replies_edit_form", str(tid))
    title = next(b for b in opened["blocks"] if b["block_id"] == "replies_title")
    assert title["element"]["initial_value"] == "Envío gratis"
    served = driver.command(CARL, "/replies", "envio gratis").json()["blocks"]
    texts = [e["text"] for b in served if b["type"] == "rich_text" for e in b["elements"][0]["elements"]]
    assert texts == ["El envío es gratis desde 50 euros."]  # the old one stays served meanwhile
    assert "Version 1 stays in use" in str(slack.messages(APPROVALS)[-1]["blocks"])

    driver.click(BEA, "replies_approve", value=str(latest_version_id(rt)), channel=APPROVALS)
    served = driver.command(CARL, "/replies", "envio gratis").json()["blocks"]
    texts = [e["text"] for b in served if b["type"] == "rich_text" for e in b["elements"][0]["elements"]]
    assert texts == ["El envío es gratis desde 30 euros, {name}."]
    with rt.ctx.db.uow() as s:  # history kept
        states = [(v.version, v.state) for v in s.scalars(select(ReplyTemplateVersion).order_by(
            ReplyTemplateVersion.version))]
    assert states == [(1, "superseded"), (2, "approved")]
    # a member who is not the author may not propose an edit
    reply = driver.command(CARL, "/replies", f"edit {tid}").json()["text"]
    assert "Not allowed" in reply


@pytest.mark.parametrize(("text", "expected"), [
    ("Hola {}", "has no name"),
    ("Hola {1abc}", "is not a placeholder"),
    ("Hola {Name}", "is not a placeholder"),
    ("Hola {first name}", "is not a placeholder"),
    ("Hola {name", "never closed"),
    ("Hola name}", "never opened"),
    ("Hola {a {b}", "never closed"),
    ("   ", "Required"),
])
def test_broken_placeholders_are_inline_errors_and_nothing_is_written(driver: Any, slack: Any, rt: Any,
                                                                      text: str, expected: str) -> None:
    resp = propose_by_form(driver, ANA, form("Saludo", text))
    assert expected in resp.errors.get("replies_text", "")
    assert count(rt, ReplyTemplate) == 0 and count(rt, ReplyTemplateVersion) == 0
    assert slack.messages(APPROVALS) == []


def test_a_missing_title_is_inline_and_good_braces_pass(driver: Any, rt: Any) -> None:
    resp = propose_by_form(driver, ANA, form("  ", "Hola {name}"))
    assert "Required" in resp.errors["replies_title"] and count(rt, ReplyTemplate) == 0
    resp = propose_by_form(driver, ANA, form("Llaves", "Usa {{llaves}} y {order_id}"))
    assert resp.errors == {}
    with rt.ctx.db.uow() as s:
        version = s.get(ReplyTemplateVersion, 1)
        assert version is not None and version.placeholders == ["order_id"]


def test_used_it_counts_once_per_person_and_hour(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    tid = seed(rt, clock, "Horario", "Abrimos a las 10.")
    driver.command(CARL, "/replies", "horario")
    driver.click(CARL, "replies_used", value=str(tid))
    driver.command(CARL, "/replies", "horario")
    driver.click(CARL, "replies_used", value=str(tid))  # a second copy within the hour
    driver.command(ANA, "/replies", "horario")
    driver.click(ANA, "replies_used", value=str(tid))
    assert template_row(rt, tid).usage_count == 2
    clock.advance(hours=1)
    driver.command(CARL, "/replies", "horario")
    driver.click(CARL, "replies_used", value=str(tid))
    assert template_row(rt, tid).usage_count == 3 and count(rt, ReplyUse) == 3
    assert "used 3 times" in driver.command(CARL, "/replies", "list question").json()["text"]


@pytest.mark.parametrize("forged", ["abc", "٣", "1.5", "9" * 25, "999"])
def test_a_forged_used_it_or_approve_is_refused_and_writes_nothing(driver: Any, rt: Any, clock: Any,
                                                                   forged: str) -> None:
    tid = seed(rt, clock, "Horario", "Abrimos a las 10.")
    pending = seed(rt, clock, "Otra", "Otro texto.", approve=False)

    for fn in (lambda s: templates.use(s, Actor(TEAM, CARL), forged, clock()),
               lambda s: templates.decide(s, Actor(TEAM, ADMIN), forged, "approve", clock())):
        with pytest.raises(NotFound):
            run_as(rt.ctx.db, Actor(TEAM, CARL), fn, clock())
    # another workspace's real ids are "no such template" too
    for fn in (lambda s: templates.use(s, Actor("T0OTHER", CARL), tid, clock()),
               lambda s: templates.decide(s, Actor("T0OTHER", ADMIN), latest_version_id(rt), "approve", clock())):
        with pytest.raises(NotFound):
            run_as(rt.ctx.db, Actor("T0OTHER", CARL), fn, clock())
    assert template_row(rt, tid).usage_count == 0 and template_row(rt, pending).served_version_id is None
    assert count(rt, ReplyUse) == 0


def test_retire_is_for_approvers_and_audited(driver: Any, rt: Any, clock: Any) -> None:
    tid = seed(rt, clock, "Horario", "Abrimos a las 10.")
    assert "Not allowed" in driver.command(CARL, "/replies", f"retire {tid}").json()["text"]
    assert search_ids(driver, "horario") == [tid]
    assert "retired" in driver.command(BEA, "/replies", f"retire {tid}").json()["text"]
    assert search_ids(driver, "horario") == []
    assert "is retired" in driver.command(BEA, "/replies", f"retire {tid}").json()["text"]  # twice: answered
    assert audited(rt, "replies.retire") == [BEA] and audited(rt, "replies.retire", "refused") == [CARL]
    assert "not a template number" in driver.command(BEA, "/replies", "retire abc").json()["text"]
    assert "There is no reply template" in driver.command(BEA, "/replies", "retire 99").json()["text"]
