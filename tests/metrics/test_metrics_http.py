"""/metrics over the real HTTP server (issue 15 §3): the counters move after a scripted flow of
signed requests and a scheduler run; the gauges read the database; without the token it is refused."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.devtools.slack import SlackDriver
from scheduler.jobs import tick
from storage.models import Delivery
from tests.conftest import ADMIN, ANA, BEA, CARL, SIGNING_SECRET, TEAM, FakeClock, make_settings, serving_http
from tests.crisis.support_crisis import latest_crisis, seed_chain

TOKEN = "scrape-token-0123456789"
ACK = "crisis_page_ack"
Series = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def rt(slack: Any, db: Any, db_url: str, clock: FakeClock) -> Iterator[Any]:
    """The app as the conftest builds it, with SOCIALOPS_METRICS_TOKEN set."""
    from bot.app import build

    runtime = build(make_settings(slack, db_url, socialops_metrics_token=TOKEN), db=db, clock=clock)
    yield runtime
    runtime.close()


@pytest.fixture
def base_url(rt: Any) -> Iterator[str]:
    with serving_http(rt) as url:
        yield url


@pytest.fixture
def http(slack: Any, base_url: str) -> SlackDriver:
    return SlackDriver(slack, SIGNING_SECRET, url=f"{base_url}/slack/events")


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], str]:
    """(status, headers with lower-case names, body) of a request to /metrics."""
    req = urllib.request.Request(f"{url}/metrics", headers=headers or {}, method=method)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(req) as resp:  # noqa: S310
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read().decode()


def scrape(url: str) -> Series:
    status, headers, text = get(url, {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, text
    assert headers["content-type"].startswith("text/plain; version=")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(series: Series, name: str, **labels: str) -> float:
    return series.get((name, tuple(sorted(labels.items()))), 0.0)


def label_values(series: Series, name: str, label: str) -> set[str]:
    return {dict(key)[label] for (n, key) in series if n == name and label in dict(key)}


def setup(http: SlackDriver, rt: Any) -> None:
    http.command(ADMIN, "/socialops", "setup approvals <#C0APPROVALS|approvals> crisis <#C0CRISIS|crisis> "
                 "digest <#C0DIGEST|digest>")
    seed_chain(rt, "sev1", ((ANA,), (BEA,)), ack_minutes=5)


def test_the_counters_and_gauges_move_after_a_scripted_flow(
        http: SlackDriver, rt: Any, slack: Any, clock: FakeClock, base_url: str) -> None:
    setup(http, rt)
    before = scrape(base_url)

    http.command(CARL, "/crisis", "open sev1 Viral video of a rude employee")
    slack.fail_next("chat.postMessage", status=429, retry_after=0)  # the SDK waits and sends again
    tick(rt, now=clock())  # the channel, then the first step's page to Ana
    crisis = latest_crisis(rt)
    clock.advance(minutes=11)  # Bea's step fell due at +5 min: due, and late by more than 5 min
    paged = scrape(base_url)

    http.click(ANA, ACK, value=f"{crisis.id}:1")
    after = scrape(base_url)

    count = "socialops_request_seconds_count"
    assert value(after, count, kind="command", listener="/crisis open") \
        == value(before, count, kind="command", listener="/crisis open") + 1
    assert value(after, count, kind="action", listener=ACK) == value(before, count, kind="action", listener=ACK) + 1
    # Every observation fits Slack's 3 s: the +Inf bucket equals the 3 s one.
    assert value(after, "socialops_request_seconds_bucket", kind="command", listener="/crisis open", le="3.0") \
        == value(after, count, kind="command", listener="/crisis open")

    calls = "socialops_slack_api_calls_total"
    assert value(after, calls, method="chat.postMessage", outcome="ok") \
        > value(before, calls, method="chat.postMessage", outcome="ok")
    assert value(after, calls, method="chat.postMessage", outcome="ratelimited") \
        == value(before, calls, method="chat.postMessage", outcome="ratelimited") + 1
    assert value(after, "socialops_slack_rate_limited_total", method="chat.postMessage") \
        == value(before, "socialops_slack_rate_limited_total", method="chat.postMessage") + 1
    assert value(after, calls, method="conversations.create", outcome="ok") \
        > value(before, calls, method="conversations.create", outcome="ok")

    assert value(paged, "socialops_deliveries", kind="crisis.page", state="due") == 1
    assert value(paged, "socialops_deliveries", kind="crisis.page", state="late") == 1
    assert value(paged, "socialops_open_crises", severity="sev1") == 1
    assert value(paged, "socialops_open_pages") == 1  # Ana's
    assert value(after, "socialops_open_pages") == 0  # acknowledged
    assert value(after, "socialops_deliveries", kind="crisis.page", state="due") == 0  # Bea's step cancelled
    assert value(after, "socialops_open_crises", severity="sev1") == 1
    # Every known kind is a series, zero included, so a count falling to nothing stays visible.
    assert value(after, "socialops_deliveries", kind="posts.reminder", state="dead") == 0
    assert ("socialops_deliveries", (("kind", "posts.reminder"), ("state", "dead"))) in after
    assert value(after, "socialops_metrics_database_up") == 1


def test_failed_and_dead_deliveries_by_kind_and_an_unknown_kind_under_other(
        rt: Any, clock: FakeClock, base_url: str) -> None:
    now = clock()
    with rt.ctx.db.uow() as s:
        for i, (kind, state) in enumerate((("posts.reminder", "dead"), ("posts.reminder", "dead"),
                                           ("access.fulfil", "failed"), ("not.a.kind", "dead"),
                                           ("posts.reminder", "sent"), ("posts.reminder", "pending"))):
            s.add(Delivery(team_id=TEAM if i % 2 else "T00000002", kind=kind, subject_id=str(i),
                           occurrence_at=now, due_at=now + timedelta(hours=1) if state == "pending" else now,
                           state=state))
    series = scrape(base_url)
    assert value(series, "socialops_deliveries", kind="posts.reminder", state="dead") == 2  # both workspaces
    assert value(series, "socialops_deliveries", kind="access.fulfil", state="failed") == 1
    assert value(series, "socialops_deliveries", kind="other", state="dead") == 1
    assert value(series, "socialops_deliveries", kind="posts.reminder", state="due") == 0  # not due for an hour
    assert "not.a.kind" not in label_values(series, "socialops_deliveries", "kind")
    assert not label_values(series, "socialops_deliveries", "team_id")


def test_forged_names_do_not_become_label_values(http: SlackDriver, rt: Any, base_url: str) -> None:
    before = scrape(base_url)
    http.forged_click(CARL, "forged_action_x1", value="1")
    http.command(CARL, "/crisis", "forgedsub x2")
    http.send_event({"type": "forged_event_x3", "user": CARL})
    after = scrape(base_url)

    listeners = label_values(after, "socialops_request_seconds_count", "listener")
    assert not {name for name in listeners if "forged" in name}
    count = "socialops_request_seconds_count"
    assert value(after, count, kind="action", listener="other") == value(before, count, kind="action",
                                                                          listener="other") + 1
    assert value(after, count, kind="event", listener="other") == value(before, count, kind="event",
                                                                         listener="other") + 1
    # An unknown subcommand is the command's own usage answer: labelled by the command alone.
    assert value(after, count, kind="command", listener="/crisis") == value(before, count, kind="command",
                                                                             listener="/crisis") + 1


def test_without_the_token_or_with_a_wrong_one_it_is_refused(base_url: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": TOKEN}):
        status, answer_headers, body = get(base_url, headers)
        assert status == 401, headers
        assert answer_headers["www-authenticate"].startswith("Bearer")
        assert "socialops_" not in body


def test_only_get(base_url: str) -> None:
    status, headers, _ = get(base_url, {"Authorization": f"Bearer {TOKEN}"}, method="POST")
    assert status == 405
    assert headers["allow"] == "GET"


def test_the_scrape_carries_no_secret(http: SlackDriver, rt: Any, slack: Any, base_url: str) -> None:
    http.command(ADMIN, "/socialops", "help")
    _, _, text = get(base_url, {"Authorization": f"bearer {TOKEN}"})  # the scheme is case-insensitive
    assert "socialops_request_seconds_bucket" in text
    for secret in (TOKEN, SIGNING_SECRET, slack.bot_token):
        assert secret not in text
    assert TEAM not in text


def test_no_token_configured_means_no_metrics(slack: Any, db: Any, db_url: str, clock: FakeClock) -> None:
    from bot.app import build

    runtime = build(make_settings(slack, db_url), db=db, clock=clock)
    try:
        with serving_http(runtime) as url:
            for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}, {"Authorization": "Bearer "}):
                status, _, body = get(url, headers)
                assert status == 404
                assert "socialops_" not in body
    finally:
        runtime.close()
