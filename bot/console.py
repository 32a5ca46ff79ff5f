"""`socialops console`: the whole app against the local Slack stand-in, in a terminal.

No Slack credentials and no network: a FakeSlack on loopback plays Slack's Web API,
a SlackDriver signs commands, clicks and submissions as Slack would, and the app runs
exactly as in production. Reads a script from standard input when it is not a terminal.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from bot.console_render import Field, Names, Pressable, form_fields, render_blocks, render_form

DEMO_TEAM = "T0DEMO"
DEMO_USERS: tuple[tuple[str, str, str, str, dict[str, bool]], ...] = (
    # id, name, real name, email, flags
    ("U0ADA", "ada", "Ada Admin", "ada@demo-company.example", {"is_admin": True}),
    ("U0ANA", "ana", "Ana Custodian", "ana@demo-company.example", {}),
    ("U0BEA", "bea", "Bea Approver", "bea@demo-company.example", {}),
    ("U0CARL", "carl", "Carl Publisher", "carl@demo-company.example", {}),
    ("U0GINA", "gina", "Gina (agency guest)", "gina@agency.example", {"is_restricted": True}),
)
DEMO_CHANNELS = (("C0APPROVALS", "approvals"), ("C0CRISIS", "crisis"), ("C0DIGEST", "digest"),
                 ("C0GENERAL", "general"))
SEED = (
    "/socialops setup approvals <#C0APPROVALS|approvals> crisis <#C0CRISIS|crisis> digest <#C0DIGEST|digest>",
    "/socialops role add <@U0ANA|ana> custodian",
    "/socialops role add <@U0BEA|bea> approver",
    "/socialops role add <@U0CARL|carl> publisher",
)
HELP = """console commands:
  /command text        run a slash command as the current user (e.g. /socialops help)
  as @name             become another demo user ({users})
  press <n>            press button or option <n> from the output above
  set <n> <value>      fill field <n> of the open modal (@name for users, #name for channels)
  submit | cancel      submit or close the open modal
  show #channel        the channel's messages (or `show dm` for your DMs with the bot)
  users | help | quit"""


class Console:
    def __init__(self, out: TextIO, *, database_url: str, seed: bool = True) -> None:
        from bot.app import build
        from bot.config import load_settings
        from bot.devslack import FakeSlack, SlackDriver

        self.out = out
        self.fake = FakeSlack(team_id=DEMO_TEAM, team_name="Demo Company").start()
        for uid, name, real, email, flags in DEMO_USERS:
            self.fake.add_user(uid, name, real_name=real, email=email, is_admin=flags.get("is_admin", False),
                               is_restricted=flags.get("is_restricted", False))
        members = [u[0] for u in DEMO_USERS] + [self.fake.bot_user_id]
        for cid, name in DEMO_CHANNELS:
            self.fake.add_channel(cid, name, members=members)
        secret = secrets.token_hex(16)
        settings = load_settings(
            slack_bot_token=self.fake.bot_token, slack_signing_secret=secret, slack_app_token=None,
            slack_api_url=self.fake.api_url, database_url=database_url, socialops_admins="U0ADA",
        )
        self.rt = build(settings, db=_ready_db(settings.database_url))
        self.scheduler = _start_scheduler(self.rt)
        self.driver = SlackDriver(self.fake, secret, dispatch=self._dispatch)
        self.names = Names({u[0]: u[1] for u in DEMO_USERS}, {c[0]: c[1] for c in DEMO_CHANNELS})
        self.user = "U0ADA"
        self.buttons: list[Pressable] = []
        self.fields: list[Field] = []
        self.seen = 0
        if seed:
            for line in SEED:
                self.driver.command("U0ADA", line.split(" ", 1)[0], line.split(" ", 1)[1])
        self.seen = len(self.fake.calls)

    def _dispatch(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        from slack_bolt import BoltRequest

        resp = self.rt.app.dispatch(BoltRequest(body=body.decode(), headers=dict(headers.items())))
        self.rt.sender.wait_idle()
        return resp.status, {k: v[0] for k, v in resp.headers.items() if v}, resp.body

    def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        self.rt.close()
        self.fake.stop()

    # ---- output -------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def _who(self, uid: str) -> str:
        return "@" + self.names.users.get(uid, uid)

    def _where(self, channel: str) -> str:
        if channel in self.names.channels:
            return "#" + self.names.channels[channel]
        if channel.startswith("D"):
            owner = next((u for u in self.names.users if self.fake.dm_channel(u) == channel), channel)
            return f"DM to {self._who(owner)}"
        return channel

    def show_new_activity(self) -> None:
        calls = self.fake.calls[self.seen:]
        self.seen = len(self.fake.calls)
        self.buttons = []
        for call in calls:
            if not call.ok:
                self.say(f"  ! Slack rejected {call.method}: {call.error}")
                continue
            a = call.args
            if call.method == "chat.postMessage":
                channel = str(call.response.get("channel", a.get("channel", ""))) if call.response else str(
                    a.get("channel", ""))
                ts = str((call.response or {}).get("ts", ""))
                self._message(f"{self._where(channel)}", a, channel, ts)
            elif call.method == "chat.update":
                self._message(f"{self._where(str(a.get('channel')))} (updated)", a, str(a.get("channel")),
                              str(a.get("ts")))
            elif call.method == "chat.postEphemeral" and a.get("user") == self.user:
                self._message(f"only you, in {self._where(str(a.get('channel')))}", a, str(a.get("channel")), None)
            elif call.method in ("views.open", "views.push", "views.update"):
                self._modal()
            elif call.method == "files.completeUploadExternal":
                for f in a.get("files", []) or []:
                    self.say(f"  📎 file uploaded: {f.get('title') or f.get('id')}")

    def _message(self, where: str, args: dict[str, Any], channel: str, ts: str | None) -> None:
        self.say(f"  {where}  SocialOps:")
        blocks = args.get("blocks")
        if isinstance(blocks, list) and blocks:
            for line in render_blocks(blocks, self.names, self.buttons, channel=channel, ts=ts):
                self.say(line)
        else:
            self.say("    " + self.names.mrkdwn(str(args.get("text", ""))).replace("\n", "\n    "))

    def _modal(self) -> None:
        stack = self.fake.views(self.user)
        if not stack:
            self.fields = []
            return
        view = stack[-1]
        self.fields = form_fields(view)
        for line in render_form(view, self.fields, self.names):
            self.say(line)
        for line in render_blocks([b for b in view.get("blocks", []) if b.get("type") == "actions"], self.names,
                                  self.buttons, indent="  │ ", view_id=view["id"]):
            self.say(line)

    # ---- input --------------------------------------------------------------------------
    def handle(self, line: str) -> bool:
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        word, _, rest = line.partition(" ")
        if word in ("quit", "exit"):
            return False
        if word == "help":
            self.say(HELP.format(users=", ".join("@" + u[1] for u in DEMO_USERS)))
        elif word == "users":
            for _uid, name, real, _email, flags in DEMO_USERS:
                self.say(f"  @{name:6s} {real}{' (guest)' if flags.get('is_restricted') else ''}")
        elif word == "as":
            self._become(rest)
        elif word.startswith("/"):
            resp = self.driver.command(self.user, word, self._escape(rest), channel_id="C0GENERAL")
            if resp.body:
                body = resp.json()
                self._message("only you", body, "C0GENERAL", None)
            self.show_new_activity()
        elif word == "press":
            self._press(rest)
        elif word == "set":
            self._set(rest)
        elif word == "submit":
            self._submit()
        elif word == "cancel":
            self.driver.close(self.user)
            self.fields = []
            self.show_new_activity()
        elif word == "show":
            self._show(rest)
        else:
            self.say("  ? unknown; type `help`")
        return True

    def _escape(self, text: str) -> str:
        """What Slack does to a command typed with @mentions and #channels (should_escape: true)."""
        import re

        by_user = {n: u for u, n in self.names.users.items()}
        by_channel = {n: c for c, n in self.names.channels.items()}
        text = re.sub(r"(?<![<\w])@([a-z0-9._-]+)",
                      lambda m: f"<@{by_user[m.group(1)]}|{m.group(1)}>" if m.group(1) in by_user else m.group(0), text)
        return re.sub(r"(?<![<\w])#([a-z0-9._-]+)",
                      lambda m: f"<#{by_channel[m.group(1)]}|{m.group(1)}>" if m.group(1) in by_channel
                      else m.group(0), text)

    def _become(self, name: str) -> None:
        wanted = name.strip().lstrip("@")
        uid = next((u for u, n in self.names.users.items() if n == wanted), None)
        if uid is None:
            self.say(f"  ? no demo user @{wanted}; `users` lists them")
            return
        self.user = uid
        self.say(f"  you are now @{wanted}")

    def _press(self, arg: str) -> None:
        if not arg.strip().isdigit() or not 1 <= int(arg) <= len(self.buttons):
            self.say("  ? press <number> of a button shown above")
            return
        b = self.buttons[int(arg) - 1]
        try:
            self.driver.click(self.user, b.action_id, value=b.value, channel=b.channel, message_ts=b.message_ts,
                              view_id=b.view_id)
        except (LookupError, AssertionError) as exc:
            self.say(f"  ? {exc}")
        self.show_new_activity()

    def _set(self, arg: str) -> None:
        num, _, value = arg.partition(" ")
        if not num.isdigit() or not 1 <= int(num) <= len(self.fields):
            self.say("  ? set <field number> <value>")
            return
        f = self.fields[int(num) - 1]
        value = value.strip()
        if f.kind in ("users_select",):
            value = next((u for u, n in self.names.users.items() if n == value.lstrip("@")), value)
        elif f.kind in ("conversations_select", "channels_select"):
            value = next((c for c, n in self.names.channels.items() if n == value.lstrip("#")), value)
        elif f.options:
            value = next((v for t, v in f.options if value in (t, v)), value)
        f.value = [v.strip() for v in value.split(",")] if f.kind in ("checkboxes", "multi_static_select") else value
        self.say(f"  ({num}) {f.label} = {f.value}")

    def _submit(self) -> None:
        if not self.fields and not self.fake.views(self.user):
            self.say("  ? no modal is open")
            return
        values = {f"{f.block_id}.{f.action_id}": f.value for f in self.fields if f.value not in (None, "")}
        resp = self.driver.submit(self.user, values)
        if resp.body and '"errors"' in resp.body:
            for block, message in resp.json()["errors"].items():
                label = next((f.label for f in self.fields if f.block_id == block), block)
                self.say(f"  ✗ {label}: {message}")
            return
        self.fields = []
        self.show_new_activity()

    def _show(self, arg: str) -> None:
        target = arg.strip().lstrip("#")
        if target == "dm":
            channel = self.fake.dm_channel(self.user)
        else:
            channel = next((c for c, n in self.names.channels.items() if n == target), target)
        self.buttons = []
        for message in self.fake.messages(channel):
            self._message(self._where(channel), message, channel, message.get("ts"))


def _ready_db(url: str) -> Any:
    from storage.db import Database
    from storage.migrate import ensure_schema

    db = Database(url)
    ensure_schema(db)
    return db


def _start_scheduler(rt: Any) -> Any:
    try:
        from scheduler.runner import start_for_runtime
    except ImportError:
        return None
    return start_for_runtime(rt)


def main(args: argparse.Namespace) -> int:
    from bot import logs

    # The transcript is the interface; the JSON request log would only get in the way.
    logs.configure("ERROR")
    interactive = sys.stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="socialops-console-") as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'console.db'}"
        console = Console(sys.stdout, database_url=url, seed=not args.no_demo)
        console.say("SocialOps console — a local stand-in of Slack; nothing leaves this machine.")
        console.say("You are @ada (admin). Try: /socialops help · `help` for console commands · `quit` to leave.")
        try:
            while True:
                prompt = f"{console.names.users[console.user]}> "
                try:
                    line = input(prompt) if interactive else sys.stdin.readline()
                except EOFError:
                    break
                if not interactive:
                    if not line:
                        break
                    console.say(prompt + line.rstrip("\n"))
                if not console.handle(line):
                    break
        except KeyboardInterrupt:
            console.say()
        finally:
            console.close()
    return 0
