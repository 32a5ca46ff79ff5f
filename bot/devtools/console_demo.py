"""The console's demo workspace (and, with `--demo`, a small company in it), its help text and
its development vault key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.devtools.slack import FakeSlack, SlackDriver
    from bot.devtools.slack.transport import DriverResponse

DEMO_TEAM = "T0DEMO"
DEMO_USERS: tuple[tuple[str, str, str, str, dict[str, bool]], ...] = (
    # id, name, real name, email, flags
    ("U0ADA", "ada", "Ada Admin", "ada@demo-company.example", {"is_admin": True}),
    ("U0ANA", "ana", "Ana Custodian", "ana@demo-company.example", {}),
    ("U0BEA", "bea", "Bea Approver", "bea@demo-company.example", {}),
    ("U0CARL", "carl", "Carl Publisher", "carl@demo-company.example", {}),
    ("U0GINA", "gina", "Gina (agency guest)", "gina@agency.example", {"is_restricted": True}),
)
DEMO_CHANNELS = (("C0APPROVALS", "approvals"), ("C0CRISIS", "crisis"), ("C0DIGEST", "digest"),
                 ("C0GENERAL", "general"))
SEED = (
    "/socialops setup approvals <#C0APPROVALS|approvals> crisis <#C0CRISIS|crisis> digest <#C0DIGEST|digest>",
    "/socialops role add <@U0ANA|ana> custodian",
    "/socialops role add <@U0BEA|bea> approver",
    "/socialops role add <@U0CARL|carl> publisher",
)


@dataclass(frozen=True)
class DemoAccount:
    """One row of the demo company's inventory, as its custodian types it into `/accounts add`."""

    custodian: str  # registers it, and keeps it
    brand: str
    network: str
    handle: str
    login_email: str
    twofa: str  # none, app, key, sms, email, other
    url: str | None = None


@dataclass(frozen=True)
class DemoGrant:
    """An access someone asked for (`/access request <text>`), Bea approved and the custodian set up."""

    holder: str
    request: str
    custodian: str


# Two brands, six accounts on four networks. The login mailboxes are dedicated ones on each
# brand's own domain (no warning), but one: the LinkedIn page logs in with a mailbox on the
# company's own domain, so its custodian is told what that risks.
COMPANY_ACCOUNTS = (
    DemoAccount("U0ANA", "Northwind Coffee", "instagram", "northwindcoffee", "social@northwindcoffee.example", "app",
                "https://www.instagram.com/northwindcoffee"),
    DemoAccount("U0ANA", "Northwind Coffee", "tiktok", "northwindcoffee", "tiktok@northwindcoffee.example", "app"),
    DemoAccount("U0ANA", "Northwind Coffee", "linkedin", "northwind-coffee", "marketing@demo-company.example",
                "key", "https://www.linkedin.com/company/northwind-coffee"),
    DemoAccount("U0ADA", "Pine & Co", "instagram", "pineandco", "social@pineandco.example", "app"),
    DemoAccount("U0ADA", "Pine & Co", "x", "pineandco", "x@pineandco.example", "app"),
    DemoAccount("U0ADA", "Pine & Co", "tiktok", "pineandco", "social@pineandco.example", "sms"),
)
# Gina is an agency guest: her confidentiality commitment is on file before she asks, or the
# approval would be refused. Her access is for one day: it expires tomorrow.
COMPANY_COMMITMENT = "nda <@U0GINA|gina> https://docs.demo-company.example/legal/nda-agency-gina.pdf"
COMPANY_GRANTS = (
    # Long enough to be open at the first access review (90 days after the workspace began).
    DemoGrant("U0CARL", "instagram:northwindcoffee editor for 24w community management", "U0ANA"),
    DemoGrant("U0CARL", "x:pineandco moderator for 20w customer care replies", "U0ADA"),
    DemoGrant("U0GINA", "tiktok:northwindcoffee editor for 1d launch video shoot (agency)", "U0ANA"),
)
APPROVER = "U0BEA"


def seed_company(driver: SlackDriver, fake: FakeSlack, deliver_due: Callable[[], None]) -> None:
    """The demo company, typed in as its people would: the forms, commands and buttons of the app
    (nothing is written behind its back), so every rule, audit entry and reminder is the real one."""
    from handlers.access.ids import AccessIds
    from handlers.accounts.ids import AccountsIds

    def field(block: str) -> str:
        return f"{block}.{AccountsIds.A_VALUE}"

    for a in COMPANY_ACCOUNTS:
        driver.command(a.custodian, "/accounts", "add")
        values: dict[str, Any] = {
            field(AccountsIds.B_BRAND): a.brand, field(AccountsIds.B_NETWORK): a.network,
            field(AccountsIds.B_HANDLE): a.handle, field(AccountsIds.B_LOGIN_EMAIL): a.login_email,
            field(AccountsIds.B_CUSTODIAN): a.custodian, field(AccountsIds.B_TWOFA): a.twofa,
            field(AccountsIds.B_PASSWORD_MODE): "generate",
        }
        if a.url:
            values[field(AccountsIds.B_URL)] = a.url
        _ok(driver.submit(a.custodian, values), f"/accounts add {a.network}:{a.handle}")
        driver.close(a.custodian)  # the generated password's modal: seen by nobody, kept in the vault
    driver.command("U0ANA", "/access", COMPANY_COMMITMENT)
    for g in COMPANY_GRANTS:
        driver.command(g.holder, "/access", "request " + g.request)
        _click_newest(driver, fake, APPROVER, AccessIds.APPROVE, "C0APPROVALS")
        deliver_due()  # the custodian's task: a scheduled delivery, due at once
        _click_newest(driver, fake, g.custodian, AccessIds.DONE, fake.dm_channel(g.custodian))
    deliver_due()


def _ok(resp: DriverResponse, what: str) -> None:
    if resp.errors:  # a demo row the app refuses is a bug in this table, not something to hide
        raise RuntimeError(f"demo seed: {what} refused: {resp.errors}")


def _click_newest(driver: SlackDriver, fake: FakeSlack, user: str, action_id: str, channel: str) -> None:
    """Press the button `action_id` on the newest message in `channel` that has one."""
    from bot.devtools.slack.payloads import find_element

    for message in reversed(fake.messages(channel)):
        found = find_element(message.get("blocks"), action_id, None)
        if found is not None:
            driver.click(user, action_id, value=found[1].get("value"), channel=channel, message_ts=message["ts"])
            return
    raise RuntimeError(f"demo seed: no {action_id} button in {channel}")


HELP = """console commands:
  /command text        run a slash command as the current user (e.g. /socialops help)
  as @name             become another demo user ({users})
  press <n>            press button or option <n> from the output above
  set <n> <value>      fill field <n> of the open modal (@name for users, #name for channels)
  submit | cancel      submit or close the open modal
  show #channel        the channel's messages (or `show dm` for your DMs with the bot)
  home                 your App Home tab
  wait <duration>      let time pass: 30m, 2h, 1d, 1w (or 1d12h); what falls due on the way is
                       delivered in order, each under the time it was sent
  at <date> <time>     the same, up to YYYY-MM-DD HH:MM in the workspace time zone
  now                  the console's date and time (it runs ahead of yours after a `wait`)
  users | help | quit
a line starting with # is a comment (scripts: socialops console < docs/demo.txt)"""
DEV_KEY_WARNING = ("vault: using the DEVELOPMENT key in {path} — for trying SocialOps only, never for "
                   "production (set SOCIALOPS_VAULT_KEYS or SOCIALOPS_VAULT_KEY_FILE there)")


def dev_key_path(database_url: str | None, home: Path | None = None) -> Path:
    """Where the console keeps its development vault key.

    Beside a SQLite file given with --database, so that database and the key that opens
    its secrets travel together; otherwise one per user.
    """
    prefix = "sqlite:///"
    if database_url and database_url.startswith(prefix) and ":memory:" not in database_url:
        db_file = Path(database_url[len(prefix):].split("?", 1)[0])
        return db_file.with_name(db_file.name + ".dev-vault.key")
    return (home or Path.home()) / ".socialops" / "dev-vault.key"
