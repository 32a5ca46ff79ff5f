"""Posts modals (the post form, the reviewer's comment) and reading them back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ValidationError

from bot.core.errors import ValidationFailed
from bot.core.i18n import Translator
from bot.core.parsing import clean_url, parse_id
from bot.posts.drafts import FormData, InvalidPost
from bot.posts.parse import COMMENT_MAX, FIELD_MAX, URL_MAX, PostDraft
from bot.posts.views import PostView
from handlers.blockkit import Block, input_block, input_value, modal, option, section, text_input, user_select
from handlers.posts.ids import PostsIds as I

# Slack's own bound on a plain_text_input; the longest network (Facebook) is checked by the rules.
COPY_INPUT_MAX = 3000
URL_INPUT_MAX = 2000


def _row_id(value: object) -> int | None:
    if value is None:
        return None
    found = parse_id(value)
    if found is None:
        raise ValueError("not an id")
    return found


RowId = Annotated[int | None, BeforeValidator(_row_id)]


class ModalState(BaseModel):
    """private_metadata: ids only; the message to update comes from the post's row."""

    post_id: RowId = None
    revision: RowId = None

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, raw: str) -> ModalState | None:
        try:
            return cls.model_validate_json(raw or "{}")
        except ValidationError:
            return None


def _default_time(now: datetime) -> int:
    """The next full hour at least an hour away: a time the 15-minute rule accepts."""
    soon = (now + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    return int(soon.timestamp())


def post_modal(tr: Translator, form: FormData, *, author: str, now: datetime, view: PostView | None = None) -> Block:
    """The post form. Per-network copy: one optional input per network of the inventory, in the
    same form, rather than a second step: Hootsuite, Buffer and Sprout all show the per-network
    versions next to the main copy in one composer, and a second step would lose the first one's
    answers whenever Slack closed it."""
    v = I.A_VALUE
    chosen = {str(x.account_id) for x in view.variants} if view else set()
    if len(form.accounts) <= 100:
        opts = [option(f"{a.network}:{a.handle}", str(a.id)) for a in form.accounts]
        el: Block = {"type": "multi_static_select", "action_id": v, "options": opts}
        initial = [o for o in opts if o["value"] in chosen]
        if initial:
            el["initial_options"] = initial
        accounts = input_block(I.B_ACCOUNTS, tr("post.modal.accounts"), el)
    else:  # too many for a menu: typed, as the command takes them
        typed = ", ".join(f"{x.network}:{x.handle}" for x in view.variants) if view else None
        accounts = input_block(I.B_ACCOUNTS, tr("post.modal.accounts_typed"),
                               text_input(v, initial=typed, placeholder="instagram:acme, x:acme", max_length=3000))
    picker: Block = {"type": "datetimepicker", "action_id": v,
                     "initial_date_time": int(view.scheduled_at.timestamp()) if view else _default_time(now)}
    overrides = view.overrides if view else {}
    blocks: list[Block] = [
        accounts,
        input_block(I.B_WHEN, tr("post.modal.when"), picker, hint=tr("post.modal.when_hint")),
        input_block(I.B_COPY, tr("post.modal.copy"),
                    text_input(v, initial=view.copy if view else None, multiline=True, max_length=COPY_INPUT_MAX)),
        *[input_block(f"{I.B_OVERRIDE_PREFIX}{n}", tr("post.modal.override", network=n),
                      text_input(v, initial=overrides.get(n), multiline=True, max_length=COPY_INPUT_MAX),
                      optional=True, hint=tr("post.modal.override_hint", network=n)) for n in form.networks],
        input_block(I.B_LINK, tr("post.modal.link"),
                    text_input(v, initial=view.link if view else None, max_length=URL_INPUT_MAX,
                               placeholder="https://"), optional=True, hint=tr("post.modal.link_hint")),
        input_block(I.B_MEDIA, tr("post.modal.media"),
                    text_input(v, initial=view.media_url if view else None, max_length=URL_INPUT_MAX,
                               placeholder="https://"), optional=True),
        input_block(I.B_CAMPAIGN, tr("post.modal.campaign"),
                    text_input(v, initial=view.campaign if view else None, max_length=FIELD_MAX), optional=True),
        input_block(I.B_TOPIC, tr("post.modal.topic"),
                    text_input(v, initial=view.topic if view else None, max_length=FIELD_MAX), optional=True),
        input_block(I.B_PUBLISHER, tr("post.modal.publisher"),
                    user_select(v, initial=view.publisher_id if view else author)),
    ]
    if view is None:
        return modal(tr("post.modal.title"), I.NEW_VIEW, blocks, submit=tr("post.modal.submit"))
    state = ModalState(post_id=view.id, revision=view.revision)
    return modal(tr("post.modal.edit_title", id=view.id), I.EDIT_VIEW, blocks, submit=tr("post.modal.submit"),
                 private_metadata=state.dump())


def _text(values: dict[str, dict[str, Any]], block: str) -> str:
    return str(input_value(values, block) or "").strip()


def parse_post_modal(values: dict[str, dict[str, Any]], networks: list[str] | None = None) -> PostDraft:
    """The form's values as a draft; what the form itself can tell is wrong is answered inline."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    raw_accounts = input_value(values, I.B_ACCOUNTS)
    if isinstance(raw_accounts, list):
        accounts, by_id = tuple(str(a) for a in raw_accounts), True
    else:
        accounts, by_id = tuple(p.strip() for p in str(raw_accounts or "").split(",") if p.strip()), False
    if not accounts:
        errors[I.B_ACCOUNTS] = ("post.error.missing_accounts", {})
    raw_when = input_value(values, I.B_WHEN)
    when: datetime | None = None
    try:
        # datetimepicker: a UNIX timestamp, the same instant in every zone
        when = datetime.fromtimestamp(int(raw_when), UTC) if raw_when not in (None, "") else None
    except (TypeError, ValueError, OverflowError, OSError):
        errors[I.B_WHEN] = ("post.error.bad_time", {"text": str(raw_when)[:40]})
    if when is None and I.B_WHEN not in errors:
        errors[I.B_WHEN] = ("post.error.missing_time", {})
    copy = _text(values, I.B_COPY)
    if not copy:
        errors[I.B_COPY] = ("post.error.missing_copy", {})
    links: dict[str, str | None] = {}
    for block in (I.B_LINK, I.B_MEDIA):
        try:
            links[block] = clean_url(_text(values, block))
        except ValueError:
            errors[block] = ("post.error.bad_url", {"text": _text(values, block)[:60]})
    fields = {b: _text(values, b) for b in (I.B_CAMPAIGN, I.B_TOPIC)}
    for block, text in fields.items():
        if len(text) > FIELD_MAX:
            errors[block] = ("post.error.too_long_field", {"max": FIELD_MAX})
    copies: list[str] = [I.B_COPY, *[k for k in values if k.startswith(I.B_OVERRIDE_PREFIX)]]
    for copy_block in copies:
        if len(_text(values, copy_block)) > COPY_INPUT_MAX:
            errors[copy_block] = ("post.error.too_long_field", {"max": COPY_INPUT_MAX})
    overrides = {k[len(I.B_OVERRIDE_PREFIX):]: _text(values, k) for k in values
                 if k.startswith(I.B_OVERRIDE_PREFIX) and _text(values, k)}
    if networks is not None:  # only the networks the form offered
        overrides = {n: c for n, c in overrides.items() if n in networks}
    publisher = str(input_value(values, I.B_PUBLISHER) or "") or None
    if errors or when is None:
        raise ValidationFailed(errors)
    return PostDraft(accounts=accounts, when=when, copy=copy, overrides=overrides, link=links.get(I.B_LINK),
                     media_url=links.get(I.B_MEDIA), campaign=fields[I.B_CAMPAIGN] or None,
                     topic=fields[I.B_TOPIC] or None, publisher_id=publisher, by_id=by_id)


def field_errors(exc: InvalidPost, draft: PostDraft, values: dict[str, dict[str, Any]]) -> ValidationFailed:
    """The rules' refusals on the form's fields. A variant's copy error (`copy:<network>`) goes to
    that network's own copy when it has one, else to the main copy."""
    simple: dict[str, str] = {"accounts": I.B_ACCOUNTS, "when": I.B_WHEN, "copy": I.B_COPY, "link": I.B_LINK,
              "campaign": I.B_CAMPAIGN, "topic": I.B_TOPIC, "publisher": I.B_PUBLISHER}
    out: dict[str, tuple[str, dict[str, object]]] = {}
    for field, (key, params) in exc.errors.items():
        block: str | None = simple.get(field)
        if block is None and field.startswith("copy:"):
            network = field[5:]
            override = f"{I.B_OVERRIDE_PREFIX}{network}"
            block = override if network in draft.overrides and override in values else I.B_COPY
        where = block if block is not None and block in values else str(I.B_COPY)
        out.setdefault(where, (key, dict(params)))
    return ValidationFailed(out)


def comment_modal(tr: Translator, callback_id: str, title_key: str, intro: str, state: ModalState) -> Block:
    blocks = [section(intro),
              input_block(I.B_COMMENT, tr("post.modal.comment"),
                          text_input(I.A_VALUE, multiline=True, max_length=COMMENT_MAX))]
    return modal(tr(title_key), callback_id, blocks, submit=tr("post.modal.send"), private_metadata=state.dump())


def parse_comment(values: dict[str, dict[str, Any]]) -> str:
    comment = str(input_value(values, I.B_COMMENT) or "").strip()
    if not comment:
        raise ValidationFailed({I.B_COMMENT: ("post.error.missing_comment", {})})
    return comment[:COMMENT_MAX]


def url_modal(tr: Translator, post_id: int) -> Block:
    blocks = [section(tr("post.modal.published_intro", id=post_id)),
              input_block(I.B_URL, tr("post.modal.url"),
                          text_input(I.A_VALUE, placeholder="https://", max_length=URL_MAX))]
    return modal(tr("post.modal.published_title"), I.PUBLISHED_VIEW, blocks, submit=tr("post.modal.send"),
                 private_metadata=ModalState(post_id=post_id).dump())


def parse_url(values: dict[str, dict[str, Any]]) -> str:
    raw = _text(values, I.B_URL)
    try:
        url = clean_url(raw)
    except ValueError:
        raise ValidationFailed({I.B_URL: ("post.error.bad_url", {"text": raw[:60]})}) from None
    if url is None:
        raise ValidationFailed({I.B_URL: ("post.error.missing_url", {})})
    return url
