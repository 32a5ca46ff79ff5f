"""Posts straight into the database for the calendar tests.

In real use `/post new` (handlers/posts, bot/posts/drafts.py) creates these rows and the
approval flow moves their status; the calendar only reads them, so its tests seed the states
and the instants they need (hundreds of posts through the modal would test the modal) and look
at the result through signed commands, buttons and the Web API calls.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.models import Account, Post, PostVariant
from tests.conftest import ANA, TEAM


def add_accounts(db: Any, specs: list[tuple[str, str, str]], team: str = TEAM) -> dict[str, int]:
    """(brand, network, handle) → the account ids by handle."""
    ids: dict[str, int] = {}
    with db.uow() as s:
        for brand, network, handle in specs:
            account = Account(team_id=team, brand=brand, network=network, handle=handle,
                              login_email=f"{handle}@gmail.com", created_by=ANA, custodian_id=ANA, status="active",
                              has_password=False, email_warnings=[], mailbox_created_by="it")
            s.add(account)
            s.flush()
            ids[handle] = account.id
    return ids


def add_post(db: Any, when: datetime, accounts: list[tuple[int, str]], *, copy: str = "Hello", status: str = "approved",
             team: str = TEAM, author: str = ANA, publisher: str | None = None, link: str | None = None,
             brand: str | None = None, tagged: dict[int, str] | None = None, revision: int = 1,
             published_url: str | None = None) -> int:
    """One post on (account id, network) pairs; `tagged` gives an account its UTM-tagged link."""
    with db.uow() as s:
        post = Post(team_id=team, author_id=author, publisher_id=publisher or author, brand=brand, scheduled_at=when,
                    copy=copy, link=link, status=status, revision=revision, published_url=published_url)
        s.add(post)
        s.flush()
        for account_id, network in accounts:
            s.add(PostVariant(team_id=team, post_id=post.id, account_id=account_id, network=network,
                              tagged_link=(tagged or {}).get(account_id)))
        return post.id


def set_zone(driver: Any, admin: str, tz: str, language: str = "en") -> None:
    reply = driver.command(admin, "/socialops", f"setup timezone {tz} language {language}")
    assert reply.status == 200, reply.body
