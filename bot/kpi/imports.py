"""Taking in one CSV file of KPI figures: all or nothing, once per content (issue 14 §2).

One unit of work: the role, the content hash (the same bytes twice are refused, saying when and
by whom), every line read and looked up (accounts, competitors, metrics) with each problem kept
with its line number; any problem means nothing is written. Otherwise the figures are upserted
(`values.write_values`: a re-import of the same rows inside another file changes nothing), the
`kpi_imports` row records what it did and the audit chain gets its sha256 and counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.lookup import find_account
from bot.core.authz import SYSTEM, Actor, require_role
from bot.core.errors import Conflict, DomainError
from bot.core.i18n import Translator
from bot.kpi import csvio, parse_data, values
from bot.kpi.values import ValueRow, WriteCounts
from storage import audit
from storage.models.kpi import KpiImport

SHOWN_PROBLEMS = 20
COMPETITOR_PREFIX = "competitor:"
USAGE_IMPORT = "usage.kpi.import"
FILENAME_MAX = 255


class ImportRejected(DomainError):
    """Some lines are wrong: the file is refused whole; `problems` say which and why."""

    def __init__(self, filename: str, problems: list[csvio.Problem], count: int) -> None:
        super().__init__("kpi.data.import_rejected", filename=filename, count=count)
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        self.count = count


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    filename: str
    format: str
    label: str
    figures: int
    counts: WriteCounts
    first_day: dt.date
    last_day: dt.date
    subjects: int
    skipped: int


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seen_file(session: Session, team_id: str, slack_file_id: str) -> bool:
    """A file shared in Slack is taken in once, whatever Slack sends again about it."""
    return session.scalars(select(KpiImport.id).where(KpiImport.team_id == team_id,
                                                      KpiImport.slack_file_id == slack_file_id)).first() is not None


def _already(session: Session, team_id: str, digest: str) -> None:
    before = session.scalars(select(KpiImport).where(KpiImport.team_id == team_id, KpiImport.sha256 == digest)
                             .order_by(KpiImport.id)).first()
    if before is not None:
        raise Conflict("kpi.data.already_imported", filename=before.filename,
                       at=before.imported_at.strftime("%Y-%m-%d %H:%M UTC"), by=before.imported_by)


class _Resolver:
    """Looks each account, competitor and metric up once per file, keeping the problem it found."""

    def __init__(self, session: Session, team_id: str) -> None:
        self.session, self.team_id = session, team_id
        self.custom = values.custom_keys(session, team_id)
        self.subjects: dict[str, tuple[str, int | None, int | None] | DomainError] = {}
        self.metrics: dict[tuple[str, bool], str | DomainError] = {}

    def subject(self, ref: str) -> tuple[str, int | None, int | None]:
        key = ref.strip().casefold()
        if key not in self.subjects:
            try:
                self.subjects[key] = self._subject(ref.strip())
            except DomainError as exc:
                self.subjects[key] = exc
        found = self.subjects[key]
        if isinstance(found, DomainError):
            raise found
        return found

    def _subject(self, ref: str) -> tuple[str, int | None, int | None]:
        if ref.casefold().startswith(COMPETITOR_PREFIX):
            brand, _, name = ref[len(COMPETITOR_PREFIX):].partition(":")
            if not brand.strip() or not name.strip():
                raise DomainError("kpi.data.competitor_ref", ref=ref)
            competitor = values.resolve_competitor(self.session, self.team_id, [brand, name], create=True)
            return f"c:{competitor.id}", None, competitor.id
        account = find_account(self.session, self.team_id, ref, usage_key=USAGE_IMPORT)
        return f"a:{account.id}", account.id, None

    def metric(self, word: str, competitor: bool) -> str:
        key = (word.casefold(), competitor)
        if key not in self.metrics:
            try:
                self.metrics[key] = values.resolve_metric(word, self.custom, competitor=competitor)
            except DomainError as exc:
                self.metrics[key] = exc
        found = self.metrics[key]
        if isinstance(found, DomainError):
            raise found
        return found


def _rows(session: Session, team_id: str, parsed: csvio.Parsed) -> list[ValueRow]:
    resolver = _Resolver(session, team_id)
    rows: list[ValueRow] = []
    first_line: dict[tuple[str, str, dt.date], int] = {}
    for raw in parsed.rows:
        try:
            subject, account_id, competitor_id = resolver.subject(raw.ref)
            metric = resolver.metric(raw.metric, competitor_id is not None)
            parse_data.check_value(metric, raw.value, raw.value_text)
        except DomainError as exc:
            parsed.problem(raw.line, exc.key, **exc.params)
            continue
        key = (subject, metric, raw.day)
        if key in first_line:
            parsed.problem(raw.line, "kpi.data.duplicate_row", first=first_line[key])
            continue
        first_line[key] = raw.line
        rows.append(ValueRow(subject, account_id, competitor_id, metric, raw.day, raw.value))
    return rows


def import_csv(session: Session, actor: Actor, data: bytes, *, filename: str, source: str, now: dt.datetime,
               account: str | None = None, slack_file_id: str | None = None) -> ImportResult:
    """The whole file or nothing; `ImportRejected` lists the bad lines, `FileRefused` the file."""
    team = actor.team_id
    if actor.user_id != SYSTEM:  # `socialops kpi import` without --by: the operator, on the server
        require_role(session, actor, *values.WRITE_ROLES, action="kpi.import", subject=filename[:120])
    name = (filename.strip() or "import.csv")[:FILENAME_MAX]
    if slack_file_id is not None and seen_file(session, team, slack_file_id):
        raise Conflict("kpi.data.file_seen", filename=name)
    digest = sha256_of(data)
    _already(session, team, digest)
    parsed = csvio.parse_csv(data, today=values.local_today(session, team, now), account=account)
    rows = _rows(session, team, parsed)
    if parsed.problem_count:
        raise ImportRejected(name, parsed.problems, parsed.problem_count)
    if not rows:
        raise csvio.FileRefused("kpi.data.no_rows", expected=csvio.SOCIALOPS_HEADER)
    record = KpiImport(team_id=team, filename=name, sha256=digest, format=parsed.format, source=source,
                       rows=len(rows), imported_by=actor.user_id, imported_at=now, slack_file_id=slack_file_id)
    session.add(record)
    session.flush()
    counts = values.write_values(session, team, rows, source=source, by=actor.user_id, now=now,
                                 import_id=record.id)
    record.inserted, record.updated, record.unchanged = counts.inserted, counts.updated, counts.unchanged
    audit.append(session, team_id=team, actor=actor.user_id, action="kpi.import", subject=f"import:{record.id} {name}",
                 detail={"sha256": digest, "format": parsed.format, "source": source, "rows": len(rows),
                         "inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged,
                         "slack_file_id": slack_file_id}, at=now)
    return ImportResult(record.id, name, parsed.format, parsed.label, len(rows), counts,
                        min(r.day for r in rows), max(r.day for r in rows), len({r.subject for r in rows}),
                        parsed.skipped)


# ---- the words people read (the CLI on stderr, Slack in a DM) ------------------------------------

def summary_text(tr: Translator, result: ImportResult) -> str:
    text = tr("kpi.data.imported", filename=result.filename, label=result.label, figures=result.figures,
              subjects=result.subjects, first=result.first_day.isoformat(), last=result.last_day.isoformat(),
              inserted=result.counts.inserted, updated=result.counts.updated, unchanged=result.counts.unchanged)
    if result.skipped:
        text += "\n" + tr("kpi.data.skipped_lines", count=result.skipped)
    return text


def rejection_text(tr: Translator, exc: ImportRejected, escape: Callable[[str], str] = str) -> str:
    """The first lines with their reasons, then how many more: what to fix before sending it again."""
    out = [tr("kpi.data.import_rejected", filename=escape(str(exc.params["filename"])), count=exc.count)]
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        params = {k: escape(v) if isinstance(v, str) else v for k, v in problem.params.items()}
        out.append(tr("kpi.data.line", line=problem.line, reason=tr(problem.key, **params)))
    if exc.count > SHOWN_PROBLEMS:
        out.append(tr("kpi.data.and_more", count=exc.count - SHOWN_PROBLEMS))
    out.append(tr("kpi.data.nothing_written"))
    return "\n".join(out)
