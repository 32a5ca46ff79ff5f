"""What is wrong with a login e-mail (SPEC §0.1: a company mailbox created by IT, never an
employee's own address). The facts come from the Web API (after the ack); the rules are here."""

from __future__ import annotations

# Mailbox providers for individuals: the company controls neither the box nor its recovery.
CONSUMER_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.es", "live.com", "msn.com",
    "yahoo.com", "yahoo.es", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "gmx.com", "gmx.es", "gmx.net", "mail.com", "zoho.com", "yandex.com", "tutanota.com",
})


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def findings(login_email: str, owner_id: str | None, member_domains: set[str]) -> list[dict[str, str]]:
    """Warnings, most serious first: someone's own address; a personal provider; the company domain.

    `owner_id` is the workspace member whose address it is (users.lookupByEmail); `member_domains`
    are the domains of the members' own addresses (the company's domains, guests excluded).
    """
    out: list[dict[str, str]] = []
    if owner_id:
        out.append({"code": "member", "user": owner_id})
    domain = domain_of(login_email)
    if domain in CONSUMER_DOMAINS:
        out.append({"code": "consumer", "domain": domain})
    elif domain in member_domains and not owner_id:  # the member warning already says more
        out.append({"code": "company_domain", "domain": domain})
    return out
