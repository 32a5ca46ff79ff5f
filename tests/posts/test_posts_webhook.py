"""The optional publishing webhook (issue 12 §6), against a real local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.core.authz import Actor
from bot.core.errors import UsageError
from bot.posts import holds
from bot.posts.webhook import check_url, seal_secret, unseal_secret
from storage.models import Delivery, PostSettings, PostVariant
from storage.vault import Vault, VaultError
from storage.vault_keys import load_keyring
from tests.access.support import deliver_due, pending
from tests.accounts.kit import KEY_LINE, vault_runtime
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, TEAM
from tests.posts.support_posts import PAT, at, form_values, post_row, posts_world, refused, send_form

pytestmark = pytest.mark.usefixtures("setup_workspace")
rt_with_vault = pytest.fixture(name="rt")(vault_runtime)


class Receiver:
    """A local HTTP server that records each request and answers from a script (then 200 + a URL)."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.script: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server calls it by this name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.script.pop(0) if receiver.script else 200
                sent = json.loads(body)
                answer = (json.dumps({"url": f"https://{sent['network']}.example/p/{sent['account_id']}"})
                          if status == 200 else "{}").encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _set(driver: Any, receiver: Receiver) -> str:
    reply = driver.command(ADMIN, "/post", f"settings webhook {receiver.url}").json()["text"]
    found = re.search(r"`([0-9a-f]{64})`", reply)
    assert found is not None, reply
    return found.group(1)


def _approved_post(driver: Any, slack: Any, rt: Any, clock: Any) -> datetime:
    """Post #1 by Ana for Instagram and X, published by Pat, approved by Bea; its time."""
    acc = posts_world(driver, slack, rt)
    when = at(clock, days=2)
    send_form(driver, ANA, form_values([acc["ig"], acc["x"]], when, "Spring sale #spring",
                                       link="https://acme.com/sale", campaign="Spring", publisher=PAT,
                                       media="https://cdn.acme.com/a.jpg", x="Spring sale on X"))
    driver.click(BEA, "posts_approve", value="1:1", channel=APPROVALS)
    assert post_row(rt).status == "approved"
    return when


def _webhook(rt: Any) -> list[Delivery]:
    with rt.ctx.db.uow() as s:
        return list(s.scalars(select(Delivery).where(Delivery.kind == "posts.webhook")))


def _published(rt: Any) -> dict[str, str | None]:
    with rt.ctx.db.uow() as s:
        return {v.network: v.published_url for v in s.scalars(select(PostVariant))}


def _settings(rt: Any) -> PostSettings | None:
    with rt.ctx.db.uow() as s:
        row = s.scalars(select(PostSettings)).one_or_none()
        if row is not None:
            s.expunge(row)
        return row


def test_signed_json_and_a_url_answer_marks_it_published(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    secret = _set(driver, receiver)
    row = _settings(rt)
    assert row is not None and row.webhook_url == receiver.url
    assert row.webhook_secret and secret not in row.webhook_secret  # sealed, not stored as is
    when = _approved_post(driver, slack, rt, clock)
    assert [(d.due_at, d.state) for d in _webhook(rt)] == [(when, "pending")]
    deliver_due(rt, when - timedelta(minutes=1))
    assert receiver.requests == []  # not before its time

    deliver_due(rt, when)
    assert len(receiver.requests) == 2
    bodies = {}
    for headers, body in receiver.requests:
        ts = headers["x-socialops-request-timestamp"]
        expected = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-socialops-signature"], f"v0={expected}")
        sent = json.loads(body)
        bodies[sent["network"]] = sent
    ig, x = bodies["instagram"], bodies["x"]
    assert (ig["post_id"], ig["revision"], ig["handle"], ig["scheduled_at"]) == (
        1, 1, "acmeshop", when.isoformat().replace("+00:00", "Z"))
    assert ig["media_url"] == "https://cdn.acme.com/a.jpg"
    assert "utm_source=instagram" in ig["link"] and "utm_source=x" in x["link"]
    assert ig["text"] == "Spring sale #spring"  # Instagram captions carry no link
    assert x["text"] == f"Spring sale on X\n{x['link']}"  # the text as published, its tagged link after it
    assert _published(rt) == {"instagram": "https://instagram.example/p/" + str(ig["account_id"]),
                              "x": "https://x.example/p/" + str(x["account_id"])}
    post = post_row(rt)
    assert (post.status, post.published_by) == ("published", "webhook")
    assert pending(rt.ctx.db, "posts.overdue") == []  # the overdue check is cancelled
    deliver_due(rt, when + timedelta(hours=2))
    assert len(receiver.requests) == 2  # once


def test_a_500_is_retried_then_marks_it_published(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    _set(driver, receiver)
    when = _approved_post(driver, slack, rt, clock)
    receiver.script = [500]
    deliver_due(rt, when)
    [d] = _webhook(rt)
    assert (d.state, d.attempts, d.last_error) == ("pending", 1, "webhook_http_500")
    assert post_row(rt).status == "approved"
    deliver_due(rt, when + timedelta(minutes=5))  # past the first backoff (30 s + jitter)
    assert _webhook(rt)[0].state == "sent"
    assert len(receiver.requests) == 3
    assert post_row(rt).status == "published"


def test_a_4xx_fails_and_the_admins_are_told(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    _set(driver, receiver)
    when = _approved_post(driver, slack, rt, clock)
    receiver.script = [404, 404]
    deliver_due(rt, when)
    [d] = _webhook(rt)
    assert (d.state, d.last_error) == ("failed", "webhook_http_404")
    assert post_row(rt).status == "approved" and _published(rt) == {"instagram": None, "x": None}
    deliver_due(rt, when + timedelta(minutes=1))  # the admins' alert
    alert = slack.messages(slack.dm_channel(ADMIN))[-1]["text"]
    assert "posts.webhook" in alert and "webhook_http_404" in alert
    deliver_due(rt, when + timedelta(hours=2))
    assert len(receiver.requests) == 2  # not retried


def test_nothing_is_sent_for_an_unapproved_or_cancelled_post(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    _set(driver, receiver)
    acc = posts_world(driver, slack, rt)
    when = at(clock, days=2)
    send_form(driver, ANA, form_values([acc["x"]], when, "Pending only"))
    assert _webhook(rt) == []  # scheduled on approval only
    send_form(driver, ANA, form_values([acc["x"]], when, "Approved then cancelled"))
    driver.click(BEA, "posts_approve", value="2:1", channel=APPROVALS)
    assert [d.subject_id for d in _webhook(rt)] == ["2:1"]
    assert "cancelled" in driver.command(ANA, "/post", "cancel 2 change of plans").json()["text"]
    deliver_due(rt, when + timedelta(minutes=1))
    assert receiver.requests == [] and [d.state for d in _webhook(rt)] == ["cancelled"]


def test_turned_off_before_its_time_sends_nothing(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    _set(driver, receiver)
    when = _approved_post(driver, slack, rt, clock)
    assert "turned off" in driver.command(ADMIN, "/post", "settings webhook off").json()["text"]
    row = _settings(rt)
    assert row is not None and (row.webhook_url, row.webhook_secret) == (None, None)
    deliver_due(rt, when)
    assert receiver.requests == [] and post_row(rt).status == "approved"


def test_only_admins_set_the_webhook(driver: Any, rt: Any, receiver: Receiver) -> None:
    reply = driver.command(BEA, "/post", f"settings webhook {receiver.url}").json()["text"]
    assert "Not allowed" in reply and not re.search(r"[0-9a-f]{64}", reply)
    assert _settings(rt) is None and refused(rt) == [(BEA, "posts.settings")]


@pytest.mark.parametrize("url", [
    "http://example.com/hook",  # http off this machine
    "https://",  # no host
    "https://user:pass@example.com/hook",  # credentials
    "https://token@example.com/hook",
    "https://example.com/" + "a" * 2048,  # too long
    "ftp://example.com/hook", "example.com/hook", "https://exa mple.com/hook", "",
])
def test_a_bad_url_is_refused_with_usage(driver: Any, rt: Any, url: str) -> None:
    reply = driver.command(ADMIN, "/post", f"settings webhook {url}").json()["text"]
    assert "/post settings webhook" in reply and "https URL" in reply
    assert _settings(rt) is None


@pytest.mark.parametrize("url", ["https://hooks.zapier.com/hooks/catch/1/abc/", "http://localhost:8080/x",
                                 "http://127.0.0.1:9/hook", "<https://n8n.acme.com/webhook/p>"])
def test_good_urls(url: str) -> None:
    assert check_url(url) == url.strip("<>")


def test_bad_url_unit() -> None:
    with pytest.raises(UsageError):
        check_url("https://[::1/")


class _Keys:
    socialops_vault_keys = SecretStr(KEY_LINE)
    socialops_vault_key_file = None


def test_the_sealed_secret_is_bound_to_its_workspace() -> None:
    ring = load_keyring(_Keys())
    assert ring is not None
    vault = Vault(ring)
    sealed = seal_secret(vault, "T1", "s3cret")
    assert "s3cret" not in sealed and unseal_secret(vault, "T1", sealed) == "s3cret"
    with pytest.raises(VaultError):
        unseal_secret(vault, "T2", sealed)  # copied onto another workspace: does not open


def test_a_held_post_is_not_sent_until_released(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    _set(driver, receiver)
    when = _approved_post(driver, slack, rt, clock)
    driver.command(BEA, "/post", "hold Acme 72 recall")
    assert post_row(rt).status == "held" and [d.state for d in _webhook(rt)] == ["cancelled"]
    deliver_due(rt, when - timedelta(hours=1))
    assert receiver.requests == []
    with rt.ctx.db.uow() as s:
        holds.release(s, Actor(TEAM, BEA), 1, clock())
    assert post_row(rt).status == "approved" and [d.state for d in _webhook(rt)] == ["pending"]
    deliver_due(rt, when)
    assert len(receiver.requests) == 2 and post_row(rt).status == "published"


def test_a_receiver_that_is_down_is_retried(driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver) -> None:
    _set(driver, receiver)
    when = _approved_post(driver, slack, rt, clock)
    receiver.close()  # nothing listens on its port any more: connection refused
    deliver_due(rt, when)
    [d] = _webhook(rt)
    assert (d.state, d.attempts, d.last_error) == ("pending", 1, "webhook_URLError")
    assert d.due_at > when and post_row(rt).status == "approved"


def test_a_2xx_without_a_url_is_delivered_but_not_marked(
    driver: Any, slack: Any, rt: Any, clock: Any, receiver: Receiver
) -> None:
    _set(driver, receiver)
    when = _approved_post(driver, slack, rt, clock)
    receiver.script = [201, 201]  # answered "{}"
    deliver_due(rt, when)
    assert _webhook(rt)[0].state == "sent" and len(receiver.requests) == 2
    assert post_row(rt).status == "approved" and _published(rt) == {"instagram": None, "x": None}
