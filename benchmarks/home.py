"""The App Home of a person with 50 pending items: the time to build the view, and the ack.

A workspace where the viewer (an approver and custodian) has 50 items waiting, of every kind:
access requests, posts, reply templates, holding statements, pages, grants to set up and to
remove, and a few grants of their own. Two figures:

* build: the rules and the blocks (`handlers.home.publish.build`: the read-only unit of work,
  *My work*, *My access*, the toolkit's part, the Block Kit), no Web API call, `--n` times;
  and *My work* with *My access* alone (their unit of work and blocks, without the toolkit's);
* ack: a signed `app_home_opened` event through the whole Bolt app in this process (signature,
  request log, the event's once-only row, the listener), to the ack; the build and the
  `views.publish` run after it on the Sender, timed apart ("published").

    python benchmarks/home.py                       # a temporary SQLite file
    python benchmarks/home.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_home

The database gets migrated and the benchmark's workspace replaced: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = "bench-signing-secret"
TEAM = "T0BENCH"
USER = "U0BENCH"
OTHER = "U0OTHER"
# 50 items: what kind, how many.
MIX = {"requests": 12, "posts": 12, "replies": 8, "statements": 3, "pages": 3, "fulfil": 6, "revoke": 6}


def prepare(database: str, now: datetime) -> None:
    from sqlalchemy import delete

    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import (
        AccessRequest,
        Account,
        Crisis,
        CrisisPage,
        CrisisStatement,
        Grant,
        InboundRequest,
        Post,
        ReplyTemplate,
        ReplyTemplateVersion,
        RoleAssignment,
        Workspace,
    )

    db = Database(database)
    upgrade(db)
    with db.uow() as s:
        for model in (CrisisPage, CrisisStatement, Crisis, Grant, AccessRequest, Post, ReplyTemplateVersion,
                      ReplyTemplate, RoleAssignment, Account, InboundRequest):
            s.execute(delete(model).where(model.team_id == TEAM))
        s.execute(delete(Workspace).where(Workspace.team_id == TEAM))
        s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="en"))
        s.add_all([RoleAssignment(team_id=TEAM, user_id=USER, role=r, granted_by=OTHER)
                   for r in ("approver", "custodian")])
        accounts = [Account(team_id=TEAM, brand="Acme", network="instagram", handle=f"acme{i}",
                            login_email=f"acme{i}@gmail.com", created_by=USER, custodian_id=USER, status="active")
                    for i in range(4)]
        s.add_all(accounts)
        s.flush()
        s.add_all([AccessRequest(team_id=TEAM, account_id=accounts[i % 4].id, requester_id=OTHER, role="analyst",
                                 duration_seconds=7 * 86400, reason=f"campaign {i}", status="pending")
                   for i in range(MIX["requests"])])
        s.add_all([Post(team_id=TEAM, author_id=OTHER, publisher_id=OTHER, scheduled_at=now + timedelta(hours=i + 3),
                        copy=f"Post {i}: spring launch #acme", status="pending", revision=1, approvals_required=1)
                   for i in range(MIX["posts"])])
        templates = [ReplyTemplate(team_id=TEAM, author_id=OTHER) for _ in range(MIX["replies"])]
        s.add_all(templates)
        s.flush()
        s.add_all([ReplyTemplateVersion(team_id=TEAM, template_id=t.id, version=1, title=f"Shipping delay {i}",
                                        category="complaint", tone="", language="en", text="Hi {name}, sorry.",
                                        placeholders=["name"], author_id=OTHER)
                   for i, t in enumerate(templates)])
        crises = [Crisis(team_id=TEAM, number=f"CRI-2026-{i + 1:04d}", year=2026, seq=i + 1, severity="sev2",
                         summary=f"Complaint wave {i}", reporter_id=OTHER, opened_at=now)
                  for i in range(max(MIX["statements"], MIX["pages"]))]
        s.add_all(crises)
        s.flush()
        s.add_all([CrisisStatement(team_id=TEAM, crisis_id=c.id, version=1, author_id=OTHER, empathy="We hear you",
                                   facts="", unknowns="", actions="", next_update="", created_at=now)
                   for c in crises[:MIX["statements"]]])
        s.add_all([CrisisPage(team_id=TEAM, crisis_id=c.id, generation=1, step=0, cycle=0, level=0, user_id=USER,
                              paged_at=now) for c in crises[:MIX["pages"]]])
        s.add_all([Grant(team_id=TEAM, account_id=accounts[i % 4].id, holder_id=OTHER, role="editor", status=status)
                   for status, n in (("awaiting_fulfilment", MIX["fulfil"]), ("revoking", MIX["revoke"]))
                   for i in range(n)])
        s.add_all([Grant(team_id=TEAM, account_id=accounts[i].id, holder_id=USER, role="analyst", status="active",
                         expires_at=now + timedelta(days=i + 1)) for i in range(3)])
    db.dispose()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(seconds: list[float]) -> dict[str, float]:
    ms = [t * 1000 for t in seconds]
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(pct(ms, 0.95), 2),
            "p99_ms": round(pct(ms, 0.99), 2), "max_ms": round(max(ms), 2)}


def run(args: argparse.Namespace, database: str) -> dict[str, Any]:
    from slack_bolt import BoltRequest

    from bot.app import build
    from bot.core import runner
    from bot.core.authz import Actor
    from bot.core.config import Settings
    from bot.devtools.slack import FakeSlack, SlackDriver
    from bot.home.work import work_and_access
    from handlers.home.blocks_work import access_blocks, work_blocks
    from handlers.home.publish import ACCESS_BUDGET, WORK_BUDGET
    from handlers.home.publish import build as build_home
    from handlers.kit import translator
    from storage.db import Database

    now = datetime.now(UTC)
    prepare(database, now)
    fake = FakeSlack(team_id=TEAM).start()
    fake.add_user(USER, "bench", real_name="Bench", email="bench@example.com")
    fake.add_user(OTHER, "other", real_name="Other", email="other@example.com")
    settings = Settings(slack_bot_token=fake.bot_token, slack_signing_secret=SECRET, slack_api_url=fake.api_url,
                        database_url=database)
    rt = build(settings, db=Database(database))
    acks: list[float] = []
    published: list[float] = []

    def dispatch(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        started = time.perf_counter()
        resp = rt.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
        acks.append(time.perf_counter() - started)
        rt.sender.wait_idle()
        published.append(time.perf_counter() - started)
        return resp.status, {k: (v[0] if isinstance(v, list) and v else str(v)) for k, v in resp.headers.items()}, \
            resp.body

    driver = SlackDriver(fake, SECRET, dispatch=dispatch)
    actor = Actor(TEAM, USER)
    try:
        view = build_home(rt, actor)
        buttons = sum(len(b.get("elements", [])) if b["type"] == "actions" else int("accessory" in b)
                      for b in view["blocks"])
        for _ in range(args.warmup):
            build_home(rt, actor)
        builds: list[float] = []
        for _ in range(args.n):
            started = time.perf_counter()
            build_home(rt, actor)
            builds.append(time.perf_counter() - started)
        parts: list[float] = []  # *My work* and *My access* alone (the toolkit's part left out)
        tr = translator(rt, TEAM)
        for _ in range(args.n):
            started = time.perf_counter()
            mine = runner.run(rt.ctx, actor, lambda s: work_and_access(s, actor, now), read_only=True)
            work_blocks(tr, mine.work, budget=WORK_BUDGET)
            access_blocks(tr, mine.access, mine.timezone, budget=ACCESS_BUDGET)
            parts.append(time.perf_counter() - started)
        for _ in range(args.warmup):
            driver.app_home_opened(USER)
        acks.clear()
        published.clear()
        for _ in range(args.events):
            assert driver.app_home_opened(USER).status == 200
        return {"database": database.split("://")[0], "items": sum(MIX.values()), "blocks": len(view["blocks"]),
                "buttons": buttons, "build": summary(builds), "my_work_and_access": summary(parts), "n": args.n,
                "app_home_opened_ack": summary(acks), "published": summary(published), "events": args.events}
    finally:
        rt.close()
        fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--n", type=int, default=500, help="view builds timed")
    parser.add_argument("--events", type=int, default=200, help="app_home_opened events timed")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    if args.database:
        print(json.dumps(run(args, args.database), indent=2))
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args, f"sqlite:///{tmp}/home.db"), indent=2))


if __name__ == "__main__":
    main()
