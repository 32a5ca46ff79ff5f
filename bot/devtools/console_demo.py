"""The console's demo workspace, its help text and its development vault key."""

from __future__ import annotations

from pathlib import Path

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
HELP = """console commands:
  /command text        run a slash command as the current user (e.g. /socialops help)
  as @name             become another demo user ({users})
  press <n>            press button or option <n> from the output above
  set <n> <value>      fill field <n> of the open modal (@name for users, #name for channels)
  submit | cancel      submit or close the open modal
  show #channel        the channel's messages (or `show dm` for your DMs with the bot)
  home                 your App Home tab
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
