"""The optional publishing webhook (issue 12 §6): at the post's time each approved variant is
POSTed as JSON to the URL a workspace admin set, signed like Slack signs its own requests.

Headers `X-SocialOps-Request-Timestamp: <unix seconds>` and
`X-SocialOps-Signature: v0=<hex HMAC-SHA256 of "v0:{ts}:{body}" with the signing secret>`.
The secret is generated when the webhook is set and shown once to the admin; it is stored
sealed with the vault's primary key (AES-256-GCM, the associated data binding it to its
workspace), since the vault's own rows belong to an account. It never reaches logs or errors.

One durable delivery (views.KIND_WEBHOOK, scheduled with the publisher's reminders) per approved
revision, one part per variant: a 5xx or a connection error is retried with the scheduler's
backoff, any other answer outside 2xx fails it (the admins are alerted); a 2xx answer with
`{"url": "..."}` marks that variant published, and the post published when every variant is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, require_role
from bot.core.errors import UsageError
from bot.core.schedule import DeliveryFailed, Outgoing, RenderContext
from bot.posts.drafts import cancel_reminders
from bot.posts.text import published_text
from bot.posts.views import settings_of, variants_of
from storage import audit
from storage.models import Post, PostSettings, PostVariant
from storage.sealing import NONCE_BYTES, Sealed, open_text, seal_text
from storage.vault import Vault, VaultError

MAX_URL = 2048
LOCAL_HOSTS = ("127.0.0.1", "localhost")
TIMEOUT_SECONDS = 10.0
USAGE = "usage.post.settings"


def check_url(raw: str) -> str:
    """An https URL with a host and no credentials (http only to this machine); UsageError otherwise."""
    url = raw.strip().strip("<>")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, host, port_ok = None, "", False
    ok = (
        parts is not None and port_ok and 0 < len(url) <= MAX_URL and bool(host)
        and not any(c.isspace() for c in url)
        and parts.username is None and parts.password is None and "@" not in parts.netloc
        and (parts.scheme == "https" or (parts.scheme == "http" and host in LOCAL_HOSTS))
    )
    if not ok:
        raise UsageError("post.error.bad_webhook", usage_key=USAGE)
    return url


# ---- the secret, sealed with the vault's primitives --------------------------------------

def _aad(team_id: str) -> bytes:
    return "\x00".join(("socialops.posts.webhook.v1", team_id)).encode()


def seal_secret(vault: Vault, team_id: str, secret: str) -> str:
    sealed = seal_text(vault.ring, secret, _aad(team_id))
    return f"{sealed.key_id}:{base64.b64encode(sealed.nonce + sealed.ciphertext).decode()}"


def unseal_secret(vault: Vault, team_id: str, sealed: str) -> str:
    kid, _, blob = sealed.partition(":")
    try:
        raw = base64.b64decode(blob)
    except ValueError:
        raise VaultError("cannot_decrypt", "cannot decrypt the posts webhook secret") from None
    return open_text(vault.ring, Sealed(kid, raw[:NONCE_BYTES], raw[NONCE_BYTES:]), _aad(team_id),
                     where="the posts webhook secret")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


# ---- the setting -------------------------------------------------------------------------

@dataclass(frozen=True)
class WebhookSet:
    url: str | None
    secret: str | None  # shown once, to the admin who set it; None when turned off

    def __repr__(self) -> str:  # keep the secret out of tracebacks and debuggers
        return f"WebhookSet(url={self.url!r}, secret=<hidden>)"


def set_webhook(session: Session, actor: Actor, vault: Vault | None, raw: str, now: datetime) -> WebhookSet:
    """`off` clears it; a URL sets it with a new secret. Admins only (refused and audited)."""
    require_role(session, actor, action="posts.settings", subject="webhook")
    off = raw.strip().lower() == "off"
    url = None if off else check_url(raw)
    if url is not None and vault is None:
        raise UsageError("post.error.webhook_no_vault", usage_key=USAGE)
    row = settings_of(session, actor.team_id)
    if row is None:
        row = PostSettings(team_id=actor.team_id, approvals_required=1, text_limits={}, hashtag_limits={})
        session.add(row)
    secret = None
    if url is None:
        row.webhook_url, row.webhook_secret = None, None
    else:
        assert vault is not None
        secret = secrets.token_hex(32)
        row.webhook_url, row.webhook_secret = url, seal_secret(vault, actor.team_id, secret)
    row.updated_by, row.updated_at = actor.user_id, now
    # The host only: a path may carry a token of the receiver's (Zapier, Make…).
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.settings_changed",
                 subject="webhook", at=now, detail={"host": urlsplit(url).hostname if url else None})
    session.flush()
    return WebhookSet(url, secret)


# ---- the delivery ------------------------------------------------------------------------

def _post(url: str, secret: str, body: bytes) -> tuple[str, str]:
    ts = str(int(time.time()))  # real time, not the app clock: receivers check it against theirs
    # The URL passed check_url when it was set: https (or http to this machine) only.
    headers = {"Content-Type": "application/json", "User-Agent": "SocialOps-Webhook/1",
               "X-SocialOps-Request-Timestamp": ts, "X-SocialOps-Signature": sign(secret, ts, body)}
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        # 5xx and 429: the receiver may recover; any other (4xx, a redirect) will not by itself.
        transient = exc.code >= 500 or exc.code == 429
        raise DeliveryFailed(f"webhook_http_{exc.code}", transient=transient) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        # Refused, timed out, reset, a garbled answer: the receiver or the network may recover.
        raise DeliveryFailed(f"webhook_{type(exc).__name__}", transient=True) from None
    except ValueError as exc:  # a URL http.client will not send to: no retry fixes it
        raise DeliveryFailed(f"webhook_{type(exc).__name__}", transient=False) from None
    return "webhook", _live_url(answer)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not followed: the signed body must not go to a host the admin did not set."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _live_url(answer: bytes) -> str:
    """The `url` of a JSON answer, when it is an http(s) URL; "" otherwise (delivered, not marked)."""
    try:
        found = json.loads(answer.decode("utf-8")) if answer else None
    except (UnicodeDecodeError, ValueError):
        return ""
    url = found.get("url") if isinstance(found, dict) else None
    if not isinstance(url, str) or len(url) > MAX_URL or urlsplit(url).scheme not in ("http", "https"):
        return ""
    return url


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def render(rc: RenderContext, vault: Vault | None) -> list[Outgoing] | None:
    """At the post's time: one signed POST per variant not yet published, if still approved."""
    post_id, _, revision = rc.delivery.subject_id.partition(":")
    if not (post_id.isdigit() and revision.isdigit()):
        return None
    post = rc.session.get(Post, int(post_id))
    row = settings_of(rc.session, rc.delivery.team_id)
    if (post is None or post.team_id != rc.delivery.team_id or post.revision != int(revision)
            or post.status != "approved" or row is None or not row.webhook_url or not row.webhook_secret):
        return None  # held, cancelled, edited, already published, or the webhook turned off
    if vault is None:
        raise DeliveryFailed("webhook_no_vault", transient=True)
    secret = unseal_secret(vault, post.team_id, row.webhook_secret)
    url = row.webhook_url
    out = []
    for variant, account in variants_of(rc.session, post):
        if variant.published_url:
            continue
        text = published_text(variant.network, variant.copy_override or post.copy, variant.tagged_link)
        body = json.dumps({
            "post_id": post.id, "revision": post.revision, "account_id": account.id, "network": variant.network,
            "handle": account.handle, "text": text, "link": variant.tagged_link, "media_url": post.media_url,
            "scheduled_at": _iso(post.scheduled_at),
        }, ensure_ascii=False, sort_keys=True).encode()
        out.append(Outgoing(
            to=f"webhook:{urlsplit(url).hostname}", text=f"post {post.id} on {account.handle}",
            deliver=partial(_post, url, secret, body),
            on_sent=_marker(post.team_id, post.id, post.revision, variant.id, rc.now)))
    return out or None


def _marker(team_id: str, post_id: int, revision: int, variant_id: int, now: datetime) -> Any:
    def on_sent(session: Session, _where: str, live_url: str) -> None:
        if live_url:
            mark_variant(session, team_id, post_id, revision, variant_id, live_url, now)
    return on_sent


def mark_variant(session: Session, team_id: str, post_id: int, revision: int, variant_id: int, url: str,
                 now: datetime) -> bool:
    """The receiver published this variant at `url`; the post is published once all are. True when it is."""
    post = session.scalars(select(Post).where(Post.id == post_id, Post.team_id == team_id)
                           .with_for_update()).one_or_none()
    if post is None or post.revision != revision or post.status not in ("approved", "overdue"):
        return False
    session.execute(update(PostVariant).where(PostVariant.id == variant_id, PostVariant.post_id == post_id)
                    .values(published_url=url).execution_options(synchronize_session=False))
    audit.append(session, team_id=team_id, actor="webhook", action="posts.variant_published",
                 subject=f"post:{post_id}", at=now, detail={"variant": variant_id, "url": url, "revision": revision})
    left = session.scalars(select(PostVariant.id).where(PostVariant.post_id == post_id,
                                                       PostVariant.published_url.is_(None))).first()
    if left is not None:
        return False
    post.status, post.published_url, post.published_at, post.published_by = "published", url, now, "webhook"
    post.updated_at = now
    cancel_reminders(session, post)
    audit.append(session, team_id=team_id, actor="webhook", action="posts.published", subject=f"post:{post_id}",
                 at=now, detail={"url": url, "revision": revision})
    return True
