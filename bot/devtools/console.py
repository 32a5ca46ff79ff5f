"""`socialops console`: the whole app against the local Slack stand-in, in a terminal.

No Slack credentials and no network: a FakeSlack on loopback plays Slack's Web API,
a SlackDriver signs commands, clicks and submissions as Slack would, and the app runs
exactly as in production. Reads a script from standard input when it is not a terminal.
The app runs on the console's clock, which `wait` and `at` move forward (the scheduler runs at
each due time on the way), so reminders days or weeks away can be seen without waiting for them.
"""

from __future__ import annotations

import argparse
import io
import re
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.devtools.console_demo import (
    DEMO_CHANNELS,
    DEMO_TEAM,
    DEMO_USERS,
    DEV_KEY_WARNING,
    HELP,
    SEED,
    dev_key_path,
    seed_company,
)
from bot.devtools.console_render import (
    Field,
    Names,
    Pressable,
    form_fields,
    parse_field_value,
    render_blocks,
    render_file,
    render_form,
)

# `wait` and `at` go at most this far at once: past it a typo (`wait 1000w`) would just spin.
MAX_TRAVEL = timedelta(days=366)
# While time passes the scheduler also runs at least this often, so that the periodic producers
# (the access review cycle, periodic rotation: hourly in production) get their turn on the way
# and not only at the end; a finer step makes `wait 13w` slow (each tick is a few queries).
PRODUCER_STEP = timedelta(days=1)
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_DURATION = re.compile(r"(?:[0-9]{1,6}[mhdw])+", re.ASCII)
_AT_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
WAIT_USAGE = "  ? wait <duration>: 30m, 2h, 1d, 1w or together (1d12h), up to 366 days; the clock moves forward"
AT_USAGE = "  ? at <YYYY-MM-DD HH:MM> in the workspace time zone ({zone}), e.g. `at {example}`"


def _wall_clock() -> datetime:
    return datetime.now(UTC)


class ConsoleClock:
    """The app's clock in the console: the wall clock, run ahead by `wait` and `at`.

    Between lines time passes as it does for the real app (two clicks a minute apart are a
    minute apart); travelling only adds to how far ahead it runs. It never goes back: what
    was sent stays sent, and the audit chain's times keep their order.
    """

    def __init__(self, wall: Callable[[], datetime] = _wall_clock) -> None:
        self._wall = wall
        self._ahead = timedelta(0)

    def __call__(self) -> datetime:
        return self._wall() + self._ahead

    def set(self, when: datetime) -> None:
        """Make it `when` now (if that is not in the past)."""
        self._ahead = max(self._ahead, when - self._wall())


def parse_wait(text: str) -> timedelta | None:
    """`30m`, `2h`, `1d`, `1w`, or several together (`1d12h`, `1d 12h`); None for anything else,
    zero, a sign or more than MAX_TRAVEL."""
    compact = "".join(text.lower().split())
    if not _DURATION.fullmatch(compact):
        return None
    total = sum((int(n) * _UNITS[unit] for n, unit in re.findall(r"([0-9]+)([mhdw])", compact)), timedelta(0))
    return total if timedelta(0) < total <= MAX_TRAVEL else None


def parse_at(text: str, zone: ZoneInfo) -> datetime | None:
    """`2026-03-03 09:00` read as a wall time in `zone`, in UTC; None when it is not one."""
    for fmt in _AT_FORMATS:
        try:
            local = datetime.strptime(" ".join(text.split()), fmt)
        except ValueError:
            continue
        # A time skipped by spring-forward reads as the hour after, as the scheduler does.
        return local.replace(tzinfo=zone).astimezone(UTC)
    return None


def local_time(when: datetime, zone: ZoneInfo) -> str:
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M} ({zone.key})"


class Console:
    def __init__(self, out: TextIO, *, database_url: str, seed: bool = True, company: bool = False,
                 dev_key_file: Path | None = None, clock: ConsoleClock | None = None) -> None:
        from bot.app import build, check_vault_or_exit, ready_database
        from bot.core.config import load_settings
        from bot.devtools.slack import FakeSlack, SlackDriver
        from handlers.outbound import Sender
        from storage.backup import hold_in_use
        from storage.vault import ensure_dev_key_file

        self.out = out
        self.fake = FakeSlack(team_id=DEMO_TEAM, team_name="Demo Company").start()
        for uid, name, real, email, flags in DEMO_USERS:
            self.fake.add_user(uid, name, real_name=real, email=email, is_admin=flags.get("is_admin", False),
                               is_restricted=flags.get("is_restricted", False))
        members = [u[0] for u in DEMO_USERS] + [self.fake.bot_user_id]
        for cid, name in DEMO_CHANNELS:
            self.fake.add_channel(cid, name, members=members)
        secret = secrets.token_hex(16)
        overrides: dict[str, object] = dict(
            slack_bot_token=self.fake.bot_token, slack_signing_secret=secret, slack_app_token=None,
            slack_api_url=self.fake.api_url, database_url=database_url, socialops_admins="U0ADA",
        )
        settings = load_settings(**overrides)
        if settings.socialops_vault_keys is None and settings.socialops_vault_key_file is None:
            # No key configured: without one `/accounts add` cannot keep a password, so the
            # console makes (once) and uses a development key of its own.
            path = ensure_dev_key_file(dev_key_file or dev_key_path(database_url))
            settings = load_settings(**overrides, socialops_vault_key_file=path)
            self.say(DEV_KEY_WARNING.format(path=path))
        db = ready_database(settings.database_url)
        hold_in_use(settings.database_url)  # a kept database: `socialops restore` waits for us to quit
        try:
            check_vault_or_exit(db, settings)  # the same refusal as `socialops run`
        except SystemExit:
            self.fake.stop()
            raise
        self.clock = clock or ConsoleClock()
        self.rt = build(settings, db=db, clock=self.clock)
        self._resume_time()
        # One sender thread: Web API work reaches the stand-in in the order the app queued it,
        # so a transcript (and the numbers of its buttons) is the same on every run.
        self.rt.sender.shutdown()
        self.rt.sender = Sender(self.rt.client, workers=1)
        from scheduler.notifier import SlackNotifier
        from scheduler.runner import SchedulerRunner

        # The real scheduler, ticked after every console line instead of every 2 s in the
        # background: what an action makes due (a custodian's task, a DM) shows right under
        # the action, in order, and a script's transcript is the same on every run.
        self.scheduler = SchedulerRunner(self.rt.ctx, SlackNotifier(self.rt.client))
        self.rt.ctx.extras["scheduler"] = self.scheduler
        self.driver = SlackDriver(self.fake, secret, dispatch=self._dispatch)
        self.names = Names({u[0]: u[1] for u in DEMO_USERS}, {c[0]: c[1] for c in DEMO_CHANNELS})
        self.user = "U0ADA"
        self.buttons: list[Pressable] = []
        self.fields: list[Field] = []
        self.seen = 0
        if seed or company:
            for line in SEED:
                self.driver.command("U0ADA", line.split(" ", 1)[0], line.split(" ", 1)[1])
        if company and self._inventory_empty():  # a kept database seeded before keeps what it has
            seed_company(self.driver, self.fake, self.deliver_due)
        self.deliver_due()
        self.seen = len(self.fake.calls)

    def _dispatch(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        from slack_bolt import BoltRequest

        resp = self.rt.app.dispatch(BoltRequest(body=body.decode(), headers=dict(headers.items())))
        self.rt.sender.wait_idle()
        return resp.status, {k: v[0] for k, v in resp.headers.items() if v}, resp.body

    def _inventory_empty(self) -> bool:
        from sqlalchemy import select

        from storage.models import Account

        with self.rt.ctx.db.uow() as session:
            return session.scalar(select(Account.id).where(Account.team_id == DEMO_TEAM).limit(1)) is None

    def deliver_due(self) -> None:
        """Run the scheduler until nothing is due (a delivery can make another one due).

        Whether more is due is one query where a tick is a dozen: that keeps `wait` quick."""
        for _ in range(5):
            if not self.scheduler.tick() or self._next_due(None, self.clock()) is None:
                return

    def close(self) -> None:
        self.scheduler.stop()
        self.rt.close()
        self.fake.stop()

    # ---- output -------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def _where(self, channel: str) -> str:
        if channel in self.names.channels:
            return "#" + self.names.channels[channel]
        owner = self._dm_owner(channel)
        return f"DM to {self.names.user(owner)}" if owner else channel

    def _dm_owner(self, channel: str) -> str | None:
        if not channel.startswith("D"):
            return None
        return next((u for u in self.names.users if self.fake.dm_channel(u) == channel), None)

    def show_new_activity(self) -> bool:
        """Print what the app did since the last line; True when a modal was (re)drawn."""
        self.deliver_due()
        # New output numbers its buttons from 1; output without buttons keeps the old numbers.
        previous, self.buttons = self.buttons, []
        modal = self._show_calls()
        if not self.buttons:
            self.buttons = previous
        return modal

    def _show_calls(self) -> bool:
        """Print the Web API calls since the last look, numbering buttons after those listed."""
        calls = self.fake.calls[self.seen:]
        self.seen = len(self.fake.calls)
        modal = False
        for call in calls:
            if not call.ok:
                if not _expected_failure(call.method, call.error):
                    self.say(f"  ! Slack rejected {call.method}: {call.error}")
                continue
            a, response = call.args, call.response or {}
            if call.method == "chat.postMessage":
                channel = str(response.get("channel") or a.get("channel", ""))
                self._message(self._where(channel), a, channel, str(response.get("ts", "")))
            elif call.method == "chat.update":
                channel = str(response.get("channel") or a.get("channel", ""))
                self._message(f"{self._where(channel)} (updated)", a, channel, str(a.get("ts")))
            elif call.method == "chat.postEphemeral" and a.get("user") == self.user:
                self._message(f"only you, in {self._where(str(a.get('channel')))}", a, str(a.get("channel")), None)
            elif call.method in ("views.open", "views.push", "views.update"):
                modal = self._modal() or modal
            elif call.method == "views.publish" and a.get("user_id") == self.user:
                view = response.get("view") or {}
                self.say(f"  App Home of {self.names.user(self.user)}:")
                for line in render_blocks(view.get("blocks", []), self.names, self.buttons, view_id=view.get("id")):
                    self.say(line)
            elif call.method == "files.completeUploadExternal":
                self._files(a)
        return modal

    @contextmanager
    def _captured(self) -> Iterator[io.StringIO]:
        """Output of the block held back, to print it under a heading only if there is any."""
        out, buffer = self.out, io.StringIO()
        self.out = buffer
        try:
            yield buffer
        finally:
            self.out = out

    def _message(self, where: str, args: dict[str, Any], channel: str, ts: str | None) -> None:
        self.say(f"  {where}  SocialOps:")
        blocks = args.get("blocks")
        if isinstance(blocks, list) and blocks:
            for line in render_blocks(blocks, self.names, self.buttons, channel=channel, ts=ts):
                self.say(line)
        else:
            self.say("    " + self.names.mrkdwn(str(args.get("text", ""))).replace("\n", "\n    "))

    def _modal(self) -> bool:
        """Draw the current user's top modal (what Slack shows them); False when none is open."""
        stack = self.fake.views(self.user)
        self.fields = form_fields(stack[-1]) if stack else []
        if not stack:
            return False
        for line in render_form(stack[-1], self.fields, self.names, self.buttons):
            self.say(line)
        return True

    def _files(self, args: dict[str, Any]) -> None:
        channel = str(args.get("channel_id") or args.get("channels") or "")
        stored = {f.get("id"): f for f in self.fake.files()}
        for entry in args.get("files", []) or []:
            upload = stored.get(entry.get("id"), {})
            for line in render_file(self._where(channel), str(upload.get("filename") or entry.get("title")),
                                    upload.get("content") or b""):
                self.say(line)

    # ---- input --------------------------------------------------------------------------
    def handle(self, line: str) -> bool:
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        word, _, rest = line.partition(" ")
        if word in ("quit", "exit"):
            return False
        try:
            self._handle(word, rest)
        except (LookupError, AssertionError) as exc:  # the stand-in refused what Slack would refuse
            self.say(f"  ? {exc}")
            self.show_new_activity()
        return True

    def _handle(self, word: str, rest: str) -> None:
        if word == "help":
            self.say(HELP.format(users=", ".join("@" + u[1] for u in DEMO_USERS)))
        elif word == "users":
            for _uid, name, real, _email, flags in DEMO_USERS:
                self.say(f"  @{name:6s} {real}{' (guest)' if flags.get('is_restricted') else ''}")
        elif word == "as":
            self._become(rest)
        elif word.startswith("/"):
            resp = self.driver.command(self.user, word, self.names.escape(rest), channel_id="C0GENERAL")
            if resp.body:
                self._message("only you", resp.json(), "C0GENERAL", None)
            self.show_new_activity()
        elif word == "press":
            self._press(rest)
        elif word == "set":
            self._set(rest)
        elif word == "submit":
            self._submit()
        elif word == "cancel":
            self._cancel()
        elif word == "show":
            self._show(rest)
        elif word == "home":
            self.driver.app_home_opened(self.user)
            self.show_new_activity()
        elif word == "now":
            self.say(f"  it is {local_time(self.clock(), self.zone())}")
        elif word == "wait":
            self._wait(rest)
        elif word == "at":
            self._at(rest)
        else:
            self.say("  ? unknown; type `help`")

    # ---- time ---------------------------------------------------------------------------
    def zone(self) -> ZoneInfo:
        """The workspace time zone (what `/socialops setup` chose), in which times are read and shown."""
        from storage.models import Workspace

        with self.rt.ctx.db.uow() as session:
            ws = session.get(Workspace, DEMO_TEAM)
            name = ws.timezone if ws is not None else self.rt.ctx.settings.socialops_timezone
        return ZoneInfo(name)

    def _wait(self, arg: str) -> None:
        delta = parse_wait(arg)
        if delta is None:
            self.say(WAIT_USAGE)
            return
        self.travel(self.clock() + delta)

    def _at(self, arg: str) -> None:
        zone, now = self.zone(), self.clock()
        target = parse_at(arg, zone)
        if target is None:
            tomorrow = now.astimezone(zone) + timedelta(days=1)
            self.say(AT_USAGE.format(zone=zone.key, example=f"{tomorrow:%Y-%m-%d} 09:00"))
            return
        if target <= now:
            self.say(f"  ? {local_time(target, zone)} has passed: it is {local_time(now, zone)}, and the "
                     f"console's clock only goes forward")
            return
        if target - now > MAX_TRAVEL:
            self.say(f"  ? at most 366 days ahead at once (it is {local_time(now, zone)})")
            return
        self.travel(target)

    def _next_due(self, after: datetime | None, until: datetime) -> datetime | None:
        """When the next delivery the scheduler would send falls due, in (after, until]."""
        from sqlalchemy import func, select

        from storage.models import Delivery

        query = select(func.min(Delivery.due_at)).where(
            Delivery.state == "pending", Delivery.due_at <= until,
            Delivery.kind.in_(list(self.rt.ctx.registries.renderers)))
        if after is not None:
            query = query.where(Delivery.due_at > after)
        with self.rt.ctx.db.uow() as session:
            due: datetime | None = session.scalar(query)
        return due

    def _resume_time(self) -> None:
        """A kept database may have lived ahead of the wall clock (an earlier session's `wait`):
        carry on from the latest moment it recorded, so its history never lies in the future."""
        from sqlalchemy import func, select

        from storage.models import AuditEntry, Delivery

        with self.rt.ctx.db.uow() as session:
            seen = [session.scalar(select(func.max(AuditEntry.at))),
                    session.scalar(select(func.max(Delivery.sent_at)))]
        for when in seen:
            if when is not None:
                self.clock.set(when)

    def travel(self, target: datetime) -> None:
        """Move the clock to `target` the way time would pass: stop at each due delivery in turn
        (and at least every PRODUCER_STEP), run the scheduler there, and print what it sent
        under the time it was sent. One jump would send everything at the target time, a
        warning "1 hour before" after the expiry it announces."""
        self.show_new_activity()  # what was already due belongs before the journey
        zone = self.zone()
        previous, self.buttons = self.buttons, []  # one numbering for everything on the way
        heading = ""
        while True:
            now = self.clock()
            step = min(self._next_due(now, target) or target, now + PRODUCER_STEP, target)
            self.clock.set(step)
            self.deliver_due()
            self.rt.sender.wait_idle()
            with self._captured() as shown:
                self._show_calls()
            if shown.getvalue():
                # Deliveries seconds apart share the minute a heading shows: one heading for them.
                if local_time(step, zone) != heading:
                    heading = local_time(step, zone)
                    self.say(f"  ── {heading} ──")
                self.out.write(shown.getvalue())
            if step >= target:
                break
        if not self.buttons:
            self.buttons = previous
        self.say(f"  it is now {local_time(self.clock(), zone)}")

    def _become(self, name: str) -> None:
        wanted = name.strip().lstrip("@")
        uid = next((u for u, n in self.names.users.items() if n == wanted), None)
        if uid is None:
            self.say(f"  ? no demo user @{wanted}; `users` lists them")
            return
        self.user = uid
        self.say(f"  you are now @{wanted}")
        stack = self.fake.views(uid)
        self.fields = form_fields(stack[-1]) if stack else []
        if stack:
            self.say(f"  (your modal “{stack[-1].get('title', {}).get('text', '')}” is still open)")

    def _press(self, arg: str) -> None:
        if not arg.strip().isdigit() or not 1 <= int(arg) <= len(self.buttons):
            self.say("  ? press <number> of a button shown above")
            return
        b = self.buttons[int(arg) - 1]
        owner = self._dm_owner(b.channel or "")
        if owner and owner != self.user:
            self.say(f"  ? that button is in the DM of {self.names.user(owner)}: `as {self.names.user(owner)}` first")
            return
        self.driver.click(self.user, b.action_id, value=b.value, channel=b.channel, message_ts=b.message_ts,
                          view_id=b.view_id)
        self.show_new_activity()

    def _set(self, arg: str) -> None:
        num, _, value = arg.strip().partition(" ")
        if not num.isdigit() or not 1 <= int(num) <= len(self.fields):
            self.say("  ? set <field number> <value> (fields of the open modal)")
            return
        f = self.fields[int(num) - 1]
        f.value = parse_field_value(f, value, self.names)
        self.say(f"  ({num}) {f.label} = {self.names.value(f.kind, f.value)}".replace("\n", " ⏎ "))

    def _submit(self) -> None:
        stack = self.fake.views(self.user)
        if not stack:
            self.say("  ? no modal is open")
            return
        if not stack[-1].get("submit"):
            self.say("  ? this window has nothing to submit; `cancel` closes it")
            return
        missing = [f.label for f in self.fields if not f.optional and f.value in (None, "", [])]
        if missing:  # Slack's own client refuses before sending anything
            for label in missing:
                self.say(f"  ✗ {label}: required")
            return
        values = {f"{f.block_id}.{f.action_id}": f.value for f in self.fields if f.value is not None}
        resp = self.driver.submit(self.user, values)
        if resp.errors:
            for block, message in resp.errors.items():
                label = next((f.label for f in self.fields if f.block_id == block), block)
                self.say(f"  ✗ {label}: {self.names.mrkdwn(message)}")
            return
        # response_action=update/push replaces the modal without a Web API call: draw it here.
        if not self.show_new_activity() and self.fake.views(self.user):
            self._modal()
        elif not self.fake.views(self.user):
            self.fields = []

    def _cancel(self) -> None:
        if not self.fake.views(self.user):
            self.say("  ? no modal is open")
            return
        self.driver.close(self.user)
        if not self.show_new_activity():
            self._modal()  # the one underneath a pushed modal, if any

    def _show(self, arg: str) -> None:
        self.show_new_activity()  # first what happened since the last line
        target = arg.strip().lstrip("#")
        if target == "dm":
            channel = self.fake.dm_channel(self.user)
        else:
            channel = next((c for c, n in self.names.channels.items() if n == target), target)
        self.buttons = []
        for message in self.fake.messages(channel):
            self._message(self._where(channel), message, channel, message.get("ts"))


def _expected_failure(method: str, error: str | None) -> bool:
    """Slack answers the app handles as a normal outcome, not worth a line in the transcript."""
    return method == "users.lookupByEmail" and error == "users_not_found"  # an e-mail no member uses


def main(args: argparse.Namespace) -> int:
    from bot.core import logs

    company = bool(getattr(args, "demo", False))
    if company and args.no_demo:
        print("socialops console: --demo and --no-demo exclude each other", file=sys.stderr)
        return 2
    # The transcript is the interface; the JSON request log would only get in the way.
    logs.configure("ERROR")
    interactive = sys.stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="socialops-console-") as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'console.db'}"
        # A kept --database gets its key beside it; the throw-away one uses the per-user key.
        console = Console(sys.stdout, database_url=url, seed=not args.no_demo, company=company,
                          dev_key_file=dev_key_path(args.database))
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
