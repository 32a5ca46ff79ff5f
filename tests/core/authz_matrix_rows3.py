"""The rest of the matrix: the buttons behind the commands (fulfilment tasks, reviews, post
reminders, holds, statements, reports, jobs, checklists), the party-only actions, the reads that
reveal something restricted, and the custodian of *another* account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from handlers.access.ids import AccessIds
from handlers.handover.ids import HandoverIds
from handlers.jobs.ids import JobsIds
from handlers.kpi.reports.ids import KpiReportsIds
from handlers.posts.ids import PostsIds
from storage.models import AccessRequest, AccessReview, Account, Grant, HandoverItem, KpiReport, Post, PostVariant
from tests.access.support import make_account
from tests.core.authz_matrix_kit import APPROVALS, CUSTODIAN2, GENERAL, REQUESTER, ROOT, TEAM, Action, Who, World, row
from tests.core.authz_matrix_rows import (
    ADMIN,
    APPROVERS,
    CUSTODIANS,
    _get,
    _shows,
    _status_of,
    access_request,
    account,
    active_grant,
    approved_grant,
    post,
)
from tests.core.authz_matrix_rows2 import _brand_post_held, _failed_delivery, _february_data, act

NOBODY = ""  # a party-only action: no role makes someone else the party

# ---- access: the custodian's tasks, the holder's and the requester's own buttons (SPEC §3) ---


def revoking_grant(w: World) -> int:
    """A grant whose revocation the deployment's admin asked for: the custodian's removal task."""
    grant_id = active_grant(w)
    w.driver.command(ROOT, "/access", f"revoke {grant_id}")
    assert _get(w, Grant, grant_id).status == "revoking"
    return grant_id


def review(w: World) -> int:
    """A pending review of an active grant, addressed to the account's custodian."""
    grant_id = active_grant(w)
    with w.db.uow() as s:
        row_ = AccessReview(team_id=TEAM, cycle=w.fresh("2026-03-c"), grant_id=grant_id,
                            custodian_id=_get(w, Account, _get(w, Grant, grant_id).account_id).custodian_id,
                            status="pending", created_at=w.clock())
        s.add(row_)
        s.flush()
        return int(row_.id)


def others_grant(w: World) -> int:
    """A grant awaiting fulfilment on an account another custodian holds."""
    handle = w.fresh("theirs")
    make_account(w.db, handle, custodian=CUSTODIAN2)
    w.driver.command(REQUESTER, "/access", f"request @{handle} editor for 7d launch week")
    with w.db.uow() as s:
        request_id = int(s.scalars(select(AccessRequest.id).order_by(AccessRequest.id.desc())).first() or 0)
    w.driver.forged_click(ROOT, AccessIds.APPROVE, str(request_id), channel=APPROVALS)
    with w.db.uow() as s:
        return int(s.scalars(select(Grant.id).where(Grant.request_id == request_id)).one())


def _request_handle(w: World) -> str:
    """A pending request's account handle: what the list of pending requests reveals. Earlier cells'
    leftovers are withdrawn first, so the list (the oldest 50) surely shows this one."""
    with w.db.uow() as s:
        s.execute(update(AccessRequest).where(AccessRequest.status == "pending").values(status="cancelled"))
    request = _get(w, AccessRequest, access_request(w))
    return str(_get(w, Account, request.account_id).handle)


def _cannot(w: World, a: Who, grant_id: int) -> Any:
    return a.click(AccessIds.CANNOT, str(grant_id)), a.submit({f"{AccessIds.B_REASON}.value": "no such role there"})


ACCESS_TASK_ROWS: list[Action] = [
    row("access.cannot", "§3 fulfilment task: the account's custodian (or an admin) says it cannot be done",
        CUSTODIANS, approved_grant, _cannot, _status_of(Grant, "unfulfillable")),
    row("access.revoked", "§3 revocation task: the custodian presses Revoked", CUSTODIANS,
        revoking_grant, lambda w, a, g: a.click(AccessIds.REVOKED, str(g)), _status_of(Grant, "revoked")),
    row("access.review_keep", "§3 access review: custodians Keep / Revoke", CUSTODIANS,
        review, lambda w, a, r: a.click(AccessIds.REVIEW_KEEP, str(r)), _status_of(AccessReview, "kept")),
    row("access.review_revoke", "§3 access review: custodians Keep / Revoke", CUSTODIANS,
        review, lambda w, a, r: a.click(AccessIds.REVIEW_REVOKE, str(r)), _status_of(AccessReview, "revoked")),
    row("access.fulfil_others_account", "§2 custodian of the account: another account's custodian may not", ADMIN,
        others_grant, lambda w, a, g: a.click(AccessIds.DONE, str(g)), _status_of(Grant, "active")),
    row("access.withdraw", "§3 a request is its requester's to withdraw", NOBODY,
        access_request, lambda w, a, r: a.command("/access", f"withdraw {r}"), _status_of(AccessRequest, "cancelled")),
    row("access.pending", "§3 approvers: the requests waiting for their decision", APPROVERS,
        _request_handle, lambda w, a, h: a.command("/access", "pending"), _shows, reads=True),
    row("access.extend", "§3 a grant's holder asks to extend it", NOBODY,
        active_grant, lambda w, a, g: a.click(AccessIds.EXTEND, str(g)),
        lambda w, g, a: bool(w.slack.views(a.user)), reads=True),
]


# ---- accounts: another custodian's account (SPEC §2: seen only by custodians, each view logged)

def others_account(w: World) -> tuple[int, str]:
    from tests.accounts.kit import account_values
    from tests.core.authz_matrix_rows import STRONG

    handle = w.fresh("vaulted")
    w.driver.command(CUSTODIAN2, "/accounts", "add")
    w.driver.submit(CUSTODIAN2, account_values(handle=f"@{handle}", custodian=CUSTODIAN2,
                                               password_mode="type", password=STRONG))
    with w.db.uow() as s:
        return int(s.scalars(select(Account.id).where(Account.handle == handle)).one()), handle


def _revealed_to(w: World, obj: tuple[int, str], a: Who) -> bool:
    return any(v.get("callback_id", "").startswith("accounts_reveal") or "reveal" in str(v.get("callback_id"))
               for v in w.slack.views(a.user))


ACCOUNTS_OTHER_ROWS: list[Action] = [
    row("accounts.reveal_others_account", "§2 reveal: the account's custodian or an admin, not any custodian",
        ADMIN, others_account, lambda w, a, o: a.command("/accounts", f"reveal @{o[1]}"), _revealed_to, reads=True),
    row("accounts.archive_others_account", "§2 archive: the account's custodian or an admin", ADMIN,
        others_account, lambda w, a, o: a.command("/accounts", f"archive @{o[1]}"),
        lambda w, o, _a: _get(w, Account, o[0]).status == "archived"),
]


# ---- posts: the author's own, the reviewers' and the publisher's buttons (SPEC §5) ----------

def _new_post(w: World, a: Who, obj: tuple[int, str]) -> Any:
    return a.command("/post", f"new instagram:{obj[1]} 2026-03-20 10:00 Launch day {obj[1]}")


def _posted(w: World, obj: tuple[int, str], a: Who) -> bool:
    """A post by this actor on the fresh account."""
    with w.db.uow() as s:
        return s.scalars(select(Post.id).join(PostVariant, PostVariant.post_id == Post.id).where(
            Post.team_id == TEAM, Post.author_id == a.user, PostVariant.account_id == obj[0])).first() is not None


def _changes(w: World, a: Who, p: int) -> Any:
    return a.click(PostsIds.CHANGES, f"{p}:1"), a.submit({f"{PostsIds.B_COMMENT}.value": "shorter, please"})


def _mark_published(w: World, a: Who, p: int) -> Any:
    return a.click(PostsIds.MARK_PUBLISHED, f"{p}:1"), a.submit({f"{PostsIds.B_URL}.value": f"https://x.com/p/{p}"})


def _edit_post(w: World, a: Who, p: int) -> Any:
    return a.command("/post", f"edit {p}"), a.submit({f"{PostsIds.B_COPY}.value": "Spring is really here"})


POSTS_MORE_ROWS: list[Action] = [
    row("post.new", "§1 publisher: draft posts (custodians and admins too)", "admin custodian publisher",
        account, _new_post, _posted),
    row("post.changes", "§5 Request changes (asks for a comment): approvers", APPROVERS,
        post, _changes, _status_of(Post, "changes_requested")),
    row("post.edit", "§5 an edited post goes back to approval: its author edits it", NOBODY,
        post, _edit_post, lambda w, p, _a: _get(w, Post, p).revision == 2),
    row("post.mark_published", "§5 Mark published: the post's publisher (or an admin)", ADMIN,
        lambda w: post(w, approved=True), _mark_published, _status_of(Post, "published")),
    row("post.hold_release", "§5 approvers are asked to release or reschedule each held post", APPROVERS,
        _brand_post_held, lambda w, a, p: a.click(PostsIds.HOLD_RELEASE, f"{p}:1"),
        lambda w, p, _a: _get(w, Post, p).status != "held"),
]


# ---- reports, jobs, handover checklists and reads -----------------------------------------

def _report(w: World) -> tuple[int, int]:
    """February's report on record, and how many files the stand-in has taken so far."""
    _february_data(w)
    with w.db.uow() as s:
        report_id = s.scalars(select(KpiReport.id).order_by(KpiReport.id)).first()
    if report_id is None:
        w.driver.command(ROOT, "/kpi", "report 2026-02")
        with w.db.uow() as s:
            report_id = s.scalars(select(KpiReport.id).order_by(KpiReport.id)).first()
    assert report_id is not None
    return int(report_id), _uploads(w)


def _uploads(w: World) -> int:
    return len(w.slack.calls_to("files.completeUploadExternal"))


def leaver_act(w: World) -> tuple[int, int]:
    """An act for a leaver holding an active grant: (act id, the grant's revoke item id)."""
    from tests.core.authz_matrix_rows2 import _leaver

    leaving, receiving = _leaver(w)
    _, handle = account(w)
    w.driver.command(leaving, "/access", f"request @{handle} editor for 7d launch week")
    with w.db.uow() as s:
        request_id = int(s.scalars(select(AccessRequest.id).order_by(AccessRequest.id.desc())).first() or 0)
    w.driver.forged_click(ROOT, AccessIds.APPROVE, str(request_id), channel=APPROVALS)
    with w.db.uow() as s:
        grant_id = int(s.scalars(select(Grant.id).where(Grant.request_id == request_id)).one())
    w.driver.forged_click(ROOT, AccessIds.DONE, str(grant_id))
    w.driver.command(ROOT, "/handover", f"start <@{leaving}> to <@{receiving}>")
    with w.db.uow() as s:
        item = s.scalars(select(HandoverItem).where(HandoverItem.kind == "grant.revoke",
                                                     HandoverItem.subject_id == str(grant_id))).one()
        return int(item.act_id), int(item.id)


def _item_moved(w: World, obj: tuple[int, int], _a: Who) -> bool:
    return bool(_get(w, HandoverItem, obj[1]).status != "open")


def _act_number(w: World) -> tuple[str, str]:
    """An act's number, and its leaver: what only a reader is shown (a "no such act" echoes the number)."""
    _, number, leaving, _ = act(w)
    return number, leaving


def _shows_act(w: World, obj: tuple[str, str], a: Who) -> bool:
    return _shows(w, f"<@{obj[1]}>", a)


REST_ROWS: list[Action] = [
    row("kpi.report_send", "§10 reports kept on record; §1 auditor reads them (approvers, admins)",
        "admin approver auditor", _report, lambda w, a, o: a.click(KpiReportsIds.SEND, str(o[0]), channel=GENERAL),
        lambda w, o, _a: _uploads(w) > o[1], reads=True),
    row("jobs.retry_button", "§9 admins: Retry on a failed delivery", ADMIN,
        _failed_delivery, lambda w, a, d: a.click(JobsIds.RETRY, str(d), channel=GENERAL),
        lambda w, d, _a: _delivery_state(w, d) == "pending"),
    row("handover.item", "§4 the checklist is worked by custodians and admins (revoke each grant)", CUSTODIANS,
        leaver_act, lambda w, a, o: a.click(HandoverIds.A_ITEM, f"{o[0]}:{o[1]}", channel=GENERAL), _item_moved),
    row("handover.show", "§1 auditor reads acts; custodians, admins and the parties", "admin custodian auditor",
        _act_number, lambda w, a, o: a.command("/handover", f"show {o[0]}"), _shows_act, reads=True),
]


def _delivery_state(w: World, d: int) -> str:
    from storage.models import Delivery

    return str(_get(w, Delivery, d).state)


LAST_ROWS: list[Action] = [*ACCESS_TASK_ROWS, *ACCOUNTS_OTHER_ROWS, *POSTS_MORE_ROWS, *REST_ROWS]
