"""Access modals (request, deny reason, can't-do-it reason) and reading them back."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ValidationError

from bot.access.parse import REASON_MAX, RequestDraft
from bot.core.errors import ValidationFailed
from bot.core.i18n import Translator
from bot.core.parsing import parse_duration, parse_id
from handlers.access.ids import AccessIds as I
from handlers.blockkit import Block, input_block, input_value, modal, option, section, static_select, text_input
from storage.models import ACCESS_ROLES

NOTE_MAX = 500


def _row_id(value: object) -> int | None:
    """An id as `parse_id` reads it; anything else makes the whole metadata unusable."""
    if value is None:
        return None
    found = parse_id(value)
    if found is None:
        raise ValueError("not an id")  # pydantic turns it into a ValidationError
    return found


RowId = Annotated[int | None, BeforeValidator(_row_id)]


class ModalState(BaseModel):
    """What a modal must remember between opening and submission (private_metadata): ids only.

    Where a message to update is comes from the stored rows, never from here: a location read
    back from a form could point at any message the bot ever wrote.
    """

    request_id: RowId = None
    grant_id: RowId = None
    extends_grant_id: RowId = None

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, raw: str) -> ModalState | None:
        """None when the metadata is not what `dump` wrote (an id out of range, `1e300`, a word):
        the caller answers "no such …" rather than guessing."""
        try:
            return cls.model_validate_json(raw or "{}")
        except ValidationError:
            return None


def _checkbox(action_id: str, label: str, value: str, checked: bool) -> Block:
    opt = option(label, value)
    el: Block = {"type": "checkboxes", "action_id": action_id, "options": [opt]}
    if checked:
        el["initial_options"] = [opt]
    return el


def request_modal(tr: Translator, accounts: list[str], *, default_days: int, account: str | None = None,
                  role: str | None = None, shared: bool = False, reason: str | None = None,
                  extends_grant_id: int | None = None) -> Block:
    v = I.A_VALUE
    if 0 < len(accounts) <= 100:
        account_el = static_select(v, [option(a, a) for a in accounts], initial=account)
    else:  # too many for a menu: type it (the same lookup as the command)
        account_el = text_input(v, initial=account, placeholder="instagram:acme", max_length=160)
    roles = [option(tr(f"access.role.{r}"), r) for r in ACCESS_ROLES]
    blocks = [
        input_block(I.B_ACCOUNT, tr("access.modal.account"), account_el),
        input_block(I.B_ROLE, tr("access.modal.role"), static_select(v, roles, initial=role)),
        input_block(I.B_DURATION, tr("access.modal.duration"),
                    text_input(v, initial=f"{default_days}d", max_length=8), hint=tr("access.modal.duration_hint")),
        input_block(I.B_REASON, tr("access.modal.reason"),
                    text_input(v, initial=reason, multiline=True, max_length=REASON_MAX)),
        input_block(I.B_SHARED, tr("access.modal.shared"),
                    _checkbox(v, tr("access.modal.shared_option"), "shared", shared), optional=True,
                    hint=tr("access.modal.shared_hint")),
    ]
    state = ModalState(extends_grant_id=extends_grant_id)
    return modal(tr("access.modal.title"), I.REQUEST_VIEW, blocks, submit=tr("access.modal.submit"),
                 private_metadata=state.dump())


def parse_request_modal(values: dict[str, dict[str, Any]]) -> RequestDraft:
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    account = str(input_value(values, I.B_ACCOUNT) or "").strip()
    role = str(input_value(values, I.B_ROLE) or "")
    duration_raw = str(input_value(values, I.B_DURATION) or "").strip()
    reason = " ".join(str(input_value(values, I.B_REASON) or "").split())
    shared = "shared" in (input_value(values, I.B_SHARED) or [])
    if not account:
        errors[I.B_ACCOUNT] = ("access.error.missing_account", {})
    if role not in ACCESS_ROLES:
        errors[I.B_ROLE] = ("access.error.bad_role", {"text": role or "—", "roles": ", ".join(ACCESS_ROLES)})
    duration = parse_duration(duration_raw) if duration_raw else None
    if duration_raw and duration is None:
        errors[I.B_DURATION] = ("access.error.bad_duration", {"text": duration_raw[:20]})
    if not reason:
        errors[I.B_REASON] = ("access.error.missing_reason", {})
    elif len(reason) > REASON_MAX:
        errors[I.B_REASON] = ("access.error.reason_too_long", {"max": REASON_MAX})
    if errors:
        raise ValidationFailed(errors)
    return RequestDraft(account=account, role=role, duration=duration, shared_password=shared, reason=reason)


# Service errors that belong to one field of the request modal.
FIELD_OF_ERROR = {
    "access.error.unknown_account": I.B_ACCOUNT,
    "access.error.ambiguous_account": I.B_ACCOUNT,
    "access.error.role_unavailable": I.B_ROLE,
    "access.error.too_long": I.B_DURATION,
}


def reason_modal(tr: Translator, callback_id: str, title_key: str, intro: str, state: ModalState) -> Block:
    blocks = [
        section(intro),
        input_block(I.B_REASON, tr("access.modal.reason"), text_input(I.A_VALUE, multiline=True, max_length=NOTE_MAX)),
    ]
    return modal(tr(title_key), callback_id, blocks, submit=tr("access.modal.send"), private_metadata=state.dump())


def parse_reason(values: dict[str, dict[str, Any]]) -> str:
    reason = " ".join(str(input_value(values, I.B_REASON) or "").split())
    if not reason:
        raise ValidationFailed({I.B_REASON: ("access.error.missing_reason", {})})
    return reason[:NOTE_MAX]
