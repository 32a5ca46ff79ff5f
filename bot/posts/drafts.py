"""Writing posts (SPEC §5): new, edit (a new revision, back to approval), cancel, show.

Everything is checked before anything is written: a post the rules refuse leaves no row, no
delivery and no audit entry. The rules themselves (lengths, hashtags, brand words, time, UTM)
are P1's `bot.posts.checks.check`; this module only gathers what it needs and stores the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.accounts.lookup import split_ref
from bot.brands.profiles import profile_of
from bot.core.authz import Actor, Role, has_role, require_role
from bot.core.errors import Conflict, DomainError, Forbidden
from bot.core.parsing import parse_id
from bot.core.schedule import cancel, schedule
from bot.handover.sync import sync_subject
from bot.posts.checks import BrandRules, Checked, Limits, Target, check
from bot.posts.parse import PostDraft, zone
from bot.posts.views import (
    CANCELLABLE,
    EDITABLE,
    ESCALATE_BEFORE,
    KIND_ESCALATION,
    KIND_EXPIRY,
    KIND_OVERDUE,
    KIND_REMINDER,
    KIND_WEBHOOK,
    OVERDUE_AFTER,
    POST_REASSIGN,
    REMINDERS,
    PostView,
    ReviewView,
    VariantView,
    get_post,
    reviews_of,
    settings_of,
    variants_of,
    workspace_of,
)
from storage import audit
from storage.models import Account, Post, PostVariant

AUTHORS = (Role.PUBLISHER, Role.CUSTODIAN)  # and admins, who pass every role check
MENU_MAX = 100  # Slack's limit for a static menu's options


class InvalidPost(DomainError):
    """What `check` refused, field by field (catalog key, params); nothing was written."""

    def __init__(self, errors: dict[str, tuple[str, dict[str, Any]]]) -> None:
        super().__init__("post.error.invalid")
        self.errors = errors


@dataclass(frozen=True)
class AccountChoice:
    id: int
    network: str
    handle: str
    brand: str


@dataclass(frozen=True)
class FormData:
    accounts: tuple[AccountChoice, ...]  # up to MENU_MAX + 1: more means "type the handles"
    networks: tuple[str, ...]  # every network of the active inventory (one copy override each)
    timezone: str


def form_data(session: Session, actor: Actor) -> FormData:
    """What the form offers; only authors may open it (refused and audited otherwise)."""
    require_role(session, actor, *AUTHORS, action="posts.create")
    rows = list(session.scalars(select(Account).where(Account.team_id == actor.team_id, Account.status == "active")
                                .order_by(Account.network, Account.handle).limit(MENU_MAX + 1)))
    networks = sorted(set(session.scalars(select(Account.network).distinct().where(
        Account.team_id == actor.team_id, Account.status == "active"))))
    if not rows:
        raise DomainError("post.error.no_accounts")
    return FormData(tuple(AccountChoice(a.id, a.network, a.handle, a.brand) for a in rows), tuple(networks),
                    workspace_of(session, actor.team_id).timezone)


# ---- gathering what the rules need -------------------------------------------------------------

def _by_reference(session: Session, team_id: str, refs: Sequence[str]) -> list[Account]:
    found: list[Account] = []
    for ref in refs:
        network, handle = split_ref(ref)
        query = select(Account).where(Account.team_id == team_id, Account.handle == handle)
        if network is not None:
            query = query.where(Account.network == network)
        rows = list(session.scalars(query.order_by(Account.network))) if handle else []
        active = [a for a in rows if a.status == "active"]
        text = ref.strip()[:60] or "—"
        if not rows:
            raise InvalidPost({"accounts": ("post.error.unknown_account", {"text": text})})
        if not active:
            raise InvalidPost({"accounts": ("post.error.archived_account", {"text": text})})
        if len(active) > 1:
            options = ", ".join(f"`{a.network}:{a.handle}`" for a in active)
            raise InvalidPost({"accounts": ("post.error.ambiguous_account", {"text": text, "options": options})})
        if active[0] not in found:
            found.append(active[0])
    return found


def _by_id(session: Session, team_id: str, values: Sequence[str]) -> list[Account]:
    ids = [parse_id(v) for v in values]
    wanted = {i for i in ids if i is not None}
    rows = list(session.scalars(select(Account).where(Account.team_id == team_id, Account.id.in_(wanted),
                                                      Account.status == "active"))) if wanted else []
    # A value the menu never offered (forged, or an account archived since the form opened).
    if None in ids or len(rows) != len(wanted):
        raise InvalidPost({"accounts": ("post.error.unknown_account", {"text": "—"})})
    return sorted(rows, key=lambda a: (a.network, a.handle))


def resolve_accounts(session: Session, team_id: str, draft: PostDraft) -> list[Account]:
    if not draft.accounts:
        raise InvalidPost({"accounts": ("post.error.missing_accounts", {})})
    if draft.by_id:
        return _by_id(session, team_id, draft.accounts)
    return _by_reference(session, team_id, draft.accounts)


def brand_rules(session: Session, team_id: str, brands: Sequence[str]) -> BrandRules | None:
    """The brands' profiles as the checks read them. A post to several brands' accounts obeys
    every one of their bans (the strictest wins); usual hours only mean something for one brand."""
    profiles = [p for p in (profile_of(session, team_id, b) for b in sorted(set(brands))) if p is not None]
    if not profiles:
        return None
    return BrandRules(
        forbidden_words=tuple(w for p in profiles for w in p.forbidden_words),
        never_topics=tuple(t for p in profiles for t in p.never_topics),
        approved_hashtags=tuple(h for p in profiles for h in p.approved_hashtags),
        usual_hours=profiles[0].usual_hours if len(profiles) == 1 else (),
    )


def limits_of(session: Session, team_id: str) -> Limits:
    row = settings_of(session, team_id)
    return Limits.of(row.text_limits if row else None, row.hashtag_limits if row else None)


def targets_of(accounts: Sequence[Account], copy: str, overrides: dict[str, str]) -> list[Target]:
    return [Target(a.id, a.network, a.handle, overrides.get(a.network) or copy) for a in accounts]


def run_checks(session: Session, team_id: str, accounts: Sequence[Account], *, copy: str,
               overrides: dict[str, str], link: str | None, campaign: str | None, topic: str | None,
               when: datetime, now: datetime) -> Checked:
    return check(targets_of(accounts, copy, overrides), copy=copy, link=link, campaign=campaign, topic=topic,
                 when=when,
                 tz=workspace_of(session, team_id).timezone, now=now,
                 brand=brand_rules(session, team_id, [a.brand for a in accounts]),
                 limits=limits_of(session, team_id))


def _check_publisher(session: Session, team_id: str, publisher: str) -> None:
    if not has_role(session, Actor(team_id, publisher), *AUTHORS):
        raise InvalidPost({"publisher": ("post.error.publisher_role", {"user": publisher})})


def _validated(session: Session, actor: Actor, draft: PostDraft, now: datetime) -> tuple[list[Account], Checked]:
    accounts = resolve_accounts(session, actor.team_id, draft)
    _check_publisher(session, actor.team_id, draft.publisher_id or actor.user_id)
    checked = run_checks(session, actor.team_id, accounts, copy=draft.copy, overrides=draft.overrides,
                         link=draft.link, campaign=draft.campaign, topic=draft.topic, when=draft.when, now=now)
    if not checked.ok:
        # A variant's error names its account; the form has one copy per network.
        network_of = {f"copy:{a.id}": f"copy:{a.network}" for a in accounts}
        raise InvalidPost({network_of.get(field, field): error for field, error in checked.errors.items()})
    return accounts, checked


def _store_variants(session: Session, post: Post, accounts: Sequence[Account], draft: PostDraft,
                    checked: Checked) -> None:
    tagged = {v.account_id: v.tagged_link for v in checked.variants}
    for a in accounts:
        session.add(PostVariant(team_id=post.team_id, post_id=post.id, account_id=a.id, network=a.network,
                                copy_override=draft.overrides.get(a.network) or None, tagged_link=tagged.get(a.id)))


def subject(post_id: int, revision: int) -> str:
    return f"{post_id}:{revision}"


def _schedule_reminders(session: Session, post: Post, now: datetime) -> None:
    """Escalation and expiry of this revision, in the same unit of work as the state change.
    A post sent for approval less than 2 h before its time escalates at once."""
    key = subject(post.id, post.revision)
    payload = {"revision": post.revision}
    schedule(session, team_id=post.team_id, kind=KIND_ESCALATION, subject_id=key,
             at=max(now, post.scheduled_at - ESCALATE_BEFORE), payload=payload)
    schedule(session, team_id=post.team_id, kind=KIND_EXPIRY, subject_id=key, at=post.scheduled_at,
             payload=payload)


def cancel_reminders(session: Session, post: Post, *, expiry: bool = True) -> None:
    """This revision's pending deliveries: escalation and (unless kept) expiry, and the
    publisher's reminders and overdue notice of an approved post."""
    key = subject(post.id, post.revision)
    kinds = [KIND_ESCALATION, KIND_REMINDER, KIND_OVERDUE, KIND_WEBHOOK] + ([KIND_EXPIRY] if expiry else [])
    for kind in kinds:
        cancel(session, team_id=post.team_id, kind=kind, subject_id=key)


def schedule_publication(session: Session, post: Post, now: datetime) -> None:
    """On approval: the publisher's reminders 24 h and 15 min before (those still ahead; approved
    later than T-15 min, one at once) and the overdue check 30 min after its time."""
    key = subject(post.id, post.revision)
    for label, before in REMINDERS:
        at = post.scheduled_at - before
        if at > now or label == REMINDERS[-1][0]:
            schedule(session, team_id=post.team_id, kind=KIND_REMINDER, subject_id=key, at=max(at, now),
                     payload={"revision": post.revision, "before": label})
    schedule(session, team_id=post.team_id, kind=KIND_OVERDUE, subject_id=key,
             at=post.scheduled_at + OVERDUE_AFTER, payload={"revision": post.revision})
    # The publishing webhook, when the workspace set one: its delivery at the post's time (bot/posts/webhook.py).
    row = settings_of(session, post.team_id)
    if row is not None and row.webhook_url:
        schedule(session, team_id=post.team_id, kind=KIND_WEBHOOK, subject_id=key, at=post.scheduled_at,
                 payload={"revision": post.revision})


def _brand_of(accounts: Sequence[Account]) -> str | None:
    brands = {a.brand for a in accounts}
    return brands.pop() if len(brands) == 1 else None


def create_post(session: Session, actor: Actor, draft: PostDraft, now: datetime) -> PostView:
    """A new post, straight to approval (a draft is what the form holds until it is sent)."""
    require_role(session, actor, *AUTHORS, action="posts.create")
    ws = workspace_of(session, actor.team_id)
    if not ws.approvals_channel:
        raise DomainError("post.error.no_approvals_channel")
    accounts, checked = _validated(session, actor, draft, now)
    settings = settings_of(session, actor.team_id)
    post = Post(team_id=actor.team_id, author_id=actor.user_id, publisher_id=draft.publisher_id or actor.user_id,
                brand=_brand_of(accounts), scheduled_at=draft.when, copy=draft.copy, link=draft.link,
                media_url=draft.media_url, campaign=draft.campaign, topic=draft.topic, status="pending",
                revision=1, approvals_required=settings.approvals_required if settings else 1,
                created_at=now, updated_at=now)
    session.add(post)
    session.flush()
    _store_variants(session, post, accounts, draft, checked)
    _schedule_reminders(session, post, now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.created",
                 subject=f"post:{post.id}", at=now,
                 detail={"accounts": [f"{a.network}:{a.handle}" for a in accounts],
                         "scheduled_at": draft.when.isoformat(), "publisher": post.publisher_id})
    session.flush()
    return post_view(session, post, now, checked=checked)


def _require_author(post: Post, actor: Actor, action: str) -> None:
    if actor.user_id != post.author_id:
        raise Forbidden("post.error.not_author", action=action, subject=f"post:{post.id}", id=post.id)


def _state_error(post: Post) -> Conflict:
    return Conflict("post.error.state", id=post.id, status=post.status)


def edit_prefill(session: Session, actor: Actor, post_id: int, now: datetime) -> tuple[PostView, FormData]:
    """The edit form, prefilled: the author's, while the post may still change."""
    post = get_post(session, actor.team_id, post_id)
    _require_author(post, actor, "posts.edit")
    if post.status not in EDITABLE:
        raise _state_error(post)
    return post_view(session, post, now), form_data(session, actor)


def _local(when: datetime, tz: str) -> str:
    return when.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")


def _snapshot(session: Session, post: Post, tz: str) -> dict[str, str]:
    variants = variants_of(session, post)
    overrides = sorted({(v.network, v.copy_override) for v, _ in variants if v.copy_override})
    return {
        "accounts": ", ".join(f"{a.network}:{a.handle}" for _, a in variants),
        "when": _local(post.scheduled_at, tz), "copy": post.copy,
        "overrides": "; ".join(f"{n}: {c}" for n, c in overrides), "link": post.link or "",
        "media": post.media_url or "", "campaign": post.campaign or "", "topic": post.topic or "",
        "publisher": f"<@{post.publisher_id}>",
    }


def edit_post(session: Session, actor: Actor, post_id: int, revision: int, draft: PostDraft,
              now: datetime) -> PostView:
    """Save the edit as a new revision, back to approval: the old revision's approvals no longer
    count, its escalation and expiry are cancelled and the new revision's are scheduled."""
    post = get_post(session, actor.team_id, post_id, lock=True)
    _require_author(post, actor, "posts.edit")
    if post.status not in EDITABLE:
        raise _state_error(post)
    if post.revision != revision:
        raise Conflict("post.error.stale", id=post.id, revision=revision)
    accounts, checked = _validated(session, actor, draft, now)
    tz = workspace_of(session, actor.team_id).timezone
    before = _snapshot(session, post, tz)
    cancel_reminders(session, post)
    done = session.execute(
        update(Post).where(Post.id == post.id, Post.revision == revision, Post.status.in_(EDITABLE))
        .values(revision=revision + 1, status="pending", scheduled_at=draft.when, copy=draft.copy,
                link=draft.link, media_url=draft.media_url, campaign=draft.campaign, topic=draft.topic,
                publisher_id=draft.publisher_id or actor.user_id, brand=_brand_of(accounts), updated_at=now)
        .execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        session.refresh(post)
        raise Conflict("post.error.stale", id=post.id, revision=revision)
    session.refresh(post)
    session.execute(delete(PostVariant).where(PostVariant.post_id == post.id))
    _store_variants(session, post, accounts, draft, checked)
    session.flush()
    _schedule_reminders(session, post, now)
    after = _snapshot(session, post, tz)
    diff = tuple((f, before[f], after[f]) for f in before if before[f] != after[f])
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.edited",
                 subject=f"post:{post.id}", at=now, detail={"revision": post.revision, "changed": [d[0] for d in diff]})
    # A new publisher may be the leaver's replacement: an open handover act ticks its item.
    sync_subject(session, actor.team_id, POST_REASSIGN, post.id, actor=actor.user_id, now=now)
    view = post_view(session, post, now, checked=checked)
    return replace(view, diff=diff)


def cancel_post(session: Session, actor: Actor, post_id: int, reason: str, now: datetime) -> PostView:
    """The author, an approver or an admin; never once published (or already finished)."""
    post = get_post(session, actor.team_id, post_id, lock=True)
    if actor.user_id != post.author_id and not has_role(session, actor, Role.APPROVER):
        raise Forbidden("post.error.cannot_cancel", action="posts.cancel", subject=f"post:{post.id}", id=post.id)
    if post.status not in CANCELLABLE:
        raise _state_error(post)
    done = session.execute(
        update(Post).where(Post.id == post.id, Post.status == post.status)
        .values(status="cancelled", cancelled_by=actor.user_id, cancelled_at=now, cancel_reason=reason or None,
                updated_at=now).execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        session.refresh(post)
        raise _state_error(post)
    session.refresh(post)
    cancel_reminders(session, post)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.cancelled",
                 subject=f"post:{post.id}", at=now, detail={"reason": reason})
    sync_subject(session, actor.team_id, POST_REASSIGN, post.id, actor=actor.user_id, now=now)  # nothing to hand over
    return post_view(session, post, now)


def show_post(session: Session, actor: Actor, post_id: int, now: datetime) -> PostView:
    return post_view(session, get_post(session, actor.team_id, post_id), now)


def record_message(session: Session, team_id: str, post_id: int, channel: str, ts: str) -> None:
    """Where the approvals message is, for every later chat.update and thread reply."""
    post = get_post(session, team_id, post_id)
    post.message_channel, post.message_ts = channel, ts


def post_view(session: Session, post: Post, now: datetime, *, checked: Checked | None = None) -> PostView:
    """The post as messages show it. The per-network counts and warnings come from the same
    checks as the form (their errors do not matter here: a time now past is no news)."""
    ws = workspace_of(session, post.team_id)
    rows = variants_of(session, post)
    accounts = [a for _, a in rows]
    overrides = {v.network: v.copy_override for v, _ in rows if v.copy_override}
    if checked is None:
        checked = run_checks(session, post.team_id, accounts, copy=post.copy, overrides=overrides, link=post.link,
                             campaign=post.campaign, topic=post.topic, when=post.scheduled_at, now=now)
    counted = {v.account_id: v for v in checked.variants}
    variants = []
    for v, a in rows:
        c = counted.get(a.id)
        variants.append(VariantView(a.id, a.network, a.handle, v.copy_override or post.copy, v.copy_override,
                                    v.tagged_link, c.count if c else 0, c.limit if c else 0))
    reviews = reviews_of(session, post)
    approved = tuple(r.reviewer_id for r in reviews if r.revision == post.revision and r.decision == "approve")
    return PostView(
        id=post.id, team_id=post.team_id, author_id=post.author_id, publisher_id=post.publisher_id,
        brand=post.brand, scheduled_at=post.scheduled_at, copy=post.copy, link=post.link, media_url=post.media_url,
        campaign=post.campaign, topic=post.topic, status=post.status, revision=post.revision,
        approvals_required=post.approvals_required, approved_by=approved, variants=tuple(variants),
        warnings=tuple(checked.warnings),
        reviews=tuple(ReviewView(r.revision, r.reviewer_id, r.decision, r.comment, r.created_at) for r in reviews),
        message_channel=post.message_channel, message_ts=post.message_ts, timezone=ws.timezone,
        approvals_channel=ws.approvals_channel, cancelled_by=post.cancelled_by, cancel_reason=post.cancel_reason,
        published_by=post.published_by, published_url=post.published_url,
    )

