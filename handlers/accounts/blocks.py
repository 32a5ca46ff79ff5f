"""Rendering of the account inventory (SPEC §2): listing, details, warnings, alerts, and the
two modals that show a secret (reveal, freshly generated). Secrets go only into modals.

Whatever people wrote into a record (brand, handle, URL, e-mails, phone, notes) is echoed into
mrkdwn through `user_text` here, once, as it is rendered: stored as typed, never pre-escaped.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.accounts.email_checks import all_findings
from bot.accounts.inventory import Compromised, Detail, InventoryPage
from bot.accounts.secrets import Revealed
from bot.accounts.task_messages import Settlement
from bot.accounts.views import AccountView
from bot.core.i18n import Translator
from handlers.accounts.ids import AccountsIds as I
from handlers.blockkit import Block, actions, button, context, divider, modal, section, sections, user_text


def _date(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else "—"


def twofa_text(tr: Translator, account: AccountView) -> str:
    if not account.twofa_enabled:
        return tr("accounts.twofa.off")
    method = account.twofa_method or "other"
    known = method in TWOFA_METHODS
    return tr("accounts.twofa.on", method=tr(f"accounts.twofa.{method}") if known else user_text(method))


TWOFA_METHODS = ("app", "key", "sms", "email", "other")


def days_since(account: AccountView, now: datetime) -> int | None:
    return None if account.last_rotated_at is None else max(0, (now - account.last_rotated_at).days)


def _rotation(tr: Translator, account: AccountView, now: datetime) -> str:
    days = days_since(account, now)
    return tr("accounts.list.no_password") if days is None else tr("accounts.list.days", days=days)


def mailbox_text(tr: Translator, account: AccountView) -> str:
    """Who created the login mailbox and whether the company holds its password (no address)."""
    held = "accounts.mailbox.held" if account.has_mailbox_password else "accounts.mailbox.not_held"
    return tr("accounts.mailbox.summary", creator=tr(f"accounts.creator.{account.mailbox_created_by}"),
              held=tr(held))


def inventory(tr: Translator, page: InventoryPage, now: datetime) -> tuple[str, list[Block]]:
    """One page of the inventory, by brand. With more than one page: where this one is, the
    previous/next buttons (the click replaces this message) and the CSV for all of it at once."""
    if not page.rows:
        text = tr("accounts.list.empty")
        return text, [section(text)]
    lines = [tr("accounts.list.title", n=page.total)]
    brand: str | None = None
    for row in page.rows:
        a = row.account
        if a.brand != brand:
            brand = a.brand
            key = "accounts.list.brand_continued" if page.continued and row is page.rows[0] else "accounts.list.brand"
            lines.append("\n" + tr(key, brand=user_text(brand)))
        flags = tr("accounts.list.owed") if a.rotation_requested_at else ""
        if all_findings(a):
            flags += tr("accounts.list.warned")
        lines.append(tr("accounts.list.row", network=a.network, handle=user_text(a.handle),
                        custodian=a.custodian_id, twofa=twofa_text(tr, a), rotation=_rotation(tr, a, now),
                        grants=row.open_grants, mailbox=mailbox_text(tr, a), flags=flags))
    text = "\n".join(lines)
    body = sections(text)
    if page.pages > 1:
        first, last = page.rows[0].account.brand, page.rows[-1].account.brand
        if first == last:
            where = tr("accounts.list.page_one_brand", page=page.number, pages=page.pages, shown=len(page.rows),
                       brand=user_text(first))
        else:
            where = tr("accounts.list.page", page=page.number, pages=page.pages, shown=len(page.rows),
                       first=user_text(first), last=user_text(last))
        text += "\n" + where + "\n" + tr("accounts.list.export_hint")
        buttons = []
        if page.number > 1:
            buttons.append(button(tr("accounts.list.previous"), I.A_PAGE_PREV, str(page.number - 1)))
        if page.number < page.pages:
            buttons.append(button(tr("accounts.list.next"), I.A_PAGE_NEXT, str(page.number + 1)))
        body += [context(where, tr("accounts.list.export_hint")), actions(*buttons, block_id=I.B_PAGE)]
    return text, body


def warnings(tr: Translator, account: AccountView) -> list[str]:
    """Not blocking, but worth fixing: shown after a save and in `show`."""
    out = []
    if account.rotation_requested_at is not None:
        out.append(tr("accounts.warn.rotation_owed", date=_date(account.rotation_requested_at),
                      reason=tr(f"accounts.reason.{account.rotation_reason or 'compromised'}")))
    for finding in all_findings(account):
        code = finding["code"]
        if code == "member":
            out.append(tr("accounts.warn.member", user=finding.get("user", "")))
        elif code == "company_domain":
            out.append(tr("accounts.warn.company_domain", domain=user_text(finding.get("domain", ""))))
        elif code in ("mailbox_agency", "mailbox_employee"):
            out.append(tr(f"accounts.warn.{code}", network=account.network, handle=user_text(account.handle)))
        elif code == "twofa_off":
            out.append(tr("accounts.warn.twofa_off"))
    return out


def _knowers(tr: Translator, knowers: list[tuple[str, str, datetime]]) -> str:
    return ", ".join(f"<@{user}> ({tr(f'accounts.knower.{source}')}, {_date(since)})"
                     for user, source, since in knowers) or tr("accounts.none")


def detail(tr: Translator, d: Detail, now: datetime) -> tuple[str, list[Block]]:
    a = d.account
    days = days_since(a, now)
    rotation = tr("accounts.list.no_password") if days is None else \
        tr("accounts.show.rotated_on", date=_date(a.last_rotated_at), days=days)
    lines = [
        tr("accounts.show.title", network=a.network, handle=user_text(a.handle), brand=user_text(a.brand)),
        tr("accounts.show.status", status=tr(f"accounts.status.{a.status}")),
        tr("accounts.show.url", url=user_text(a.profile_url) if a.profile_url else tr("accounts.none")),
        tr("accounts.show.custodian", custodian=a.custodian_id, creator=a.created_by, date=_date(a.created_at)),
        tr("accounts.show.mailbox_public", creator=tr(f"accounts.creator.{a.mailbox_created_by}"),
           held=tr("accounts.mailbox.show_held" if a.has_mailbox_password else "accounts.mailbox.show_not_held")),
        tr("accounts.show.twofa", twofa=twofa_text(tr, a)),
        tr("accounts.show.rotation", rotation=rotation),
        tr("accounts.show.grants", n=d.open_grants),
    ]
    if d.private:
        none = tr("accounts.none")
        lines += [
            tr("accounts.show.login", email=user_text(a.login_email)),
            tr("accounts.show.recovery", email=user_text(a.recovery_email) if a.recovery_email else none,
               phone=user_text(a.recovery_phone) if a.recovery_phone else none,
               codes=tr("accounts.yes" if d.has_recovery_codes else "accounts.no")),
            tr("accounts.show.knowers", who=_knowers(tr, d.knowers)),
            tr("accounts.show.mailbox_recovery",
               email=user_text(a.mailbox_recovery_email) if a.mailbox_recovery_email else none,
               phone=user_text(a.mailbox_recovery_phone) if a.mailbox_recovery_phone else none),
            tr("accounts.show.mailbox_knowers", who=_knowers(tr, d.mailbox_knowers)),
        ]
        if a.notes:
            lines.append(tr("accounts.show.notes", notes=user_text(a.notes)))
    warns = warnings(tr, a)
    text = "\n".join(lines + ([tr("accounts.warn.title"), *warns] if warns else []))
    blocks = [section("\n".join(lines))]
    if warns:
        blocks += [divider(), section("\n".join([tr("accounts.warn.title"), *warns]))]
    if not d.private:
        blocks.append(context(tr("accounts.show.private_hidden")))
    return text, blocks


def saved_text(tr: Translator, key: str, account: AccountView) -> str:
    """The confirmation after add/edit, with the warnings that apply."""
    return "\n".join([tr(key, network=account.network, handle=user_text(account.handle)), *warnings(tr, account)])


def compromised_alert(tr: Translator, c: Compromised) -> str:
    return tr("accounts.compromised.alert", reporter=c.reporter, network=c.network, handle=user_text(c.handle))


def compromised_reply(tr: Translator, c: Compromised) -> str:
    """The reporter's answer: everyone alerted now, or (a repeated report) when that was done."""
    handle = user_text(c.handle)
    if c.already_reported_at is not None:
        return tr("accounts.compromised.already", network=c.network, handle=handle, custodian=c.custodian_id,
                  time=_local(c.already_reported_at, c.timezone, "%Y-%m-%d %H:%M"))
    return tr("accounts.compromised.reported", network=c.network, handle=handle, custodian=c.custodian_id)


def _secret_section(secret: str) -> Block:
    # plain_text, emoji off: the secret is shown exactly as stored, with no markup applied.
    return {"type": "section", "text": {"type": "plain_text", "text": secret[:3000], "emoji": False}}


def reveal_modal(tr: Translator, r: Revealed) -> Block:
    blocks: list[Block] = [section(tr("accounts.reveal.text", network=r.network, handle=user_text(r.handle)))]
    if r.password:
        blocks.append(_secret_section(r.password))
    if r.recovery_codes:
        blocks += [section(tr("accounts.reveal.codes")), _secret_section(r.recovery_codes)]
    if r.mailbox_password:
        blocks = [section(tr("accounts.reveal.mailbox_text", network=r.network, handle=user_text(r.handle),
                             email=user_text(r.login_email or ""))),
                  _secret_section(r.mailbox_password)]
    return modal(tr("accounts.modal.reveal_title"), I.REVEAL_VIEW, blocks, close=tr("accounts.modal.done"))


def generated_modal(tr: Translator, network: str, handle: str, password: str) -> Block:
    blocks = [section(tr("accounts.generated.text", network=network, handle=user_text(handle))),
              _secret_section(password)]
    return modal(tr("accounts.modal.generated_title"), I.DONE_VIEW, blocks, close=tr("accounts.modal.done"))


def problem_text(tr: Translator, r: Revealed) -> str:
    key = f"accounts.reveal.problem.{r.problem}"
    if r.problem not in ("cannot_decrypt", "unknown_key"):
        key = "accounts.reveal.problem.cannot_decrypt"
    return tr(key, network=r.network, handle=user_text(r.handle))


def csv_filename(team_id: str, now: datetime) -> str:
    return f"accounts-{team_id}-{now:%Y%m%d}.csv"


def _local(at: datetime, tz: str, fmt: str) -> str:
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return at.astimezone(zone).strftime(fmt)


def rotated_line(tr: Translator, s: Settlement) -> str:
    """What replaces a settled task's button: who rotated it, at what time (workspace zone)."""
    if s.by is None or s.at is None:
        return tr("accounts.task.closed")
    return tr("accounts.task.rotated_by", user=s.by, time=_local(s.at, s.timezone, "%H:%M"))


def settled_task_blocks(tr: Translator, text: str, s: Settlement) -> list[Block]:
    return [section(text), context(rotated_line(tr, s))]


def stale_task_text(tr: Translator, s: Settlement) -> str:
    """The answer to a task button pressed after the rotation (it may have been days ago)."""
    if s.by is None or s.at is None:
        return tr("accounts.task.not_owed", network=s.network, handle=user_text(s.handle))
    return tr("accounts.task.already_rotated", network=s.network, handle=user_text(s.handle), user=s.by,
              time=_local(s.at, s.timezone, "%Y-%m-%d %H:%M"))
