"""The rows of the authorization matrix: the SPEC written down, one privileged action each.

Columns (see authz_matrix_kit.ROLES): admin custodian approver crisis_lead publisher auditor
member guest other_ws. `allowed` names the columns that may; every other column is refused.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from handlers.access.ids import AccessIds
from handlers.posts.ids import PostsIds
from storage.models import (
    AccessRequest,
    Account,
    AuditEntry,
    Commitment,
    Grant,
    PasswordKnower,
    Post,
    PostSettings,
    RoleAssignment,
    Workspace,
)
from tests.access.support import make_account
from tests.accounts.kit import account_values
from tests.core.authz_matrix_kit import (
    APPROVALS,
    AUTHOR,
    GENERAL,
    PUBLISHER2,
    REQUESTER,
    ROOT,
    TARGET,
    TEAM,
    USERS,
    Action,
    Who,
    World,
    row,
)

ADMIN = "admin"
CUSTODIANS = "admin custodian"
APPROVERS = "admin approver"
STRONG = "Correct-Horse-Battery-Staple-42"


# ---- helpers: fresh objects, made as their owners make them ---------------------------------

def account(w: World, *, password: bool = False) -> tuple[int, str]:
    """A fresh account of ours whose custodian is the matrix's custodian: (id, handle)."""
    handle = w.fresh("acct")
    if not password:
        return make_account(w.db, handle, custodian=USERS["custodian"]), handle
    w.driver.command(USERS["custodian"], "/accounts", "add")
    w.driver.submit(USERS["custodian"], account_values(
        handle=f"@{handle}", custodian=USERS["custodian"], password_mode="type", password=STRONG))
    return _account_id(w, handle), handle


def _account_id(w: World, handle: str) -> int:
    with w.db.uow() as s:
        return int(s.scalars(select(Account.id).where(Account.team_id == TEAM, Account.handle == handle)).one())


def _get(w: World, model: Any, ident: int) -> Any:
    with w.db.uow() as s:
        found = s.get(model, ident)
        assert found is not None
        s.expunge(found)
        return found


def _audited(w: World, action: str, actor: str) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(AuditEntry.seq).where(
            AuditEntry.team_id == TEAM, AuditEntry.action == action, AuditEntry.actor == actor,
            AuditEntry.outcome != "refused")).first() is not None


def access_request(w: World) -> int:
    """A pending request of a plain member, posted to the approvals channel with its buttons."""
    _, handle = account(w)
    w.driver.command(REQUESTER, "/access", f"request @{handle} editor for 7d launch week")
    with w.db.uow() as s:
        return int(s.scalars(select(AccessRequest.id).order_by(AccessRequest.id.desc())).first() or 0)


def approved_grant(w: World) -> int:
    """A grant awaiting fulfilment: the request approved by the deployment's admin (not a column)."""
    request_id = access_request(w)
    w.driver.click(ROOT, AccessIds.APPROVE, value=str(request_id), channel=APPROVALS)
    with w.db.uow() as s:
        return int(s.scalars(select(Grant.id).where(Grant.request_id == request_id)).one())


def active_grant(w: World) -> int:
    """A grant the custodian has fulfilled (Done on their task, as the task's DM sends it)."""
    grant_id = approved_grant(w)
    w.driver.forged_click(USERS["custodian"], AccessIds.DONE, str(grant_id))
    assert _get(w, Grant, grant_id).status == "active"
    return grant_id


def _status_of(model: Any, *states: str) -> Any:
    return lambda w, ident, _a: _get(w, model, ident).status in states


# ---- /socialops: workspace settings and roles (SPEC §9, §1) ---------------------------------

def _reset_digest(w: World) -> None:
    with w.db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        ws.digest_channel = "C0DIGEST"


def _digest_moved(w: World, _o: Any, _a: Who) -> bool:
    return bool(_get(w, Workspace, TEAM).digest_channel == GENERAL)


def _no_target_role(w: World) -> None:
    with w.db.uow() as s:
        for held in s.scalars(select(RoleAssignment).where(RoleAssignment.user_id == TARGET)):
            s.delete(held)


def _target_role(w: World) -> None:
    _no_target_role(w)
    with w.db.uow() as s:
        s.add(RoleAssignment(team_id=TEAM, user_id=TARGET, role="approver", granted_by="U0ADMIN"))


def _target_holds(w: World) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(RoleAssignment.id).where(
            RoleAssignment.team_id == TEAM, RoleAssignment.user_id == TARGET)).first() is not None


ADMIN_ROWS: list[Action] = [
    row("socialops.setup", "§9 /socialops setup (admin)", ADMIN,
        _reset_digest, lambda w, a, _: a.command("/socialops", f"setup digest <#{GENERAL}|general>"), _digest_moved),
    row("socialops.role_add", "§1 assign roles (admin)", ADMIN,
        _no_target_role, lambda w, a, _: a.command("/socialops", f"role add <@{TARGET}> approver"),
        lambda w, _o, _a: _target_holds(w)),
    row("socialops.role_remove", "§1 assign roles (admin)", ADMIN,
        _target_role, lambda w, a, _: a.command("/socialops", f"role remove <@{TARGET}> approver"),
        lambda w, _o, _a: not _target_holds(w)),
]


# ---- /accounts: the inventory and the vault (SPEC §2) ---------------------------------------

def _add(w: World, a: Who, handle: str) -> None:
    a.command("/accounts", "add")
    a.submit(account_values(handle=f"@{handle}", custodian=USERS["custodian"]))


def _exists(w: World, handle: str, _a: Who) -> bool:
    with w.db.uow() as s:
        found = s.scalars(select(Account.id).where(Account.team_id == TEAM, Account.handle == handle)).first()
        return found is not None


def _knows(w: World, obj: tuple[int, str], user: str) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(PasswordKnower.id).where(
            PasswordKnower.account_id == obj[0], PasswordKnower.user_id == user)).first() is not None


def _rotated(w: World, obj: tuple[int, str], _a: Who) -> bool:
    return _get(w, Account, obj[0]).last_rotated_by == _a.user


ACCOUNTS_ROWS: list[Action] = [
    row("accounts.add", "§2 /accounts add (custodian)", CUSTODIANS,
        lambda w: w.fresh("new"), _add, _exists),
    row("accounts.edit", "§2 manage the inventory (custodian of the account)", CUSTODIANS,
        account, lambda w, a, o: (a.command("/accounts", f"edit @{o[1]}"),
                                  a.submit({"acct_notes.value": "edited by the matrix"})),
        lambda w, o, _a: _get(w, Account, o[0]).notes == "edited by the matrix"),
    row("accounts.archive", "§2 /accounts archive (custodian)", CUSTODIANS,
        account, lambda w, a, o: a.command("/accounts", f"archive @{o[1]}"),
        lambda w, o, _a: _get(w, Account, o[0]).status == "archived"),
    row("accounts.reveal", "§2 /accounts reveal: custodians only, each view logged", CUSTODIANS,
        lambda w: account(w, password=True), lambda w, a, o: a.command("/accounts", f"reveal @{o[1]}"),
        lambda w, o, a: _audited(w, "account.reveal", a.user), reads=True),
    row("accounts.rotate", "§2 /accounts rotate (custodian)", CUSTODIANS,
        lambda w: account(w, password=True),
        lambda w, a, o: (a.command("/accounts", f"rotate @{o[1]}"),
                         a.submit({"acct_password_mode.value": "generate"})),
        _rotated),
    row("accounts.export", "§2 /accounts export; §1 auditor reads the inventory", "admin custodian auditor",
        account, lambda w, a, o: a.command("/accounts", "export"),
        lambda w, o, a: _audited(w, "accounts.export", a.user), reads=True),
]


def _shows(w: World, what: str, a: Who) -> bool:
    """A read: what it reveals (an account's handle, say) is in what they were shown."""
    return what in a.seen()


def _grant_handle(w: World) -> str:
    grant = _get(w, Grant, active_grant(w))
    return str(_get(w, Account, grant.account_id).handle)


# ---- /access: requests, approvals, fulfilment, revocation, commitments (SPEC §3) ------------

def _fresh_target(w: World) -> str:
    """A new workspace member with nothing on file (a commitment's subject)."""
    user = f"U0T{next(w.seq)}"
    w.slack.add_user(user, user.lower(), real_name=f"Target {user}", email=f"{user.lower()}@agency.example",
                     is_restricted=True)
    return user


def _committed(w: World, user: str, _a: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(Commitment.id).where(Commitment.team_id == TEAM, Commitment.user_id == user)).first() \
            is not None


ACCESS_ROWS: list[Action] = [
    row("access.approve", "§3 approvers: admins and approvers, never the requester", APPROVERS,
        access_request, lambda w, a, r: a.click(AccessIds.APPROVE, str(r)), _status_of(AccessRequest, "approved")),
    row("access.deny", "§3 approvers: admins and approvers (Deny asks for a reason)", APPROVERS,
        access_request, lambda w, a, r: (a.click(AccessIds.DENY, str(r)),
                                         a.submit({f"{AccessIds.B_REASON}.value": "not this week"})),
        _status_of(AccessRequest, "denied")),
    row("access.fulfil", "§3 the account's custodian presses Done", CUSTODIANS,
        approved_grant, lambda w, a, g: a.click(AccessIds.DONE, str(g), channel=GENERAL), _status_of(Grant, "active")),
    row("access.revoke", "§1 custodian: fulfil and revoke access; §3 /access revoke <grant-id>", CUSTODIANS,
        active_grant, lambda w, a, g: a.command("/access", f"revoke {g}"),
        _status_of(Grant, "revoking", "revoked", "ended")),
    row("access.nda", "§3 /access nda @user <link> (custodian/admin)", CUSTODIANS,
        _fresh_target, lambda w, a, u: a.command("/access", f"nda <@{u}> https://docs.example/nda/{u}"), _committed),
    row("access.list_others", "§1 auditor reads grants; members list only their own",
        "admin custodian approver auditor",
        _grant_handle, lambda w, a, _h: a.command("/access", f"list <@{REQUESTER}>"), _shows, reads=True),
]


# ---- /post: approval, publication, settings, holds (SPEC §5) --------------------------------

def post(w: World, *, approved: bool = False) -> int:
    """A pending post of the author's (a publisher) on a fresh account, a week ahead."""
    _, handle = account(w)
    when = (w.clock() + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    w.driver.command(AUTHOR, "/post", f"new instagram:{handle} {when} Spring is here {handle}")
    with w.db.uow() as s:
        post_id = int(s.scalars(select(Post.id).where(Post.author_id == AUTHOR).order_by(Post.id.desc())).first() or 0)
    assert _get(w, Post, post_id).status == "pending", "the post did not go to approval"
    if approved:
        w.driver.forged_click(ROOT, PostsIds.APPROVE, f"{post_id}:1", channel=APPROVALS)
        assert _get(w, Post, post_id).status == "approved"
    return post_id


def _published(w: World, post_id: int, _a: Who) -> bool:
    return bool(_get(w, Post, post_id).status == "published")


def _reassigned(w: World, post_id: int, _a: Who) -> bool:
    return bool(_get(w, Post, post_id).publisher_id == PUBLISHER2)


def _reset_approvals(w: World) -> None:
    with w.db.uow() as s:
        s.execute(delete(PostSettings).where(PostSettings.team_id == TEAM))


def _two_approvals(w: World, _o: Any, _a: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(PostSettings.id).where(PostSettings.team_id == TEAM)).first() is not None


def _brand_post(w: World) -> tuple[int, str]:
    """An approved post of a fresh brand, due within the hold's 24 hours."""
    brand = w.fresh("Brand")
    handle = w.fresh("held")
    with w.db.uow() as s:
        acct = Account(team_id=TEAM, brand=brand, network="instagram", handle=handle,
                       login_email=f"{handle}@acme.example", created_by=USERS["custodian"],
                       custodian_id=USERS["custodian"], status="active")
        s.add(acct)
    when = (w.clock() + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M")
    w.driver.command(AUTHOR, "/post", f"new instagram:{handle} {when} Soon {handle}")
    with w.db.uow() as s:
        post_id = int(s.scalars(select(Post.id).where(Post.author_id == AUTHOR).order_by(Post.id.desc())).first() or 0)
    return post_id, brand


POSTS_ROWS: list[Action] = [
    row("post.approve", "§5 approvers approve; nobody approves their own post", APPROVERS,
        post, lambda w, a, p: a.click(PostsIds.APPROVE, f"{p}:1"), _status_of(Post, "approved")),
    row("post.reject", "§5 Reject (asks for a comment): approvers", APPROVERS,
        post, lambda w, a, p: (a.click(PostsIds.REJECT, f"{p}:1"),
                               a.submit({f"{PostsIds.B_COMMENT}.value": "off brand"})),
        _status_of(Post, "rejected")),
    row("post.published", "§1 publisher marks published (the post's publisher, or an admin)", ADMIN,
        lambda w: post(w, approved=True),
        lambda w, a, p: a.command("/post", f"published {p} https://instagram.com/p/{p}"), _published),
    row("post.cancel", "§5 /post cancel: its author, an approver or an admin", APPROVERS,
        post, lambda w, a, p: a.command("/post", f"cancel {p}"), _status_of(Post, "cancelled")),
    row("post.reassign", "§5 reassign a post: its author, an approver or an admin", APPROVERS,
        post, lambda w, a, p: a.command("/post", f"reassign {p} <@{PUBLISHER2}>"), _reassigned),
    row("post.settings", "§9 approvals required (admin)", ADMIN,
        _reset_approvals, lambda w, a, _: a.command("/post", "settings approvals 2"), _two_approvals),
    row("post.hold", "§5 hold a brand's posts (approvers and admins)", APPROVERS,
        _brand_post, lambda w, a, o: a.command("/post", f"hold {o[1]} 24 recall"),
        lambda w, o, _a: _get(w, Post, o[0]).status == "held"),
]

MATRIX: list[Action] = [*ADMIN_ROWS, *ACCOUNTS_ROWS, *ACCESS_ROWS, *POSTS_ROWS]
