"""Hostile input on /accounts: forged ids, mention injection, custodians without the role,
oversized submissions, report floods. Each answer is a refusal in words, never a 500, and
nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.accounts.rotation import ROTATION_KIND
from bot.core.events import emit
from handlers.accounts.ids import AccountsIds as I
from scheduler.jobs import tick
from storage.models import Account, Delivery, VaultSecret
from tests.accounts.kit import (
    account_values,
    accounts,
    add_account,
    audit,
    dm_texts,
    forged_submit,
    other_team_account,
    v,
    vault_runtime,
)
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)

STRONG = "violet-Harbor-lantern-93!quiet"
NEW = "another-Quiet-harbor-71#lamp"
NO_SUCH = "There is no such account in the inventory"


def _record(rt: Any) -> list[tuple[Any, ...]]:
    """Everything a forged submission could have changed: the accounts and their vault rows."""
    with rt.ctx.db.uow() as s:
        rows = [(a.id, a.team_id, a.custodian_id, a.notes, a.brand, a.has_password, a.last_rotated_at,
                 a.rotation_requested_at) for a in s.scalars(select(Account).order_by(Account.id))]
        secrets = [(r.account_id, r.field, r.nonce) for r in s.scalars(select(VaultSecret).order_by(VaultSecret.id))]
    return [*rows, *secrets]


def _ephemerals(slack: Any, user: str) -> list[str]:
    return [str(e.get("text", "")) for e in slack.ephemerals(user)]


# -- 1. ids ---------------------------------------------------------------------------------------

FORGED_VALUES = ["⁷⁷⁷⁷⁷⁷", "①", "9" * 25, "9" * 5000, "-1", "0", "1e300", "abc", "", "other team"]


@pytest.mark.parametrize("forged", FORGED_VALUES)
def test_a_forged_rotation_task_button_answers_no_such_account(driver: Any, slack: Any, rt: Any,
                                                                setup_workspace: None, forged: str) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    value = str(other_team_account(rt)) if forged == "other team" else forged
    before, opened = (_record(rt), audit(rt)), len(slack.calls_to("views.open"))
    for user in (ANA, ADMIN):  # the custodian, and an admin who may rotate anything of this workspace
        clicked = driver.forged_click(user, I.A_ROTATE_OPEN, value)
        assert clicked.status == 200
        assert any(NO_SUCH in t for t in _ephemerals(slack, user)), _ephemerals(slack, user)
    assert len(slack.calls_to("views.open")) == opened  # no rotate form for a forged id
    assert (_record(rt), audit(rt)) == before


FORGED_METADATA = [
    '{"account_id": 99999999999999999999999}', '{"account_id": 1e300}', '{"account_id": "acmeshop"}',
    '"a string"', "{}", None, '{"account_id": ' + "9" * 5000 + "}", '{"account_id": true}', "[1]",
    '{"account_id": -1}', "not json", '{"account_id": {other}}',
]


@pytest.mark.parametrize("form", ["rotate", "edit"])
@pytest.mark.parametrize("metadata", FORGED_METADATA)
def test_forged_metadata_on_the_rotate_and_edit_forms_answers_no_such_account(
        driver: Any, slack: Any, rt: Any, setup_workspace: None, form: str, metadata: str | None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    if metadata is not None:
        metadata = metadata.replace("{other}", str(other_team_account(rt)))
    before = (_record(rt), audit(rt))
    driver.command(ADMIN, "/accounts", f"{form} acmeshop")
    values = ({v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW} if form == "rotate"
              else {v(I.B_NOTES): "forged", v(I.B_CUSTODIAN): ADMIN})
    resp = forged_submit(driver, ADMIN, values, private_metadata=metadata)
    assert resp.status == 200
    assert len(resp.errors) == 1 and NO_SUCH in next(iter(resp.errors.values())), resp.errors
    assert (_record(rt), audit(rt)) == before  # never a write, nor a refusal on record


def test_the_real_metadata_still_works(driver: Any, slack: Any, rt: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    driver.command(ANA, "/accounts", "edit acmeshop")
    [acct] = accounts(rt)
    assert json.loads(slack.views(ANA)[-1]["private_metadata"]) == {"account_id": acct.id}
    assert not driver.submit(ANA, {v(I.B_NOTES): "kept"}).errors
    driver.command(ANA, "/accounts", "rotate acmeshop")
    assert not driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW}).errors
    [acct] = accounts(rt)
    assert acct.notes == "kept" and acct.last_rotated_by == ANA


# -- 2. mention injection -------------------------------------------------------------------------

BROADCASTS = ("<!channel>", "<!here>", "<!everyone>", "<!subteam^S0TEAM|@team>", "<https://evil.example|")


def _everything_sent(slack: Any) -> str:
    sent = [c.args for c in slack.calls if c.method in ("chat.postMessage", "chat.postEphemeral", "chat.update",
                                                         "views.open", "views.update")]
    return json.dumps(sent, ensure_ascii=False)


def test_user_written_text_is_echoed_inert_everywhere(driver: Any, slack: Any, rt: Any, clock: Any,
                                                      setup_workspace: None) -> None:
    add_account(driver, brand="<!channel> Acme & Co", url="https://acme.example/<!everyone>",
                notes="<!here> ask <!subteam^S0TEAM|@team> or <@U0BEA>, see <https://evil.example|the wiki>",
                password_mode="type", password=STRONG)
    add_account(driver, brand="Tom & Jerry", network="facebook", handle="tom & jerry")
    replies = []
    for user, text in ((ANA, ""), (ANA, "show acmeshop"), (ADMIN, 'show "facebook:tom & jerry"'),
                       (CARL, "compromised acmeshop"), (CARL, "compromised acmeshop"),
                       (CARL, "show <!channel>"), (CARL, 'show "x` <!here> `"'), (ANA, 'archive "tom & jerry"')):
        reply = driver.command(user, "/accounts", text).json()
        replies.append(json.dumps(reply, ensure_ascii=False))
    tick(rt, now=clock.advance(days=1))  # the custodian's daily rotation task, rendered by the scheduler
    assert any("must change" in t for t in dm_texts(slack, ANA))
    driver.command(ANA, "/accounts", "rotate acmeshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW})
    everything = "\n".join([*replies, _everything_sent(slack)])
    for token in BROADCASTS:
        assert token not in everything, token
    shown = replies[1]
    assert "@\u2060channel Acme &amp; Co" in shown and "@\u2060here ask" in shown and "@\u2060team" in shown
    assert "the wiki (https://evil.example)" in shown and "<@U0BEA>" in shown  # a person named stays a mention
    assert "https://acme.example/@\u2060everyone" in shown
    assert "tom &amp; jerry" in replies[2] and "Tom &amp; Jerry" in replies[2]
    assert "&amp;amp;" not in everything  # escaped once, when rendered
    assert "no account `@\u2060channel`" in replies[5] and "@\u2060here" in replies[6]
    with rt.ctx.db.uow() as s:  # stored as typed: escaping belongs to rendering
        assert s.scalar(select(Account.brand).where(Account.handle == "acmeshop")) == "<!channel> Acme & Co"


# -- 3. custodians --------------------------------------------------------------------------------

@pytest.mark.parametrize("custodian", [CARL, BEA, "U0NOBODY", "U" + "X" * 5000, "<!channel>", "u0ana"])
def test_the_add_form_refuses_a_custodian_without_the_role(driver: Any, slack: Any, rt: Any,
                                                           setup_workspace: None, custodian: str) -> None:
    before = audit(rt)
    driver.command(ANA, "/accounts", "add")
    resp = forged_submit(driver, ANA, account_values(custodian=custodian))
    assert resp.status == 200 and list(resp.errors) == [I.B_CUSTODIAN]
    assert "must hold the custodian role" in resp.errors[I.B_CUSTODIAN]
    assert accounts(rt) == [] and audit(rt) == before


def test_custodians_and_admins_may_be_given_an_account(driver: Any, rt: Any, setup_workspace: None) -> None:
    assert not add_account(driver, custodian=ANA).errors
    assert not add_account(driver, handle="acmenews", custodian=ADMIN).errors  # SOCIALOPS_ADMINS
    driver.command(ADMIN, "/socialops", f"role add <@{CARL}|carl> admin")
    assert not add_account(driver, handle="acmeblog", custodian=CARL).errors  # the admin role
    assert [a.custodian_id for a in accounts(rt)] == [ANA, ADMIN, CARL]


def test_the_edit_form_refuses_handing_an_account_to_a_plain_member(driver: Any, slack: Any, rt: Any,
                                                                    setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    before = (_record(rt), audit(rt))
    for custodian in (CARL, "U0NOBODY"):
        driver.command(ANA, "/accounts", "edit acmeshop")
        resp = driver.submit(ANA, {v(I.B_CUSTODIAN): custodian, v(I.B_NOTES): "handed over"})
        assert "must hold the custodian role" in resp.errors[I.B_CUSTODIAN]
        driver.close(ANA)
    assert (_record(rt), audit(rt)) == before
    for text in ("reveal acmeshop", "rotate acmeshop", "archive acmeshop"):  # so CARL got nothing
        assert "Only this account's custodian" in driver.command(CARL, "/accounts", text).json()["text"]
    # A custodian who lost the role since does not block fixing the rest of the record.
    driver.command(ADMIN, "/socialops", f"role remove <@{ANA}|ana> custodian")
    driver.command(ADMIN, "/accounts", "edit acmeshop")
    assert not driver.submit(ADMIN, {v(I.B_NOTES): "fixed"}).errors
    assert accounts(rt)[0].notes == "fixed"


# -- 4. lengths -----------------------------------------------------------------------------------

LIMITS = [(I.B_BRAND, 80), (I.B_HANDLE, 121), (I.B_URL, 500), (I.B_LOGIN_EMAIL, 254), (I.B_RECOVERY_EMAIL, 254),
          (I.B_RECOVERY_PHONE, 32), (I.B_PASSWORD, 128), (I.B_RECOVERY_CODES, 2000), (I.B_NOTES, 2000)]


@pytest.mark.parametrize(("block", "limit"), LIMITS)
def test_the_add_form_enforces_each_length_on_the_server(driver: Any, slack: Any, rt: Any, setup_workspace: None,
                                                         block: str, limit: int) -> None:
    before = audit(rt)
    driver.command(ANA, "/accounts", "add")
    modal_limits = {b["block_id"]: b["element"].get("max_length") for b in slack.views(ANA)[-1]["blocks"]
                    if b["type"] == "input"}
    assert modal_limits[block] == limit  # the same limit as Slack's client holds people to
    resp = forged_submit(driver, ANA, {**account_values(), v(block): "7" * (limit + 1)})
    assert resp.errors == {block: f"At most {limit} characters."}
    assert accounts(rt) == [] and audit(rt) == before


def test_megabytes_of_notes_or_codes_are_refused_inline(driver: Any, slack: Any, rt: Any,
                                                        setup_workspace: None) -> None:
    before = audit(rt)
    driver.command(ANA, "/accounts", "add")
    resp = forged_submit(driver, ANA, account_values(notes="n" * 1_000_000, recovery_codes="c" * 1_000_000,
                                                     password="p" * 1_000_000))
    assert set(resp.errors) == {I.B_NOTES, I.B_RECOVERY_CODES, I.B_PASSWORD}
    assert accounts(rt) == [] and audit(rt) == before
    driver.close(ANA)

    add_account(driver, password_mode="type", password=STRONG, notes="short")
    before_edit = (_record(rt), audit(rt))
    driver.command(ANA, "/accounts", "edit acmeshop")
    resp = forged_submit(driver, ANA, {v(I.B_NOTES): "n" * 2001, v(I.B_RECOVERY_CODES): "c" * 2001})
    assert resp.errors == {I.B_NOTES: "At most 2000 characters.", I.B_RECOVERY_CODES: "At most 2000 characters."}
    driver.close(ANA)
    driver.command(ANA, "/accounts", "rotate acmeshop")
    resp = forged_submit(driver, ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): "p" * 129})
    assert resp.errors == {I.B_PASSWORD: "At most 128 characters."}
    assert (_record(rt), audit(rt)) == before_edit


@pytest.mark.parametrize("block", [I.B_TWOFA, I.B_NETWORK])
def test_a_choice_the_form_never_offered_is_refused(driver: Any, slack: Any, rt: Any, setup_workspace: None,
                                                    block: str) -> None:
    driver.command(ANA, "/accounts", "add")
    forged = {"text": {"type": "plain_text", "text": "forged"}, "value": "x" * 5000}
    resp = forged_submit(driver, ANA, {**account_values(), v(block): forged})
    assert list(resp.errors) == [block]
    assert accounts(rt) == []


# -- 5. report floods -----------------------------------------------------------------------------

def _alerts(slack: Any, user: str) -> int:
    return sum("as compromised" in t for t in dm_texts(slack, user))


def _compromise_audits(rt: Any) -> list[tuple[str, str]]:
    return [(a[0], a[3]) for a in audit(rt) if a[1] == "account.compromised"]


def _tasks(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.kind == ROTATION_KIND, Delivery.state == "pending")) or 0)


def test_repeated_compromise_reports_alert_everyone_once_per_open_rotation(driver: Any, slack: Any, rt: Any,
                                                                           clock: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    first = driver.command(CARL, "/accounts", "compromised acmeshop").json()["text"]
    assert "marked compromised" in first
    assert (_alerts(slack, ANA), _alerts(slack, ADMIN)) == (1, 1)
    reported_at = clock.now
    clock.advance(hours=3)
    for user in (BEA, CARL, CARL, ADMIN):
        again = driver.command(user, "/accounts", "compromised instagram:acmeshop").json()["text"]
        assert f"already reported compromised at {reported_at:%Y-%m-%d %H:%M}" in again, again
        assert "your report was recorded" in again and f"<@{ANA}>" in again
    assert (_alerts(slack, ANA), _alerts(slack, ADMIN)) == (1, 1)  # nobody alerted again
    assert _compromise_audits(rt) == [(CARL, "ok"), (BEA, "ok"), (CARL, "ok"), (CARL, "ok"), (ADMIN, "ok")]
    assert _tasks(rt) == 1

    driver.command(ANA, "/accounts", "rotate acmeshop")  # the rotation closes it …
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): NEW})
    assert "marked compromised" in driver.command(BEA, "/accounts", "compromised acmeshop").json()["text"]
    assert (_alerts(slack, ANA), _alerts(slack, ADMIN)) == (2, 2)  # … so a new report is news again


def test_a_rotation_owed_for_another_reason_becomes_one_for_compromise(driver: Any, slack: Any, rt: Any,
                                                                       clock: Any, setup_workspace: None) -> None:
    add_account(driver, password_mode="type", password=STRONG)
    [acct] = accounts(rt)
    with rt.ctx.db.uow() as s:
        emit(s, "rotation.needed", now=clock(), team_id=TEAM, account_id=acct.id, reason="handover",
             actor="system")
    clock.advance(days=2)
    assert "marked compromised" in driver.command(CARL, "/accounts", "compromised acmeshop").json()["text"]
    assert (_alerts(slack, ANA), _alerts(slack, ADMIN)) == (1, 1)  # a compromise is news
    [acct] = accounts(rt)
    assert (acct.rotation_reason, acct.rotation_requested_at) == ("compromised", clock.now)
    assert _tasks(rt) == 1  # the handover's task gave way to the compromise's
    assert "already reported" in driver.command(BEA, "/accounts", "compromised acmeshop").json()["text"]
    assert (_alerts(slack, ANA), _alerts(slack, ADMIN)) == (1, 1)
