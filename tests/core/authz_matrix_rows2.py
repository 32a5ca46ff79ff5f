"""More rows of the authorization matrix: crises, reply templates, KPIs, brand profiles,
scheduled jobs and handover acts (SPEC §4, §6, §7, §8, §9, §10)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.core.authz import Actor
from bot.crisis import statements
from bot.devtools.slack.shapes import Json
from bot.replies import templates
from bot.replies.views import Draft
from handlers.crisis.record.ids import CrisisRecordIds
from handlers.handover.ids import HandoverIds
from handlers.replies.ids import RepliesIds
from storage.models import (
    AuditEntry,
    BrandProfile,
    Crisis,
    CrisisStatement,
    Delivery,
    HandoverAct,
    KpiDefinition,
    KpiReport,
    KpiScope,
    KpiScopeAccount,
    KpiValue,
    Post,
    ReplyTemplate,
    ReplyTemplateVersion,
)
from tests.conftest import run_as
from tests.core.authz_matrix_kit import (
    AUTHOR,
    REQUESTER,
    ROOT,
    TEAM,
    USERS,
    Action,
    Who,
    World,
    row,
)
from tests.core.authz_matrix_rows import ADMIN, APPROVERS, CUSTODIANS, _get, account

# ---- /crisis (SPEC §6, §1 crisis lead) --------------------------------------------------------


def crisis(w: World, *, severity: str = "sev3") -> tuple[int, str, str]:
    """An open crisis a plain member reported, with its channel; its chain pages only the deployment's
    admin (not a column), so no column is a crisis lead by being on it. (id, channel, number)."""
    from tests.crisis.support_record import seed_crisis

    n = next(w.seq)
    channel = f"C0CRI{n:04d}"
    crisis_id = seed_crisis(w.rt, w.slack, w.clock, number=f"CRI-2026-{n:04d}", channel=channel,
                            severity=severity, reporter=REQUESTER, chain=[{"users": [ROOT], "ack_minutes": 5}])
    members = w.slack.workspace.channels[channel].members
    members += [u for r, u in USERS.items() if r != "other_ws" and u not in members]
    return crisis_id, channel, f"CRI-2026-{n:04d}"


def statement(w: World) -> tuple[int, str]:
    """A pending holding statement the reporter drafted: (statement id, channel)."""
    crisis_id, channel, _ = crisis(w)
    actor = Actor(TEAM, REQUESTER)
    parts = {"empathy": "We hear you.", "facts": "A video.", "unknowns": "Who.", "actions": "Reviewing.",
             "next_update": "In an hour."}
    view = run_as(w.db, actor, lambda s: statements.draft(s, actor, crisis_id, parts, w.clock()), w.clock())
    return int(view.id), channel


def _crisis(w: World, obj: tuple[int, str, str]) -> Crisis:
    return _get(w, Crisis, obj[0])  # type: ignore[no-any-return]


def _audited_by(w: World, action: str, actor: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(AuditEntry.seq).where(
            AuditEntry.team_id == TEAM, AuditEntry.action == action, AuditEntry.actor == actor.user,
            AuditEntry.outcome != "refused")).first() is not None


def _crisis_setup(w: World, a: Who) -> None:
    a.command("/crisis", "setup sev3")
    a.submit({"crisis_setup_level_1.value": [ROOT]})  # the rest as prefilled: the defaults


CRISIS_ROWS: list[Action] = [
    row("crisis.setup", "§9 escalation chain per severity (admin)", ADMIN,
        lambda w: None, lambda w, a, _: _crisis_setup(w, a),
        lambda w, _o, a: _audited_by(w, "crisis.settings_saved", a)),
    row("crisis.severity", "§6 severity: its reporter or a crisis lead (and admins)", "admin crisis_lead",
        crisis, lambda w, a, o: a.command("/crisis", f"severity sev2 {o[2]}", channel=o[1]),
        lambda w, o, _a: _crisis(w, o).severity == "sev2"),
    row("crisis.ack", "§6 Acknowledge: the paged, or a crisis lead (and admins)", "admin crisis_lead",
        crisis, lambda w, a, o: a.command("/crisis", f"ack {o[2]}", channel=o[1]),
        lambda w, o, a: _crisis(w, o).acknowledged_by == a.user),
    row("crisis.resolve", "§1 crisis lead: resolve crises (and admins)", "admin crisis_lead",
        crisis, lambda w, a, o: a.command("/crisis", f"resolve {o[2]} Video taken down, apology posted", channel=o[1]),
        lambda w, o, _a: _crisis(w, o).status == "resolved"),
    row("crisis.statement_approve", "§0.6 approved holding statements; §1 approvers approve", APPROVERS,
        statement, lambda w, a, o: a.click(CrisisRecordIds.STATEMENT_APPROVE, str(o[0]), channel=o[1]),
        lambda w, o, _a: _get(w, CrisisStatement, o[0]).status == "approved"),
]


# ---- /replies (SPEC §7: only approved templates are served; approvers approve) --------------

def template_version(w: World, *, approved: bool = False) -> int:
    """A template the author proposed (pending), or approved by the deployment's admin: its version id."""
    actor = Actor(TEAM, AUTHOR)
    draft = Draft(w.fresh("Refund "), "question", "", "en", "Hi {name}, your refund is on its way.")
    proposed = run_as(w.db, actor, lambda s: templates.propose(s, actor, draft, w.clock()), w.clock())
    if approved:
        root = Actor(TEAM, ROOT)
        run_as(w.db, root, lambda s: templates.decide(s, root, proposed.version.id, "approve", w.clock()), w.clock())
    return int(proposed.version.id)


def _template_of(w: World, version_id: int) -> ReplyTemplate:
    return _get(w, ReplyTemplate, _get(w, ReplyTemplateVersion, version_id).template_id)  # type: ignore[no-any-return]


def _versions(w: World, version_id: int) -> int:
    template_id = _get(w, ReplyTemplateVersion, version_id).template_id
    with w.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(ReplyTemplateVersion)
                            .where(ReplyTemplateVersion.template_id == template_id)) or 0)


def _edit_template(w: World, a: Who, version_id: int) -> None:
    a.command("/replies", f"edit {_template_of(w, version_id).id}")
    a.submit({"replies_text.value": "Hi {name}, the refund is on its way: 3 to 5 days."})


REPLIES_ROWS: list[Action] = [
    row("replies.approve", "§7 a template goes to an approver; four eyes", APPROVERS,
        template_version, lambda w, a, v: a.click(RepliesIds.APPROVE, str(v)),
        lambda w, v, _a: _get(w, ReplyTemplateVersion, v).state == "approved"),
    row("replies.reject", "§7 a template goes to an approver", APPROVERS,
        template_version, lambda w, a, v: a.click(RepliesIds.REJECT, str(v)),
        lambda w, v, _a: _get(w, ReplyTemplateVersion, v).state == "rejected"),
    row("replies.edit", "§7 edits create a new version: its author, an approver or an admin", APPROVERS,
        lambda w: template_version(w, approved=True), _edit_template, lambda w, v, _a: _versions(w, v) == 2),
    row("replies.retire", "§7 stop serving a template (approver or admin)", APPROVERS,
        lambda w: template_version(w, approved=True),
        lambda w, a, v: a.command("/replies", f"retire {_template_of(w, v).id}"),
        lambda w, v, _a: _template_of(w, v).retired_at is not None),
]


# ---- /kpi (SPEC §10) -----------------------------------------------------------------------

def _definition(w: World) -> int:
    _, handle = account(w)
    w.driver.command(ROOT, "/kpi", f"define followers instagram:{handle} target 1000 per month")
    with w.db.uow() as s:
        return int(s.scalars(select(KpiDefinition.id).order_by(KpiDefinition.id.desc())).first() or 0)


def _defined(w: World, obj: tuple[int, str], a: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(KpiDefinition.id).where(
            KpiDefinition.account_id == obj[0], KpiDefinition.created_by == a.user)).first() is not None


def _logged(w: World, obj: tuple[int, str], _a: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(KpiValue.id).where(KpiValue.account_id == obj[0])).first() is not None


def _scoped(w: World, obj: tuple[int, str], _a: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(KpiScopeAccount.id).where(KpiScopeAccount.account_id == obj[0])).first() is not None


def _scope(w: World) -> tuple[int, str]:
    """An account, and the agency scope it is added to (recorded once, by the deployment's admin)."""
    with w.db.uow() as s:
        if s.scalars(select(KpiScope.id).where(KpiScope.team_id == TEAM)).first() is None:
            s.add(KpiScope(team_id=TEAM, provider="Agencia Norte", report_cadence="monthly", updated_by=ROOT))
    return account(w)


def _february_data(w: World) -> None:
    """A figure logged in February, so February's report has something to report."""
    with w.db.uow() as s:
        if s.scalars(select(KpiReport.id)).first() is not None or \
                s.scalars(select(KpiValue.id).where(KpiValue.day == dt.date(2026, 2, 10))).first() is not None:
            return
    _, handle = account(w)
    w.driver.command(ROOT, "/kpi", f"log instagram:{handle} followers 900 2026-02-10")


KPI_ROWS: list[Action] = [
    row("kpi.define", "§10 objectives: admins define them", ADMIN,
        account, lambda w, a, o: a.command("/kpi", f"define followers instagram:{o[1]} target 1000 per month"),
        _defined),
    row("kpi.remove", "§10 objectives: admins remove them", ADMIN,
        _definition, lambda w, a, d: a.command("/kpi", f"remove {d}"),
        lambda w, d, _a: _get(w, KpiDefinition, d).removed_at is not None),
    row("kpi.log", "§10 /kpi log: publishers and custodians (and admins) log figures", "admin custodian publisher",
        account, lambda w, a, o: a.command("/kpi", f"log instagram:{o[1]} followers 1200"), _logged),
    row("kpi.scope", "§10 the agency scope agreed (admins)", ADMIN,
        _scope, lambda w, a, o: a.command("/kpi", f"scope instagram:{o[1]} 4"), _scoped),
    row("kpi.report", "§10 results report; §1 auditor reads everything (approvers, auditors, admins)",
        "admin approver auditor",
        _february_data, lambda w, a, _: a.command("/kpi", "report 2026-02"),
        lambda w, _o, a: _audited_by(w, "kpi.report.kept", a)),
]


# ---- /socialops brand (SPEC §8) and /socialops jobs (SPEC §9, §11) ----------------------------

def _brand(w: World) -> str:
    brand = w.fresh("Marca")
    _, handle = account(w)
    from storage.models import Account

    with w.db.uow() as s:
        found = s.scalars(select(Account).where(Account.team_id == TEAM, Account.handle == handle)).one()
        found.brand = brand
    return brand


def _brand_form(w: World) -> tuple[str, Json]:
    """A fresh brand and its profile form as the app opens it for an editor (the deployment's admin)."""
    brand = _brand(w)
    w.driver.command(ROOT, "/socialops", f"brand {brand}")
    view = w.slack.views(ROOT)[-1]
    w.slack.close_view(ROOT, view["id"])
    return brand, view


def _edit_brand(w: World, a: Who, obj: tuple[str, Json]) -> Any:
    """Editors get the form, everyone else the profile read-only; the form is what the rule guards,
    so each column submits it (a read-only viewer's client can still send it)."""
    return a.submit_view(obj[1], {"brand_tone.value": "Warm, never flippant."})


def _profiled(w: World, obj: tuple[str, Json], a: Who) -> bool:
    with w.db.uow() as s:
        return s.scalars(select(BrandProfile.id).where(
            BrandProfile.brand == obj[0], BrandProfile.updated_by == a.user)).first() is not None


def _brand_post_held(w: World) -> int:
    """A post of a fresh brand, held by the deployment's admin: the hold's list with Release."""
    from tests.core.authz_matrix_rows import _brand_post

    post_id, brand = _brand_post(w)
    w.driver.command(ROOT, "/post", f"hold {brand} 24 recall")
    assert _get(w, Post, post_id).status == "held"
    return post_id


def _failed_delivery(w: World) -> int:
    with w.db.uow() as s:
        d = Delivery(team_id=TEAM, kind="scheduler.admin_alert", subject_id=w.fresh("alert"),
                     occurrence_at=w.clock(), due_at=w.clock() - timedelta(hours=1), recipient=ROOT,
                     payload={}, state="dead", attempts=5, last_error="channel_not_found")
        s.add(d)
        s.flush()
        return int(d.id)


SETTINGS_ROWS: list[Action] = [
    row("brand.edit", "§8 brand profile: custodians and approvers (and admins) edit", "admin custodian approver",
        _brand_form, _edit_brand, _profiled),
    row("jobs.retry", "§9 admins: a failed delivery sent again", ADMIN,
        _failed_delivery, lambda w, a, d: a.command("/socialops", f"jobs retry {d}"),
        lambda w, d, _a: _get(w, Delivery, d).state == "pending"),
]


# ---- /handover (SPEC §4) -------------------------------------------------------------------

def _leaver(w: World) -> tuple[str, str]:
    """A fresh leaver and receiver, members with nothing to hand over."""
    n = next(w.seq)
    leaving, receiving = f"U0LV{n}", f"U0RC{n}"
    for user in (leaving, receiving):
        w.slack.add_user(user, user.lower(), real_name=f"Party {user}", email=f"{user.lower()}@example.com")
    return leaving, receiving


def _act_of(w: World, leaving: str) -> HandoverAct | None:
    with w.db.uow() as s:
        act = s.scalars(select(HandoverAct).where(
            HandoverAct.team_id == TEAM, HandoverAct.leaving_id == leaving)).first()
        if act is not None:
            s.expunge(act)
        return act


def act(w: World, *, signed: bool = False) -> tuple[int, str, str, str]:
    """An open act the deployment's admin started: (id, number, leaving, receiving)."""
    leaving, receiving = _leaver(w)
    w.driver.command(ROOT, "/handover", f"start <@{leaving}> to <@{receiving}> leaves in May")
    found = _act_of(w, leaving)
    assert found is not None
    if signed:
        w.driver.forged_click(leaving, HandoverIds.A_DELIVER, str(found.id))
        w.driver.forged_click(receiving, HandoverIds.A_RECEIVE, str(found.id))
    return found.id, found.number, leaving, receiving


def _act_status(*states: str) -> Any:
    return lambda w, o, _a: _get(w, HandoverAct, o[0]).status in states


HANDOVER_ROWS: list[Action] = [
    row("handover.start", "§4 /handover start (custodian/admin)", CUSTODIANS,
        _leaver, lambda w, a, o: a.command("/handover", f"start <@{o[0]}> to <@{o[1]}>"),
        lambda w, o, _a: _act_of(w, o[0]) is not None),
    row("handover.deliver", "§4 both parties confirm: only the leaver signs I deliver", "",
        act, lambda w, a, o: a.click(HandoverIds.A_DELIVER, str(o[0])),
        lambda w, o, _a: _get(w, HandoverAct, o[0]).delivered_at is not None),
    row("handover.receive", "§4 both parties confirm: only the receiver signs I receive", "",
        act, lambda w, a, o: a.click(HandoverIds.A_RECEIVE, str(o[0])),
        lambda w, o, _a: _get(w, HandoverAct, o[0]).received_at is not None),
    row("handover.close", "§4 an admin or custodian closes it as witness", CUSTODIANS,
        lambda w: act(w, signed=True), lambda w, a, o: a.click(HandoverIds.A_CLOSE, str(o[0])),
        _act_status("closed")),
    row("handover.cancel", "§4 an act is on record: its starter or an admin cancels it", ADMIN,
        act, lambda w, a, o: a.command("/handover", f"cancel {o[1]} started by mistake"), _act_status("cancelled")),
]

MORE_ROWS: list[Action] = [*CRISIS_ROWS, *REPLIES_ROWS, *KPI_ROWS, *SETTINGS_ROWS, *HANDOVER_ROWS]
