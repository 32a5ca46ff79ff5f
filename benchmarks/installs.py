"""RSS of `socialops run` in OAuth mode with 10 workspaces installed and a request handled in each
(issue 15, "Measure").

The Slack stand-in runs in this process with N workspaces; `socialops run` is a child process
(SLACK_CLIENT_ID / SLACK_CLIENT_SECRET, no SLACK_BOT_TOKEN) on a fresh database. Each workspace
is installed through the real pages (/slack/install → the stand-in's consent → /slack/oauth_redirect),
then gets a signed `/socialops roles` and a `/socialops setup` (a write); the server's resident set
size is read from /proc/<pid>/status after start, after the installs and after the requests.

    python benchmarks/installs.py
    python benchmarks/installs.py --workspaces 10 --database postgresql+psycopg://postgres@127.0.0.1:5432/installs
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # the sibling benchmark: free ports, readiness, resetting PostgreSQL
from memory import rss_mb

from bot.devtools.slack import FakeSlack, SlackDriver

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
ADMIN = "U0ADMIN"


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def install(port: int, team: FakeSlack) -> None:
    status, headers = get(port, "/slack/install")
    assert status == 302, status
    cookie = headers["set-cookie"].split(";", 1)[0]
    code, state = team.authorize(headers["location"], user_id=ADMIN)
    status, _ = get(port, "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}), {"Cookie": cookie})
    assert status == 200, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workspaces", type=int, default=10)
    parser.add_argument("--database", help="a PostgreSQL URL (emptied first); default a fresh SQLite file")
    args = parser.parse_args()

    fake = FakeSlack().start()
    teams = [fake] + [fake.add_workspace(f"T{n:08d}", f"Client {n}") for n in range(2, args.workspaces + 1)]
    for team in teams:
        team.add_user(ADMIN, "admin", real_name="Ada Admin", email="ada@example.com", is_admin=True)
    tmp = tempfile.mkdtemp()
    url = args.database or f"sqlite:///{tmp}/installs.db"
    if args.database:
        load.reset_postgres(args.database)
    port = load.free_port()
    key = base64.b64encode(os.urandom(32)).decode()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALOPS_"))},
           "SLACK_CLIENT_ID": fake.oauth.client_id, "SLACK_CLIENT_SECRET": fake.oauth.client_secret,
           "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url, "DATABASE_URL": url,
           "PORT": str(port), "SOCIALOPS_ADMINS": ADMIN, "SOCIALOPS_VAULT_KEYS": f"bench:{key}",
           "PYTHONPATH": str(ROOT)}
    if args.database:  # `socialops run` migrates a SQLite file itself, not PostgreSQL
        subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env, check=True, cwd=tmp,
                       capture_output=True)
    log = Path(tmp) / "socialops.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, stdout=out, stderr=out, cwd=tmp)
    try:
        load.wait_ready(port)
        time.sleep(1)
        started = rss_mb(proc.pid)
        t0 = time.perf_counter()
        for team in teams:
            install(port, team)
        install_s = time.perf_counter() - t0
        installed = rss_mb(proc.pid)
        events = f"http://127.0.0.1:{port}/slack/events"
        failures = 0
        for team in teams:
            driver = SlackDriver(team, SECRET, url=events)
            for text in ("roles", "setup approvals <#C0GENERAL|general>"):
                if driver.command(ADMIN, "/socialops", text).status != 200:
                    failures += 1
        time.sleep(1)  # the after-ack work of the last ones
        served = rss_mb(proc.pid)
        refused = [c for c in fake.calls if not c.ok]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        fake.stop()
    teams_seen = sorted({c.team for c in fake.calls if c.team})
    db = "PostgreSQL" if args.database else "SQLite"
    print(f"{db}, {args.workspaces} workspaces: RSS after start {started:.1f} MB, after the installs "
          f"{installed:.1f} MB ({install_s / args.workspaces * 1000:.0f} ms an install), after a request in each "
          f"{served:.1f} MB; Web API calls by {len(teams_seen)} workspaces' tokens; failed requests {failures}, "
          f"refused Web API calls {len(refused)}")
    return 1 if failures or refused or len(teams_seen) != args.workspaces else 0


if __name__ == "__main__":
    raise SystemExit(main())
