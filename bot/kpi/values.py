"""Writing KPI figures (`kpi_values`) and `/kpi log`: one number per subject, metric and local day.

`write_values` is the one writer (a typed figure, an imported file, the seed): it reads what is
already stored for the rows' keys, inserts the new ones and updates the changed ones in bulk, so
writing the same rows twice changes nothing and says so (inserted / updated / unchanged).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.accounts.lookup import find_account
from bot.core.authz import Actor, Role, require_role
from bot.core.errors import DomainError, NotFound, UsageError
from bot.kpi import metrics, parse_data, periods
from bot.kpi.competitors import competitor_by_name, profile_for, profile_names
from bot.kpi.periods import month_of, week_of
from storage import audit
from storage.models import Account, Workspace
from storage.models.kpi import KpiCompetitor, KpiDefinition, KpiValue

WRITE_ROLES = (Role.PUBLISHER, Role.CUSTODIAN)  # and admins: `/kpi log`, imports
_CHUNK = 500  # keys per IN (…): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class ValueRow:
    subject: str  # "a:<account id>" | "c:<competitor id>"
    account_id: int | None
    competitor_id: int | None
    metric: str  # a base metric or "custom:<key>"
    day: dt.date
    value: float


@dataclass(frozen=True)
class WriteCounts:
    inserted: int
    updated: int
    unchanged: int


def account_row(account_id: int, metric: str, day: dt.date, value: float) -> ValueRow:
    return ValueRow(f"a:{account_id}", account_id, None, metric, day, value)


def competitor_row(competitor_id: int, metric: str, day: dt.date, value: float) -> ValueRow:
    return ValueRow(f"c:{competitor_id}", None, competitor_id, metric, day, value)


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def stored_values(session: Session, team_id: str, rows: Sequence[ValueRow]) -> dict[tuple[str, str, dt.date],
                                                                                     tuple[int, float]]:
    """What is stored for the rows' (subject, metric, day) keys: id and value."""
    if not rows:
        return {}
    lo, hi = min(r.day for r in rows), max(r.day for r in rows)
    wanted = {(r.subject, r.metric, r.day) for r in rows}
    metric_keys = sorted({r.metric for r in rows})
    found: dict[tuple[str, str, dt.date], tuple[int, float]] = {}
    for subjects in _chunks(sorted({r.subject for r in rows})):
        for metric_chunk in _chunks(metric_keys):
            query = select(KpiValue.id, KpiValue.subject, KpiValue.metric, KpiValue.day, KpiValue.value).where(
                KpiValue.team_id == team_id, KpiValue.subject.in_(subjects), KpiValue.metric.in_(metric_chunk),
                KpiValue.day >= lo, KpiValue.day <= hi)
            for vid, subject, metric, day, value in session.execute(query).tuples():
                if (subject, metric, day) in wanted:
                    found[(subject, metric, day)] = (int(vid), float(value))
    return found


def write_values(session: Session, team_id: str, rows: Sequence[ValueRow], *, source: str, by: str,
                 now: dt.datetime, import_id: int | None = None) -> WriteCounts:
    """Upsert on (team, subject, metric, day); the last of several rows with one key wins."""
    latest = {(r.subject, r.metric, r.day): r for r in rows}
    stored = stored_values(session, team_id, list(latest.values()))
    new: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    unchanged = 0
    for key, row in latest.items():
        before = stored.get(key)
        if before is None:
            new.append({"team_id": team_id, "subject": row.subject, "account_id": row.account_id,
                        "competitor_id": row.competitor_id, "metric": row.metric, "day": row.day,
                        "week_start": week_of(row.day), "month_start": month_of(row.day), "value": row.value,
                        "source": source, "import_id": import_id, "logged_by": by, "logged_at": now})
        elif before[1] != row.value:
            changed.append({"id": before[0], "value": row.value, "source": source, "import_id": import_id,
                            "logged_by": by, "logged_at": now})
        else:
            unchanged += 1
    if new:
        # ON CONFLICT: a figure another writer stored for the same key since the read above (two
        # imports at once on PostgreSQL) is replaced rather than failing the whole file.
        module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = module.insert(KpiValue.__table__)
        stmt = stmt.on_conflict_do_update(
            index_elements=["team_id", "subject", "metric", "day"],
            set_={c: stmt.excluded[c] for c in ("value", "source", "import_id", "logged_by", "logged_at")})
        for start in range(0, len(new), 1000):
            session.execute(stmt, new[start:start + 1000])
    if changed:
        session.execute(update(KpiValue), changed)  # ORM bulk update by primary key
    session.flush()
    return WriteCounts(len(new), len(changed), unchanged)


# ---- what a figure is about, and which metric ---------------------------------------------------

def local_today(session: Session, team_id: str, now: dt.datetime) -> dt.date:
    """Today in the workspace's time zone: a KPI day is a local date."""
    ws = session.get(Workspace, team_id)
    return periods.local_day(ws.timezone if ws is not None else None, now)


def custom_keys(session: Session, team_id: str) -> dict[str, str]:
    """The custom metrics defined here (not removed): data key → name as defined."""
    rows = session.execute(select(KpiDefinition.custom_key, KpiDefinition.custom_name).where(
        KpiDefinition.team_id == team_id, KpiDefinition.removed_at.is_(None),
        KpiDefinition.custom_key.is_not(None)).order_by(KpiDefinition.id)).tuples()
    out: dict[str, str] = {}
    for key, name in rows:
        if key:
            out.setdefault(str(key), str(name or key))
    return out


def metric_names(custom: dict[str, str]) -> str:
    return ", ".join([*metrics.BASE, *custom.values()])


def resolve_metric(word: str, custom: dict[str, str], *, competitor: bool = False) -> str:
    """The data key a metric word logs to: a base metric, or a defined custom metric's key."""
    text = " ".join(word.split())
    if not text:
        raise DomainError("kpi.data.no_metric", names=metric_names(custom))
    key = metrics.canonical(text)
    if key in metrics.DERIVED:
        parts = " + ".join(metrics.parts_of(key))
        raise DomainError("kpi.data.derived", metric=key, parts=parts)
    if competitor:
        if key not in parse_data.COMPETITOR_METRICS:
            raise DomainError("kpi.data.competitor_metric", metric=text,
                              names=", ".join(parse_data.COMPETITOR_METRICS))
        return key
    if key is not None and key in metrics.BASE:
        return key
    data_key = metrics.custom_key(text.removeprefix(metrics.CUSTOM_PREFIX))
    if data_key in custom:
        return data_key
    raise DomainError("kpi.data.unknown_metric", metric=text, names=metric_names(custom))


def resolve_competitor(session: Session, team_id: str, tokens: Sequence[str], *, create: bool) -> KpiCompetitor:
    """`<brand> <name…>`: every split of the words into a brand and a name is tried, so neither
    needs quotes ("Acme Foods Rival Co" finds brand "Acme Foods" and its competitor "Rival Co")."""
    brands_seen: list[str] = []
    for cut in range(1, len(tokens)):
        brand, name = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        profile = profile_for(session, team_id, brand)
        if profile is None:
            continue
        brands_seen.append(profile.brand)
        found = competitor_by_name(session, team_id, brand, name, create=create)
        if found is not None:
            return found
    if not brands_seen:
        raise NotFound("kpi.data.no_brand_profile", brand=tokens[0] if tokens else "")
    profile = profile_for(session, team_id, brands_seen[0])
    names = ", ".join(profile_names(profile)) or "—"
    raise NotFound("kpi.data.not_a_competitor", brand=brands_seen[0], name=" ".join(tokens[1:]), names=names)


# ---- /kpi log ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LogResult:
    subject: str  # "instagram @acme" or "Rival Co (Acme)"
    metric: str  # the metric's name as shown (a custom metric's name as defined)
    day: dt.date
    value: float
    previous: float | None  # the value it replaced, if the day had one
    unchanged: bool


def log_value(session: Session, actor: Actor, request: parse_data.LogRequest, *, now: dt.datetime) -> LogResult:
    """Every check before the one write: who, what, which metric, the value, the day."""
    team = actor.team_id
    require_role(session, actor, *WRITE_ROLES, action="kpi.log")
    today = local_today(session, team, now)
    day = request.day or today
    parse_data.check_day(day, today)
    custom = custom_keys(session, team)
    if request.account_ref is None:
        metric = resolve_metric(request.metric_word, custom, competitor=True)
        parse_data.check_value(metric, request.value, request.value_text)
        competitor = resolve_competitor(session, team, request.competitor_words, create=True)
        row = competitor_row(competitor.id, metric, day, request.value)
        profile = profile_for(session, team, competitor.brand_key)
        label = f"{competitor.name} ({profile.brand if profile is not None else competitor.brand_key})"
    else:
        account = find_account(session, team, request.account_ref, usage_key=parse_data.USAGE_LOG)
        if not request.metric_word.strip():
            raise UsageError("kpi.data.log_short", usage_key=parse_data.USAGE_LOG)
        metric = resolve_metric(request.metric_word, custom)
        parse_data.check_value(metric, request.value, request.value_text)
        row = account_row(account.id, metric, day, request.value)
        label = _account_label(account)
    before = stored_values(session, team, [row]).get((row.subject, row.metric, row.day))
    counts = write_values(session, team, [row], source="slack", by=actor.user_id, now=now)
    audit.append(session, team_id=team, actor=actor.user_id, action="kpi.log", subject=f"{row.subject} {label}",
                 detail={"metric": metric, "day": day.isoformat(), "value": request.value,
                         "previous": before[1] if before else None}, at=now)
    shown = custom.get(metric, metric)
    return LogResult(label, shown, day, request.value, before[1] if before else None, counts.unchanged == 1)


def _account_label(account: Account) -> str:
    return f"{account.network} @{account.handle}"
