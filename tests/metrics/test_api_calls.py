"""Every HTTP attempt of every client `make_client` builds is counted (issue 15 §3): the SDK's
retries, a workspace's own client, files_upload_v2's upload; outcomes from a fixed set."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from handlers.metrics import sample
from handlers.outbound import UPLOAD_METHOD, make_client
from tests.conftest import GENERAL, make_settings

CALLS = "socialops_slack_api_calls_total"


def calls(method: str, outcome: str) -> float:
    return sample(CALLS, {"method": method, "outcome": outcome})


@pytest.fixture
def client(slack: Any, db_url: str) -> Any:
    return make_client(make_settings(slack, db_url))


def test_a_retried_429_counts_each_attempt(client: Any, slack: Any) -> None:
    ok, limited = calls("chat.postMessage", "ok"), calls("chat.postMessage", "ratelimited")
    rate_limited = sample("socialops_slack_rate_limited_total", {"method": "chat.postMessage"})
    slack.fail_next("chat.postMessage", status=429, retry_after=0, times=2)
    client.chat_postMessage(channel=GENERAL, text="hello")
    assert calls("chat.postMessage", "ratelimited") == limited + 2
    assert sample("socialops_slack_rate_limited_total", {"method": "chat.postMessage"}) == rate_limited + 2
    assert calls("chat.postMessage", "ok") == ok + 1


def test_server_errors_and_dropped_connections_are_counted_per_attempt(client: Any, slack: Any) -> None:
    ok, server, dropped = calls("auth.test", "ok"), calls("auth.test", "http_5xx"), calls("auth.test", "connection")
    slack.fail_next("auth.test", status=503)
    client.auth_test()
    slack.fail_next("auth.test", drop=True)
    client.auth_test()
    assert calls("auth.test", "http_5xx") == server + 1
    assert calls("auth.test", "connection") == dropped + 1
    assert calls("auth.test", "ok") == ok + 2


def test_slack_error_codes_are_labels_only_when_known(client: Any, slack: Any) -> None:
    known, other = calls("chat.postMessage", "channel_not_found"), calls("chat.postMessage", "error")
    slack.fail_next("chat.postMessage", error="channel_not_found")
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel=GENERAL, text="hello")
    slack.fail_next("chat.postMessage", error="a_code_nobody_knows_x9")
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel=GENERAL, text="hello")
    assert calls("chat.postMessage", "channel_not_found") == known + 1
    assert calls("chat.postMessage", "error") == other + 1
    assert calls("chat.postMessage", "a_code_nobody_knows_x9") == 0


def test_a_workspace_client_and_a_file_upload_are_counted(slack: Any, db_url: str) -> None:
    client = make_client(make_settings(slack, db_url), token=slack.bot_token)  # as an OAuth install's
    before = {m: calls(m, "ok") for m in ("files.getUploadURLExternal", UPLOAD_METHOD,
                                          "files.completeUploadExternal")}
    client.files_upload_v2(channel=GENERAL, content=b"a,b\n1,2\n", filename="kpi.csv", title="KPIs")
    for method, n in before.items():
        assert calls(method, "ok") == n + 1, method


def test_no_answer_at_all_is_a_connection_outcome(slack: Any, db_url: str) -> None:
    settings = make_settings(slack, db_url).model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    before = calls("auth.test", "connection")
    with pytest.raises(OSError):  # urllib's URLError: nothing listens on the discard port
        make_client(settings, max_retries=0).auth_test()
    # Two attempts: the SDK's default ConnectionErrorRetryHandler retries once (max_retries=0 adds none).
    assert calls("auth.test", "connection") == before + 2
