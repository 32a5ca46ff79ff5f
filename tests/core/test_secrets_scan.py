"""No secret ever leaks (issue 16 item 7): the product's main flows run through signed requests
with known secrets planted everywhere one exists, then every place a secret could escape to is
scanned: the Web API calls the stand-in recorded, the app's HTTP answers, every log record of
every logger at DEBUG (Bolt's and the SDK's included, tracebacks included), the database (the
SQLite files as bytes, or `pg_dump --data-only`) and /metrics. A secret may appear only where it
is meant to be shown: the reveal modal (`views.open`), the generated-password modal (the form's
own response), the webhook secret's one-time reply to the admin who set it, and the OAuth
credentials in Slack's own `oauth.v2.access` exchange."""

from __future__ import annotations

import base64
import json
import logging
import re
import shutil
import subprocess
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from slack_bolt import BoltRequest
from sqlalchemy.engine import make_url

from bot.core.config import Settings
from bot.devtools.slack import FakeSlack, SlackDriver
from handlers.accounts.ids import AccountsIds as I
from storage.db import Database
from storage.vault import check_vault
from storage.vault_keys import VaultError, generate_key_line
from tests.access.support import deliver_due
from tests.accounts.kit import add_account, v
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, CRISIS, DIGEST, GENERAL, TEAM, FakeClock, serving_http
from tests.core.secrets_scan import KeepAll, Offered, hits, joined
from tests.kpi.support_data import csv_bytes, seed_accounts
from tests.oauth.support import get, install, second_workspace
from tests.posts.support_posts import PAT, at, form_values, posts_world, send_form

BOT_TOKEN = "xoxb-S3cr3t-bot-7f3a91c2e4d6"
SIGNING = "S3cr3t-signing-4b8e2d71c09a"
APP_TOKEN = "xapp-S3cr3t-app-5c1f9e83a27b"
CLIENT_SECRET = "S3cr3t-client-9d2a6f04be15"
METRICS = "S3cr3t-metrics-2e7c5a9f1d30"
VAULT_KEY = "k1:UzNjcjN0LXZhdWx0LWtleS03ZTRiMTlkMGMyYThmMzU="  # base64 of b"S3cr3t-vault-key-7e4b19d0c2a8f35"
TYPED = "S3cr3t-vault-7f3a-Harbor!93"
TYPED2 = "S3cr3t-vault-c41d-Meadow#58"
MAILBOX = "S3cr3t-mailbox-a93e-Ferry%36"
MAILBOX2 = "S3cr3t-mailbox-06bf-Signal*71"
CODES = ("S3cr3t-recovery-1a2b-9LMB", "S3cr3t-recovery-3c4d-0TWE")


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    """The conftest's stand-in with a bot token and an OAuth client secret of our own, so that a
    hit of either anywhere is unambiguous."""
    fake = FakeSlack(team_id=TEAM, bot_token=BOT_TOKEN)
    fake.oauth.client_secret = CLIENT_SECRET
    fake.oauth.lifetime = 60.0  # the installed token is near its expiry at once: the app refreshes it
    fake.add_user(ADMIN, "admin", real_name="Ada Admin", email="ada@example.com", is_admin=True)
    fake.add_user(ANA, "ana", real_name="Ana Custodian", email="ana@example.com")
    fake.add_user(BEA, "bea", real_name="Bea Approver", email="bea@example.com")
    fake.add_user(CARL, "carl", real_name="Carl Member", email="carl@example.com")
    everyone = [ADMIN, ANA, BEA, CARL, "U0BOT"]
    for cid, name in ((APPROVALS, "approvals"), (CRISIS, "crisis"), (DIGEST, "digest"), (GENERAL, "general")):
        fake.add_channel(cid, name, members=everyone)
    fake.start()
    yield fake
    fake.stop()


def settings(slack: FakeSlack, db_url: str, **extra: Any) -> Settings:
    return Settings(slack_signing_secret=SIGNING, slack_api_url=slack.api_url, database_url=db_url,
                    socialops_admins=(ADMIN,), socialops_vault_keys=VAULT_KEY,
                    socialops_metrics_token=METRICS, **extra)


@pytest.fixture
def rt(slack: FakeSlack, db: Database, db_url: str, clock: FakeClock) -> Iterator[Any]:
    from bot.app import build

    runtime = build(settings(slack, db_url, slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN),
                    db=db, clock=clock)
    yield runtime
    runtime.close()


class Acks:
    """Bolt's in-process dispatch, as tests/conftest.bolt_dispatcher, keeping each answer's body."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.bodies: list[str] = []

    def __call__(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        resp = self.runtime.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
        self.runtime.sender.wait_idle()
        self.bodies.append(resp.body)
        flat = {k: (val[0] if isinstance(val, list) and val else str(val)) for k, val in resp.headers.items()}
        return resp.status, flat, resp.body


GUARDED = ("socialops.bolt", "slack_bolt", "slack_sdk.web.base_client", "slack_sdk.web.client")


@pytest.fixture
def offered() -> Iterator[Offered]:
    seen = Offered()
    for name in GUARDED:
        logging.getLogger(name).filters.insert(0, seen)
    yield seen
    for name in GUARDED:
        logging.getLogger(name).removeFilter(seen)


@pytest.fixture
def logs() -> Iterator[KeepAll]:
    """Every logger at DEBUG into one handler on the root, as an operator chasing a bug would set
    it (the app's own `configure` quiets Bolt and the SDK, SQLAlchemy quiets itself; this undoes
    both on purpose: SQLAlchemy's echo logs every statement's parameters)."""
    keep = KeepAll()
    root = logging.getLogger()
    noisy = [logging.getLogger(n) for n in ("slack_bolt", "slack_sdk", "urllib3", "waitress", "socialops",
                                                 "sqlalchemy", "apscheduler")]
    before = (root.level, [n.level for n in noisy])
    root.addHandler(keep)
    root.setLevel(logging.DEBUG)
    for logger in noisy:
        logger.setLevel(logging.DEBUG)
    yield keep
    root.removeHandler(keep)
    root.setLevel(before[0])
    for logger, level in zip(noisy, before[1], strict=True):
        logger.setLevel(level)


def first_plain_text(view: dict[str, Any]) -> str:
    return next(str(b["text"]["text"]) for b in view["blocks"] if b.get("text", {}).get("type") == "plain_text")


def test_no_secret_leaves_the_process_but_where_it_is_shown(
    slack: FakeSlack, rt: Any, db: Database, db_url: str, clock: FakeClock, logs: KeepAll, offered: Offered
) -> None:
    from bot.app import build
    from tests.posts.test_posts_webhook import Receiver

    acks = Acks(rt)
    driver = SlackDriver(slack, SIGNING, dispatch=acks)
    driver.command(ADMIN, "/socialops", f"setup approvals <#{APPROVALS}|approvals> crisis <#{CRISIS}|crisis> "
                   f"digest <#{DIGEST}|digest>")
    driver.command(ADMIN, "/socialops", f"role add <@{ANA}|ana> custodian")
    driver.command(ADMIN, "/socialops", f"role add <@{BEA}|bea> approver")
    sanctioned: list[str] = []  # the ack bodies that are the sanctioned place of a shown secret

    # The vault: typed, generated, mailbox, recovery codes; revealed and rotated.
    added = add_account(driver, handle="@VaultShop", url="https://instagram.com/vaultshop", password_mode="type",
                        password=TYPED, recovery_codes="\n".join(CODES), mailbox_password=MAILBOX,
                        mailbox_created_by="agency")
    driver.resend(added)  # the same form replayed: ignored, and logged as such
    for text in ("reveal @vaultshop", "reveal @vaultshop mailbox"):
        driver.command(ANA, "/accounts", text)
        driver.close(ANA)
    # The reveal modal refused by Slack, then Slack failing: the errors are logged and told.
    slack.fail_next("views.open", error="expired_trigger_id")
    driver.command(ANA, "/accounts", "reveal @vaultshop")
    slack.fail_next("views.open", status=500, times=5)
    driver.command(ANA, "/accounts", "reveal @vaultshop")
    assert not slack.views(ANA)
    driver.command(ANA, "/accounts", "rotate vaultshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "generate"})
    [done] = slack.views(ANA)
    assert done["callback_id"] == I.DONE_VIEW
    generated = first_plain_text(done)
    sanctioned.append(acks.bodies[-1])
    driver.close(ANA)
    driver.command(ANA, "/accounts", "rotate vaultshop mailbox")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): MAILBOX2})
    driver.command(ANA, "/accounts", "rotate vaultshop")
    driver.submit(ANA, {v(I.B_PASSWORD_MODE): "type", v(I.B_PASSWORD): TYPED2})
    driver.command(ADMIN, "/accounts", "reveal vaultshop")
    driver.close(ADMIN)
    driver.command(CARL, "/accounts", "reveal vaultshop")  # refused
    driver.command(ANA, "/accounts", "show vaultshop")
    driver.command(ANA, "/accounts", "export")
    driver.command(ANA, "/accounts")

    # The posts webhook: its secret is shown once to the admin, then signs each delivery.
    receiver = Receiver()
    try:
        reply = driver.command(ADMIN, "/post", f"settings webhook {receiver.url}").json()["text"]
        found = re.search(r"`([0-9a-f]{64})`", reply)
        assert found is not None, reply
        webhook_secret = found.group(1)
        sanctioned.append(acks.bodies[-1])
        acc = posts_world(driver, slack, rt)
        when = at(clock, days=2)
        send_form(driver, ANA, form_values([acc["ig"], acc["x"]], when, "Spring sale #spring",
                                           link="https://acme.com/sale", publisher=PAT, x="Spring sale on X"))
        driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
        receiver.script = [500]  # the receiver fails one part first: the error is logged and retried
        deliver_due(rt, when)
        deliver_due(rt, when + timedelta(minutes=5))  # past the first backoff
        assert len(receiver.requests) == 3  # the webhook really ran, signed with the secret
        driver.command(ADMIN, "/post", "settings")
        webhook_sent = [json.dumps(headers) + body.decode() for headers, body in receiver.requests]
    finally:
        receiver.close()

    # A KPI file shared in a DM: downloaded with the bot token.
    seed_accounts(rt.ctx.db)
    driver.share_file_in_dm(ANA, "week 9.csv", csv_bytes("date,account,metric,value",
                                                         "2026-02-27,instagram:acme,followers,1500"))
    slack.fail_next("file_download", status=500)  # the download failing: its error is told, not the token
    driver.share_file_in_dm(ANA, "week 10.csv", csv_bytes("date,account,metric,value",
                                                          "2026-03-01,instagram:acme,followers,1510"))
    downloads = slack.calls_to("file_download")
    assert len(downloads) == 2 and all(d.args["authorized"] is True for d in downloads)

    for who in (ANA, ADMIN):  # the Home shows the vault's health and every feature's work
        driver.app_home_opened(who)
    assert slack.calls_to("views.publish")

    # /metrics, scraped once with its token.
    with serving_http(rt) as base:
        status, _, scraped = get(base, "/metrics", {"Authorization": f"Bearer {METRICS}"})
        refused = urllib.request.Request(f"{base}/metrics")  # noqa: S310 (loopback)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(refused)  # noqa: S310
    assert status == 200 and "socialops_" in scraped

    # An OAuth install in a second workspace (bot token and refresh token, refreshed once).
    team2 = second_workspace(slack)
    oauth_rt = build(settings(slack, db_url, slack_client_id=slack.oauth.client_id,
                              slack_client_secret=CLIENT_SECRET), db=db, clock=clock)
    try:
        status, page = install(oauth_rt, team2, ADMIN)
        assert status == 200, page
        oauth_acks = Acks(oauth_rt)
        SlackDriver(team2, SIGNING, dispatch=oauth_acks).command(ADMIN, "/accounts")
        clock.advance(minutes=5)
        SlackDriver(team2, SIGNING, dispatch=oauth_acks).command(ADMIN, "/accounts")
    finally:
        oauth_rt.close()
    exchanges = slack.calls_to("oauth.v2.access")
    assert slack.oauth.refreshes(slack.calls) >= 1, [c.args.get("grant_type") for c in exchanges]
    issued = {f"oauth {n} {i}": str(c.response[n]) for i, c in enumerate(exchanges) for n in
              ("access_token", "refresh_token") if c.ok and c.response.get(n)}
    rt.sender.wait_idle()

    # The errors an operator meets: the start-up check with the wrong key (the vault's rows and
    # the installs' tokens), and with no key at all.
    errors: list[str] = []
    for keys in (generate_key_line("k1"), None):
        wrong = settings(slack, db_url, slack_bot_token=BOT_TOKEN).model_copy(
            update={"socialops_vault_keys": SecretStr(keys) if keys else None})
        try:
            result = check_vault(db, wrong)
            errors.append(repr(result))
        except VaultError as err:
            errors.append("".join(traceback.format_exception(err)))
    assert any("VaultError" in e for e in errors), errors
    errors += [repr(rt.ctx.settings), str(rt.ctx.settings)]  # a settings object printed by mistake

    key_material = VAULT_KEY.split(":", 1)[1]
    secrets: dict[str, str | bytes] = {
        "bot token": BOT_TOKEN, "signing secret": SIGNING, "app token": APP_TOKEN, "client secret": CLIENT_SECRET,
        "metrics token": METRICS, "vault key": key_material, "vault key bytes": base64.b64decode(key_material),
        "typed": TYPED, "typed2": TYPED2, "generated": generated, "mailbox": MAILBOX, "mailbox2": MAILBOX2,
        "code1": CODES[0], "code2": CODES[1], "webhook secret": webhook_secret, **issued,
    }
    shown_in_reveal = {"typed", "typed2", "generated", "mailbox", "mailbox2", "code1", "code2"}

    # 1. The Web API calls: a vault secret only in a reveal modal, OAuth credentials only in the
    # exchange with Slack, nothing else anywhere.
    for call in slack.calls:
        blob = json.dumps(call.args, default=str) + json.dumps(call.response, default=str)
        leaked = set(hits(secrets, blob))
        if call.method == "oauth.v2.access":
            leaked -= {"client secret", *issued}
        view = call.args.get("view") or call.response.get("view") or {}
        if isinstance(view, str):
            view = json.loads(view)
        if call.method in ("views.open", "views.update") and view.get("callback_id") == I.REVEAL_VIEW:
            leaked -= shown_in_reveal
        assert not leaked, (call.method, sorted(leaked))
    files = [f["content"] for f in slack.files()]
    assert files and all(hits(secrets, content) == [] for content in files)  # the export among them

    # 2. The app's answers to "Slack": the two sanctioned acks only.
    for body in [*acks.bodies, *oauth_acks.bodies, page]:
        leaked = set(hits(secrets, body))
        if body in sanctioned:
            leaked -= {"generated", "webhook secret"}
        assert not leaked, (body[:300], sorted(leaked))
    assert hits(secrets, sanctioned[0]) == ["generated"] and hits(secrets, sanctioned[1]) == ["webhook secret"]

    # 3. Every log record, of every logger, at DEBUG.
    assert hits(secrets, joined(logs.lines)) == []
    assert any('"logger": "sqlalchemy.engine' in line for line in logs.lines)  # every statement's parameters
    assert sum('"event": "send failed"' in line for line in logs.lines) == 2  # both refused reveals, traceback kept
    # The control: Bolt's and the SDK's DEBUG body logs did carry the shown secrets (so the scan
    # can see one, and the guard in handlers/accounts/vault.py is what keeps them out).
    assert {"generated", "typed"} <= set(hits(secrets, joined(offered.lines)))

    # 4. What the webhook receiver got: a signature, never the secret it is made with.
    assert hits(secrets, joined(webhook_sent)) == []

    # 5. The exceptions' texts.
    assert hits(secrets, joined(errors)) == []

    # 6. /metrics.
    assert hits(secrets, scraped) == []

    # 7. The database: secrets only sealed.
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert len(raw) > 100_000
        assert hits(secrets, raw) == []
    elif shutil.which("pg_dump"):
        dump = subprocess.run(["pg_dump", "--data-only", "--dbname", url.render_as_string(hide_password=False)
                               .replace("postgresql+psycopg", "postgresql")],
                              capture_output=True, check=True, timeout=60).stdout
        assert b"vault_secrets" in dump
        assert hits(secrets, dump) == []
