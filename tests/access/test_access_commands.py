"""`/access` commands and forms: random text, the request form, extension, can't-do-it,
list, mine and revoke."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from storage.models import AccessRequest, AuditEntry, Delivery, Grant
from tests.access.support import anchor_workspace, deliver_due, make_account
from tests.conftest import ANA, APPROVALS, BEA, CARL, listening

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture(autouse=True)
def _anchored(setup_workspace: None, rt: Any, clock: Any) -> None:
    anchor_workspace(rt, clock())


@pytest.fixture(autouse=True)
def accounts(rt: Any) -> None:
    make_account(rt.ctx.db, "acmeshop", network="facebook", custodian=ANA)
    make_account(rt.ctx.db, "acme", network="x", custodian=ANA)
    make_account(rt.ctx.db, "acme", network="linkedin", custodian=ANA)


def requests(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(AccessRequest)) or 0)


def audited(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


WORDS = st.sampled_from(["acmeshop", "@acmeshop", "x:acme", "acme", "linkedin:@acme", "nobody", "editor", "admin",
                         "analyst", "moderador", "owner", "for", "por", "7d", "12h", "2w", "0d", "999w", "7x",
                         "--shared-password", "—shared-password", "because", "launch", "<@U0ANA|ana>", "`", "\"",
                         "'", "*", "<>", "ñ", "🙂"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(WORDS, max_size=8).map(" ".join), st.text(max_size=80)))
def test_any_request_text_gets_usage_or_a_request(driver: Any, slack: Any, rt: Any, text: str) -> None:
    before, trail = requests(rt), audited(rt)
    resp = driver.command(CARL, "/access", f"request {text}")
    assert resp.status == 200
    answer = resp.json()["text"]
    created = requests(rt) - before
    assert audited(rt) - trail == created  # a refused request leaves no trace but the answer
    if created:
        assert created == 1 and re.search(r"Request #\d+ sent for approval", answer)
        with rt.ctx.db.uow() as s:
            req = s.scalars(select(AccessRequest).order_by(AccessRequest.id.desc())).first()
            assert req is not None and req.reason.strip() and req.duration_seconds > 0
    else:
        # Refused with the usage, a setup step, or (the same request again) where the first one is.
        assert "Usage:" in answer or "setup" in answer or "You already asked for" in answer, answer


def test_the_same_request_again_says_where_the_first_is_and_writes_nothing(driver: Any, slack: Any,
                                                                          rt: Any) -> None:
    """What a user sends again when Slack showed a timeout though the first went through."""
    first = driver.command(CARL, "/access", "request acmeshop editor 7d for the launch")
    assert "Request #1 sent for approval" in first.json()["text"]
    before, trail = requests(rt), audited(rt)
    again = driver.command(CARL, "/access", "request @acmeshop editor 2w for the launch, again")
    assert "You already asked for editor" in again.json()["text"] and "request #1" in again.json()["text"]
    assert "/access withdraw 1" in again.json()["text"]
    assert (requests(rt), audited(rt)) == (before, trail)
    # Another role, or once the first is withdrawn, is a new request.
    def ask(text: str) -> str:
        return str(driver.command(CARL, "/access", f"request {text}").json()["text"])

    assert "Request #2 sent" in ask("acmeshop analyst 7d for reports")
    driver.command(CARL, "/access", "withdraw 1")
    assert "Request #3 sent" in ask("acmeshop editor 7d for the launch")


def test_form_request_extension_and_cannot(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    driver.command(CARL, "/access", "")
    form = slack.views(CARL)[-1]
    assert form["callback_id"] == "access_request"
    bad = driver.submit(CARL, {"access_account.value": "x:acme", "access_role.value": "analyst",
                               "access_duration.value": "9d", "access_reason.value": "numbers"})
    assert set(bad.errors) == {"access_role"} and requests(rt) == 0  # X has no analyst role
    too_long = driver.submit(CARL, {"access_account.value": "facebook:acmeshop", "access_role.value": "editor",
                                    "access_duration.value": "30w", "access_reason.value": "long"})
    assert set(too_long.errors) == {"access_duration"} and requests(rt) == 0
    driver.submit(CARL, {"access_account.value": "facebook:acmeshop", "access_role.value": "editor",
                         "access_duration.value": "3d", "access_reason.value": "  launch  week "})
    assert requests(rt) == 1 and "Request #1 sent" in slack.messages(slack.dm_channel(CARL))[-1]["text"]
    assert "launch week" in slack.messages(APPROVALS)[-1]["text"]

    driver.click(BEA, "access_approve", value="1")
    deliver_due(rt, clock())
    driver.click(ANA, "access_fulfil_done", value="1")
    with rt.ctx.db.uow() as s:
        first = s.scalars(select(Grant)).one()
        assert first.expires_at is not None
        expires = first.expires_at
    clock.set(expires - timedelta(days=1))
    deliver_due(rt, clock())

    # the holder asks for more time from the warning: a prefilled form
    driver.click(CARL, "access_extend", value="1")
    form = slack.views(CARL)[-1]
    assert "Extension of grant #1" in str(form["blocks"])
    driver.submit(CARL, {"access_duration.value": "2d"})
    assert "Extension of grant #1" in str(slack.messages(APPROVALS)[-1]["blocks"])
    driver.click(BEA, "access_approve", value="2")
    with rt.ctx.db.uow() as s:
        rows = {g.id: (g.status, g.expires_at) for g in s.scalars(select(Grant))}
    assert rows == {1: ("superseded", expires), 2: ("active", expires + timedelta(days=2))}
    assert "now lasts until" in slack.messages(slack.dm_channel(CARL))[-1]["text"]

    # a request the custodian cannot fulfil
    driver.command(CARL, "/access", "request linkedin:acme advertiser for 1w lead gen")
    driver.click(BEA, "access_approve", value="3")
    deliver_due(rt, clock())
    task_ts = slack.messages(slack.dm_channel(ANA))[-1]["ts"]
    driver.click(ANA, "access_fulfil_cannot", value="3")
    driver.submit(ANA, {"access_reason.value": "no ad account on that page yet"})
    with rt.ctx.db.uow() as s:
        assert s.get(Grant, 3).status == "unfulfillable"  # type: ignore[union-attr]
    task = next(m for m in slack.messages(slack.dm_channel(ANA)) if m["ts"] == task_ts)
    assert not any(b["type"] == "actions" for b in task["blocks"]) and "Could not be granted" in str(task["blocks"])
    assert "no ad account" in slack.messages(slack.dm_channel(CARL))[-1]["text"]


def test_list_mine_and_revoke(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    driver.command(CARL, "/access", "request acmeshop editor for 7d launch")
    driver.click(BEA, "access_approve", value="1")
    deliver_due(rt, clock())
    driver.click(ANA, "access_fulfil_done", value="1")
    driver.command(BEA, "/access", "request x:acme admin --shared-password for 12h night shift")

    mine = driver.command(CARL, "/access", "mine").json()["text"]
    assert "`#1` facebook @acmeshop" in mine and "active" in mine
    assert "request #2" in driver.command(BEA, "/access", "mine").json()["text"]
    assert "Not allowed" in driver.command(CARL, "/access", "list").json()["text"]
    listing = driver.command(ANA, "/access", "list").json()["text"]
    assert "Open grants* (1)" in listing and f"<@{CARL}>" in listing
    assert "`#1`" in driver.command(ANA, "/access", f"list <@{CARL}|carl>").json()["text"]
    assert "No open grants" in driver.command(ANA, "/access", "list x:acme").json()["text"]
    assert "several networks" in driver.command(ANA, "/access", "list acme").json()["text"]

    assert "Not allowed" in driver.command(CARL, "/access", "revoke 1").json()["text"]
    assert "not a grant number" in driver.command(ANA, "/access", "revoke one").json()["text"]
    assert "being revoked" in driver.command(ANA, "/access", "revoke #1").json()["text"]
    assert "is revoking" in driver.command(ANA, "/access", "revoke #1").json()["text"]
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Delivery.kind).where(
            Delivery.state == "pending", Delivery.kind != "kpi.digest")).all() == ["access.revoke_task"]
    deliver_due(rt, clock())
    driver.click(ANA, "access_revoked", value="1")
    with rt.ctx.db.uow() as s:
        assert s.get(Grant, 1).status == "revoked"  # type: ignore[union-attr]
    assert "No open grants" in driver.command(ANA, "/access", "list").json()["text"]
    unknown = driver.command(CARL, "/access", "frobnicate").json()["text"]
    assert "/access request" in unknown and "/access nda" in unknown


def test_shared_password_grant_is_flagged_everywhere(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    from storage.models import PasswordKnower

    with listening(rt.ctx.db, "rotation.needed") as heard:
        rotations: list[dict[str, Any]] = []
        reply = driver.command(CARL, "/access", "request x:acme moderator --shared-password for 12h night shift")
        assert "Request #1 sent" in reply.json()["text"]
        driver.click(BEA, "access_approve", value="1")
        deliver_due(rt, clock())
        driver.click(ANA, "access_fulfil_done", value="1")
        with rt.ctx.db.uow() as s:
            assert [(k.user_id, k.source) for k in s.scalars(select(PasswordKnower))] == [(CARL, "shared_grant")]
        clock.advance(hours=12)
        deliver_due(rt, clock())
        # The event carries the tick's time (the fake clock plus the time spent sending), not the wall clock's.
        rotations = [data for _, data in heard]
        stamped = rotations[0].pop("now") if rotations else None
        assert stamped is not None and clock() <= stamped < clock() + timedelta(minutes=1)
        assert rotations == [{"team_id": "T00000001", "account_id": 2, "reason": "shared_grant_ended",
                              "actor": "system", "user_id": CARL}]
        driver.click(ANA, "access_revoked", value="1")
    # Every access message about this grant is flagged; the accounts feature's rotation task (which the
    # grant's end rightly started) is about the password, not the grant.
    flagged = [m for c in (APPROVALS, slack.dm_channel(ANA), slack.dm_channel(CARL)) for m in slack.messages(c)
               if "acme" in m.get("text", "") and not m["text"].startswith(":key:")]
    missing = [m["text"] for m in flagged if "shared password" not in m["text"]]
    assert len(flagged) >= 6 and missing == [], missing
