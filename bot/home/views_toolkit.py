"""What the App Home's *This week* and *Toolkit* parts show (frozen domain views).

Plain values read inside the unit of work: no ORM object, no lazy load, so the Block Kit builder
(handlers/home/blocks_toolkit.py) runs anywhere. Text people typed (copy, brands, summaries,
titles, playbook steps) is kept as typed: the builder neutralises it. No secret and no login
e-mail is here: the Home is readable by every member (SPEC §10b), and login details are for
custodians and auditors only (bot/accounts/lookup.can_see_private).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

DAY_POSTS: Final = 8  # posts a day of each group holds (and the Home shows); `WeekDay.total` counts them all


@dataclass(frozen=True)
class WeekPost:
    id: int
    local: datetime  # the scheduled instant in the workspace zone
    status: str
    brand: str | None
    targets: tuple[tuple[str, str], ...]  # (network, handle) of each account it goes to
    copy: str


@dataclass(frozen=True)
class WeekDay:
    day: date  # a local day of the workspace zone
    posts: tuple[WeekPost, ...]  # the day's first DAY_POSTS of its group, in time order
    total: int  # the day's posts of its group

    @property
    def hidden(self) -> int:
        return self.total - len(self.posts)


@dataclass(frozen=True)
class OpenCrisis:
    number: str
    severity: str
    brand: str | None
    summary: str
    age_minutes: int
    channel_id: str | None
    acknowledged_by: str | None  # who took it: the lead until they name another in the channel
    paging: tuple[str, ...]  # unacknowledged: the people whose page is open right now
    chain_configured: bool  # False: no chain for its severity, the admins were paged


@dataclass(frozen=True)
class BrandLine:
    brand: str
    version: int  # 0: nobody has written the profile yet
    tone: str
    audience: str
    forbidden_words: int
    never_topics: int
    approved_hashtags: int
    competitors: int
    updated_at: datetime | None


@dataclass(frozen=True)
class RepliesSummary:
    """The response protocol (SPEC §7): the approved reply templates served by `/replies`."""

    total: int = 0
    by_category: tuple[tuple[str, int], ...] = ()  # (category, approved templates)
    most_used: tuple[tuple[str, int], ...] = ()  # (title, uses)


@dataclass(frozen=True)
class ChainLevel:
    users: tuple[str, ...]
    ack_minutes: int


@dataclass(frozen=True)
class SeverityProtocol:
    """The crisis protocol of one severity (SPEC §6, §9): who is paged, how fast, the playbook."""

    severity: str
    levels: tuple[ChainLevel, ...]  # empty: no chain, the admins are paged
    default_ack_minutes: int
    repeats: int
    status_minutes: int | None
    playbook: tuple[str, ...]
    playbook_is_default: bool


@dataclass(frozen=True)
class InventorySummary:
    """The account inventory's health, as its own rules judge it (bot/accounts). Accounts are
    named "network @handle"; the lists are whole, the builder shows the first few."""

    total: int = 0
    by_network: tuple[tuple[str, int], ...] = ()
    no_custodian: tuple[str, ...] = ()  # the custodian no longer holds the custodian (or admin) role
    corporate_mailbox: tuple[str, ...] = ()  # login e-mail on the company's own domain (SPEC §0.1)
    member_mailbox: tuple[str, ...] = ()  # login e-mail is a workspace member's own address
    outside_mailbox: tuple[str, ...] = ()  # mailbox of an agency or employee, its password not held
    twofa_off: tuple[str, ...] = ()
    rotations_owed: tuple[str, ...] = ()  # a rotation was asked for and not recorded yet


@dataclass(frozen=True)
class DigestKpi:
    metric: str  # a metric key, or "custom"
    name: str  # the custom metric's name as typed (or the key)
    subject: str  # "instagram @acme", a brand, or "" for the whole workspace
    unit: str
    value: float | None
    change_pct: float | None
    on_track: bool | None


@dataclass(frozen=True)
class LastDigest:
    """The last KPI digest sent (kpi_digests: the figures it showed, bot.kpi.digest.summary_of)."""

    period: str
    posted_at: datetime
    channel_id: str | None  # None: sent to the person who asked, by DM
    kpis: tuple[DigestKpi, ...]
    planned: int | None
    published: int | None
    on_time_rate: float | None
    crises_opened: int | None
    open_grants: int | None


@dataclass(frozen=True)
class WeekAndToolkit:
    """*This week* (the viewer's posts first, then the rest; open crises) and *The toolkit*."""

    timezone: str = "UTC"
    mine: tuple[WeekDay, ...] = ()
    others: tuple[WeekDay, ...] = ()
    crises: tuple[OpenCrisis, ...] = ()
    brands: tuple[BrandLine, ...] = ()
    replies: RepliesSummary = field(default_factory=RepliesSummary)
    protocol: tuple[SeverityProtocol, ...] = ()
    inventory: InventorySummary = field(default_factory=InventorySummary)
    digest: LastDigest | None = None

    @property
    def posts_mine(self) -> int:
        return sum(d.total for d in self.mine)

    @property
    def posts_total(self) -> int:
        return self.posts_mine + sum(d.total for d in self.others)
