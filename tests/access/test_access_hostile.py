"""Hostile input on `/access`, through signed Slack requests: forged button values and form
metadata, forged message locations, broadcast mentions in what people write, durations that are
not durations, and custodians acting on accounts that are not theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import AccessRequest, AccessReview, Account, AuditEntry, Grant
from tests.access.support import (
    anchor_workspace,
    bot_message,
    deliver_due,
    forge_metadata,
    forged_click,
    give_role,
    make_account,
    set_workspace,
    told,
)
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GENERAL, GUEST

pytestmark = pytest.mark.usefixtures("setup_workspace")
OTHER_TEAM = "T0OTHER"
EVA = "U0EVA"  # a custodian too, of other accounts


@pytest.fixture(autouse=True)
def _anchored(setup_workspace: None, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())


@dataclass(frozen=True)
class Elsewhere:
    """Rows of another workspace: their ids are real, just not ours."""

    request_id: int
    grant_id: int
    review_id: int


@pytest.fixture
def scene(driver: Any, rt: Any, clock: Any) -> Elsewhere:
    """Grant #1 awaiting Ana (her task in her DM), request #2 pending in the approvals channel, and a
    request, a grant and a review item of another workspace."""
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    driver.click(BEA, "access_approve", value="1")
    deliver_due(rt, clock())
    driver.command(CARL, "/access", "request acmeshop analyst for 7d numbers")
    set_workspace(rt.ctx.db, team=OTHER_TEAM, approvals_channel="C0THEIRS")
    theirs = make_account(rt.ctx.db, "theirs", team=OTHER_TEAM, custodian="U0THEM")
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with rt.ctx.db.uow() as s:
        req = AccessRequest(team_id=OTHER_TEAM, account_id=theirs, requester_id="U0THEM", role="editor",
                            duration_seconds=86400, reason="theirs", status="pending", created_at=now)
        s.add(req)
        s.flush()
        grant = Grant(team_id=OTHER_TEAM, account_id=theirs, holder_id="U0THEM", role="editor",
                      status="awaiting_fulfilment", created_at=now)
        s.add(grant)
        s.flush()
        review = AccessReview(team_id=OTHER_TEAM, cycle="2026-03-02", grant_id=grant.id, custodian_id="U0THEM",
                              status="pending", created_at=now)
        s.add(review)
        s.flush()
        return Elsewhere(req.id, grant.id, review.id)


def snapshot(rt: Any, slack: Any) -> tuple[Any, ...]:
    """Everything a forged click or form could have written or changed."""
    with rt.ctx.db.uow() as s:
        return (
            s.scalar(select(func.count()).select_from(AuditEntry)),
            sorted((r.id, r.status) for r in s.scalars(select(AccessRequest))),
            sorted((g.id, g.status) for g in s.scalars(select(Grant))),
            sorted((r.id, r.status) for r in s.scalars(select(AccessReview))),
            len(slack.calls_to("chat.update")), len(slack.calls_to("views.open")),
        )


FORGED = ["⁷⁷⁷⁷⁷⁷", "①", "٣", "9" * 25, "9" * 5000, str(2**63), "-1", "0", "1e300", "", "2.0", "<!here>"]
# action, who presses it, where, the "no such …" answer, which of the other workspace's ids to try
ACTIONS = [
    ("access_approve", BEA, "approvals", "There is no access request", "request_id"),
    ("access_deny", BEA, "approvals", "There is no access request", "request_id"),
    ("access_fulfil_done", ANA, "dm", "There is no grant", "grant_id"),
    ("access_fulfil_cannot", ANA, "dm", "There is no grant", "grant_id"),
    ("access_revoked", ANA, "dm", "There is no grant", "grant_id"),
    ("access_extend", CARL, "dm", "There is no grant", "grant_id"),
    ("access_review_keep", ANA, "dm", "There is no review item", "review_id"),
    ("access_review_revoke", ANA, "dm", "There is no review item", "review_id"),
]


@pytest.mark.parametrize(("action_id", "user", "where", "answer", "theirs"), ACTIONS)
def test_a_forged_button_value_is_answered_no_such_and_changes_nothing(
        driver: Any, slack: Any, rt: Any, scene: Elsewhere, action_id: str, user: str, where: str, answer: str,
        theirs: str) -> None:
    channel = APPROVALS if where == "approvals" else slack.dm_channel(user)
    before = snapshot(rt, slack)
    for value in [*FORGED, str(getattr(scene, theirs))]:
        seen = len(told(slack, user))
        resp = forged_click(driver, user, action_id, value, channel=channel)
        assert resp.status == 200, (value[:30], resp.body[:200])
        answers = told(slack, user)[seen:]
        # Told at once, by the listener itself: never a silent failure on the Sender's thread.
        assert len(answers) == 1 and answers[0].startswith(answer), (value[:30], answers)
        assert "<!here>" not in answers[0]
        assert snapshot(rt, slack) == before, value[:30]


def _open_form(driver: Any, slack: Any, action_id: str, user: str, value: str) -> None:
    where = APPROVALS if action_id == "access_deny" else slack.dm_channel(user)
    driver.click(user, action_id, value=value, channel=where)
    assert slack.views(user), "the form opened"


FORGED_METADATA = ['{{"{field}": 99999999999999999999999}}', '{{"{field}": 1e300}}', '{{"{field}": "two"}}',
                   '{{"{field}": -2}}', '{{"{field}": true}}', '{{"{field}": "⁷"}}', '{{"{field}": {theirs}}}',
                   '{{"{field}": "{theirs}"}}', "not json", "[1]", "{{}}"]


@pytest.mark.parametrize(("action_id", "user", "value", "field", "answer", "theirs", "reason_field"), [
    ("access_deny", BEA, "2", "request_id", "There is no access request", "request_id", "access_reason"),
    ("access_fulfil_cannot", ANA, "1", "grant_id", "There is no grant", "grant_id", "access_reason"),
])
def test_forged_form_metadata_is_answered_no_such_and_changes_nothing(
        driver: Any, slack: Any, rt: Any, scene: Elsewhere, action_id: str, user: str, value: str, field: str,
        answer: str, theirs: str, reason_field: str) -> None:
    _open_form(driver, slack, action_id, user, value)
    before = snapshot(rt, slack)
    for template in FORGED_METADATA:
        metadata = template.format(field=field, theirs=getattr(scene, theirs))
        forge_metadata(slack, user, metadata)
        resp = driver.submit(user, {f"{reason_field}.value": "a reason"})
        assert resp.status == 200 and answer in resp.errors.get(reason_field, ""), (metadata[:40], resp.errors)
        assert snapshot(rt, slack) == before, metadata[:40]


def test_forged_extension_metadata_on_the_request_form_stores_nothing(
        driver: Any, slack: Any, rt: Any, scene: Elsewhere) -> None:
    driver.command(CARL, "/access", "")
    before = snapshot(rt, slack)
    for template in FORGED_METADATA[:-1]:  # "{}" is the plain form
        metadata = template.format(field="extends_grant_id", theirs=scene.grant_id)
        forge_metadata(slack, CARL, metadata)
        resp = driver.submit(CARL, {"access_account.value": "facebook:acmeshop", "access_role.value": "editor",
                                    "access_duration.value": "3d", "access_reason.value": "more time"})
        assert "There is no grant" in resp.errors.get("access_account", ""), (metadata[:40], resp.errors)
        assert snapshot(rt, slack) == before, metadata[:40]


# ---- message locations come from the stored rows, never from a form ------------------------

def _unchanged(slack: Any, channel: str, ts: str, original: dict[str, Any]) -> bool:
    now = next(m for m in slack.messages(channel) if m["ts"] == ts)
    return now == original and "edited" not in now


def test_a_forged_location_in_the_deny_form_cannot_overwrite_another_message(
        driver: Any, slack: Any, rt: Any, scene: Elsewhere) -> None:
    victim_ts = bot_message(slack, GENERAL, "Handover act #4 — checklist", [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Handover act #4* — 3 of 7 items done"}}])
    victim = next(m for m in slack.messages(GENERAL) if m["ts"] == victim_ts)
    _open_form(driver, slack, "access_deny", BEA, "2")
    forge_metadata(slack, BEA, f'{{"request_id": 2, "channel": "{GENERAL}", "ts": "{victim_ts}"}}')
    driver.submit(BEA, {"access_reason.value": "not now"})
    assert _unchanged(slack, GENERAL, victim_ts, victim)
    with rt.ctx.db.uow() as s:
        req = s.get(AccessRequest, 2)
        assert req is not None and req.status == "denied"
        posted = next(m for m in slack.messages(APPROVALS) if m["ts"] == req.message_ts)
    assert "Denied by" in str(posted["blocks"]) and not any(b["type"] == "actions" for b in posted["blocks"])


def test_a_forged_location_in_the_cannot_form_cannot_overwrite_another_message(
        driver: Any, slack: Any, rt: Any, scene: Elsewhere) -> None:
    victim_ts = bot_message(slack, GENERAL, "Handover act #4 — checklist")
    victim = next(m for m in slack.messages(GENERAL) if m["ts"] == victim_ts)
    approvals = slack.messages(APPROVALS)
    task_ts = slack.messages(slack.dm_channel(ANA))[-1]["ts"]
    _open_form(driver, slack, "access_fulfil_cannot", ANA, "1")
    forge_metadata(slack, ANA, f'{{"grant_id": 1, "channel": "{GENERAL}", "ts": "{victim_ts}"}}')
    driver.submit(ANA, {"access_reason.value": "no ad account yet"})
    assert _unchanged(slack, GENERAL, victim_ts, victim) and slack.messages(APPROVALS) == approvals
    task = next(m for m in slack.messages(slack.dm_channel(ANA)) if m["ts"] == task_ts)
    assert "Could not be granted" in str(task["blocks"]) and not any(b["type"] == "actions" for b in task["blocks"])


def test_cannot_closes_the_task_and_its_reminders(driver: Any, slack: Any, rt: Any, clock: Any,
                                                   scene: Elsewhere) -> None:
    ana_dm = slack.dm_channel(ANA)
    first = slack.messages(ana_dm)[-1]["ts"]
    clock.advance(days=1)
    deliver_due(rt, clock())
    reminder = slack.messages(ana_dm)[-1]
    assert reminder["ts"] != first and "Reminder" in reminder["text"]
    driver.click(ANA, "access_fulfil_cannot", value="1", message_ts=reminder["ts"])
    driver.submit(ANA, {"access_reason.value": "the page has no ad account"})
    for ts in (first, reminder["ts"]):
        task = next(m for m in slack.messages(ana_dm) if m["ts"] == ts)
        assert "Could not be granted" in str(task["blocks"]) and not any(
            b["type"] == "actions" for b in task["blocks"]), ts
    assert "Reminder" in next(m for m in slack.messages(ana_dm) if m["ts"] == reminder["ts"])["text"]


# ---- what people write is echoed, never obeyed ----------------------------------------------

@pytest.mark.parametrize("mention", ["<!here>", "<!channel>", "<!everyone>", "<!subteam^S0SOCIAL|@social>",
                                     "<!here|here>"])
def test_a_broadcast_mention_in_a_reason_pings_nobody(driver: Any, slack: Any, rt: Any, mention: str) -> None:
    make_account(rt.ctx.db, "acme_es", network="instagram", custodian=ANA)
    reply = driver.command(CARL, "/access", f"request acme_es analyst for 1d {mention} please approve fast")
    assert "Request #1 sent" in reply.json()["text"]
    posted = slack.messages(APPROVALS)[-1]
    assert "<!" not in posted["text"] and "<!" not in str(posted["blocks"])
    assert "please approve fast" in posted["text"] and "@\u2060" in posted["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AccessRequest.reason)).one() == f"{mention} please approve fast"  # stored as typed


def test_user_text_is_escaped_once(driver: Any, slack: Any, rt: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    driver.command(CARL, "/access", "request acmeshop editor for 2d R&D <launch> & co")
    posted = slack.messages(APPROVALS)[-1]
    driver.click(BEA, "access_deny", value="1")
    driver.submit(BEA, {"access_reason.value": "ask for Q&A <first>"})
    decided = slack.messages(APPROVALS)[-1]
    dm = slack.messages(slack.dm_channel(CARL))[-1]["text"]
    for text in (posted["text"], str(posted["blocks"]), decided["text"], str(decided["blocks"])):
        assert "R&amp;D &lt;launch&gt; &amp; co" in text and "&amp;amp;" not in text and "&amp;lt;" not in text
    assert "Q&amp;A &lt;first&gt;" in str(decided["blocks"]) and "Q&amp;A &lt;first&gt;" in dm
    assert "&amp;amp;" not in dm


def test_deny_and_cannot_reasons_and_nda_links_ping_nobody(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    driver.command(CARL, "/access", "request acmeshop admin for 2d everything")
    driver.click(BEA, "access_deny", value="1")
    driver.submit(BEA, {"access_reason.value": "<!channel> read <https://evil.example/x|the policy> first"})
    decided = slack.messages(APPROVALS)[-1]
    carl_dm = slack.dm_channel(CARL)
    for text in (str(decided["blocks"]), slack.messages(carl_dm)[-1]["text"]):
        assert "<!channel>" not in text and "<https://evil.example" not in text
        assert "the policy (https://evil.example/x)" in text

    driver.command(CARL, "/access", "request acmeshop editor for 2d launch")
    driver.click(BEA, "access_approve", value="2")
    deliver_due(rt, clock())
    driver.click(ANA, "access_fulfil_cannot", value="1")
    driver.submit(ANA, {"access_reason.value": "<!everyone> <!subteam^S0X|@ops> no ad account"})
    told_carl = slack.messages(carl_dm)[-1]["text"]
    assert "no ad account" in told_carl and "<!" not in told_carl

    reply = driver.command(ANA, "/access", f"nda <@{GUEST}|gina> <https://docs.example/nda?v=1&lang=es|NDA>")
    text = reply.json()["text"]
    assert "https://docs.example/nda?v=1&amp;lang=es" in text and "&lang" not in text


# ---- durations ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "acmeshop editor for -3d launch", "acmeshop editor for +3d launch", "acmeshop editor for 1.5d launch",
    "acmeshop editor for ²d launch", "acmeshop editor durante -2w lanzamiento", "acmeshop editor por 3 días",
    "acmeshop editor launch campaign for -7d",
])
def test_an_invalid_duration_is_a_usage_error_not_the_default(driver: Any, rt: Any, text: str) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    answer = driver.command(CARL, "/access", f"request {text}").json()["text"]
    assert "is not a duration" in answer and "Usage:" in answer, answer
    with rt.ctx.db.uow() as s:
        assert s.scalar(select(func.count()).select_from(AccessRequest)) == 0


def test_a_trailing_duration_is_honoured(driver: Any, slack: Any, rt: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    assert "Request #1 sent" in driver.command(CARL, "/access", "request acmeshop editor launch campaign for 7d") \
        .json()["text"]
    with rt.ctx.db.uow() as s:
        req = s.scalars(select(AccessRequest)).one()
        assert (req.duration_seconds, req.reason) == (7 * 86400, "launch campaign")
    assert "*For:* 1 week" in slack.messages(APPROVALS)[-1]["text"]


# ---- accounts: named as /accounts names them, checked before the reason -------------------------

def test_a_handle_in_escaped_mention_form_is_accepted(driver: Any, rt: Any) -> None:
    account = make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    reply = driver.command(CARL, "/access", "request <@U0ACMESHOP|acmeshop> editor for 7d launch")
    assert "Request #1 sent" in reply.json()["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(AccessRequest.account_id)).one() == account


def test_an_unknown_account_is_reported_before_a_missing_reason(driver: Any, rt: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    answer = driver.command(CARL, "/access", "request acme editor").json()["text"]
    assert "No active account `acme`" in answer and "Say why" not in answer
    assert "Say why you need the access" in driver.command(CARL, "/access", "request acmeshop editor").json()["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalar(select(func.count()).select_from(AccessRequest)) == 0


# ---- the platform steps are for that account's custodian ---------------------------------------

def refused(rt: Any) -> list[tuple[str, str, str]]:
    with rt.ctx.db.uow() as s:
        return [(e.actor, e.action, e.subject) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.outcome == "refused").order_by(AuditEntry.seq))]


def move_custody(rt: Any, account_id: int, to: str) -> None:
    with rt.ctx.db.uow() as s:
        account = s.get(Account, account_id)
        assert account is not None
        account.custodian_id = to


def test_done_cannot_and_revoked_are_for_that_accounts_custodian(
        driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    slack.add_user(EVA, "eva", email="eva@example.com")
    give_role(rt.ctx.db, EVA, "custodian")
    account = make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=EVA)
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    driver.click(BEA, "access_approve", value="1")
    deliver_due(rt, clock())  # the task goes to Eva, the custodian then
    move_custody(rt, account, ANA)
    eva_dm = slack.dm_channel(EVA)
    mark = len(slack.calls)

    # Eva still holds the custodian role, but acmeshop is Ana's now.
    driver.click(EVA, "access_fulfil_done", value="1", channel=eva_dm)
    driver.click(EVA, "access_fulfil_cannot", value="1", channel=eva_dm)
    assert [t for t in told(slack, EVA) if "Only this account's custodian" in t] == [
        ":no_entry: Only this account's custodian (<@U0ANA>) or an admin can do that. The attempt was recorded."] * 2
    assert [c.method for c in slack.calls[mark:] if c.method in ("chat.update", "views.open")] == []
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Grant.status)).one() == "awaiting_fulfilment"

    # Ana (the task is resent to her) does it; an admin may too, where the custodian cannot.
    clock.advance(days=1)
    deliver_due(rt, clock())
    driver.click(ANA, "access_fulfil_done", value="1")
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Grant.status)).one() == "active"
    driver.command(ANA, "/access", "revoke 1")
    deliver_due(rt, clock())
    move_custody(rt, account, EVA)
    driver.click(ANA, "access_revoked", value="1")
    assert "Only this account's custodian (<@U0EVA>)" in told(slack, ANA)[-1]
    forged_click(driver, ADMIN, "access_revoked", "1", channel=slack.dm_channel(ANA))
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Grant.status)).one() == "revoked"
    assert refused(rt) == [(EVA, "access.fulfil", "grant:1"), (EVA, "access.unfulfillable", "grant:1"),
                           (ANA, "access.revoked", "grant:1")]

