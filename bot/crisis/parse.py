"""`/crisis` text → typed requests, and the crisis channel's name. Pure: no session, no Slack."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.core.errors import UsageError
from bot.core.parsing import clean_url, parse_id
from storage.models import SEVERITIES

SUMMARY_MAX = 500
URL_MAX = 2000
CHANNEL_NAME_MAX = 80  # Slack's limit on a channel name
USAGE_OPEN = "usage.crisis.open"


@dataclass(frozen=True)
class OpenDraft:
    severity: str
    summary: str  # as typed (trimmed): neutralised when rendered
    link: str | None
    brand: str | None = None  # the form's choice; the command form finds it in the summary


def parse_severity(word: str | None) -> str | None:
    """`sev1`, `SEV1`, `1`… → `sev1`; anything else None."""
    norm = (word or "").strip().lower()
    if norm.isascii() and norm.isdigit():
        norm = f"sev{norm}"
    return norm if norm in SEVERITIES else None


def _looks_like_link(word: str) -> bool:
    bare = word.strip("<>").lower()
    return "://" in bare or bare.startswith(("http:", "https:", "www."))


def check_summary(summary: str, usage_key: str = USAGE_OPEN) -> str:
    text = summary.strip()
    if not text:
        raise UsageError("crisis.open.error.summary", usage_key=usage_key)
    if len(text) > SUMMARY_MAX:
        raise UsageError("crisis.open.error.summary_long", usage_key=usage_key, max=SUMMARY_MAX, length=len(text))
    return text


def parse_open(text: str) -> OpenDraft:
    """`<sev1|sev2|sev3> <summary…> [link]`: a link ending the text is the crisis's link; a word that
    looks like a link but is none is refused (rather than kept in the summary, unnoticed)."""
    words = text.split()
    if not words:
        raise UsageError("crisis.open.error.severity", usage_key=USAGE_OPEN, text="—")
    severity = parse_severity(words[0])
    if severity is None:
        raise UsageError("crisis.open.error.severity", usage_key=USAGE_OPEN, text=words[0][:30])
    rest = words[1:]
    link = None
    if rest and _looks_like_link(rest[-1]):
        try:
            link = clean_url(rest[-1])
        except ValueError:
            raise UsageError("crisis.open.error.link", usage_key=USAGE_OPEN, text=rest[-1][:60]) from None
        rest = rest[:-1]
    # The summary keeps what was typed between the severity and the link, spacing included.
    body = text.strip()[len(words[0]):].strip()
    if link is not None:  # the last word, so the text ends with it once trailing space is gone
        body = body.rstrip()[: -len(words[-1])].strip()
    return OpenDraft(severity, check_summary(body), link)


def fold(text: str) -> str:
    """Accents folded, lowercase ASCII: "Campaña Ñandú" → "campana nandu"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode().lower()


def slug(text: str) -> str:
    """Lowercase ASCII words joined by `-`: anything else is a separator, runs collapsed, ends trimmed."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def channel_name(day: date, summary: str, number: str, attempt: int = 1) -> str:
    """`crisis-<yyyymmdd>-<slug>`, `-2`, `-3`… on later attempts; ≤ 80 characters, never a bare
    prefix (a summary with nothing ASCII in it falls back to the crisis number)."""
    prefix = f"crisis-{day:%Y%m%d}-"
    suffix = f"-{attempt}" if attempt > 1 else ""
    room = CHANNEL_NAME_MAX - len(prefix) - len(suffix)
    stem = slug(summary)[:room].strip("-") or slug(number)[:room]
    return f"{prefix}{stem}{suffix}"


def words_of(text: str) -> list[str]:
    """The summary's words as brand lookups compare them (casefolded, accents kept)."""
    return [w for w in re.split(r"[^\w&'.+-]+", unicodedata.normalize("NFC", text).casefold()) if w]


@dataclass(frozen=True)
class StepRef:
    crisis_id: int
    index: int


def parse_step(value: str) -> StepRef | None:
    """A checklist button's value, `<crisis id>:<step index>`; None for anything we did not write."""
    head, sep, tail = (value or "").partition(":")
    cid = parse_id(head)
    if not sep or cid is None or not (tail.isascii() and tail.isdigit()) or len(tail) > 3:
        return None
    return StepRef(cid, int(tail))
