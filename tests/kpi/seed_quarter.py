"""A quarter of KPI data (13 weeks, 31 August to 29 November 2026, Madrid) as rows, for the digest tests.

In real use `/kpi log`, the CSV import, `/kpi define`, `/kpi scope`, `/post new` and `/crisis open`
write these; the digest only reads them, so its tests seed the rows and keep the plain list of
what they wrote (`Quarter.values`) for the independent computation the tests compare with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.kpi import periods
from bot.kpi.competitors import name_key
from storage.models import BrandProfile, Crisis, Grant, HandoverAct, Post, PostReview, PostVariant
from storage.models.kpi import (
    KpiCompetitor,
    KpiDefinition,
    KpiDeliverable,
    KpiDelivery,
    KpiReport,
    KpiScope,
    KpiScopeAccount,
    KpiValue,
)
from tests.conftest import ADMIN, ANA, BEA, TEAM
from tests.posts.calendar_seed import add_accounts

UTC = dt.UTC
FIRST_DAY = dt.date(2026, 8, 31)  # a Monday
LAST_DAY = dt.date(2026, 11, 29)  # a Sunday: 91 days
DIGEST_WEEK = periods.week(dt.date(2026, 11, 23))
# Monday 30 November 09:00 in Madrid (CET, UTC+1): the digest of 23-29 November.
DIGEST_AT = dt.datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
ACCOUNTS = [("Acme", "instagram", "acme_ig"), ("Acme", "x", "acme_x"), ("Beta", "linkedin", "beta_li")]
RIVALS = ["Rival One", "Rival Two"]
METRICS = ("followers", "reach", "impressions", "engagements", "link_clicks", "mentions", "custom:leads")


@dataclass
class Quarter:
    accounts: dict[str, int]  # handle → id
    competitors: dict[str, int]  # name → id
    values: list[tuple[str, str, dt.date, float]] = field(default_factory=list)  # (subject, metric, day, value)
    definitions: dict[str, int] = field(default_factory=dict)  # a short name → id


def _value(acct: int, metric: str, n: int) -> float | None:
    """Deterministic figures with gaps: day n of the quarter for the account at index `acct`."""
    if metric == "followers":
        return 5000.0 + 1500 * acct + 9 * n + (n % 5)
    if metric == "reach" and acct == 1 and n % 11 == 0:
        return None  # a few days not logged
    if metric == "custom:leads":
        return float(n % 4) if acct == 0 else None
    if metric == "mentions" and acct == 2:
        return None
    base = {"reach": 900, "impressions": 1600, "engagements": 40, "link_clicks": 12, "mentions": 6}[metric]
    return float(base * (acct + 1) + (n * 37 + acct * 13) % (base // 2 + 7) + n)


def seed(db: Any) -> Quarter:
    q = Quarter(accounts=add_accounts(db, ACCOUNTS), competitors={})
    handles = [h for _, _, h in ACCOUNTS]
    with db.uow() as s:
        s.add(BrandProfile(team_id=TEAM, brand="Acme", brand_key="acme", competitors=RIVALS, updated_by=ADMIN))
        for name in RIVALS:
            c = KpiCompetitor(team_id=TEAM, brand_key="acme", name=name, name_key=name_key(name))
            s.add(c)
            s.flush()
            q.competitors[name] = c.id
        rows: list[tuple[str, int | None, int | None, str, dt.date, float]] = []
        for n in range(91):
            day = FIRST_DAY + dt.timedelta(days=n)
            for i, handle in enumerate(handles):
                for metric in METRICS:
                    v = _value(i, metric, n)
                    if v is not None:
                        rows.append((f"a:{q.accounts[handle]}", q.accounts[handle], None, metric, day, v))
                if i == 2 and n % 3 != 1:
                    rows.append((f"a:{q.accounts[handle]}", q.accounts[handle], None, "response_time", day,
                                 float(30 + (n * 7) % 60)))
            for j, name in enumerate(RIVALS):
                cid = q.competitors[name]
                if n % 7 == 6:  # rivals' public figures, logged on Sundays
                    rows += [(f"c:{cid}", None, cid, "followers", day, 8000.0 + 1000 * j + 20 * n),
                             (f"c:{cid}", None, cid, "posts", day, 3.0 + j)]
                rows += [(f"c:{cid}", None, cid, "mentions", day, float(4 + j * 3 + n % 3)),
                         (f"c:{cid}", None, cid, "engagements", day, float(30 + j * 10 + n % 9))]
        for subject, account_id, competitor_id, metric, day, v in rows:
            s.add(KpiValue(team_id=TEAM, subject=subject, account_id=account_id, competitor_id=competitor_id,
                           metric=metric, day=day, week_start=periods.week_of(day), month_start=periods.month_of(day),
                           value=v, source="seed", logged_by=ANA))
            q.values.append((subject, metric, day, v))
    ig, x, li = (q.accounts[h] for h in handles)
    specs: dict[str, dict[str, Any]] = {
        "followers_ig": dict(metric="followers", account_id=ig, target=6000, period="week", direction="higher"),
        "er_acme": dict(metric="engagement_rate", brand_key="acme", basis="reach", target=4.0, period="week",
                        direction="higher"),
        "reach_all": dict(metric="reach", target=60000, period="month", direction="higher"),
        "sov_acme": dict(metric="share_of_voice", brand_key="acme", target=40, period="week", direction="higher"),
        "response_li": dict(metric="response_time", account_id=li, target=60, period="week", direction="lower"),
        "growth_x": dict(metric="follower_growth", account_id=x, target=1, period="week", direction="higher"),
        "ctr_ig": dict(metric="ctr", account_id=ig, target=1.5, period="week", direction="higher"),
        "leads_ig": dict(metric="custom", custom_name="Leads", custom_key="custom:leads", account_id=ig, target=10,
                         period="week", direction="higher"),
        "mentions_li": dict(metric="mentions", account_id=li, target=10, period="week", direction="higher"),
    }
    with db.uow() as s:
        for short, spec in specs.items():
            row = KpiDefinition(team_id=TEAM, created_by=ADMIN, **spec)
            s.add(row)
            s.flush()
            q.definitions[short] = row.id
    _records(db, q)
    return q


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A November 2026 instant, UTC."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


# The posts of November: (account handle, scheduled, status, published delay in minutes or None,
# hours from submission to approval or None)
POSTS: list[tuple[str, dt.datetime, str, int | None, float | None]] = [
    ("acme_ig", at(3, 9), "published", 5, 2.0), ("acme_ig", at(10, 9), "published", 10, 3.0),
    ("acme_ig", at(17, 9), "published", 0, None), ("acme_ig", at(19, 9), "published", 200, None),
    ("acme_ig", at(23, 9), "published", 20, 2.0), ("acme_ig", at(25, 17), "published", 150, 5.0),
    ("acme_ig", at(27, 9), "overdue", None, 26.0), ("acme_ig", at(28, 9), "cancelled", None, None),
    ("acme_x", at(24, 12), "approved", None, None), ("acme_x", at(26, 12), "pending", None, None),
    ("beta_li", at(2, 8), "published", 0, None), ("beta_li", at(24, 8), "published", 30, None),
    ("beta_li", at(26, 8), "published", 59, None),
    ("beta_li", dt.datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "published", 0, None),  # Monday 30th in Madrid
]


def _records(db: Any, q: Quarter) -> None:
    with db.uow() as s:
        for handle, when, status, delay, lead in POSTS:
            created = when - dt.timedelta(days=3)
            approved = created + dt.timedelta(hours=lead) if lead is not None else None
            post = Post(team_id=TEAM, author_id=ANA, publisher_id=ANA, scheduled_at=when, copy="Hi", status=status,
                        revision=1, created_at=created,
                        published_at=when + dt.timedelta(minutes=delay) if delay is not None else None)
            s.add(post)
            s.flush()
            s.add(PostVariant(team_id=TEAM, post_id=post.id, account_id=q.accounts[handle],
                              network=handle.split("_")[1]))
            if approved is not None:
                # Move the submission so the approval falls where the tests want it: in the digest week.
                post.created_at = at(24, 8) - dt.timedelta(hours=lead or 0) if when >= at(23, 0) else created
                s.add(PostReview(team_id=TEAM, post_id=post.id, revision=1, reviewer_id=BEA, decision="approve",
                                 created_at=post.created_at + dt.timedelta(hours=lead or 0)))
        s.add(Crisis(team_id=TEAM, number="CRI-2026-0001", year=2026, seq=1, severity="sev2", summary="Outage",
                     reporter_id=ANA, status="resolved", opened_at=at(24, 10), acknowledged_at=at(24, 10, 12),
                     resolved_at=at(24, 15)))
        s.add(Crisis(team_id=TEAM, number="CRI-2026-0002", year=2026, seq=2, severity="sev3", summary="Rumour",
                     reporter_id=ANA, status="open", opened_at=at(27, 9), acknowledged_at=at(27, 9, 30)))
        ig = q.accounts["acme_ig"]
        soon, later = DIGEST_AT + dt.timedelta(days=3), DIGEST_AT + dt.timedelta(days=30)
        for status, ends in (("active", soon), ("active", later), ("active", None),
                             ("revoked", DIGEST_AT + dt.timedelta(days=2))):
            s.add(Grant(team_id=TEAM, account_id=ig, holder_id=BEA, role="editor", status=status, expires_at=ends))
        s.add(HandoverAct(team_id=TEAM, number="ACT-2026-0001", year=2026, seq=1, leaving_id=BEA, started_by=ADMIN,
                          started_at=at(20, 9)))
        scope = KpiScope(team_id=TEAM, provider="Agencia <!here> Norte", report_cadence="fortnightly",
                         response_minutes=45, updated_by=ADMIN)
        s.add(scope)
        s.flush()
        s.add(KpiScopeAccount(team_id=TEAM, scope_id=scope.id, account_id=ig, posts_per_week=1))
        s.add(KpiScopeAccount(team_id=TEAM, scope_id=scope.id, account_id=q.accounts["beta_li"], posts_per_week=2))
        analysis = KpiDeliverable(team_id=TEAM, scope_id=scope.id, name="Competitor analysis", due_day=5)
        ads = KpiDeliverable(team_id=TEAM, scope_id=scope.id, name="Ads review", due_day=20)
        late = KpiDeliverable(team_id=TEAM, scope_id=scope.id, name="Content calendar", due_day=25)
        s.add_all([analysis, ads, late])
        s.flush()
        # On time (4th, due 5th); late (22nd, due 20th); the calendar never marked.
        s.add(KpiDelivery(team_id=TEAM, deliverable_id=analysis.id, month_start=dt.date(2026, 11, 1),
                          delivered_at=at(4, 12), marked_by=ADMIN))
        s.add(KpiDelivery(team_id=TEAM, deliverable_id=ads.id, month_start=dt.date(2026, 11, 1),
                          delivered_at=at(22, 12), marked_by=ADMIN))
        s.add(KpiReport(team_id=TEAM, label="2026-11-02/2026-11-15", period_start=dt.date(2026, 11, 2),
                        period_end=dt.date(2026, 11, 15), language="en", generated_at=at(16, 10), generated_by=ADMIN,
                        sha256="0" * 64, pdf=b"%PDF", filename="r.pdf"))
