"""Bad modal input: inline errors, nothing written. Warnings: shown, not blocking."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.accounts.ids import AccountsIds as I
from tests.accounts.kit import accounts, add_account, audit, dm_texts, vault_runtime
from tests.conftest import ADMIN, ANA, BEA, CARL

rt_with_vault = pytest.fixture(name="rt")(vault_runtime)


@pytest.mark.parametrize(("over", "block", "says"), [
    ({"url": "instagram.com/acme"}, I.B_URL, "full URL"),
    ({"login_email": "social-at-acme"}, I.B_LOGIN_EMAIL, "not a valid e-mail"),
    ({"recovery_email": "x@"}, I.B_RECOVERY_EMAIL, "not a valid e-mail"),
    ({"recovery_phone": "call me"}, I.B_RECOVERY_PHONE, "country code"),
    ({"handle": "acme shop!"}, I.B_HANDLE, "letters, digits, dots"),
    ({"password_mode": "type"}, I.B_PASSWORD, "Type the password"),
    ({"password": "short-1A!"}, I.B_PASSWORD, "Too short"),
    ({"password": "passwordpassword1"}, I.B_PASSWORD, "Too easy to guess"),
    ({"password": "acmeshop-Rules-the-market-93"}, I.B_PASSWORD, "contains the account"),
    ({"password": "correct horse battery staple"}, I.B_PASSWORD, "instagram would refuse it: it needs a number"),
    ({"network": "tiktok", "handle": "acme", "password": "x" * 10 + "Qz9!mvT4#pLw82kd"}, I.B_PASSWORD,
     "at most 20"),
])
def test_invalid_input_gets_inline_errors_and_writes_nothing(driver: Any, rt: Any, setup_workspace: None,
                                                            over: dict[str, str], block: str, says: str) -> None:
    before = audit(rt)
    resp = add_account(driver, **over)
    assert block in resp.errors and says in resp.errors[block], resp.errors
    assert accounts(rt) == [] and audit(rt) == before


def test_several_errors_at_once(driver: Any, rt: Any, setup_workspace: None) -> None:
    resp = add_account(driver, url="ftp://x", login_email="nope", recovery_phone="12")
    assert {I.B_URL, I.B_LOGIN_EMAIL, I.B_RECOVERY_PHONE} <= set(resp.errors)
    assert accounts(rt) == []


def test_a_handle_already_registered_is_refused_inline(driver: Any, rt: Any, setup_workspace: None) -> None:
    add_account(driver)
    resp = add_account(driver, handle="acmeshop")  # the same, without @ and in lower case
    assert "already in the inventory" in resp.errors[I.B_HANDLE]
    assert len(accounts(rt)) == 1
    other = add_account(driver, network="tiktok", handle="@AcmeShop")  # same handle, other network: fine
    assert not other.errors and len(accounts(rt)) == 2
    ambiguous = driver.command(CARL, "/accounts", "show @acmeshop").json()["text"]
    assert "several networks" in ambiguous and "`instagram:acmeshop`" in ambiguous
    assert "tiktok @acmeshop" in driver.command(CARL, "/accounts", "show tiktok:@AcmeShop").json()["text"]
    assert "no account `nobody`" in driver.command(CARL, "/accounts", "show nobody").json()["text"]
    assert "Usage" in driver.command(CARL, "/accounts", "show").json()["text"]


def test_a_members_own_address_is_warned_about(driver: Any, slack: Any, rt: Any, setup_workspace: None) -> None:
    resp = add_account(driver, login_email="bea@example.com", twofa="none")
    assert not resp.errors  # a warning, not a refusal
    [acct] = accounts(rt)
    assert acct.email_warnings == [{"code": "member", "user": BEA}]
    assert slack.calls_to("users.lookupByEmail")
    [dm] = [t for t in dm_texts(slack, ANA) if "is in the inventory" in t]
    assert f"<@{BEA}>'s own address" in dm and "2FA is off" in dm
    shown = driver.command(ANA, "/accounts", "show acmeshop").json()["text"]
    assert f"<@{BEA}>'s own address" in shown and "2FA is off" in shown


def test_the_company_domain_is_warned_about_and_a_dedicated_consumer_mailbox_is_not(
        driver: Any, slack: Any, rt: Any, setup_workspace: None) -> None:
    add_account(driver, login_email="social@example.com", mailbox_password="amber-Falcon-ridge-47?calm")
    add_account(driver, handle="acmenews", login_email="acme.social@gmail.com",
                mailbox_password="amber-Falcon-ridge-47?calm")
    shop, news = accounts(rt)
    assert shop.email_warnings == [{"code": "company_domain", "domain": "example.com"}]
    assert "company domain example.com" in driver.command(ADMIN, "/accounts", "show acmeshop").json()["text"]
    # SPEC §0.1: a dedicated Gmail created by IT, its password held by the company: the practice itself.
    assert news.email_warnings == []
    shown = driver.command(ADMIN, "/accounts", "show acmenews").json()["text"]
    assert "Warnings" not in shown and ":warning:" not in shown
    [dm] = [t for t in dm_texts(slack, ANA) if "acmenews is in the inventory" in t]
    assert ":warning:" not in dm
