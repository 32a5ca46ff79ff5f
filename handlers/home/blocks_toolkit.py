"""Block Kit of the App Home's *This week* and *Toolkit* parts, within a block budget.

The Home holds at most 100 blocks, shared with *My work* and *My access*, so this part gets a
`budget` and never exceeds it. Each part has renderings from the richest to a one-line summary;
while the whole is over budget, the next step of `_DEGRADE` makes one part poorer (the playbooks'
full text first, the viewer's posts and the open crises last). When even the one-liners are too
many, they are packed into as many sections as the budget allows. Whatever is left out is named
with the existing command that shows it all (`/post calendar`, `/crisis list`, `/accounts list`…).

Read-only: no button here changes anything. Every text a person typed (copy, brands, handles,
summaries, titles, tone, playbook steps, KPI names) goes through `user_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Final

from bot.core.i18n import Translator
from bot.home.views_toolkit import (
    BrandLine,
    DigestKpi,
    InventorySummary,
    LastDigest,
    OpenCrisis,
    SeverityProtocol,
    WeekAndToolkit,
    WeekPost,
)
from bot.kpi.highlights import metric_name, number
from bot.posts.calendar import zone
from bot.posts.views import STATUS_EMOJI
from handlers.blockkit import SECTION_TEXT_MAX, context, cut, divider, header, section, user_text

Block = dict[str, Any]

GROUP_POSTS: Final = 12  # rows a whole group shows once its days share one section
COPY_CUT: Final = 60
ACCOUNTS_SHOWN: Final = 2
CRISES_SHOWN: Final = 8
SUMMARY_CUT: Final = 150
BRANDS_SHOWN: Final = 15
TEXT_CUT: Final = 60  # a brand's tone or audience, as a glimpse
NAMES_SHOWN: Final = 5  # accounts named in an inventory warning
KPIS_SHOWN: Final = 5
_SEVERITY_EMOJI: Final = {"sev1": ":red_circle:", "sev2": ":large_orange_circle:", "sev3": ":large_yellow_circle:"}

# Parts, in the order they are shown.
WEEK_HEAD, POSTS, CRISES, KIT_HEAD, BRANDS, REPLIES, PROTOCOL, INVENTORY, DIGEST = range(9)
# One step each: which part gets its next poorer rendering.
_DEGRADE: Final = (PROTOCOL, POSTS, DIGEST, POSTS, PROTOCOL, KIT_HEAD, BRANDS, REPLIES, INVENTORY, DIGEST, POSTS,
                   CRISES, KIT_HEAD, WEEK_HEAD)


def toolkit_blocks(tr: Translator, week: WeekAndToolkit, *, budget: int) -> list[dict[str, Any]]:
    """At most `budget` blocks (Slack's limit is 100 for the whole Home)."""
    if budget <= 0:
        return []
    renderings = _renderings(tr, week)
    level = [0] * len(renderings)
    for part in _DEGRADE:
        if _size(renderings, level) <= budget:
            break
        level[part] = min(level[part] + 1, len(renderings[part]) - 1)
    chosen = [renderings[i][lv] for i, lv in enumerate(level)]
    blocks = [b for part in chosen for b in part]
    if len(blocks) <= budget:
        return blocks
    return _packed([_line_of(tr, week, i) for i in (POSTS, CRISES, BRANDS, REPLIES, PROTOCOL, INVENTORY, DIGEST)],
                   budget)


def _size(renderings: list[list[list[Block]]], level: list[int]) -> int:
    return sum(len(renderings[i][lv]) for i, lv in enumerate(level))


def _packed(lines: list[str], budget: int) -> list[Block]:
    """The one-line summaries in at most `budget` sections, consecutive lines sharing one."""
    per = -(-len(lines) // budget)
    return [section(cut("\n".join(lines[i:i + per]), SECTION_TEXT_MAX)) for i in range(0, len(lines), per)]


def _renderings(tr: Translator, week: WeekAndToolkit) -> list[list[list[Block]]]:
    """For each part, its renderings from the richest to the poorest (the last one a summary line,
    or nothing for a heading)."""
    def line(part: int) -> list[Block]:
        return [section(_line_of(tr, week, part))]

    return [
        [[header(tr("home.tk.week.header"))], []],
        [_posts(tr, week, mine_by_day=True, others_by_day=True),
         _posts(tr, week, mine_by_day=True, others_by_day=False),
         _posts(tr, week, mine_by_day=False, others_by_day=False), line(POSTS)],
        [[section(_crises_text(tr, week.crises, shown=CRISES_SHOWN))], line(CRISES)],
        [[divider(), header(tr("home.tk.kit.header")), context(tr("home.tk.kit.context"))],
         [header(tr("home.tk.kit.header"))], []],
        [[section(_brands_text(tr, week))], line(BRANDS)],
        [[section(_replies_text(tr, week))], line(REPLIES)],
        [[section(tr("home.tk.protocol.title")),
          *(section(_severity_text(tr, p, playbook=True)) for p in week.protocol)],
         [section("\n".join([tr("home.tk.protocol.title"),
                             *(_severity_text(tr, p, playbook=False) for p in week.protocol)]))],
         line(PROTOCOL)],
        [[section(_inventory_text(tr, week.inventory))], line(INVENTORY)],
        [_digest_blocks(tr, week, kpis=True), _digest_blocks(tr, week, kpis=False), line(DIGEST)],
    ]


# ---- this week: posts --------------------------------------------------------------------

def _day_title(tr: Translator, day: date) -> str:
    return tr("posts.cal.day", weekday=tr(f"posts.cal.weekday.{day.weekday()}"), day=day.day,
              month=tr(f"posts.cal.month.{day.month}"))


def _row(tr: Translator, post: WeekPost) -> str:
    shown = [f"{network} @{user_text(handle)}" for network, handle in post.targets[:ACCOUNTS_SHOWN]]
    if len(post.targets) > ACCOUNTS_SHOWN:
        shown.append(tr("home.tk.week.more_accounts", n=len(post.targets) - ACCOUNTS_SHOWN))
    # The copy's first line, cut before it is neutralised: a cut never splits an escape.
    first = next((ln.strip() for ln in post.copy.splitlines() if ln.strip()), "")
    return tr("home.tk.week.row", time=post.local.strftime("%H:%M"),
              emoji=STATUS_EMOJI.get(post.status, ":grey_question:"), status=tr(f"post.status.{post.status}"),
              accounts=", ".join(shown) or tr("home.tk.week.no_accounts"),
              brand=tr("home.tk.week.brand", brand=user_text(post.brand)) if post.brand else "",
              copy=user_text(cut(first, COPY_CUT)) or "—", id=post.id)


def _group_title(tr: Translator, week: WeekAndToolkit, mine: bool) -> str:
    if mine:
        n = week.posts_mine
        return tr("home.tk.week.mine", tz=week.timezone, n=n) if n else tr("home.tk.week.mine_none")
    return tr("home.tk.week.others", n=week.posts_total - week.posts_mine)


def _rows(lines: Sequence[str]) -> int:
    return sum(1 for ln in lines if ln.startswith("•"))


def _fit(lines: list[str], tail: Callable[[int], str], *, hidden: int = 0) -> str:
    """The lines in one section. `hidden` rows were left out already (then `tail(hidden)` ends the
    text); when the lines are too long for a section, as many as fit and `tail` of all left out."""
    out = [*lines, tail(hidden)] if hidden else lines
    text = "\n".join(out)
    if len(text) <= SECTION_TEXT_MAX:
        return text
    rows = _rows(lines) + hidden
    kept: list[str] = []
    for ln in lines:
        if len("\n".join([*kept, ln])) + len(tail(rows)) + 1 > SECTION_TEXT_MAX:
            break
        kept.append(ln)
    return "\n".join([*kept, tail(rows - _rows(kept))])


def _more(tr: Translator) -> Callable[[int], str]:
    return lambda left: tr("home.tk.week.more", n=left)


def _group_by_day(tr: Translator, week: WeekAndToolkit, mine: bool) -> list[Block]:
    """One section per day of the group: the rows the day holds (its first DAY_POSTS), then how many more."""
    days = week.mine if mine else week.others
    out: list[Block] = []
    for n, day in enumerate(days):
        lines = [_day_title(tr, day.day), *(_row(tr, p) for p in day.posts)]
        if n == 0:
            lines.insert(0, _group_title(tr, week, mine))
        out.append(section(_fit(lines, lambda left: tr("home.tk.week.day_more", n=left), hidden=day.hidden)))
    return out


def _group_in_one(tr: Translator, week: WeekAndToolkit, mine: bool) -> list[Block]:
    """One section for the group: its first GROUP_POSTS rows by day, then how many more."""
    days = week.mine if mine else week.others
    if not days:
        return []
    lines = [_group_title(tr, week, mine)]
    room = GROUP_POSTS
    for day in days:
        if room <= 0:
            break
        lines += [_day_title(tr, day.day), *(_row(tr, p) for p in day.posts[:room])]
        room -= len(day.posts[:room])
    total = sum(d.total for d in days)
    return [section(_fit(lines, _more(tr), hidden=total - (GROUP_POSTS - room)))]


def _posts(tr: Translator, week: WeekAndToolkit, *, mine_by_day: bool, others_by_day: bool) -> list[Block]:
    """The viewer's posts, then the rest, each by day or in one section; the rows a day does not
    hold are counted, with the command that shows them all."""
    if not week.posts_total:
        return [section(tr("home.tk.week.none", tz=week.timezone))]
    out: list[Block] = []
    if not week.mine:
        out.append(section(_group_title(tr, week, True)))
    out += _group_by_day(tr, week, True) if mine_by_day else _group_in_one(tr, week, True)
    out += _group_by_day(tr, week, False) if others_by_day else _group_in_one(tr, week, False)
    by_day = (week.mine if mine_by_day else ()) + (week.others if others_by_day else ())
    beyond = sum(d.hidden for d in by_day)
    if beyond:
        out.append(context(tr("home.tk.week.more", n=beyond)))
    return out


# ---- this week: crises -------------------------------------------------------------------

def _age(tr: Translator, minutes: int) -> str:
    if minutes < 60:
        return tr("home.tk.age.min", m=minutes)
    if minutes < 24 * 60:
        return tr("home.tk.age.hours", h=minutes // 60, m=minutes % 60)
    return tr("home.tk.age.days", d=minutes // (24 * 60), h=minutes % (24 * 60) // 60)


def _people(users: Sequence[str]) -> str:
    return ", ".join(f"<@{u}>" for u in users) or "—"


def _crisis_row(tr: Translator, c: OpenCrisis) -> str:
    if c.acknowledged_by:
        state = tr("home.tk.crises.acked", user=c.acknowledged_by)
    elif c.paging:
        state = tr("home.tk.crises.paging", people=_people(c.paging))
    else:
        state = tr("home.tk.crises.not_acked")
    if not c.chain_configured and not c.acknowledged_by:
        state += tr("home.tk.crises.admins")
    return tr("home.tk.crises.row", emoji=_SEVERITY_EMOJI.get(c.severity, ":red_circle:"), number=c.number,
              severity=c.severity, brand=f" · {user_text(c.brand)}" if c.brand else "", age=_age(tr, c.age_minutes),
              state=state, channel=f" · <#{c.channel_id}>" if c.channel_id else "",
              summary=user_text(cut(" ".join(c.summary.split()), SUMMARY_CUT)))


def _crises_text(tr: Translator, crises: Sequence[OpenCrisis], *, shown: int) -> str:
    if not crises:
        return tr("home.tk.crises.none")
    lines = [tr("home.tk.crises.title", n=len(crises)), *(_crisis_row(tr, c) for c in crises[:shown])]
    more = len(crises) - shown
    text = "\n".join(lines)
    tail = tr("home.tk.crises.more", n=more) if more > 0 else ""
    if len(text) + len(tail) + 1 > SECTION_TEXT_MAX:  # long summaries: fewer crises, the rest named
        return _crises_text(tr, crises, shown=shown - 1)
    return f"{text}\n{tail}" if tail else text


# ---- the toolkit -------------------------------------------------------------------------

def _brand_row(tr: Translator, b: BrandLine, tz: str) -> str:
    if not b.version:
        return tr("home.tk.brands.row", brand=user_text(b.brand), facts=tr("home.tk.brands.no_profile"))
    facts = []
    if b.tone.strip():
        facts.append(tr("home.tk.brands.tone", text=user_text(cut(" ".join(b.tone.split()), TEXT_CUT))))
    if b.audience.strip():
        facts.append(tr("home.tk.brands.audience", text=user_text(cut(" ".join(b.audience.split()), TEXT_CUT))))
    facts += [tr("home.tk.brands.forbidden", n=b.forbidden_words), tr("home.tk.brands.never", n=b.never_topics),
              tr("home.tk.brands.hashtags", n=b.approved_hashtags), tr("home.tk.brands.competitors", n=b.competitors)]
    if b.updated_at is not None:
        facts.append(tr("home.tk.brands.version", v=b.version, when=_when(tr, b.updated_at, tz)))
    return tr("home.tk.brands.row", brand=user_text(b.brand), facts=" · ".join(facts))


def _brands_text(tr: Translator, week: WeekAndToolkit) -> str:
    if not week.brands:
        return tr("home.tk.brands.none")
    lines = [tr("home.tk.brands.title", n=len(week.brands)),
             *(_brand_row(tr, b, week.timezone) for b in week.brands[:BRANDS_SHOWN])]
    return _fit(lines, lambda left: tr("home.tk.brands.more", n=left), hidden=max(0, len(week.brands) - BRANDS_SHOWN))


def _replies_text(tr: Translator, week: WeekAndToolkit) -> str:
    r = week.replies
    if not r.total:
        return tr("home.tk.replies.none")
    categories = " · ".join(f"{tr(f'replies.category.{c}') if tr.has(f'replies.category.{c}') else c} {n}"
                            for c, n in r.by_category)
    lines = [tr("home.tk.replies.title", n=r.total), tr("home.tk.replies.categories", list=categories)]
    if r.most_used:
        used = " · ".join(tr("home.tk.replies.used", title=user_text(cut(t, 80)), n=n) for t, n in r.most_used)
        lines.append(tr("home.tk.replies.most_used", list=used))
    return cut("\n".join(lines), SECTION_TEXT_MAX)


def _severity_text(tr: Translator, p: SeverityProtocol, *, playbook: bool) -> str:
    lines = [tr("home.tk.protocol.sev", severity=p.severity, guide=tr(f"home.tk.protocol.guide.{p.severity}"))]
    if p.levels:
        lines += [tr("home.tk.protocol.level", n=n, people=_people(lv.users), minutes=lv.ack_minutes)
                  for n, lv in enumerate(p.levels, 1)]
        lines.append(tr("home.tk.protocol.repeats", n=p.repeats))
    else:
        lines.append(tr("home.tk.protocol.no_chain", minutes=p.default_ack_minutes))
    lines.append(tr("home.tk.protocol.status", minutes=p.status_minutes) if p.status_minutes
                 else tr("home.tk.protocol.no_status"))
    source = tr("home.tk.protocol.default" if p.playbook_is_default else "home.tk.protocol.team")
    if not playbook:
        lines.append(tr("home.tk.protocol.playbook_steps", n=len(p.playbook), source=source))
        return cut("\n".join(lines), SECTION_TEXT_MAX)
    lines.append(tr("home.tk.protocol.playbook", source=source))
    lines += [f"{n}. {user_text(step)}" for n, step in enumerate(p.playbook, 1)]
    return cut("\n".join(lines), SECTION_TEXT_MAX)


def _names(tr: Translator, labels: Sequence[str]) -> str:
    shown = ", ".join(user_text(label) for label in labels[:NAMES_SHOWN])
    return tr("home.tk.inventory.more", list=shown, n=len(labels) - NAMES_SHOWN) if len(labels) > NAMES_SHOWN else shown


def _issues(inv: InventorySummary) -> list[tuple[str, tuple[str, ...]]]:
    return [("home.tk.inventory.no_custodian", inv.no_custodian),
            ("home.tk.inventory.corporate", inv.corporate_mailbox), ("home.tk.inventory.member", inv.member_mailbox),
            ("home.tk.inventory.outside", inv.outside_mailbox), ("home.tk.inventory.twofa", inv.twofa_off),
            ("home.tk.inventory.rotations", inv.rotations_owed)]


def _inventory_text(tr: Translator, inv: InventorySummary) -> str:
    if not inv.total:
        return tr("home.tk.inventory.none")
    lines = [tr("home.tk.inventory.title", n=inv.total),
             tr("home.tk.inventory.networks", list=" · ".join(f"{net} {n}" for net, n in inv.by_network))]
    found = [tr(key, n=len(labels), list=_names(tr, labels)) for key, labels in _issues(inv) if labels]
    lines += found or [tr("home.tk.inventory.healthy")]
    return cut("\n".join(lines), SECTION_TEXT_MAX)


def _when(tr: Translator, when: datetime, tz: str) -> str:
    local = when.astimezone(zone(tz))
    day = tr("posts.cal.day", weekday=tr(f"posts.cal.weekday.{local.weekday()}"), day=local.day,
             month=tr(f"posts.cal.month.{local.month}")).strip("*")
    return f"{day} {local.strftime('%H:%M')}"


def _digest_where(tr: Translator, d: LastDigest) -> str:
    return tr("home.tk.digest.channel", channel=d.channel_id) if d.channel_id else tr("home.tk.digest.dm")


def _kpi_line(tr: Translator, k: DigestKpi) -> str:
    change = ""
    if k.change_pct is not None:
        sign = "+" if k.change_pct > 0 else "−" if k.change_pct < 0 else "±"
        change = tr("home.tk.digest.change", pct=sign + number(abs(k.change_pct), tr.lang, "%"))
    status = "" if k.on_track is None else tr("home.tk.digest.on_track" if k.on_track else "home.tk.digest.off_track")
    return tr("home.tk.digest.kpi", kpi=user_text(metric_name(tr, k.metric, k.name)),
              subject=f" · {user_text(k.subject)}" if k.subject else "", value=number(k.value, tr.lang, k.unit),
              change=change, status=status).rstrip()


def _on_track(d: LastDigest) -> int:
    return sum(1 for k in d.kpis if k.on_track)


def _digest_blocks(tr: Translator, week: WeekAndToolkit, *, kpis: bool) -> list[Block]:
    d = week.digest
    if d is None:
        return [section(tr("home.tk.digest.none"))]
    lines = [tr("home.tk.digest.title", period=user_text(d.period), when=_when(tr, d.posted_at, week.timezone),
                where=_digest_where(tr, d)),
             tr("home.tk.digest.headline", on_track=_on_track(d), kpis=len(d.kpis), published=_count(d.published),
                planned=_count(d.planned), on_time=number(d.on_time_rate, tr.lang, "%"),
                crises=_count(d.crises_opened), grants=_count(d.open_grants))]
    if not kpis:
        return [section(cut("\n".join(lines), SECTION_TEXT_MAX))]
    lines += [_kpi_line(tr, k) for k in d.kpis[:KPIS_SHOWN]]
    if len(d.kpis) > KPIS_SHOWN:
        lines.append(tr("home.tk.digest.more", n=len(d.kpis) - KPIS_SHOWN))
    return [section(cut("\n".join(lines), SECTION_TEXT_MAX)), context(tr("home.tk.digest.context"))]


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


# ---- the one-line summaries --------------------------------------------------------------

def _line_of(tr: Translator, week: WeekAndToolkit, part: int) -> str:
    if part == POSTS:
        if not week.posts_total:
            return tr("home.tk.week.none", tz=week.timezone)
        return tr("home.tk.week.line", n=week.posts_total, mine=week.posts_mine)
    if part == CRISES:
        if not week.crises:
            return tr("home.tk.crises.none")
        return tr("home.tk.crises.line", n=len(week.crises),
                  waiting=sum(1 for c in week.crises if not c.acknowledged_by))
    if part == BRANDS:
        if not week.brands:
            return tr("home.tk.brands.none")
        return tr("home.tk.brands.line", n=len(week.brands), saved=sum(1 for b in week.brands if b.version))
    if part == REPLIES:
        return tr("home.tk.replies.line", n=week.replies.total) if week.replies.total else tr("home.tk.replies.none")
    if part == PROTOCOL:
        first = {p.severity: (p.levels[0].ack_minutes if p.levels else p.default_ack_minutes) for p in week.protocol}
        return tr("home.tk.protocol.line", sev1=first.get("sev1", "—"), sev2=first.get("sev2", "—"),
                  sev3=first.get("sev3", "—"))
    if part == INVENTORY:
        inv = week.inventory
        if not inv.total:
            return tr("home.tk.inventory.none")
        issues = len({label for key, labels in _issues(inv) if key != "home.tk.inventory.rotations"
                      for label in labels})
        return tr("home.tk.inventory.line", n=inv.total, issues=issues, rotations=len(inv.rotations_owed))
    d = week.digest
    if d is None:
        return tr("home.tk.digest.none")
    return tr("home.tk.digest.line", period=user_text(d.period), when=_when(tr, d.posted_at, week.timezone),
              on_track=_on_track(d), kpis=len(d.kpis))
