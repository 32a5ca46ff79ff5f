"""A CSV file shared with the bot in a DM (issue 14 §2): Slack's two events give one import and one
answer; files.info, then the bytes with the bot token; once per file; bad files answer and write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from storage.models.kpi import KpiImport
from tests.conftest import ANA, CARL
from tests.kpi.support_data import count, csv_bytes, figures, imports, seed_accounts

pytestmark = pytest.mark.usefixtures("setup_workspace")

GOOD = csv_bytes("date,account,metric,value", "2026-02-27,instagram:acme,followers,1500",
                 "2026-02-27,acme_es,reach,300")


@pytest.fixture
def acc(rt: Any) -> dict[str, int]:
    return seed_accounts(rt.ctx.db)


def bot_replies(slack: Any, user: str) -> list[str]:
    messages = slack.messages(slack.dm_channel(user))
    return [str(m.get("text", "")) for m in messages if m.get("user") == slack.bot_user_id]


def test_a_csv_shared_in_a_dm_is_imported_once_and_answered_once(driver: Any, slack: Any, rt: Any,
                                                                 acc: dict[str, int]) -> None:
    responses = driver.share_file_in_dm(ANA, "week 9.csv", GOOD, text="figures for last week")
    assert [r.status for r in responses] == [200, 200]
    [reply] = bot_replies(slack, ANA)
    assert reply.startswith(":white_check_mark: week 9.csv (SocialOps) imported: 2 figure(s)")
    assert len(figures(rt.ctx.db)) == 2 and {f[4] for f in figures(rt.ctx.db)} == {"file"}
    [info] = slack.calls_to("files.info")
    [download] = slack.calls_to("file_download")
    assert download.args["authorized"] is True and download.args["file_id"] == info.args["file"]
    [record] = imports(rt.ctx.db)
    assert (record.slack_file_id, record.source, record.imported_by) == (info.args["file"], "file", ANA)


def test_the_message_event_alone_is_the_trigger_in_either_order(driver: Any, slack: Any, rt: Any,
                                                                acc: dict[str, int]) -> None:
    driver.share_file_in_dm(ANA, "a.csv", GOOD, events=("message", "file_shared"))
    assert len(bot_replies(slack, ANA)) == 1
    driver.share_file_in_dm(ANA, "b.csv", csv_bytes("date,account,metric,value", "2026-02-26,acme_es,reach,1"),
                            events=("file_shared",))
    assert len(bot_replies(slack, ANA)) == 1 and count(rt.ctx.db, KpiImport) == 1  # file_shared: acked, ignored


def test_slack_sending_the_message_event_again_imports_nothing_twice(driver: Any, slack: Any, rt: Any,
                                                                     acc: dict[str, int]) -> None:
    [first] = driver.share_file_in_dm(ANA, "a.csv", GOOD, events=("message",))
    driver.resend(first, retry_num=1)  # Slack's retry: the same event id
    assert len(bot_replies(slack, ANA)) == 1 and len(slack.calls_to("files.info")) == 1
    # The same file id in a new event (an edit of the message, say): read once only.
    event = json_of(first)["event"]
    driver.send_event(event)
    assert len(bot_replies(slack, ANA)) == 1 and count(rt.ctx.db, KpiImport) == 1


def json_of(resp: Any) -> dict[str, Any]:
    import json
    return dict(json.loads(resp.request.body))


def test_a_file_with_bad_lines_is_answered_with_them_and_nothing_is_written(driver: Any, slack: Any, rt: Any,
                                                                             acc: dict[str, int]) -> None:
    bad = csv_bytes("date,account,metric,value", "2026-02-27,acme_es,reach,300", "2026-02-27,acme_es,fans,1",
                    "2026-02-27,<!channel>,reach,1")
    driver.share_file_in_dm(ANA, "bad.csv", bad)
    [reply] = bot_replies(slack, ANA)
    assert reply.startswith(":x: bad.csv was not imported: 2 line(s) to fix.")
    assert "• line 3: There is no metric `fans`" in reply and "• line 4:" in reply
    assert "<!channel>" not in reply  # what the file says is never a ping
    assert figures(rt.ctx.db) == [] and count(rt.ctx.db, KpiImport) == 0


def test_an_export_takes_the_account_from_the_message(driver: Any, slack: Any, rt: Any, acc: dict[str, int]) -> None:
    meta = csv_bytes("Date,Reach,Followers", "2026-02-26,800,1490", "2026-02-27,900,1500")
    driver.share_file_in_dm(ANA, "insights.csv", meta, text="instagram:acme")
    assert "Meta Business Suite" in bot_replies(slack, ANA)[-1]
    assert {s for s, *_ in figures(rt.ctx.db)} == {f"a:{acc['ig']}"}
    assert (f"a:{acc['ig']}", "followers", dt.date(2026, 2, 27), 1500.0, "file") in figures(rt.ctx.db)
    driver.share_file_in_dm(ANA, "insights2.csv", csv_bytes("Date,Reach", "2026-02-25,700"), text="here you go")
    assert "does not say which account it is" in bot_replies(slack, ANA)[-1]


def test_only_csv_files_are_read_and_big_ones_are_refused_before_download(driver: Any, slack: Any, rt: Any,
                                                                          acc: dict[str, int]) -> None:
    driver.share_file_in_dm(ANA, "chart.png", b"\x89PNG\r\n\x1a\n")
    assert "chart.png is not a CSV file" in bot_replies(slack, ANA)[-1]
    driver.share_file_in_dm(ANA, "huge.csv", b"date,account,metric,value\n" + b"x" * (10 * 2**20))
    assert "at most 10 MB" in bot_replies(slack, ANA)[-1]
    assert slack.calls_to("file_download", ok=None) == []


def test_without_files_read_the_user_is_told_and_nothing_is_written(driver: Any, slack: Any, rt: Any,
                                                                    acc: dict[str, int]) -> None:
    slack.workspace.scopes.discard("files:read")
    driver.share_file_in_dm(ANA, "a.csv", GOOD)
    reply = bot_replies(slack, ANA)[-1]
    assert reply.startswith("I could not download") and "(missing_scope)" in reply
    assert figures(rt.ctx.db) == []


def test_a_member_without_the_role_is_refused(driver: Any, slack: Any, rt: Any, acc: dict[str, int]) -> None:
    driver.share_file_in_dm(CARL, "a.csv", GOOD)
    assert "publisher, custodian" in bot_replies(slack, CARL)[-1]
    assert figures(rt.ctx.db) == []


def test_other_dms_to_the_bot_are_acknowledged_and_ignored(driver: Any, slack: Any, rt: Any) -> None:
    channel = slack.dm_channel(ANA)
    resp = driver.send_event({"type": "message", "text": "hello", "user": ANA, "ts": "1.000001", "channel": channel,
                              "channel_type": "im", "event_ts": "1.000001"})
    assert resp.status == 200 and bot_replies(slack, ANA) == []


def test_the_bot_token_only_goes_to_slack() -> None:
    from handlers.kpi.data.flows import token_may_go_to

    api = "https://slack.com/api/"
    assert token_may_go_to("https://files.slack.com/files-pri/T1-F1/download/a.csv", api)
    assert not token_may_go_to("http://files.slack.com/files-pri/T1-F1/download/a.csv", api)  # not in clear
    assert not token_may_go_to("https://files.slack.com.evil.example/a.csv", api)
    assert not token_may_go_to("https://evil.example/?files.slack.com", api)
    local = "http://127.0.0.1:5555/api/"  # the stand-in: the host the client already sends the token to
    assert token_may_go_to("http://127.0.0.1:5555/files/F1", local)
    assert not token_may_go_to("http://127.0.0.1:6666/files/F1", local)


def test_a_redirect_is_not_followed_with_the_token() -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from handlers.kpi.data.flows import DownloadFailed, download

    seen: list[str | None] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"date,account,metric,value\n")

        def log_message(self, *args: Any) -> None:
            pass

    other = HTTPServer(("127.0.0.1", 0), Elsewhere)

    class Redirects(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{other.server_port}/x.csv")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    first = HTTPServer(("127.0.0.1", 0), Redirects)
    for server in (first, other):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{first.server_port}"
    try:
        with pytest.raises(DownloadFailed, match="redirected"):
            download(f"{base}/files/F1", "xoxb-secret", 1000, api_url=f"{base}/api/")
    finally:
        for server in (first, other):
            server.shutdown()
            server.server_close()
    assert seen == []
