"""`/post calendar` and `/post list` (issue 12 §7): grouped by local day in the workspace zone,
across a DST change, paged with previous/next buttons that replace the message in place, filtered
by handle or brand, in the workspace language, hostile copy inert, other workspaces never shown,
and a constant number of SQL statements whatever the number of posts.

The posts are seeded as rows (tests/posts/calendar_seed.py says why); everything else goes
through signed commands and clicks against the Slack stand-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.core.errors import NotFound, UsageError
from bot.features import translator
from bot.posts import calendar as cal
from handlers.blockkit import MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX
from handlers.posts.calendar import page_message
from handlers.posts.ids import PostsIds as I
from storage.models import AuditEntry
from tests.conftest import ADMIN, ANA, BEA, CARL, TEAM, FakeClock
from tests.posts.calendar_seed import add_accounts, add_post, set_zone

MADRID = "Europe/Madrid"
# Wednesday 25 March 2026, 10:00 in Madrid: the week is Monday 23 to Sunday 29, and Madrid goes
# from CET (+1) to CEST (+2) at 02:00 on Sunday 29 March.
NOW = datetime(2026, 3, 25, 9, 0, tzinfo=UTC)
ROW_ID = re.compile(r"`#(\d+)`")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def world(driver: Any, rt: Any, setup_workspace: None) -> dict[str, int]:
    set_zone(driver, ADMIN, MADRID)
    return add_accounts(rt.ctx.db, [("Acme", "instagram", "acme.shop"), ("Acme", "x", "acmehq"),
                                    ("Bolt", "linkedin", "boltco")])


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def reply(driver: Any, user: str, text: str) -> dict[str, Any]:
    response = driver.command(user, "/post", text)
    assert response.status == 200, response.body
    body: dict[str, Any] = response.json()
    return body


def by_day(text: str) -> dict[str, list[int]]:
    """Day heading → the post ids under it, in order."""
    days: dict[str, list[int]] = {}
    current = ""
    for line in text.splitlines():
        heading = re.fullmatch(r"\*([^*]+)\*(?: \(continued\)| \(continuación\))?", line.strip())
        if heading:
            current = heading.group(1)
            days.setdefault(current, [])
        elif current and (m := ROW_ID.search(line)):
            days[current].append(int(m.group(1)))
    return days


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in message.get("blocks", []) if b["type"] == "actions"
            for e in b["elements"]}


def page_buttons(message: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in buttons(message).items() if k in (I.CAL_PAGE_PREV, I.CAL_PAGE_NEXT)}


def calendar_message(slack: Any, user: str) -> dict[str, Any]:
    [message] = [e for e in slack.ephemerals(user) if "calendar" in str(e.get("text", "")).lower()
                 or "calendario" in str(e.get("text", "")).lower()]
    return message


# ---- grouping by local day ------------------------------------------------------------------

def test_the_week_is_monday_to_sunday_in_madrid_and_days_are_local_across_the_dst_change(
        driver: Any, rt: Any, world: dict[str, int]) -> None:
    ig = (world["acme.shop"], "instagram")
    db = rt.ctx.db
    monday_early = add_post(db, utc(2026, 3, 22, 23, 15), [ig], copy="Monday 00:15 CET")  # Sunday in UTC
    saturday = add_post(db, utc(2026, 3, 28, 22, 30), [ig], copy="Saturday 23:30 CET")
    sunday_night = add_post(db, utc(2026, 3, 28, 23, 30), [ig], copy="Sunday 00:30 CET")  # Saturday in UTC
    sunday_summer = add_post(db, utc(2026, 3, 29, 8, 0), [ig], copy="Sunday 10:00 CEST")
    add_post(db, utc(2026, 3, 29, 22, 30), [ig], copy="next Monday 00:30 CEST")  # Sunday in UTC: not this week
    add_post(db, utc(2026, 3, 22, 22, 45), [ig], copy="last Sunday 23:45 CET")  # not this week either

    body = reply(driver, CARL, "calendar week")
    text = body["text"]
    assert "week of Monday 23 March to Sunday 29 March (Europe/Madrid): 4 post(s)" in text
    assert by_day(text) == {"Monday 23 March": [monday_early], "Saturday 28 March": [saturday],
                            "Sunday 29 March": [sunday_night, sunday_summer]}
    # Times are the local ones, on both sides of the change.
    assert ":white_check_mark: 00:15 · instagram @acme.shop · Monday 00:15 CET" in text
    assert "00:30 · instagram @acme.shop · Sunday 00:30 CET" in text
    assert "10:00 · instagram @acme.shop · Sunday 10:00 CEST" in text
    # The bare command is this week too.
    assert by_day(reply(driver, CARL, "calendar")["text"]) == by_day(text)


def test_the_month_is_the_local_calendar_month(driver: Any, rt: Any, world: dict[str, int]) -> None:
    li = (world["boltco"], "linkedin")
    db = rt.ctx.db
    first = add_post(db, utc(2026, 2, 28, 23, 30), [li], copy="1 March 00:30 CET")
    last = add_post(db, utc(2026, 3, 31, 21, 30), [li], copy="31 March 23:30 CEST")
    add_post(db, utc(2026, 3, 31, 22, 30), [li], copy="1 April 00:30 CEST")
    add_post(db, utc(2026, 2, 28, 22, 30), [li], copy="28 February 23:30 CET")
    text = reply(driver, CARL, "calendar month")["text"]
    assert "*Publication calendar*, March 2026 (Europe/Madrid): 2 post(s)" in text
    assert by_day(text) == {"Sunday 1 March": [first], "Tuesday 31 March": [last]}


def test_every_status_has_its_emoji_and_label(driver: Any, rt: Any, world: dict[str, int]) -> None:
    from bot.posts.views import STATUS_EMOJI
    from storage.models.posts import POST_STATES

    ig = (world["acme.shop"], "instagram")
    for n, state in enumerate(POST_STATES):
        add_post(rt.ctx.db, utc(2026, 3, 24, 8, n), [ig], status=state, copy=f"post {state}")
    text = reply(driver, CARL, "calendar")["text"]
    tr = translator("en")
    for state in POST_STATES:
        assert f"{STATUS_EMOJI[state]} " in text and f"_{tr(f'post.status.{state}')}_" in text


def test_spanish_workspace_names_days_and_months_in_spanish(driver: Any, rt: Any, world: dict[str, int]) -> None:
    set_zone(driver, ADMIN, MADRID, "es")
    ig = (world["acme.shop"], "instagram")
    sunday = add_post(rt.ctx.db, utc(2026, 3, 28, 23, 30), [ig])
    wednesday = add_post(rt.ctx.db, utc(2026, 3, 25, 17, 0), [ig])
    text = reply(driver, CARL, "calendar semana")["text"]
    assert "semana del lunes 23 de marzo al domingo 29 de marzo (Europe/Madrid): 2 publicación(es)" in text
    assert by_day(text) == {"miércoles 25 de marzo": [wednesday], "domingo 29 de marzo": [sunday]}
    assert "_aprobada_" in text
    assert "marzo de 2026" in reply(driver, CARL, "calendar mes")["text"]


# ---- filters --------------------------------------------------------------------------------

def test_a_handle_or_a_brand_filters_and_an_unknown_one_is_usage_text(driver: Any, rt: Any,
                                                                      world: dict[str, int]) -> None:
    db = rt.ctx.db
    ig, x, li = (world["acme.shop"], "instagram"), (world["acmehq"], "x"), (world["boltco"], "linkedin")
    on_ig = add_post(db, utc(2026, 3, 24, 9), [ig])
    on_both = add_post(db, utc(2026, 3, 24, 10), [ig, x])
    on_bolt = add_post(db, utc(2026, 3, 24, 11), [li])

    def ids(text: str) -> list[int]:
        return [int(i) for i in ROW_ID.findall(text)]

    assert ids(reply(driver, CARL, "calendar week @acme.shop")["text"]) == [on_ig, on_both]
    assert ids(reply(driver, CARL, "calendar ACMEHQ")["text"]) == [on_both]
    acme = reply(driver, CARL, "calendar week acme")["text"]
    assert ids(acme) == [on_ig, on_both] and "Brand: *acme*" in acme
    assert "instagram @acme.shop, x @acmehq" in acme
    assert ids(reply(driver, CARL, "calendar month Bolt")["text"]) == [on_bolt]

    unknown = reply(driver, CARL, "calendar week nosuchbrand")["text"]
    assert "There is no account or brand `nosuchbrand` in the inventory." in unknown
    assert "/post calendar [week|month]" in unknown


def test_a_brand_with_spaces_and_hostile_filter_text(driver: Any, rt: Any, world: dict[str, int]) -> None:
    ids = add_accounts(rt.ctx.db, [("Acme Kids", "tiktok", "acme.kids")])
    post = add_post(rt.ctx.db, utc(2026, 3, 26, 9), [(ids["acme.kids"], "tiktok")])
    assert ROW_ID.findall(reply(driver, CARL, "calendar week Acme Kids")["text"]) == [str(post)]
    assert ROW_ID.findall(reply(driver, CARL, 'calendar month "acme kids"')["text"]) == [str(post)]
    cafe = add_accounts(rt.ctx.db, [("Café Ñu", "x", "cafe.nu")])
    on_cafe = add_post(rt.ctx.db, utc(2026, 3, 26, 10), [(cafe["cafe.nu"], "x")])
    # Not only ASCII folds: SQLite's lower() would leave "É" and "Ñ" as they are.
    assert ROW_ID.findall(reply(driver, CARL, "calendar week CAFÉ ÑU")["text"]) == [str(on_cafe)]
    hostile = reply(driver, CARL, "calendar week <!channel>")["text"]
    assert "<!channel>" not in hostile and "There is no account or brand" in hostile


# ---- hostile copy and other workspaces ------------------------------------------------------

def test_hostile_copy_is_inert_and_cut_to_its_first_line(driver: Any, rt: Any, world: dict[str, int]) -> None:
    ig = (world["acme.shop"], "instagram")
    add_post(rt.ctx.db, utc(2026, 3, 24, 9), [ig],
             copy="<!channel> <!here> sale <https://evil.example|our site> @everyone " + "x" * 300 + "\nsecond line")
    text = reply(driver, CARL, "calendar")["text"]
    for ping in ("<!channel>", "<!here>", "<https://evil.example|", "@everyone"):
        assert ping not in text
    assert "second line" not in text and "x" * 100 not in text
    assert "&lt;" not in text  # each token neutralised as a whole, none left as escaped markup
    assert "our site (https://evil.example)" in text


def test_posts_of_another_workspace_are_never_shown(driver: Any, rt: Any, world: dict[str, int]) -> None:
    other = add_accounts(rt.ctx.db, [("Acme", "instagram", "acme.shop")], team="T0OTHER")
    theirs = add_post(rt.ctx.db, utc(2026, 3, 26, 9), [(other["acme.shop"], "instagram")], team="T0OTHER",
                      author=ANA, status="pending")
    ours = add_post(rt.ctx.db, utc(2026, 3, 26, 10), [(world["acme.shop"], "instagram")], status="pending")
    for command in ("calendar", "calendar month", "calendar week acme.shop", "calendar month Acme",
                    "list", "list pending"):
        found = [int(i) for i in ROW_ID.findall(reply(driver, ANA, command)["text"])]
        assert theirs not in found and ours in found, command
    # A handle only the other workspace has is no handle here.
    add_accounts(rt.ctx.db, [("Zed", "x", "zed.only")], team="T0OTHER")
    assert "There is no account or brand" in reply(driver, CARL, "calendar zed.only")["text"]


# ---- lists ----------------------------------------------------------------------------------

def test_lists_mine_pending_and_scheduled(driver: Any, rt: Any, world: dict[str, int]) -> None:
    db, ig = rt.ctx.db, (world["acme.shop"], "instagram")
    mine_next = add_post(db, NOW + timedelta(days=3), [ig], author=ANA, status="approved")
    i_publish = add_post(db, NOW + timedelta(days=1), [ig], author=BEA, publisher=ANA, status="pending")
    mine_old_published = add_post(db, NOW - timedelta(days=10), [ig], author=ANA, status="published")
    mine_old_overdue = add_post(db, NOW - timedelta(days=2), [ig], author=ANA, status="overdue")
    bea_approved = add_post(db, NOW + timedelta(days=2), [ig], author=BEA, status="approved")
    bea_past_approved = add_post(db, NOW - timedelta(hours=1), [ig], author=BEA, status="approved")
    bea_pending = add_post(db, NOW + timedelta(days=5), [ig], author=BEA, status="pending")

    def ids(text: str) -> list[int]:
        return [int(i) for i in ROW_ID.findall(reply(driver, ANA, text)["text"])]

    assert ids("list") == ids("list mine") == [mine_old_overdue, i_publish, mine_next]
    assert mine_old_published not in ids("list mine")
    assert ids("list pending") == [i_publish, bea_pending]
    assert ids("list scheduled") == [bea_approved, mine_next]
    assert bea_past_approved not in ids("list scheduled")
    assert "*Posts awaiting approval* (Europe/Madrid): 2" in reply(driver, ANA, "list pending")["text"]
    bad = reply(driver, ANA, "list everything")["text"]
    assert "Which list?" in bad and "/post list [mine|pending|scheduled]" in bad
    assert "No posts in this list." in reply(driver, CARL, "list mine")["text"]


# ---- paging ---------------------------------------------------------------------------------

def test_a_long_week_is_paged_and_the_buttons_replace_the_message(driver: Any, slack: Any, rt: Any,
                                                                   world: dict[str, int]) -> None:
    ig = (world["acme.shop"], "instagram")
    seeded = [add_post(rt.ctx.db, utc(2026, 3, 23, 6) + timedelta(minutes=37 * n), [ig], copy=f"post {n}")
              for n in range(45)]  # 45 posts from Monday 07:00 local, about 28 hours
    reply(driver, CARL, "calendar")
    first = calendar_message(slack, CARL)
    assert "Page 1 of 3: posts 1 to 20 of 45." in first["text"]
    assert set(page_buttons(first)) == {I.CAL_PAGE_NEXT}
    seen = [int(i) for i in ROW_ID.findall(first["text"])]
    for number in (2, 3):
        driver.click(CARL, I.CAL_PAGE_NEXT)
        rt.sender.wait_idle()
        page = calendar_message(slack, CARL)  # still one message: replaced in place
        assert page["ts"] == first["ts"]
        assert f"Page {number} of 3" in page["text"]
        # The page begins inside the day the previous one ended in.
        assert ("*Monday 23 March* (continued)" if number == 2 else "*Tuesday 24 March* (continued)") in page["text"]
        seen += [int(i) for i in ROW_ID.findall(page["text"])]
    assert seen == seeded  # each post once, in order, none dropped
    last = calendar_message(slack, CARL)
    assert set(page_buttons(last)) == {I.CAL_PAGE_PREV}
    driver.click(CARL, I.CAL_PAGE_PREV)
    rt.sender.wait_idle()
    back = calendar_message(slack, CARL)
    assert "Page 2 of 3: posts 21 to 40 of 45." in back["text"]
    assert set(page_buttons(back)) == {I.CAL_PAGE_PREV, I.CAL_PAGE_NEXT}


def test_the_previous_and_next_week_and_month_buttons(driver: Any, slack: Any, rt: Any,
                                                      world: dict[str, int]) -> None:
    li = (world["boltco"], "linkedin")
    this_week = add_post(rt.ctx.db, utc(2026, 3, 25, 9), [li])
    next_week = add_post(rt.ctx.db, utc(2026, 3, 29, 22, 30), [li])  # Monday 30 March 00:30 CEST
    february = add_post(rt.ctx.db, utc(2026, 2, 10, 9), [li])
    body = reply(driver, CARL, "calendar week boltco")
    assert buttons(body) == {I.CAL_PERIOD_PREV: "week|2026-03-16|1|boltco",
                             I.CAL_PERIOD_NEXT: "week|2026-03-30|1|boltco"}
    assert ROW_ID.findall(body["text"]) == [str(this_week)]
    driver.click(CARL, I.CAL_PERIOD_NEXT)
    rt.sender.wait_idle()
    shown = calendar_message(slack, CARL)
    assert "week of Monday 30 March to Sunday 5 April" in shown["text"] and "Account: *@boltco*" in shown["text"]
    assert ROW_ID.findall(shown["text"]) == [str(next_week)]
    reply(driver, CARL, "calendar month")
    driver.click(CARL, I.CAL_PERIOD_PREV, value="month|2026-02-01|1|")
    rt.sender.wait_idle()
    months = [e["text"] for e in slack.ephemerals(CARL) if "February 2026" in str(e.get("text", ""))]
    assert months and ROW_ID.findall(months[-1]) == [str(february)]
    assert cal.period_before("month", date(2026, 1, 1)) == date(2025, 12, 1)


def test_a_day_split_across_pages_says_continued(rt: Any, world: dict[str, int]) -> None:
    ig = (world["acme.shop"], "instagram")
    for n in range(cal.PAGE_POSTS + 3):  # all on Tuesday 24 March, local
        add_post(rt.ctx.db, utc(2026, 3, 24, 7) + timedelta(minutes=n), [ig])
    scope = cal.Scope("week", date(2026, 3, 23))
    with rt.ctx.db.uow(read_only=True) as s:
        one = cal.calendar_page(s, TEAM, scope, 1, tz=MADRID)
        two = cal.calendar_page(s, TEAM, scope, 2, tz=MADRID)
    assert [d.continued for d in one.days] == [False] and [d.continued for d in two.days] == [True]
    text, _ = page_message(translator("en"), two)
    assert "*Tuesday 24 March* (continued)" in text


def test_pages_stay_within_slack_limits_with_long_copy_and_many_accounts(rt: Any, world: dict[str, int]) -> None:
    handles = add_accounts(rt.ctx.db, [("Acme", "facebook", "a" * 110 + f"{n:02d}") for n in range(10)])
    targets = [(i, "facebook") for i in handles.values()]
    for n in range(60):  # every day of the week, long copy full of characters mrkdwn escapes
        add_post(rt.ctx.db, utc(2026, 3, 23, 0) + timedelta(hours=2 * n), targets, copy="&<>" * 500)
    tr = translator("es")
    with rt.ctx.db.uow(read_only=True) as s:
        for number in (1, 2, 3):
            page = cal.calendar_page(s, TEAM, cal.Scope("week", date(2026, 3, 23)), number, tz=MADRID)
            text, body = page_message(tr, page)
            assert len(body) <= MESSAGE_BLOCKS_MAX
            assert all(len(b["text"]["text"]) <= SECTION_TEXT_MAX for b in body if b["type"] == "section")
            assert len(ROW_ID.findall(text)) == 20
            assert "+7 más" in text


def audit_count(rt: Any) -> int:
    with rt.ctx.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


@pytest.mark.parametrize("value", [
    "", "abc", "week|2026-03-23|0|", "week|2026-03-23|3|", "week|2026-03-24|1|", "month|2026-03-02|1|",
    "week|2026-02-30|1|", "week|２０２６-03-23|1|", "week|2026-03-23|²|", "week|2026-03-23|" + "9" * 25 + "|",
    "week|2026-03-23|1.5|", "year|2026-01-01|1|", "mine|2026-03-23|1|", "mine||1|acme", "week||1|",
    "week|2026-03-23|1|nosuchbrand", "week|2026-03-23|1|" + "a" * 500, "week|2026-03-23|1|<!here>",
    "week|2026-03-23|2; DROP TABLE posts|", "month|9999-12-01|1|", "week|9999-12-27|1|", "week|0001-01-01|1|",
    "month|1999-12-01|1|",
])
def test_a_forged_page_is_answered_and_writes_nothing(driver: Any, slack: Any, rt: Any, world: dict[str, int],
                                                      value: str) -> None:
    ig = (world["acme.shop"], "instagram")
    for n in range(25):  # two pages
        add_post(rt.ctx.db, utc(2026, 3, 24, 7) + timedelta(minutes=n), [ig])
    before = audit_count(rt)
    response = driver.forged_click(CARL, I.CAL_PAGE_NEXT, value)
    rt.sender.wait_idle()
    assert response.status == 200
    told = " ".join(str(e.get("text", "")) for e in slack.ephemerals(CARL))
    assert "That page is not there any more" in told or "There is no account or brand" in told
    assert "<!here>" not in told
    assert audit_count(rt) == before


def test_a_genuine_page_value_of_another_workspace_shows_this_workspace(driver: Any, slack: Any, rt: Any,
                                                                        world: dict[str, int]) -> None:
    other = add_accounts(rt.ctx.db, [("Acme", "instagram", "acme.shop")], team="T0OTHER")
    theirs = [add_post(rt.ctx.db, utc(2026, 3, 24, 7) + timedelta(minutes=n), [(other["acme.shop"], "instagram")],
                       team="T0OTHER") for n in range(25)]
    driver.forged_click(CARL, I.CAL_PAGE_NEXT, "week|2026-03-23|2|")
    rt.sender.wait_idle()
    told = " ".join(str(e.get("text", "")) for e in slack.ephemerals(CARL))
    assert "That page is not there any more" in told
    assert not set(ROW_ID.findall(told)) & {str(t) for t in theirs}


# ---- rules ----------------------------------------------------------------------------------

def test_scope_values_round_trip_and_only_those() -> None:
    for scope in (cal.Scope("week", date(2026, 3, 23)), cal.Scope("month", date(2026, 3, 1), "Acme Kids|x"),
                  cal.Scope("mine"), cal.Scope("scheduled")):
        assert cal.parse_scope(cal.encode_scope(scope, 7)) == (scope, 7)
    assert cal.parse_scope("week|2026-03-23|1|\n") == (cal.Scope("week", date(2026, 3, 23), "\n"), 1)
    assert cal.parse_scope("pending||1|x") is None


def test_periods_in_the_zone() -> None:
    sunday_late_utc = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)  # Monday 00:30 in Madrid
    assert cal.period_start("week", sunday_late_utc, MADRID) == date(2026, 3, 30)
    assert cal.period_start("week", sunday_late_utc, "UTC") == date(2026, 3, 23)
    assert cal.period_end("month", date(2026, 12, 1)) == date(2027, 1, 1)
    assert cal.local_midnight(date(2026, 3, 29), MADRID) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert cal.local_midnight(date(2026, 3, 30), MADRID) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert cal.zone("Not/AZone").key == "UTC"


def test_command_text() -> None:
    assert cal.parse_calendar("") == cal.CalendarRequest("week", None)
    assert cal.parse_calendar("MES Acme Kids") == cal.CalendarRequest("month", "Acme Kids")
    assert cal.parse_calendar("ics @acme") == cal.CalendarRequest("ics", "@acme")
    with pytest.raises(UsageError):
        cal.parse_calendar("week " + "a" * 200)
    assert cal.parse_list("pendientes") == "pending"
    with pytest.raises(UsageError):
        cal.parse_list("mine pending")


def test_a_page_past_the_end_is_not_found(rt: Any, world: dict[str, int]) -> None:
    with rt.ctx.db.uow(read_only=True) as s, pytest.raises(NotFound):
        cal.calendar_page(s, TEAM, cal.Scope("month", date(2026, 3, 1)), 2, tz=MADRID)


# ---- queries --------------------------------------------------------------------------------

@contextmanager
def counting(db: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def month_statements(rt: Any, brand: str | None) -> int:
    with counting(rt.ctx.db) as statements, rt.ctx.db.uow(read_only=True) as s:
        page = cal.calendar_page(s, TEAM, cal.Scope("month", date(2026, 3, 1), brand), 1, tz=MADRID)
        assert page.days
    return len(statements)


def test_a_month_costs_the_same_statements_with_3_or_300_posts(rt: Any, world: dict[str, int]) -> None:
    targets = [(world["acme.shop"], "instagram"), (world["acmehq"], "x")]
    for n in range(3):
        add_post(rt.ctx.db, utc(2026, 3, 2) + timedelta(hours=n), targets)
    few, few_brand = month_statements(rt, None), month_statements(rt, "Acme")
    for n in range(297):
        add_post(rt.ctx.db, utc(2026, 3, 3) + timedelta(hours=2 * n), targets)
    assert month_statements(rt, None) == few <= 3  # count, page, variants
    assert month_statements(rt, "Acme") == few_brand <= 5  # + the filter's two lookups
