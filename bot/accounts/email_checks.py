"""What is wrong with an account's login mailbox (SPEC §0.1, §2).

The practice: a **dedicated** mailbox on a consumer provider (Gmail, Hotmail/Outlook) opened
with the company's data, not a corporate address (a change of domain breaks access and
recovery); created by IT/Systems, who hand the access to Marketing; an agency may create it
if it hands the company the user and password; never an employee's own address. So a
consumer provider is not a warning in itself: the recommended setup gets none.

Two kinds of finding, both warnings (never a refusal):
- from the Web API, after the ack (`findings`): the address is a member's own, or it is on
  the company's own domain; kept on the account (`email_warnings`), refreshed after a save;
- from the record itself (`mailbox_findings`): who created the mailbox and whether the
  company holds its password; computed whenever the account is shown, so they follow the
  record at once (a password stored by a rotation clears its warning).
"""

from __future__ import annotations

from bot.accounts.views import AccountView

# Mailbox providers for individuals: where the practice wants the dedicated login mailbox.
CONSUMER_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "outlook.es", "hotmail.com", "hotmail.es", "live.com",
    "msn.com", "yahoo.com", "yahoo.es", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "gmx.com", "gmx.es", "gmx.net", "mail.com", "zoho.com", "yandex.com", "tutanota.com",
})
# Creators who are not the company's IT or Marketing: the company holds the mailbox only if it
# holds its password.
OUTSIDE_CREATORS = frozenset({"employee", "agency"})
# Codes of Web API findings this version still shows (a stored finding of an older version,
# e.g. "consumer", is not a warning any more and is dropped at the next save).
API_CODES = frozenset({"member", "company_domain"})


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def findings(login_email: str, owner_id: str | None, member_domains: set[str]) -> list[dict[str, str]]:
    """Warnings from the Web API's facts, most serious first: a member's own address (the
    account leaves with them); the company's own domain (a change of domain breaks recovery).

    `owner_id` is the workspace member whose address it is (users.lookupByEmail); `member_domains`
    are the domains of the members' own addresses (the company's domains, guests excluded). A
    consumer provider is never among them: members' personal Gmail addresses do not make
    gmail.com the company's domain.
    """
    out: list[dict[str, str]] = []
    if owner_id:
        out.append({"code": "member", "user": owner_id})
    domain = domain_of(login_email)
    if domain in member_domains and domain not in CONSUMER_DOMAINS and not owner_id:
        out.append({"code": "company_domain", "domain": domain})  # the member warning already says more
    return out


def mailbox_findings(account: AccountView) -> list[dict[str, str]]:
    """Warnings from the record: a mailbox an employee or an agency created, whose password the
    company does not hold, is theirs rather than the company's."""
    if account.mailbox_created_by in OUTSIDE_CREATORS and not account.has_mailbox_password:
        return [{"code": f"mailbox_{account.mailbox_created_by}"}]  # mailbox_agency, mailbox_employee
    return []


def all_findings(account: AccountView) -> list[dict[str, str]]:
    """Every warning about the account's login, most serious first (what `show`, the DM after a
    save and the export list): the Web API's, the mailbox's, then 2FA off."""
    out = [{k: str(v) for k, v in f.items()} for f in account.email_warnings if f.get("code") in API_CODES]
    out += mailbox_findings(account)
    if not account.twofa_enabled:
        out.append({"code": "twofa_off"})
    return out
