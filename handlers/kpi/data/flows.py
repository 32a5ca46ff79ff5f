"""After the ack: a file shared in a DM → files.info → its bytes → the import → the answer in a DM.

The bytes come from the file's `url_private_download` with the bot token (Authorization:
Bearer), as Slack documents for private files; without the token, or without the `files:read`
scope, Slack answers a login page (HTML) instead of the file, which is told apart here by its
content type rather than imported as a broken CSV.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.errors import SlackApiError

from bot.accounts.lookup import split_ref
from bot.core import runner
from bot.core.authz import Actor
from bot.core.errors import DomainError
from bot.core.parsing import words
from bot.kpi import csvio, imports
from handlers import slack
from handlers.blockkit import user_text
from handlers.kit import error_text, translator
from handlers.runtime import Runtime

log = logging.getLogger("socialops.kpi")
CSV_MIMETYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
DOWNLOAD_TIMEOUT_SECONDS = 30
_REF = re.compile(r"^@?[\w.\-]{1,120}$|^[a-z\-]{1,20}:@?[\w.\-]{1,120}$", re.IGNORECASE)


class _Refuse(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect with the Authorization header still on, to whatever host it
    names: the token must not leave Slack, so a redirect is an answer, not a hop."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise DownloadFailed("Slack redirected the download (to its sign-in page?): is files:read granted?")


_NO_REDIRECTS = urllib.request.build_opener(_Refuse)


class DownloadFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_csv(info: dict[str, Any]) -> bool:
    name = str(info.get("name") or "").lower()
    return name.endswith(".csv") or info.get("filetype") == "csv" or info.get("mimetype") in CSV_MIMETYPES


def account_named_in(text: str) -> str | None:
    """The account the message names for an export that does not say it: the only word, or the
    first `@handle` / `network:handle` in it."""
    tokens = [t.strip(".,;()") for t in words(text)]
    if len(tokens) == 1 and _REF.match(tokens[0]):
        return tokens[0]
    for token in tokens:
        network, handle = split_ref(token)
        if handle and _REF.match(token) and (token.startswith("@") or network is not None):
            return token
    return None


def token_may_go_to(url: str, api_url: str) -> bool:
    """The bot token is sent only to Slack: https on slack.com (files.slack.com serves private files),
    or the host the Web API client itself talks to (the local stand-in in the console and tests)."""
    target, api = urlsplit(url), urlsplit(api_url)
    if target.scheme == "https" and (target.hostname or "").endswith(".slack.com"):
        return True
    return bool(target.netloc) and (target.scheme, target.netloc) == (api.scheme, api.netloc)


def download(url: str, token: str, limit: int, *, api_url: str = "https://slack.com/api/") -> bytes:
    """The file's bytes, at most `limit` (read in one bounded read: a larger file is refused)."""
    if not url.startswith(("https://", "http://")):
        raise DownloadFailed("no download address")
    if not token_may_go_to(url, api_url):
        raise DownloadFailed("the download address is not Slack's")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 - Slack's URL
    try:
        with _NO_REDIRECTS.open(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            if "text/html" in str(response.headers.get("Content-Type") or ""):
                raise DownloadFailed("Slack answered a login page: is the files:read scope granted?")
            data: bytes = response.read(limit + 1)
    except urllib.error.URLError as exc:
        raise DownloadFailed(str(getattr(exc, "reason", exc))) from None
    if len(data) > limit:
        raise DownloadFailed(f"larger than {limit // 2**20} MB")
    return data


def import_shared_file(rt: Runtime, client: Any, actor: Actor, file_id: str, text: str) -> None:
    tr = translator(rt, actor.team_id)
    if runner.run(rt.ctx, actor, lambda s: imports.seen_file(s, actor.team_id, file_id), read_only=True):
        return
    try:
        info = dict(client.files_info(file=file_id)["file"])
    except SlackApiError as exc:
        reason = str(exc.response.get("error"))
        log.warning("cannot read a shared file", extra={"team": actor.team_id, "error": reason})
        slack.dm(client, actor.user_id, tr("kpi.data.file_unreadable", filename=file_id, reason=reason))
        return
    name = str(info.get("name") or info.get("title") or file_id)
    if not is_csv(info):
        slack.dm(client, actor.user_id, tr("kpi.data.file_not_csv", filename=user_text(name)))
        return
    size = int(info.get("size") or 0)
    if size > csvio.MAX_BYTES:  # refused before downloading a byte
        slack.dm(client, actor.user_id, tr("kpi.data.file_too_big", size=f"{size / 2**20:.1f}",
                                           limit=csvio.MAX_BYTES // 2**20))
        return
    try:
        data = download(str(info.get("url_private_download") or info.get("url_private") or ""),
                        str(client.token or ""), csvio.MAX_BYTES, api_url=str(client.base_url))
    except DownloadFailed as exc:
        log.warning("cannot download a shared file", extra={"team": actor.team_id, "error": exc.reason})
        slack.dm(client, actor.user_id, tr("kpi.data.file_unreadable", filename=user_text(name), reason=exc.reason))
        return
    account = account_named_in(text)
    try:
        result = runner.run(rt.ctx, actor, lambda s: imports.import_csv(
            s, actor, data, filename=name, source="file", now=rt.ctx.clock(), account=account,
            slack_file_id=file_id))
    except imports.ImportRejected as exc:
        slack.dm(client, actor.user_id, imports.rejection_text(tr, exc, user_text))
        return
    except DomainError as exc:
        slack.dm(client, actor.user_id, error_text(tr, exc))
        return
    slack.dm(client, actor.user_id, imports.summary_text(tr, result))
