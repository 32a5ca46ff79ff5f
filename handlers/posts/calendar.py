"""`/post calendar [week|month|ics] [<handle>|<brand>]`, `/post list [mine|pending|scheduled]` and
their previous/next buttons (issue 12 §7): the calendar as a message, by local day, paged; the
.ics of the coming 90 days uploaded to the requester's DM.

Post copy, handles and brands are user-written: they reach mrkdwn only through `user_text`, here.
"""

from __future__ import annotations

from typing import Any

from bot.core.errors import NotFound
from bot.core.i18n import Translator
from bot.posts import calendar as cal
from bot.posts.views import STATUS_EMOJI
from handlers import slack
from handlers.blockkit import Block, actions, button, context, cut, sections, user_text
from handlers.calls import ActionCall, CommandCall, Reply
from handlers.paging import replace_page
from handlers.posts.ids import PostsIds as I

COPY_CUT = 80  # the first line of the copy, as much as a row can show
ACCOUNTS_SHOWN = 3  # then "+n more"


def _day(tr: Translator, day: cal.Day) -> str:
    key = "posts.cal.day_continued" if day.continued else "posts.cal.day"
    return tr(key, weekday=tr(f"posts.cal.weekday.{day.day.weekday()}"), day=day.day.day,
              month=tr(f"posts.cal.month.{day.day.month}"))


def _short_date(tr: Translator, when: Any) -> str:
    return tr("posts.cal.day", weekday=tr(f"posts.cal.weekday.{when.weekday()}"), day=when.day,
              month=tr(f"posts.cal.month.{when.month}")).strip("*")


def _accounts(tr: Translator, post: cal.CalendarPost) -> str:
    if not post.targets:
        return tr("posts.cal.no_accounts")
    shown = [f"{t.network} @{user_text(t.handle)}" for t in post.targets[:ACCOUNTS_SHOWN]]
    if len(post.targets) > ACCOUNTS_SHOWN:
        shown.append(tr("posts.cal.more_accounts", n=len(post.targets) - ACCOUNTS_SHOWN))
    return ", ".join(shown)


def first_line(copy: str) -> str:
    """The copy's first non-empty line, cut before it is neutralised (a cut never splits an
    escape, and a half `<!channel` is as inert as a whole one)."""
    line = next((ln.strip() for ln in copy.splitlines() if ln.strip()), "")
    return user_text(cut(line, COPY_CUT))


def row(tr: Translator, post: cal.CalendarPost) -> str:
    return tr("posts.cal.row", emoji=STATUS_EMOJI.get(post.status, ":grey_question:"),
              time=post.local.strftime("%H:%M"), accounts=_accounts(tr, post), copy=first_line(post.copy) or "—",
              status=tr(f"post.status.{post.status}"), id=post.id)


def _title(tr: Translator, page: cal.CalendarPage) -> list[str]:
    scope = page.scope
    if scope.kind == "week" and scope.start is not None and page.last is not None:
        lines = [tr("posts.cal.title.week", first=_short_date(tr, scope.start), last=_short_date(tr, page.last),
                    tz=page.tz, n=page.total)]
    elif scope.kind == "month" and scope.start is not None:
        lines = [tr("posts.cal.title.month", month=tr(f"posts.cal.month.{scope.start.month}"),
                    year=scope.start.year, tz=page.tz, n=page.total)]
    else:
        lines = [tr(f"posts.cal.list.{scope.kind}", tz=page.tz, n=page.total)]
    if scope.filter and page.filter_kind:
        shown = scope.filter.strip().lstrip("@") if page.filter_kind == "handle" else scope.filter.strip()
        lines.append(tr(f"posts.cal.title.{page.filter_kind}", filter=user_text(shown)))
    return lines


def page_message(tr: Translator, page: cal.CalendarPage) -> tuple[str, list[Block]]:
    """The page by local day. A page holds at most PAGE_POSTS rows of bounded length, so its
    sections stay far below 50 blocks; each is cut at 3,000 characters on a line boundary."""
    lines = _title(tr, page)
    if not page.days:
        lines.append(tr("posts.cal.empty.period" if page.scope.kind in cal.PERIODS else "posts.cal.empty.list"))
    for day in page.days:
        lines.append("\n" + _day(tr, day))
        lines += [row(tr, post) for post in day.posts]
    text = "\n".join(lines)
    body = sections(text)
    buttons: list[Block] = []
    if page.pages > 1:
        shown = sum(len(d.posts) for d in page.days)
        first = (page.number - 1) * cal.PAGE_POSTS + 1
        where = tr("posts.cal.page", page=page.number, pages=page.pages, from_n=first, to_n=first + shown - 1,
                   total=page.total)
        text += "\n" + where
        body.append(context(where))
        if page.number > 1:
            buttons.append(button(tr("posts.cal.previous"), I.CAL_PAGE_PREV, cal.encode_scope(page.scope,
                                                                                               page.number - 1)))
        if page.number < page.pages:
            buttons.append(button(tr("posts.cal.next"), I.CAL_PAGE_NEXT, cal.encode_scope(page.scope,
                                                                                           page.number + 1)))
    scope = page.scope
    if scope.kind in cal.PERIODS and scope.start is not None:
        # Planners page through weeks and months (Hootsuite's, Buffer's arrows): each to its first page.
        before = cal.Scope(scope.kind, cal.period_before(scope.kind, scope.start), scope.filter)
        after = cal.Scope(scope.kind, cal.period_end(scope.kind, scope.start), scope.filter)
        buttons += [button(tr(f"posts.cal.before.{scope.kind}"), I.CAL_PERIOD_PREV, cal.encode_scope(before, 1)),
                    button(tr(f"posts.cal.after.{scope.kind}"), I.CAL_PERIOD_NEXT, cal.encode_scope(after, 1))]
    if buttons:
        body.append(actions(*buttons, block_id=I.B_CAL_PAGE))
    return text, body


def _render(call: CommandCall | ActionCall, scope: cal.Scope, number: int) -> tuple[str, list[Block]]:
    team, user, default_tz, now = call.actor.team_id, call.actor.user_id, call.ctx.settings.socialops_timezone, \
        call.now()

    def read(session: Any) -> tuple[str, list[Block]]:
        tz = cal.workspace_zone(session, team, default_tz)
        if scope.kind in cal.PERIODS:
            page = cal.calendar_page(session, team, scope, number, tz=tz)
        else:
            page = cal.list_page(session, team, user, scope, number, now=now, tz=tz)
        return page_message(call.tr, page)

    return call.run(read, read_only=True)


def calendar(call: CommandCall) -> Reply | None:
    request = cal.parse_calendar(call.args)
    if request.kind == "ics":
        return _ics(call, request.filter)
    tz_default, team, now = call.ctx.settings.socialops_timezone, call.actor.team_id, call.now()
    start = call.run(lambda s: cal.period_start(request.kind, now, cal.workspace_zone(s, team, tz_default)),
                     read_only=True)
    text, body = _render(call, cal.Scope(request.kind, start, request.filter), 1)
    return Reply(text, body)


def list_(call: CommandCall) -> Reply:
    text, body = _render(call, cal.Scope(cal.parse_list(call.args)), 1)
    return Reply(text, body)


def page_clicked(call: ActionCall) -> None:
    """Anyone may read the calendar, so a page needs no role. The value comes back from the
    client: anything `encode_scope` did not write, or a page since emptied, is a clear answer to
    the presser; a forged filter is looked up again in the presser's workspace."""
    parsed = cal.parse_scope(call.value)
    if parsed is None:
        raise NotFound("posts.cal.error.bad_page")
    text, body = _render(call, *parsed)
    replace_page(call, text, body)


def _ics(call: CommandCall, filter_text: str | None) -> Reply:
    team, now, default_tz, tr = call.actor.team_id, call.now(), call.ctx.settings.socialops_timezone, call.tr
    content, n = call.run(lambda s: cal.ics_for(s, tr, team, now=now, default_tz=default_tz,
                                                 filter_text=filter_text), read_only=True)
    send_ics(call, content, cal.ics_filename(team, now))
    return Reply(tr("posts.cal.ics.done", n=n))


def send_ics(call: CommandCall, content: bytes, filename: str) -> None:
    """The file, uploaded to the requester's DM (files.getUploadURLExternal + completeUploadExternal)."""
    comment, user = call.tr("posts.cal.ics.comment"), call.actor.user_id

    def upload(client: Any) -> None:
        client.files_upload_v2(channel=slack.dm_channel(client, user), content=content, filename=filename,
                               title=filename, initial_comment=comment)

    call.later(upload)

