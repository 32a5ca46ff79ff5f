"""The Friday cadence notice (issue 12 §8, SPEC §0.5): Friday 10:00 workspace time, to the approvals
channel, the accounts below their weekly minimum for the coming week (with their last published
post) and those below target; archived accounts skipped; one short "on track" line otherwise.

The posts are seeded as rows (tests/posts/calendar_seed.py says why: the notice only reads them,
and the states it must tell apart — cancelled, rejected, expired, held — would take the whole
approval flow per post). The notice itself goes through the real producer and scheduler tick, to
the Slack stand-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.posts.cadence import KIND_CADENCE, cadence_report, coming_week, week_bounds
from storage.models import Account, Delivery
from tests.access.support import make_account
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, TEAM, make_settings
from tests.posts.calendar_seed import add_accounts, add_post, set_zone
from tests.posts.support_posts import audited, refused

pytestmark = pytest.mark.usefixtures("setup_workspace")

MADRID = "Europe/Madrid"
# Friday 20 March 2026, 10:00 in Madrid (CET, UTC+1); the coming week is 23-29 March, the week the
# clocks go forward (Sunday 29, 02:00 → 03:00).
FRI_MAR_20 = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
THU_MAR_19 = datetime(2026, 3, 19, 12, 0, tzinfo=UTC)


@pytest.fixture
def restarted(slack: Any, db: Any, db_url: str, clock: Any) -> Iterator[Any]:
    """A second app on the same database: the process after a restart (nothing in memory)."""
    from bot.app import build

    runtime = build(make_settings(slack, db_url), db=db, clock=clock)
    yield runtime
    runtime.close()


def _tick(rt: Any, now: datetime) -> None:
    from scheduler.jobs import tick

    tick(rt, now=now)


def _notices(slack: Any) -> list[str]:
    """The cadence notices in the approvals channel (other features post there too)."""
    return [m["text"] for m in slack.messages(APPROVALS)
            if "cadence" in m["text"].lower() or "on track" in m["text"] or "ritmo" in m["text"].lower()
            or "al día" in m["text"]]


def _week(rt: Any) -> dict[str, int]:
    """Five accounts in Madrid, and posts in the week of 23-29 March in every state that matters."""
    db = rt.ctx.db
    ids = add_accounts(db, [("Acme", "instagram", "quiet"), ("Acme", "x", "some"), ("Acme", "linkedin", "busy"),
                            ("Beta", "facebook", "late"), ("Beta", "tiktok", "gone")])
    with db.uow() as s:
        gone = s.get(Account, ids["gone"])
        assert gone is not None
        gone.status = "archived"  # zero posts, but archived: never listed
    # quiet: nothing this week; published once, on 2 March (Madrid).
    add_post(db, datetime(2026, 3, 2, 17, 0, tzinfo=UTC), [(ids["quiet"], "instagram")], status="published")
    # some: one approved; the cancelled, rejected, expired, held and draft ones do not count.
    add_post(db, datetime(2026, 3, 24, 10, 0, tzinfo=UTC), [(ids["some"], "x")], status="approved")
    for status in ("cancelled", "rejected", "expired", "held", "draft"):
        add_post(db, datetime(2026, 3, 25, 10, 0, tzinfo=UTC), [(ids["some"], "x")], status=status)
    # busy: four, pending or approved: at its target, not listed.
    for n, status in enumerate(("pending", "approved", "approved", "pending")):
        add_post(db, datetime(2026, 3, 23 + n, 9, 0, tzinfo=UTC), [(ids["busy"], "linkedin")], status=status)
    # late: Sunday 29 March 23:30 CEST counts (21:30 UTC); Monday 30 March 00:30 CEST (22:30 UTC on
    # Sunday) is the next week: a fixed UTC+1 would count it.
    add_post(db, datetime(2026, 3, 29, 21, 30, tzinfo=UTC), [(ids["late"], "facebook")], status="approved")
    add_post(db, datetime(2026, 3, 29, 22, 30, tzinfo=UTC), [(ids["late"], "facebook")], status="approved")
    add_post(db, datetime(2026, 3, 29, 22, 45, tzinfo=UTC), [(ids["late"], "facebook")], status="approved")
    return ids


def test_lists_exactly_the_accounts_below_minimum_then_those_below_target(driver: Any, slack: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, MADRID)
    _week(rt)
    _tick(rt, THU_MAR_19)  # the producer makes Friday's delivery
    assert _notices(slack) == []
    _tick(rt, FRI_MAR_20)
    assert _notices(slack) == ["\n".join([
        ":calendar: *Posting cadence for the week of 2026-03-23* (Europe/Madrid)",
        ":warning: *Below the minimum* — plan something or the profile looks abandoned:",
        "• Acme — instagram @quiet: 0 planned, minimum 1; last published: 2026-03-02",
        ":small_orange_diamond: *Below target*:",
        "• Acme — x @some: 1 planned, target 4",
        "• Beta — facebook @late: 1 planned, target 4",
    ])]


def test_overrides_are_honoured(driver: Any, slack: Any, rt: Any) -> None:
    ids = _week(rt)
    with rt.ctx.db.uow() as s:
        busy, quiet = s.get(Account, ids["busy"]), s.get(Account, ids["quiet"])
        assert busy is not None and quiet is not None
        busy.cadence_min_per_week, busy.cadence_target_per_week = 5, 7  # four is now too few
        quiet.cadence_min_per_week, quiet.cadence_target_per_week = 0, 0  # a dormant profile, on purpose
    with rt.ctx.db.uow() as s:
        report = cadence_report(s, TEAM, date(2026, 3, 23))
    assert [(r.handle, r.planned, r.minimum) for r in report.below_minimum] == [("busy", 4, 5)]
    assert report.below_minimum[0].last_published is None
    assert [r.handle for r in report.below_target] == ["some", "late"]


def test_workspace_defaults_are_read(driver: Any, rt: Any) -> None:
    from storage.models import Workspace

    ids = _week(rt)
    with rt.ctx.db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        ws.timezone = MADRID
        ws.cadence_min_per_week, ws.cadence_target_per_week = 2, 4
    with rt.ctx.db.uow() as s:
        report = cadence_report(s, TEAM, date(2026, 3, 23))
    assert [r.handle for r in report.below_minimum] == ["quiet", "some", "late"]
    assert report.below_target == []
    assert ids["gone"] not in [r.account_id for r in report.below_minimum]


def test_no_notice_before_the_first_post(driver: Any, slack: Any, rt: Any) -> None:
    """Only posts planned here count: before the first one every account would be flagged every week."""
    account = make_account(rt.ctx.db, "fresh", network="threads")
    _tick(rt, datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    _tick(rt, datetime(2026, 3, 6, 10, 0, tzinfo=UTC))
    assert _notices(slack) == []
    with rt.ctx.db.uow() as s:
        assert s.scalars(select(Delivery).where(Delivery.kind == KIND_CADENCE)).all() == []
    add_post(rt.ctx.db, datetime(2026, 3, 2, 12, 0, tzinfo=UTC), [(account, "threads")], status="cancelled")
    _tick(rt, datetime(2026, 3, 12, 12, 0, tzinfo=UTC))
    _tick(rt, datetime(2026, 3, 13, 10, 0, tzinfo=UTC))
    assert len(_notices(slack)) == 1


def test_never_published_says_never_and_all_on_track_is_one_line(driver: Any, slack: Any, rt: Any) -> None:
    db = rt.ctx.db
    account = make_account(db, "fresh", network="threads")
    add_post(db, datetime(2026, 3, 2, 12, 0, tzinfo=UTC), [(account, "threads")], status="draft")  # not counted
    _tick(rt, datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    _tick(rt, datetime(2026, 3, 6, 10, 0, tzinfo=UTC))  # UTC workspace: Friday 10:00 UTC
    assert _notices(slack)[-1].splitlines()[-1] == (
        "• Acme — threads @fresh: 0 planned, minimum 1; last published: never")
    for day in (16, 17, 18, 22):  # four in the week of 16 March: at the default target
        add_post(db, datetime(2026, 3, day, 12, 0, tzinfo=UTC), [(account, "threads")], status="approved")
    _tick(rt, datetime(2026, 3, 13, 10, 0, tzinfo=UTC))
    assert _notices(slack)[-1] == ":white_check_mark: Every account is on track for the week of 2026-03-16: " \
                                  "at or above its target."
    assert len(_notices(slack)) == 2


def test_friday_ten_madrid_across_the_clock_change(driver: Any, slack: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, MADRID)
    account = make_account(rt.ctx.db, "fresh", network="threads")
    add_post(rt.ctx.db, datetime(2026, 3, 2, 12, 0, tzinfo=UTC), [(account, "threads")], status="draft")
    _tick(rt, datetime(2026, 3, 26, 12, 0, tzinfo=UTC))
    _tick(rt, datetime(2026, 3, 27, 8, 59, tzinfo=UTC))
    assert _notices(slack) == []
    _tick(rt, datetime(2026, 3, 27, 9, 0, tzinfo=UTC))  # 10:00 CET: the last Friday before the change
    assert len(_notices(slack)) == 1 and "week of 2026-03-30" in _notices(slack)[0]
    _tick(rt, datetime(2026, 4, 3, 7, 59, tzinfo=UTC))
    assert len(_notices(slack)) == 1
    _tick(rt, datetime(2026, 4, 3, 8, 0, tzinfo=UTC))  # 10:00 CEST, UTC+2 now
    assert len(_notices(slack)) == 2 and "week of 2026-04-06" in _notices(slack)[1]
    with rt.ctx.db.uow() as s:
        sent = s.scalars(select(Delivery.occurrence_at).where(Delivery.kind == KIND_CADENCE,
                                                              Delivery.state == "sent")).all()
    assert sorted(t.astimezone(UTC) if t.tzinfo else t.replace(tzinfo=UTC) for t in sent) == [
        datetime(2026, 3, 27, 9, 0, tzinfo=UTC), datetime(2026, 4, 3, 8, 0, tzinfo=UTC)]


def test_week_bounds_follow_the_zone() -> None:
    assert coming_week(date(2026, 3, 20)) == date(2026, 3, 23)
    assert coming_week(date(2026, 3, 23)) == date(2026, 3, 30)  # a Monday looks at the next one
    start, end = week_bounds(date(2026, 3, 23), MADRID)
    assert start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # 167 hours: the clocks went forward


def test_one_notice_per_week_across_a_restart(driver: Any, slack: Any, rt: Any, restarted: Any) -> None:
    set_zone(driver, ADMIN, MADRID)
    _week(rt)
    _tick(rt, THU_MAR_19)
    _tick(restarted, THU_MAR_19)  # both processes' producers ran: still one row
    _tick(rt, FRI_MAR_20)
    _tick(restarted, FRI_MAR_20)
    _tick(restarted, datetime(2026, 3, 20, 9, 30, tzinfo=UTC))
    assert len(_notices(slack)) == 1
    with rt.ctx.db.uow() as s:
        rows = s.scalars(select(Delivery).where(Delivery.kind == KIND_CADENCE)).all()
    assert sorted(r.state for r in rows) == ["pending", "sent"]  # this Friday's, and next Friday's


def test_spanish(driver: Any, slack: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, MADRID, language="es")
    _week(rt)
    _tick(rt, THU_MAR_19)
    _tick(rt, FRI_MAR_20)
    assert _notices(slack) == ["\n".join([
        ":calendar: *Ritmo de publicación de la semana del 2026-03-23* (Europe/Madrid)",
        ":warning: *Por debajo del mínimo* — programad algo o el perfil parecerá abandonado:",
        "• Acme — instagram @quiet: 0 programadas, mínimo 1; última publicada: 2026-03-02",
        ":small_orange_diamond: *Por debajo del objetivo*:",
        "• Acme — x @some: 1 programadas, objetivo 4",
        "• Beta — facebook @late: 1 programadas, objetivo 4",
    ])]


def test_a_hostile_brand_pings_nobody(driver: Any, slack: Any, rt: Any) -> None:
    ids = add_accounts(rt.ctx.db, [("<!channel> Acme", "instagram", "quiet")])
    add_post(rt.ctx.db, datetime(2026, 3, 2, 12, 0, tzinfo=UTC), [(ids["quiet"], "instagram")], status="draft")
    _tick(rt, datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    _tick(rt, datetime(2026, 3, 6, 10, 0, tzinfo=UTC))
    notice = _notices(slack)[-1]
    assert "@quiet" in notice and "<!channel>" not in notice


# ---- `/post settings cadence` ------------------------------------------------------------------

def _override(rt: Any, account_id: int) -> tuple[int | None, int | None]:
    with rt.ctx.db.uow() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return account.cadence_min_per_week, account.cadence_target_per_week


def test_the_custodian_or_an_admin_sets_the_override_and_the_notice_honours_it(driver: Any, slack: Any,
                                                                               rt: Any) -> None:
    set_zone(driver, ADMIN, MADRID)
    ids = _week(rt)  # Ana is every account's custodian
    reply = driver.command(ANA, "/post", "settings cadence busy 5 7").json()["text"]
    assert reply == ":white_check_mark: linkedin @busy: at least 5 and ideally 7 posts a week."
    assert _override(rt, ids["busy"]) == (5, 7) and audited(rt, "posts.cadence_changed") == 1
    reply = driver.command(ADMIN, "/post", "settings cadence instagram:@quiet 0 0").json()["text"]
    assert "instagram @quiet: at least 0 and ideally 0" in reply
    _tick(rt, THU_MAR_19)
    _tick(rt, FRI_MAR_20)
    lines = _notices(slack)[0].splitlines()
    assert [line for line in lines if line.startswith("•")] == [
        "• Acme — linkedin @busy: 4 planned, minimum 5; last published: never",
        "• Acme — x @some: 1 planned, target 4",
        "• Beta — facebook @late: 1 planned, target 4",
    ]
    reply = driver.command(ANA, "/post", "settings cadence busy default").json()["text"]
    assert "follows the workspace's cadence again: at least 1 and ideally 4" in reply
    assert _override(rt, ids["busy"]) == (None, None)


def test_someone_else_is_refused_and_audited(driver: Any, rt: Any) -> None:
    ids = _week(rt)
    reply = driver.command(BEA, "/post", "settings cadence busy 2 3").json()["text"]
    assert "Not allowed" in reply
    assert _override(rt, ids["busy"]) == (None, None) and refused(rt) == [(BEA, "posts.cadence")]


@pytest.mark.parametrize(("args", "says"), [
    ("busy", "Not a cadence: `busy`"),
    ("busy 3", "Not a cadence: `busy 3`"),
    ("busy three 4", "Not a cadence"),
    ("busy -1 4", "Not a cadence"),
    ("busy ４ 5", "Not a cadence"),  # full-width digits: isdigit() says yes, int() would take them
    ("busy 5 3", "the minimum cannot be above the target"),
    ("busy 1 400", "the target is at most 70"),
    ("nobody 1 4", "There is no active account `nobody`"),
    ("gone 1 4", "The account `gone` is archived"),
])
def test_bad_input_answers_with_the_usage_and_writes_nothing(driver: Any, rt: Any, args: str, says: str) -> None:
    ids = _week(rt)
    before = audited(rt, "posts.cadence_changed")
    reply = driver.command(ANA, "/post", f"settings cadence {args}").json()["text"]
    assert says in reply and "/post settings cadence <handle> <min> <target>" in reply, reply
    assert "not in the accounts form" in reply
    assert _override(rt, ids["busy"]) == (None, None) and audited(rt, "posts.cadence_changed") == before
