"""The toolkit's parts: brand profiles, the response protocol, the crisis protocol and playbooks,
the inventory's health and the last KPI digest. Each is a fixed handful of statements."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import desc, func, select
from sqlalchemy.orm import Session

from bot.accounts import email_checks
from bot.accounts.inventory import list_inventory
from bot.brands.parse import brand_key
from bot.brands.profiles import brands
from bot.brands.views import profile_view
from bot.core.authz import Role
from bot.core.deployment import deployment_of
from bot.crisis.playbooks import default_playbook
from bot.crisis.settings import DEFAULT_ACK_MINUTES, chain_for
from bot.crisis.setup import language
from bot.home.views_toolkit import (
    BrandLine,
    ChainLevel,
    DigestKpi,
    InventorySummary,
    LastDigest,
    RepliesSummary,
    SeverityProtocol,
)
from bot.kpi import metrics
from bot.kpi.definitions import account_label
from storage.models import (
    SEVERITIES,
    Account,
    BrandProfile,
    KpiDefinition,
    KpiDigest,
    ReplyTemplate,
    ReplyTemplateVersion,
    RoleAssignment,
)

MOST_USED = 3  # reply templates named on the Home; `/replies list` has them all


def brand_lines(session: Session, team_id: str) -> tuple[BrandLine, ...]:
    """Every brand of the active inventory (bot.brands.profiles.brands), with its saved profile or
    none yet: two statements for all of them, not `profile_of` once per brand."""
    saved = {row.brand_key: profile_view(row) for row in session.scalars(
        select(BrandProfile).where(BrandProfile.team_id == team_id))}
    out = []
    for name in brands(session, team_id):
        p = saved.get(brand_key(name))
        if p is None:
            out.append(BrandLine(name, 0, "", "", 0, 0, 0, 0, None))
            continue
        out.append(BrandLine(name, p.version, p.tone, p.audience, len(p.forbidden_words), len(p.never_topics),
                             len(p.approved_hashtags), len(p.competitors), p.updated_at))
    return tuple(out)


def replies_summary(session: Session, team_id: str) -> RepliesSummary:
    """What `/replies` serves: templates with an approved version, not retired (as its listing)."""
    served = (ReplyTemplate.team_id == team_id, ReplyTemplate.retired_at.is_(None),
              ReplyTemplate.served_version_id.is_not(None))
    by_category = tuple((str(c), int(n)) for c, n in session.execute(
        select(ReplyTemplate.category, func.count(ReplyTemplate.id)).where(*served)
        .group_by(ReplyTemplate.category).order_by(ReplyTemplate.category)).tuples())
    most_used = tuple((title, int(uses)) for title, uses in session.execute(
        select(ReplyTemplateVersion.title, ReplyTemplate.usage_count)
        .join(ReplyTemplateVersion, ReplyTemplateVersion.id == ReplyTemplate.served_version_id)
        .where(*served, ReplyTemplate.usage_count > 0)
        .order_by(desc(ReplyTemplate.usage_count), ReplyTemplate.id).limit(MOST_USED)).tuples())
    return RepliesSummary(sum(n for _, n in by_category), by_category, most_used)


def crisis_protocol(session: Session, team_id: str) -> tuple[SeverityProtocol, ...]:
    """Each severity's chain, deadlines and playbook as `/crisis open` would use them now: the
    team's settings (`chain_for`), or the defaults and the shipped playbook in the workspace language."""
    lang = language(session, team_id)
    out = []
    for severity in SEVERITIES:
        chain = chain_for(session, team_id, severity)
        out.append(SeverityProtocol(
            severity=severity, levels=tuple(ChainLevel(lv.users, lv.ack_minutes) for lv in chain.levels if lv.users),
            default_ack_minutes=DEFAULT_ACK_MINUTES[severity], repeats=chain.repeats,
            status_minutes=chain.status_minutes, playbook=chain.playbook or default_playbook(severity, lang),
            playbook_is_default=chain.playbook is None))
    return tuple(out)


def inventory_summary(session: Session, team_id: str) -> InventorySummary:
    """The active inventory (`list_inventory`) judged by the accounts feature's own rules: the
    login findings of `email_checks.all_findings` and the rotation owed (`rotation_requested_at`,
    which the periodic policy sets too). An account "without custodian" is one whose custodian no
    longer may be one (`may_be_custodian`: the custodian role, or admin) — typically someone whose
    role was removed when they left; read here for all accounts in one statement."""
    rows = list_inventory(session, team_id)
    eligible = set(session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.team_id == team_id, RoleAssignment.role.in_((Role.CUSTODIAN.value, Role.ADMIN.value)))))
    eligible |= deployment_of(session).admins
    networks: Counter[str] = Counter()
    found: dict[str, list[str]] = {k: [] for k in ("no_custodian", "corporate", "member", "outside", "twofa", "rot")}
    codes = {"company_domain": "corporate", "member": "member", "mailbox_agency": "outside",
             "mailbox_employee": "outside", "twofa_off": "twofa"}
    for row in rows:
        a = row.account
        label = f"{a.network} @{a.handle}"
        networks[a.network] += 1
        if a.custodian_id not in eligible:
            found["no_custodian"].append(label)
        for code in {codes[f["code"]] for f in email_checks.all_findings(a) if f.get("code") in codes}:
            found[code].append(label)
        if a.rotation_requested_at is not None:
            found["rot"].append(label)
    return InventorySummary(
        total=len(rows), by_network=tuple(sorted(networks.items(), key=lambda kv: (-kv[1], kv[0]))),
        no_custodian=tuple(found["no_custodian"]), corporate_mailbox=tuple(found["corporate"]),
        member_mailbox=tuple(found["member"]), outside_mailbox=tuple(found["outside"]),
        twofa_off=tuple(found["twofa"]), rotations_owed=tuple(found["rot"]))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def last_digest(session: Session, team_id: str, brand_names: dict[str, str]) -> LastDigest | None:
    """The last digest sent, with the figures it showed (kpi_digests.summary, written by
    bot.kpi.digest.record_digest) and the names of its KPIs — removed ones too, since the digest
    showed them. The summary is JSON a past version may have written: read defensively."""
    row = session.scalars(select(KpiDigest).where(KpiDigest.team_id == team_id)
                          .order_by(desc(KpiDigest.posted_at), desc(KpiDigest.id)).limit(1)).first()
    if row is None:
        return None
    summary = row.summary if isinstance(row.summary, dict) else {}
    lines = [k for k in summary.get("kpis") or () if isinstance(k, dict) and isinstance(k.get("id"), int)]
    names: dict[int, tuple[KpiDefinition, Account | None]] = {}
    if lines:
        names = {d.id: (d, a) for d, a in session.execute(
            select(KpiDefinition, Account).outerjoin(Account, Account.id == KpiDefinition.account_id)
            .where(KpiDefinition.team_id == team_id, KpiDefinition.id.in_([k["id"] for k in lines]))).tuples()}
    kpis = []
    for k in lines:
        if k["id"] not in names:
            continue
        d, account = names[k["id"]]
        custom = d.metric == metrics.CUSTOM
        subject = account_label(account) if account is not None else (
            brand_names.get(d.brand_key, d.brand_key) if d.brand_key else "")
        on_track = k.get("on_track")
        kpis.append(DigestKpi(
            metric=d.metric, name=(d.custom_name or "") if custom else d.metric, subject=subject,
            unit=metrics.unit_of(d.metric, d.unit), value=_number(k.get("value")),
            change_pct=_number(k.get("change_pct")), on_track=on_track if isinstance(on_track, bool) else None))
    found = summary.get("operational")
    ops: dict[str, Any] = found if isinstance(found, dict) else {}
    return LastDigest(
        period=str(summary.get("period") or row.week_start.isoformat()), posted_at=row.posted_at,
        channel_id=row.channel_id, kpis=tuple(kpis), planned=_count(ops.get("planned")),
        published=_count(ops.get("published")), on_time_rate=_number(ops.get("on_time_rate")),
        crises_opened=_count(ops.get("crises_opened")), open_grants=_count(ops.get("open_grants")))
