"""`/post calendar ics` and `socialops calendar export` (issue 12 §7): the coming 90 days as an
iCalendar file that `icalendar` parses, one VEVENT per post with a stable UID, at the right
instant with the workspace's VTIMEZONE on both sides of a DST change; uploaded to the
requester's DM with the upload v2 flow; the CLI writes the same bytes.

The posts are seeded as rows (tests/posts/calendar_seed.py says why).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from icalendar import Calendar

from bot.cli import main as cli_main
from tests.conftest import ADMIN, CARL, TEAM, FakeClock
from tests.posts.calendar_seed import add_accounts, add_post, set_zone

MADRID = "Europe/Madrid"
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)  # Friday 10:00 in Madrid; DST begins on Sunday 29 March


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def seeded(driver: Any, rt: Any, setup_workspace: None) -> dict[str, int]:
    set_zone(driver, ADMIN, MADRID)
    db = rt.ctx.db
    acc = add_accounts(db, [("Acme", "instagram", "acme.shop"), ("Acme", "x", "acmehq"),
                            ("Bolt", "linkedin", "boltco")])
    both = [(acc["acme.shop"], "instagram"), (acc["acmehq"], "x")]
    tagged = {acc["acme.shop"]: "https://acme.example/sale?utm_source=instagram&utm_medium=social&utm_campaign=spring",
              acc["acmehq"]: "https://acme.example/sale?utm_source=x&utm_medium=social&utm_campaign=spring"}
    other = add_accounts(db, [("Acme", "instagram", "acme.shop")], team="T0OTHER")
    return {
        "winter": add_post(db, datetime(2026, 3, 27, 9, 0, tzinfo=UTC), both, copy="Spring sale!\nSee the link",
                           link="https://acme.example/sale", tagged=tagged, status="approved", revision=3),
        "summer": add_post(db, datetime(2026, 3, 30, 8, 0, tzinfo=UTC), [(acc["boltco"], "linkedin")],
                           copy="Summer time", status="pending"),
        "this_morning": add_post(db, datetime(2026, 3, 20, 7, 0, tzinfo=UTC), [(acc["boltco"], "linkedin")],
                                 status="published", published_url="https://linkedin.com/posts/1"),
        "yesterday": add_post(db, NOW - timedelta(days=1), [(acc["boltco"], "linkedin")], status="published"),
        "too_far": add_post(db, NOW + timedelta(days=91), [(acc["boltco"], "linkedin")]),
        "cancelled": add_post(db, NOW + timedelta(days=2), [(acc["boltco"], "linkedin")], status="cancelled"),
        "theirs": add_post(db, NOW + timedelta(days=2), [(other["acme.shop"], "instagram")], team="T0OTHER"),
    }


def uploaded(driver: Any, slack: Any, rt: Any, text: str = "calendar ics") -> tuple[str, bytes]:
    response = driver.command(CARL, "/post", text)
    assert response.status == 200, response.body
    rt.sender.wait_idle()
    upload = slack.files()[-1]
    assert upload["channel_id"] == slack.dm_channel(CARL)
    assert upload["filename"] == f"socialops-calendar-{TEAM}-20260320.ics"
    assert slack.calls_to("files.getUploadURLExternal") and slack.calls_to("files.completeUploadExternal")
    return str(response.json()["text"]), bytes(upload["content"])


def events(content: bytes) -> dict[str, Any]:
    parsed = Calendar.from_ical(content)
    return {str(e["uid"]): e for e in parsed.walk("VEVENT")}


def uid(post_id: int) -> str:
    return f"post-{post_id}-{TEAM}@socialops"


def test_the_ics_holds_the_coming_90_days_at_the_right_instants_across_dst(driver: Any, slack: Any, rt: Any,
                                                                            seeded: dict[str, int]) -> None:
    answer, content = uploaded(driver, slack, rt)
    assert "3 post(s)" in answer and "on its way to your DMs" in answer
    found = events(content)
    assert set(found) == {uid(seeded["winter"]), uid(seeded["summer"]), uid(seeded["this_morning"])}

    winter, summer = found[uid(seeded["winter"])], found[uid(seeded["summer"])]
    # The instants, and the wall-clock time the calendar shows in Madrid: 10:00 both, CET then CEST.
    assert winter.decoded("dtstart").astimezone(UTC) == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    assert summer.decoded("dtstart").astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    for event in (winter, summer):
        assert event["dtstart"].params["TZID"] == MADRID
        assert event.decoded("dtstart").hour == 10
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=15)
    [vtimezone] = Calendar.from_ical(content).walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == MADRID

    assert str(winter["summary"]) == "[approved] instagram @acme.shop, x @acmehq"
    assert str(winter["status"]) == "CONFIRMED" and int(winter["sequence"]) == 2
    description = str(winter["description"])
    assert description.startswith("Spring sale!\nSee the link")
    assert "x @acmehq: https://acme.example/sale?utm_source=x&utm_medium=social&utm_campaign=spring" in description
    assert "instagram @acme.shop: https://acme.example/sale?utm_source=instagram" in description
    assert "Link: https://acme.example/sale" in description and f"post #{seeded['winter']}" in description
    assert str(summer["summary"]) == "[pending approval] linkedin @boltco" and str(summer["status"]) == "TENTATIVE"
    assert str(found[uid(seeded["this_morning"])]["url"]) == "https://linkedin.com/posts/1"


def test_the_uids_are_stable_so_a_newer_file_updates_the_same_events(driver: Any, slack: Any, rt: Any,
                                                                     clock: FakeClock, seeded: dict[str, int]) -> None:
    _, first = uploaded(driver, slack, rt)
    clock.advance(hours=1)
    _, second = uploaded(driver, slack, rt)
    assert set(events(first)) == set(events(second))


def test_a_brand_or_handle_filter_and_the_spanish_workspace(driver: Any, slack: Any, rt: Any,
                                                           seeded: dict[str, int]) -> None:
    _, content = uploaded(driver, slack, rt, "calendar ics acme")
    assert set(events(content)) == {uid(seeded["winter"])}
    _, content = uploaded(driver, slack, rt, "calendar ics @boltco")
    assert set(events(content)) == {uid(seeded["summer"]), uid(seeded["this_morning"])}
    unknown = driver.command(CARL, "/post", "calendar ics nosuch").json()["text"]
    assert "There is no account or brand `nosuch`" in unknown
    set_zone(driver, ADMIN, MADRID, "es")
    _, content = uploaded(driver, slack, rt)
    summer = events(content)[uid(seeded["summer"])]
    assert str(summer["summary"]) == "[pendiente de aprobación] linkedin @boltco"
    assert "Estado: pendiente de aprobación" in str(summer["description"])


def test_the_cli_writes_the_same_file(driver: Any, slack: Any, rt: Any, db_url: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                      seeded: dict[str, int]) -> None:
    _, content = uploaded(driver, slack, rt)
    monkeypatch.setenv("DATABASE_URL", db_url)
    out = tmp_path / "calendar.ics"
    with time_machine.travel(NOW, tick=False):
        # Two workspaces have posts: which one must be said.
        assert cli_main(["calendar", "export", "-o", str(out)]) == 1
        assert "several workspaces have posts" in capsys.readouterr().err
        assert cli_main(["calendar", "export", "--team", TEAM, "-o", str(out)]) == 0
        assert out.read_bytes() == content
        assert cli_main(["calendar", "export", "--team", TEAM, "--brand", "Acme", "-o", str(out)]) == 0
        assert set(events(out.read_bytes())) == {uid(seeded["winter"])}
        assert cli_main(["calendar", "export", "--team", TEAM, "--brand", "Nope"]) == 1
        assert "no account or brand 'Nope'" in capsys.readouterr().err
        assert cli_main(["calendar", "export", "--team", "T0OTHER"]) == 0
        assert set(events(capsys.readouterr().out.encode())) == {f"post-{seeded['theirs']}-T0OTHER@socialops"}
