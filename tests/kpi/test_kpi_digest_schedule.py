"""The weekly digest through the real producer and scheduler tick (issue 14 §6): Monday 09:00 in
Madrid on both sides of the October clock change, once across a restart, the chart uploaded in
the message's thread as a PNG of the expected size, a retry after a crash posting nothing twice;
`/kpi digest now` to the requester or (admins) to the channel; the empty workspace's kind message."""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.kpi.charts import chart_size
from bot.kpi.digest import KIND_DIGEST, weekly_digest
from storage.models import Delivery
from storage.models.kpi import KpiDigest
from tests.conftest import ADMIN, CARL, DIGEST, TEAM, make_settings
from tests.kpi.seed_quarter import DIGEST_AT, seed
from tests.posts.calendar_seed import set_zone

pytestmark = pytest.mark.usefixtures("setup_workspace")
UTC = dt.UTC


@pytest.fixture
def restarted(slack: Any, db: Any, db_url: str, clock: Any) -> Iterator[Any]:
    """A second app on the same database: the process after a restart (nothing in memory)."""
    from bot.app import build

    runtime = build(make_settings(slack, db_url), db=db, clock=clock)
    yield runtime
    runtime.close()


def _tick(rt: Any, now: dt.datetime) -> None:
    from scheduler.jobs import tick

    tick(rt, now=now)


def _digests(slack: Any) -> list[dict[str, Any]]:
    return [m for m in slack.messages(DIGEST) if "KPI digest" in (m.get("text") or "")]


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def test_posted_with_its_chart_once(driver: Any, slack: Any, rt: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    seed(rt.ctx.db)
    _tick(rt, DIGEST_AT - dt.timedelta(days=1))  # the producer makes Monday's occurrence
    assert _digests(slack) == []
    _tick(rt, DIGEST_AT)
    [message] = _digests(slack)
    assert "week 2026-W48" in message["text"]
    [upload] = [f for f in slack.files() if f["filename"].endswith(".png")]
    assert upload["channel_id"] == DIGEST
    assert upload["thread_ts"] == message["ts"]
    assert _png_size(upload["content"]) == chart_size()
    with rt.ctx.db.uow() as s:
        rows = s.scalars(select(KpiDigest)).all()
        assert [(r.trigger, r.week_start, r.message_ts) for r in rows] == [("weekly", dt.date(2026, 11, 23),
                                                                          message["ts"])]
        assert rows[0].summary["period"] == "2026-W48" and "chart_file" in rows[0].summary
        assert len(rows[0].summary["kpis"]) == 9
    _tick(rt, DIGEST_AT + dt.timedelta(minutes=30))
    assert len(_digests(slack)) == 1


def test_a_retry_after_a_crash_sends_nothing_twice(driver: Any, slack: Any, rt: Any) -> None:
    """The send step ran (message and chart out, rows written) and the process died before the
    delivery was recorded: the call runs again and finds both done."""
    from handlers.kpi.digest.notices import render_digest

    set_zone(driver, ADMIN, "Europe/Madrid")
    seed(rt.ctx.db)
    _tick(rt, DIGEST_AT - dt.timedelta(days=1))
    from bot.core.schedule import RenderContext

    with rt.ctx.db.uow() as s:
        delivery = s.scalars(select(Delivery).where(Delivery.kind == KIND_DIGEST)).one()
        rc = RenderContext(session=s, delivery=delivery, tr=rt.translator("en"), now=DIGEST_AT, late=False,
                           app=rt.ctx)
        [out] = render_digest(rc) or []
    assert out.call is not None
    out.call(rt.client)
    out.call(rt.client)  # the retry
    assert len(_digests(slack)) == 1
    assert len([f for f in slack.files() if f["filename"].endswith(".png")]) == 1


def test_monday_nine_in_madrid_across_the_clock_change_and_a_restart(driver: Any, slack: Any, rt: Any,
                                                                      restarted: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    seed(rt.ctx.db)
    # Monday 19 October 09:00 CEST is 07:00 UTC; the clocks go back on Sunday 25 October;
    # Monday 26 October 09:00 CET is 08:00 UTC.
    _tick(rt, dt.datetime(2026, 10, 18, 12, 0, tzinfo=UTC))
    _tick(restarted, dt.datetime(2026, 10, 18, 12, 0, tzinfo=UTC))
    _tick(rt, dt.datetime(2026, 10, 19, 6, 59, tzinfo=UTC))
    assert _digests(slack) == []
    _tick(rt, dt.datetime(2026, 10, 19, 7, 0, tzinfo=UTC))
    _tick(restarted, dt.datetime(2026, 10, 19, 7, 1, tzinfo=UTC))
    assert [m["text"].splitlines()[0] for m in _digests(slack)] == [
        "KPI digest — week 2026-W42 (2026-10-12 to 2026-10-18)"]
    _tick(restarted, dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC))  # 08:00 CET: not yet
    assert len(_digests(slack)) == 1
    _tick(restarted, dt.datetime(2026, 10, 26, 8, 0, tzinfo=UTC))
    _tick(rt, dt.datetime(2026, 10, 26, 8, 5, tzinfo=UTC))
    assert [m["text"].splitlines()[0] for m in _digests(slack)][1:] == [
        "KPI digest — week 2026-W43 (2026-10-19 to 2026-10-25)"]
    with rt.ctx.db.uow() as s:
        sent = sorted(d.occurrence_at.replace(tzinfo=UTC) if d.occurrence_at.tzinfo is None else d.occurrence_at
                      for d in s.scalars(select(Delivery).where(Delivery.kind == KIND_DIGEST,
                                                                Delivery.state == "sent")))
    assert sent == [dt.datetime(2026, 10, 19, 7, 0, tzinfo=UTC), dt.datetime(2026, 10, 26, 8, 0, tzinfo=UTC)]


def test_the_week_is_the_last_complete_one_before_the_occurrence(rt: Any, driver: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    with rt.ctx.db.uow() as s:
        # Sunday 29 November 23:30 UTC is Monday 30th in Madrid: the week of 23-29 November.
        run = weekly_digest(s, TEAM, dt.datetime(2026, 11, 29, 23, 30, tzinfo=UTC), now=DIGEST_AT)
    assert run is not None and run.view.period.label == "2026-W48"


def test_empty_workspace_gets_the_kind_message(driver: Any, slack: Any, rt: Any) -> None:
    _tick(rt, dt.datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    _tick(rt, dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # a UTC workspace
    [message] = [m for m in slack.messages(DIGEST) if "Nothing to report yet" in (m.get("text") or "")]
    assert "/kpi define" in message["text"] and "/kpi log" in message["text"]
    assert [f for f in slack.files() if f["filename"].endswith(".png")] == []
    es = rt.translator("es")
    assert "Aún no hay nada" in es("kpi.digest.empty", label="2026-W48")


def test_digest_now_to_me_and_to_the_channel(driver: Any, slack: Any, rt: Any, clock: Any) -> None:
    set_zone(driver, ADMIN, "Europe/Madrid")
    seed(rt.ctx.db)
    clock.set(DIGEST_AT + dt.timedelta(hours=3))
    reply = driver.command(CARL, "/kpi", "digest now")
    assert reply.status == 200 and "2026-W48" in reply.json()["text"]
    dms = [c for c in slack.calls_to("chat.postMessage") if "KPI digest" in str(c.args.get("text"))]
    assert len(dms) == 1 and dms[0].args["channel"] != DIGEST
    assert _digests(slack) == []
    refused = driver.command(CARL, "/kpi", "digest now channel")
    assert "admin" in refused.json()["text"].lower() and _digests(slack) == []
    done = driver.command(ADMIN, "/kpi", "digest now channel")
    assert DIGEST in done.json()["text"]
    assert len(_digests(slack)) == 1
    pngs = [f for f in slack.files() if f["filename"].endswith(".png")]
    assert len(pngs) == 2 and all(_png_size(f["content"]) == chart_size() for f in pngs)
    with rt.ctx.db.uow() as s:
        assert sorted(r.trigger for r in s.scalars(select(KpiDigest))) == ["now", "now"]
    bad = driver.command(ADMIN, "/kpi", "digest later")
    assert "Usage" in bad.json()["text"]


def test_monday_nine_in_madrid_across_the_spring_change(driver: Any, slack: Any, rt: Any) -> None:
    """Monday 23 March 2026 09:00 CET is 08:00 UTC; the clocks go forward on Sunday 29 March;
    Monday 30 March 09:00 CEST is 07:00 UTC."""
    set_zone(driver, ADMIN, "Europe/Madrid")
    _tick(rt, dt.datetime(2026, 3, 22, 12, 0, tzinfo=UTC))
    _tick(rt, dt.datetime(2026, 3, 23, 7, 59, tzinfo=UTC))
    assert slack.messages(DIGEST) == []
    _tick(rt, dt.datetime(2026, 3, 23, 8, 0, tzinfo=UTC))
    assert len(slack.messages(DIGEST)) == 1
    _tick(rt, dt.datetime(2026, 3, 30, 6, 59, tzinfo=UTC))
    assert len(slack.messages(DIGEST)) == 1
    _tick(rt, dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC))
    # An empty workspace: the kind message, once a week all the same.
    assert [m["text"].split(" — ")[0] for m in slack.messages(DIGEST)] == [
        ":wave: Nothing to report yet for 2026-W12", ":wave: Nothing to report yet for 2026-W13"]
