"""The App Home's *This week* and *Toolkit* parts (issue 15 §1): the rules over real rows and the
Block Kit they become, within the block budget the Home gives them.

Crises are opened, paged and resolved and the digest is sent through signed commands against
the Slack stand-in; posts, accounts, profiles and reply templates are seeded as rows (hundreds of
posts through the modal would test the modal: tests/posts/calendar_seed.py says why). The blocks
go through the stand-in's Block Kit validator as a Home view.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from bot.brands.parse import brand_key
from bot.core.authz import Actor
from bot.devtools.slack.blockkit import validate_view
from bot.features import translator
from bot.home.toolkit import this_week_and_toolkit
from bot.home.views_toolkit import DAY_POSTS, WeekAndToolkit
from handlers.home.blocks_toolkit import toolkit_blocks
from storage.models import Account, BrandProfile, ReplyTemplate, ReplyTemplateVersion
from tests.conftest import ADMIN, ANA, BEA, CARL, DIGEST, TEAM, FakeClock
from tests.crisis.support_crisis import open_crisis, run_scheduler, seed_chain
from tests.home.conftest import buttons, home, seed_requests, text_of
from tests.posts.calendar_seed import add_accounts, add_post, set_zone

MADRID = "Europe/Madrid"
# Monday 30 November 2026, 12:00 in Madrid (CET, UTC+1): the week is 30 November to 6 December.
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def world(driver: Any, rt: Any) -> dict[str, int]:
    set_zone(driver, ADMIN, MADRID)
    return add_accounts(rt.ctx.db, [("Acme", "instagram", "acme.shop"), ("Acme", "x", "acmehq"),
                                    ("Bolt", "linkedin", "boltco")])


def read(rt: Any, user: str = ANA, now: datetime = NOW) -> WeekAndToolkit:
    with rt.ctx.db.uow(read_only=True) as s:
        return this_week_and_toolkit(s, Actor(TEAM, user), now)


def home_text(blocks: list[dict[str, Any]]) -> str:
    out = []
    for b in blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        out += [e.get("text", "") for e in b.get("elements", ())]
    return "\n".join(out)


def valid(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    errors = validate_view({"type": "home", "blocks": blocks})
    assert errors == [], errors
    return blocks


def utc(d: int, h: int, mi: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, d, h, mi, tzinfo=UTC)


# ---- this week ---------------------------------------------------------------------------

def test_the_week_shows_my_posts_first_by_local_day_and_nothing_past_seven_days(rt: Any,
                                                                                  world: dict[str, int]) -> None:
    ig, x, li = (world["acme.shop"], "instagram"), (world["acmehq"], "x"), (world["boltco"], "linkedin")
    add_post(rt.ctx.db, utc(30, 12, month=11), [li], copy="Bolt first", author=BEA)
    mine_late = add_post(rt.ctx.db, utc(3, 9), [ig, x], copy="Acme as author", brand="Acme")
    # 23:30 UTC on 1 December is 00:30 on 2 December in Madrid: it belongs to that Madrid day.
    mine_publisher = add_post(rt.ctx.db, utc(1, 23, 30), [x], copy="Ana publishes", author=BEA, publisher=ANA)
    add_post(rt.ctx.db, utc(6, 22, 59), [li], copy="last minute of the week", author=BEA)
    add_post(rt.ctx.db, NOW + timedelta(days=8), [ig], copy="eight days away")
    add_post(rt.ctx.db, utc(6, 23, 0), [ig], copy="the eighth local day")  # 00:00 Monday 7 December
    add_post(rt.ctx.db, utc(2, 10), [ig], copy="cancelled", status="cancelled")
    week = read(rt)
    assert [p.id for d in week.mine for p in d.posts] == [mine_publisher, mine_late]
    assert [d.day.isoformat() for d in week.mine] == ["2026-12-02", "2026-12-03"]
    assert [p.copy for d in week.others for p in d.posts] == ["Bolt first", "last minute of the week"]
    text = home_text(valid(toolkit_blocks(translator("en"), week, budget=60)))
    assert text.index("Your posts") < text.index("Ana publishes") < text.index("Acme as author") \
        < text.index("The rest of the calendar") < text.index("Bolt first")
    assert "Wednesday 2 December" in text and "00:30" in text
    assert f"— Ana publishes `#{mine_publisher}`" in text  # the id `/post show` takes
    assert "eight days away" not in text and "the eighth local day" not in text and "cancelled" not in text
    # Bea sees the same posts the other way round: hers first.
    bea = read(rt, BEA)
    assert [p.copy for d in bea.mine for p in d.posts] == ["Bolt first", "Ana publishes", "last minute of the week"]


def test_open_crises_with_who_is_paged_and_who_leads_the_resolved_one_absent(driver: Any, rt: Any, clock: Any,
                                                                             world: dict[str, int]) -> None:
    seed_chain(rt, "sev2", ((ANA, BEA),))
    open_crisis(driver, CARL, "sev2 Complaints about late deliveries <!channel>")
    run_scheduler(rt, clock)
    open_crisis(driver, CARL, "sev3 A troll on the Bolt page")
    run_scheduler(rt, clock)
    open_crisis(driver, CARL, "sev3 Wrong price in an ad")
    run_scheduler(rt, clock)
    assert driver.command(ADMIN, "/crisis", "ack CRI-2026-0002").status == 200
    clock.advance(minutes=75)
    resolved = driver.command(ADMIN, "/crisis", "resolve CRI-2026-0003 The price was corrected")
    assert resolved.status == 200, resolved.body
    week = read(rt, CARL, clock())
    assert [c.number for c in week.crises] == ["CRI-2026-0001", "CRI-2026-0002"]
    first, second = week.crises
    assert first.acknowledged_by is None and set(first.paging) == {ANA, BEA} and first.age_minutes == 75
    assert second.acknowledged_by == ADMIN
    text = home_text(valid(toolkit_blocks(translator("en"), week, budget=60)))
    assert "CRI-2026-0003" not in text
    assert f"not acknowledged, paging <@{ANA}>, <@{BEA}>" in text and "1 h 15 min" in text
    assert f"lead <@{ADMIN}> (acknowledged)" in text
    assert "<!channel>" not in text and "@\u2060channel" in text  # the summary pings nobody


# ---- the toolkit -------------------------------------------------------------------------

def _profile(rt: Any, brand: str, **fields: Any) -> None:
    with rt.ctx.db.uow() as s:
        s.add(BrandProfile(team_id=TEAM, brand=brand, brand_key=brand_key(brand), version=2, updated_by=ANA,
                           updated_at=NOW - timedelta(days=3), **fields))


def _template(rt: Any, title: str, category: str, uses: int, *, approved: bool = True) -> None:
    with rt.ctx.db.uow() as s:
        t = ReplyTemplate(team_id=TEAM, author_id=ANA, category=category, usage_count=uses)
        s.add(t)
        s.flush()
        v = ReplyTemplateVersion(team_id=TEAM, template_id=t.id, version=1, title=title, category=category,
                                 language="en", text="Hello {name}", state="approved" if approved else "pending",
                                 author_id=ANA)
        s.add(v)
        s.flush()
        if approved:
            t.served_version_id = v.id


def test_brand_profiles_one_line_each_with_a_hostile_brand_rendered_harmless(rt: Any, world: dict[str, int]) -> None:
    hostile = "Zeta <!channel> <https://evil.example|our site>"
    add_accounts(rt.ctx.db, [(hostile, "tiktok", "zeta")])
    _profile(rt, "Acme", tone="Warm, direct, never ironic", audience="Parents of young children",
             forbidden_words=["cheap", "free", "guaranteed"], never_topics=["politics"],
             approved_hashtags=["#acme"], competitors=["Rival One", "Rival Two"])
    _profile(rt, hostile, tone="<!here> loud")
    week = read(rt, CARL)
    assert [(b.brand, b.version, b.forbidden_words) for b in week.brands] == [
        ("Acme", 2, 3), ("Bolt", 0, 0), (hostile, 2, 0)]
    text = home_text(valid(toolkit_blocks(translator("en"), week, budget=60)))
    assert "*Acme* — tone: _Warm, direct, never ironic_ · audience: _Parents of young children_ · " \
           "forbidden words: 3 · topics never to publish: 1 · approved hashtags: 1 · competitors: 2" in text
    assert "*Bolt* — no profile yet" in text
    for ping in ("<!channel>", "<!here>", "<https://evil.example|"):
        assert ping not in text
    assert "our site (https://evil.example)" in text


def test_response_protocol_crisis_protocol_and_playbooks(rt: Any, world: dict[str, int]) -> None:
    _template(rt, "Where is my order?", "question", 12)
    _template(rt, "Sorry about the delay", "complaint", 30)
    _template(rt, "Thanks!", "praise", 0)
    _template(rt, "Not yet approved", "question", 99, approved=False)
    seed_chain(rt, "sev1", ((ANA,), (BEA,)), ack_minutes=(5, 10), playbook=["Call legal <!everyone>", "Hold posts"])
    week = read(rt, CARL)
    assert week.replies.total == 3
    assert week.replies.by_category == (("complaint", 1), ("praise", 1), ("question", 1))
    assert week.replies.most_used == (("Sorry about the delay", 30), ("Where is my order?", 12))
    sev1, sev2, sev3 = week.protocol
    assert [(lv.users, lv.ack_minutes) for lv in sev1.levels] == [((ANA,), 5), ((BEA,), 10)]
    assert not sev1.playbook_is_default and sev1.playbook == ("Call legal <!everyone>", "Hold posts")
    assert sev2.levels == () and sev2.default_ack_minutes == 15 and sev2.playbook_is_default
    assert sev3.status_minutes is None
    text = home_text(valid(toolkit_blocks(translator("en"), week, budget=60)))
    assert "approved reply templates: 3" in text and "Sorry about the delay (30)" in text
    assert "Not yet approved" not in text
    assert f"level 1: <@{ANA}> (acknowledge within 5 min)" in text
    assert f"level 2: <@{BEA}> (acknowledge within 10 min)" in text
    assert "No chain set: the admins are paged, to acknowledge within 15 min" in text
    assert "_Playbook (the team's):_\n1. Call legal @\u2060everyone\n2. Hold posts" in text
    assert "1. Acknowledge the page and name the incident lead in this channel" in text  # sev2's default


def test_inventory_summary_by_the_accounts_rules(rt: Any, world: dict[str, int]) -> None:
    with rt.ctx.db.uow() as s:
        s.add(Account(team_id=TEAM, brand="Acme", network="facebook", handle="acmefb", login_email="social@acme.com",
                      created_by=ANA, custodian_id=CARL, status="active", twofa_enabled=True, mailbox_created_by="it",
                      email_warnings=[{"code": "company_domain", "domain": "acme.com"}],
                      rotation_requested_at=NOW - timedelta(days=2), rotation_reason="compromised"))
        s.add(Account(team_id=TEAM, brand="Acme", network="youtube", handle="acmetv", login_email="acmetv@gmail.com",
                      created_by=ANA, custodian_id=ANA, status="archived", twofa_enabled=False))
    inv = read(rt, CARL).inventory
    assert inv.total == 4  # the archived account is not in the inventory
    assert dict(inv.by_network) == {"facebook": 1, "instagram": 1, "x": 1, "linkedin": 1}
    assert inv.no_custodian == ("facebook @acmefb",)  # Carl holds no custodian role
    assert inv.corporate_mailbox == ("facebook @acmefb",)
    assert inv.rotations_owed == ("facebook @acmefb",)
    assert len(inv.twofa_off) == 3
    text = home_text(valid(toolkit_blocks(translator("en"), read(rt, CARL), budget=60)))
    assert ":lock: *Account inventory* · active: 4 · `/accounts list`" in text
    assert "Custodian no longer has the role (1): facebook @acmefb" in text
    assert "Login e-mail on the company's own domain, a change of domain breaks access (1): facebook @acmefb" in text
    assert "Password rotations owed (1): facebook @acmefb" in text
    assert "social@acme.com" not in text  # login e-mails are for custodians and auditors


def test_the_last_digest_sent_with_its_figures(driver: Any, rt: Any, world: dict[str, int]) -> None:
    defined = driver.command(ADMIN, "/kpi", "define followers instagram:acme.shop target 1000 per week")
    assert "Objective set" in defined.body
    driver.command(ANA, "/kpi", "log instagram:acme.shop followers 900 2026-11-22")
    driver.command(ANA, "/kpi", "log instagram:acme.shop followers 1200 2026-11-29")
    sent = driver.command(ADMIN, "/kpi", "digest now channel")
    assert DIGEST in sent.json()["text"]
    digest = read(rt, CARL).digest
    assert digest is not None and digest.period == "2026-W48" and digest.channel_id == DIGEST
    assert [(k.metric, k.subject, k.value, k.on_track) for k in digest.kpis] == [
        ("followers", "instagram @acme.shop", 1200.0, True)]
    text = home_text(valid(toolkit_blocks(translator("en"), read(rt, CARL), budget=60)))
    assert f"*Last KPI digest* · 2026-W48 · sent Monday 30 November 12:00 to <#{DIGEST}>" in text
    assert "KPIs on track: 1 of 1" in text
    assert "• Followers · instagram @acme.shop: 1,200 (+33.3 % vs the week before) :large_green_circle:" in text


def test_nothing_yet_says_where_to_start(rt: Any, world: dict[str, int]) -> None:
    text = home_text(valid(toolkit_blocks(translator("en"), read(rt, CARL), budget=60)))
    assert "Nothing is scheduled in the next 7 days (Europe/Madrid)" in text
    assert "*No open crisis.*" in text and "none sent yet" in text and "no approved reply template yet" in text


# ---- the block budget --------------------------------------------------------------------

def test_two_hundred_posts_stay_within_the_budget_and_name_the_calendar(rt: Any, world: dict[str, int]) -> None:
    targets = [(world["acme.shop"], "instagram"), (world["acmehq"], "x")]
    for n in range(200):
        add_post(rt.ctx.db, NOW + timedelta(minutes=47 * n), targets, copy=f"Post number {n} " + "words " * 30,
                 author=ANA if n % 10 == 0 else BEA, brand="Acme")
    week = read(rt)
    assert week.posts_total == 200 and week.posts_mine == 20
    days = (*week.mine, *week.others)
    assert all(len(d.posts) == min(d.total, DAY_POSTS) for d in days)  # only what the Home can show is loaded
    assert [p.id for p in week.others[0].posts] == sorted(p.id for p in week.others[0].posts)
    tr = translator("en")
    for budget in (100, 40, 20, 12, 9, 8, 7, 5, 2, 1):
        blocks = valid(toolkit_blocks(tr, week, budget=budget))
        assert 0 < len(blocks) <= budget, budget
        text = home_text(blocks)
        assert "`/post calendar`" in text, budget
        assert ("Your posts" in text) or ("(yours: 20)" in text), budget
        for command in ("`/crisis open`", "`/accounts list`", "`/socialops brand <brand>`"):
            assert command in text, (budget, command)
    assert toolkit_blocks(tr, week, budget=0) == []
    rich = home_text(toolkit_blocks(tr, week, budget=100))  # room for every day: each says what it leaves out
    hidden = [d.hidden for d in days if d.hidden]
    assert hidden and all(f"…and {n} more that day" in rich for n in hidden)
    assert f"…and {sum(hidden)} more. `/post calendar` shows the whole calendar." in rich


def test_spanish_texts(driver: Any, rt: Any, world: dict[str, int]) -> None:
    set_zone(driver, ADMIN, MADRID, language="es")
    add_post(rt.ctx.db, utc(2, 9), [(world["acme.shop"], "instagram")], copy="Hola", status="pending")
    tr = translator("es")
    full = home_text(valid(toolkit_blocks(tr, read(rt), budget=60)))
    for words in ("Esta semana", "Tus publicaciones", "miércoles 2 de diciembre", "pendiente de aprobación",
                  "Ninguna crisis abierta", "La caja de herramientas", "Perfiles de marca", "Protocolo de crisis",
                  "Guía de actuación (la predeterminada)", "Acusar recibo del aviso", "Inventario de cuentas"):
        assert words in full, words
    short = home_text(valid(toolkit_blocks(tr, read(rt), budget=7)))
    assert "*Próximos 7 días:* publicaciones: 1 (tuyas: 1)" in short and "`/post calendar`" in short


def test_the_published_home_of_a_busy_approver_and_of_a_member(driver: Any, slack: Any, rt: Any, clock: Any,
                                                                world: dict[str, int]) -> None:
    """Signed `app_home_opened` in, `views.publish` out (the stand-in refuses an invalid view): with
    50 requests waiting on Bea and 200 posts this week the Home keeps to 100 blocks and the toolkit
    still says where everything is; Carl, a member with nothing to decide, gets no button at all."""
    targets = [(world["acme.shop"], "instagram")]
    for n in range(200):
        add_post(rt.ctx.db, NOW + timedelta(minutes=47 * n), targets, copy=f"Post {n}", author=ANA if n % 2 else BEA)
    seed_requests(rt.ctx.db, world["acme.shop"], CARL, 50)
    open_crisis(driver, CARL, "sev3 A troll")
    run_scheduler(rt, clock)
    for user in (BEA, CARL):
        driver.app_home_opened(user)
        view = home(slack, user)
        assert len(view["blocks"]) <= 100 and validate_view({"type": "home", "blocks": view["blocks"]}) == []
        text = text_of(view)
        for shown in ("CRI-2026-0001", "`/post calendar`", "`/accounts list`", "/crisis open"):
            assert shown in text, (user, shown)
    assert buttons(home(slack, CARL)) == []  # the toolkit is read-only
    assert "Your posts" in text_of(home(slack, BEA)) or "(yours: 100)" in text_of(home(slack, BEA))


# ---- a constant number of statements -----------------------------------------------------

@contextmanager
def counting(db: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def _statements(rt: Any) -> int:
    with counting(rt.ctx.db) as statements:
        week = read(rt)
    assert week.posts_total
    return len(statements)


def test_the_same_statements_for_10_or_100_posts(driver: Any, rt: Any, clock: Any, world: dict[str, int]) -> None:
    targets = [(world["acme.shop"], "instagram"), (world["acmehq"], "x")]
    seed_chain(rt, "sev2", ((ANA,),))
    open_crisis(driver, CARL, "sev2 One crisis")
    run_scheduler(rt, clock)
    _profile(rt, "Acme", tone="Warm")
    _template(rt, "Hello", "question", 1)
    for n in range(10):
        add_post(rt.ctx.db, NOW + timedelta(hours=n), targets, author=ANA if n % 2 else BEA)
    few = _statements(rt)
    for n in range(90):
        add_post(rt.ctx.db, NOW + timedelta(hours=1, minutes=n), targets, author=ANA if n % 2 else BEA)
    add_accounts(rt.ctx.db, [(f"Brand {n}", "instagram", f"brand{n}") for n in range(20)])
    open_crisis(driver, CARL, "sev2 Another crisis")
    run_scheduler(rt, clock)
    assert _statements(rt) == few
