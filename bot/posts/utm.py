"""UTM tagging of a post's link, one tagged link per account (issue 12 §4, networks.md §6).

Every account's link gets `utm_source=<network>` and `utm_medium=social` (GA4 files medium
"social" under Organic Social), and `utm_campaign=<campaign slug>` when the post has a campaign.
Without a campaign there is no `utm_campaign`: Hootsuite and Buffer still tag source and medium,
and an invented campaign name ("none", "social") would pollute the campaign report.

All values are lowercase because GA stores them as sent ("Facebook" and "facebook" would be two
rows). The link as typed is kept byte for byte — its other parameters (a `utm_content` or
`utm_term` the author chose included), their order and encoding, and its fragment — and only our
missing parameters are appended, so tagging a tagged link gives the same link. A parameter of
ours already present with our value is kept once (a repeat of it is dropped); with another value
it is a conflict, which the author resolves (we never silently rewrite someone's attribution).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from bot.core.errors import DomainError

MEDIUM = "social"
_NOT_IN_URLS = frozenset('<>"{}|\\^`')
MAX_LINK = 2048  # Pinterest's link field, the shortest known; also the practical limit of browsers


class BadLink(DomainError):
    """Not an http(s) link with a host (or one we refuse to pass on); `key` says which."""


class UtmConflict(DomainError):
    """The link already carries one of our parameters with another value."""

    def __init__(self, param: str, existing: str, ours: str) -> None:
        # The existing value is the author's text: cut, so a pasted essay does not become the error.
        shown = existing if len(existing) <= 60 else existing[:59] + "…"
        super().__init__("post.check.error.utm_conflict", param=param, existing=shown, ours=ours)
        self.param = param


def slug(campaign: str) -> str:
    """"Rebajas de Otoño 2026" → "rebajas-de-otono-2026": lowercase ASCII letters and digits,
    accents stripped, anything else one hyphen. "" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", campaign.casefold()).encode("ascii", "ignore").decode()
    out: list[str] = []
    for c in ascii_text:
        if c.isalnum():
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def _host_ok(host: str) -> bool:
    """`host` as urlsplit gives it (lowercase, an IPv6 literal without its brackets)."""
    if ":" in host:
        return all(c in "0123456789abcdef:." for c in host)
    labels = host.removesuffix(".").split(".")
    return all(label and len(label) <= 63 and not label.startswith("-") and not label.endswith("-")
               and all(c.isalnum() or c == "-" for c in label) for label in labels)


def checked_link(link: str) -> str:
    """The link, stripped, if it is one we can tag; raises BadLink otherwise."""
    text = link.strip()
    if not text:
        raise BadLink("post.check.error.link_empty")
    if len(text) > MAX_LINK:
        raise BadLink("post.check.error.link_too_long", length=len(text), limit=MAX_LINK)
    # Control and format characters (a zero-width space) are paste debris, invisible in the preview.
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise BadLink("post.check.error.link_spaces")
    # Characters a URL cannot hold unencoded (RFC 3986). They also close or split Slack's
    # <url|label> markup, so a link carrying them could re-label itself in a preview.
    if bad := sorted({c for c in text if c in _NOT_IN_URLS}):
        raise BadLink("post.check.error.link_characters", chars=" ".join(bad))
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0  # .port raises ValueError when not a number
    except ValueError:
        raise BadLink("post.check.error.link_not_http") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not port_ok:
        raise BadLink("post.check.error.link_not_http")
    # A user name or password in a link would be published to everyone (and is a phishing trick).
    if "@" in parts.netloc:
        raise BadLink("post.check.error.link_credentials")
    if not parts.hostname or not _host_ok(parts.hostname):
        raise BadLink("post.check.error.link_not_http")
    return text


def ours(network: str, campaign_slug: str | None) -> dict[str, str]:
    """Our parameters for an account of `network`, in the order they are appended."""
    params = {"utm_source": network.lower(), "utm_medium": MEDIUM}
    if campaign_slug:
        params["utm_campaign"] = campaign_slug
    return params


def tag(link: str, network: str, campaign_slug: str | None) -> str:
    """The link with our UTM parameters. Raises BadLink or UtmConflict (nothing half-done)."""
    text = checked_link(link)
    parts = urlsplit(text)
    wanted = ours(network, campaign_slug)
    kept: list[str] = []
    present: set[str] = set()
    for segment in parts.query.split("&"):
        if not segment:  # "?a=1&&b=2" or a lone "?": an empty pair means nothing
            continue
        name = unquote_plus(segment.split("=", 1)[0]).lower()
        if name not in wanted:
            kept.append(segment)
            continue
        value = unquote_plus(segment.split("=", 1)[1]) if "=" in segment else ""
        if value != wanted[name]:
            raise UtmConflict(name, value, wanted[name])
        if name not in present:  # a second copy of the same pair adds nothing
            present.add(name)
            kept.append(segment)
    kept += [f"{k}={quote(v, safe='-')}" for k, v in wanted.items() if k not in present]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))
