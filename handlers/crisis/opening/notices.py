"""Renderers of the opening part's deliveries: the crisis channel (made by the scheduler, so a crash
after the reporter's ack loses nothing), its first messages, and a refusal by Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.core.context import AppContext
from bot.core.schedule import DeliveryFailed, Outgoing, RenderContext, Renderer
from bot.crisis import opening
from bot.crisis.checklist import checklist_in
from bot.crisis.opening import KIND_CHANNEL, KIND_CHANNEL_POSTS, KIND_CHANNEL_REFUSED, ChannelPlan
from bot.crisis.parse import channel_name
from bot.replies.crisis import templates_for_crisis
from handlers.blockkit import user_text
from handlers.crisis.opening import blocks
from storage.db import Database

log = logging.getLogger("socialops.crisis")

NAME_ATTEMPTS = 20  # crisis-<day>-<slug>, -2 … -20: twenty crises the same day with one summary
TOPIC_MAX = 250  # conversations.setTopic refuses longer topics (too_long)
# Slack saying no for good (a missing scope, a workspace that forbids apps making channels): the
# reporter and the admins are told and the paging goes on, rather than the delivery failing quietly.
REFUSALS = frozenset({"missing_scope", "restricted_action", "not_allowed_token_type", "invalid_auth",
                      "token_revoked", "account_inactive", "no_permission", "team_access_not_granted"})
REFUSED = ""  # the channel id a refused creation answers (with the error as its reference)


def _error(exc: SlackApiError) -> str:
    return str((exc.response or {}).get("error") or "unknown_error") if exc.response is not None else "unknown_error"


def _listed(client: Any, name: str) -> dict[str, Any] | None:
    """The live channel called `name` the bot can see, if any (conversations.list, paged)."""
    cursor: str | None = None
    for _ in range(50):
        page = client.conversations_list(types="public_channel,private_channel", exclude_archived=True,
                                         limit=1000, cursor=cursor)
        found = next((c for c in page.get("channels") or [] if c.get("name") == name), None)
        if found is not None:
            return dict(found)
        cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "") or None
        if cursor is None:
            return None
    return None


def _make_channel(plan: ChannelPlan, topic: str, db: Database | None, delivery_id: int,
                  now: datetime) -> Callable[[Any], tuple[str, str]]:
    """create (the next name on `name_taken`) → store → invite → topic; answers (channel, name), or
    (REFUSED, error) when Slack refuses for good.

    Never a second channel for one crisis: each name is written to the delivery's payload (`tried`)
    before Slack is asked for it, and the channel is stored on the crisis as soon as Slack answers
    (on_sent stores it too, whichever is first). A run after a crash between create and store meets
    `name_taken` on a name it tried: it looks the channel up and adopts it when the bot made it and
    no other crisis uses it. Left: two crises of one day and summary racing for a name while one of
    them is retried after such a crash (the other takes `-2`)."""
    crisis = plan.crisis

    def adoptable(client: Any, name: str) -> dict[str, Any] | None:
        found = _listed(client, name)
        if found is None or db is None or found.get("creator") != client.auth_test().get("user_id"):
            return None
        with db.uow(read_only=True) as s:
            owner = opening.channel_owner(s, crisis.team_id, str(found["id"]))
        return found if owner in (None, crisis.id) else None

    def work(client: Any) -> tuple[str, str]:
        created: dict[str, Any] | None = None
        for attempt in range(1, NAME_ATTEMPTS + 1):
            name = channel_name(plan.day.date(), crisis.summary, crisis.number, attempt)
            tried_before = name in plan.tried
            if not tried_before and db is not None:
                with db.uow() as s:
                    opening.note_tried(s, delivery_id, name)
            try:
                created = client.conversations_create(name=name)["channel"]
                break
            except SlackApiError as exc:
                code = _error(exc)
                if code in REFUSALS:
                    return REFUSED, code
                if code != "name_taken":
                    raise
            created = adoptable(client, name) if tried_before else None
            if created is not None:
                log.info("crisis channel adopted after a retry", extra={"crisis": crisis.id})
                break
        if created is None:
            raise DeliveryFailed("name_taken", transient=False)
        channel = str(created["id"])
        name = str(created.get("name") or name)
        if db is not None:  # at once: a crash from here on finds the channel stored
            with db.uow() as s:
                opening.store_channel(s, crisis.team_id, crisis.id, channel, name, now)
        _set_up(client, plan, topic, channel, db, delivery_id, ())
        return channel, name

    return work


def _set_up(client: Any, plan: ChannelPlan, topic: str, channel: str, db: Database | None, delivery_id: int,
            done: tuple[str, ...]) -> None:
    """The people invited and the topic set, each step noted once done (`done`: the steps an
    earlier attempt noted), so an attempt after a crash repeats at most the step in flight."""
    def noted(step: str) -> None:
        if db is not None:
            with db.uow() as s:
                opening.note_step(s, delivery_id, step)

    people = [u for u in plan.invite if u]
    if people and "invited" not in done:
        try:  # force: the valid ones are invited even if one of them cannot be
            client.conversations_invite(channel=channel, users=",".join(people), force=True)
        except SlackApiError as exc:
            if _error(exc) not in ("already_in_channel", "cant_invite_self"):
                log.warning("crisis invite failed", extra={"crisis": plan.crisis.id, "error": _error(exc)})
        noted("invited")
    if "topic" not in done:
        try:
            client.conversations_setTopic(channel=channel, topic=topic)
        except SlackApiError as exc:  # a channel without a topic is still the crisis channel
            log.warning("crisis topic failed", extra={"crisis": plan.crisis.id, "error": _error(exc)})
        noted("topic")


def render_channel(rc: RenderContext) -> list[Outgoing] | None:
    team = rc.delivery.team_id
    # A channel already stored while this delivery is still to be recorded was made by an earlier
    # attempt of it (stored as soon as Slack answered; the process died before the invitations,
    # the topic or the record): that attempt's setup is finished, not a channel made again.
    payload = rc.delivery.payload or {}
    plan = opening.channel_plan(rc.session, team, int(rc.delivery.subject_id), payload,
                                resume=bool(payload.get("tried")))
    if plan is None:
        return None
    # The step's own instant, not the render's: what it schedules (the channel's first messages) is
    # due at once, whichever tick or replica stores the channel.
    crisis_id, now = plan.crisis.id, min(rc.now, rc.delivery.occurrence_at)
    topic = rc.tr("crisis.open.topic", number=plan.crisis.number, severity=plan.crisis.severity,
                  summary=" ".join(plan.crisis.summary.split()))
    if len(topic) > TOPIC_MAX:
        topic = topic[: TOPIC_MAX - 1] + "…"

    def stored(session: Session, channel: str, ref: str) -> None:
        if channel == REFUSED:
            opening.channel_refused(session, team, crisis_id, ref, now)
        else:
            opening.store_channel(session, team, crisis_id, channel, ref, now)

    db = rc.app.db if isinstance(rc.app, AppContext) else None  # None in renderers' own unit tests
    made, delivery_id = plan.crisis.channel_id, rc.delivery.id
    if made:
        done = tuple(str(step) for step in payload.get("steps", []))

        def finish(client: Any) -> tuple[str, str]:
            _set_up(client, plan, topic, made, db, delivery_id, done)
            return made, plan.crisis.channel_name or made

        return [Outgoing(to=f"crisis:{plan.crisis.number}", text=plan.crisis.number, call=finish)]
    work = _make_channel(plan, topic, db, rc.delivery.id, now)
    return [Outgoing(to=f"crisis:{plan.crisis.number}", text=plan.crisis.number, call=work, on_sent=stored)]


def render_channel_posts(rc: RenderContext) -> list[Outgoing] | None:
    team = rc.delivery.team_id
    facts = opening.opened_facts(rc.session, team, int(rc.delivery.subject_id))
    if facts is None or facts.crisis.channel_id is None:
        return None
    channel = facts.crisis.channel_id
    checklist = checklist_in(rc.session, team, facts.crisis.id)
    assert checklist is not None  # opened_facts found the crisis in this unit of work
    header_text, header = blocks.header_blocks(rc.tr, facts)
    check_text, check = blocks.checklist_blocks(rc.tr, checklist, facts.timezone)
    templates = templates_for_crisis(rc.session, team, facts.crisis.summary, limit=3)
    templates_text, replies = blocks.templates_blocks(rc.tr, templates)
    crisis_id = facts.crisis.id

    def remember(session: Session, ch: str, ts: str) -> None:
        opening.store_checklist_ts(session, team, crisis_id, ch, ts)

    return [
        Outgoing(to=channel, text=header_text, blocks=header),
        Outgoing(to=channel, text=check_text, blocks=check, on_sent=remember),
        Outgoing(to=channel, text=templates_text, blocks=replies),
    ]


def render_channel_refused(rc: RenderContext) -> list[Outgoing] | None:
    refusal = opening.refusal_facts(rc.session, rc.delivery.team_id, int(rc.delivery.subject_id))
    if refusal is None:
        return None
    error = str((rc.delivery.payload or {}).get("error", ""))[:60]
    text = rc.tr("crisis.open.channel_refused", number=refusal.number, error=user_text(error))
    return [Outgoing(to=user, text=text) for user in refusal.tell]


RENDERERS: dict[str, Renderer] = {
    KIND_CHANNEL: render_channel,
    KIND_CHANNEL_POSTS: render_channel_posts,
    KIND_CHANNEL_REFUSED: render_channel_refused,
}
