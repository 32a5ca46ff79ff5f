"""The account modals (add, edit, rotate) and reading them back with inline errors."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

from email_validator import EmailNotValidError, validate_email

from bot.accounts.inventory import FIELD_MAX, AccountInput
from bot.accounts.lookup import handle_is_valid, normalize_handle, parse_network
from bot.accounts.secrets import MAILBOX, PASSWORD_MAX, RECOVERY_CODES_MAX, RotationTarget, SecretInput
from bot.accounts.views import AccountView
from bot.core.errors import ValidationFailed
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from handlers.accounts.blocks import TWOFA_METHODS
from handlers.accounts.ids import AccountsIds as I
from handlers.blockkit import (
    Block,
    context,
    input_block,
    input_value,
    modal,
    option,
    section,
    static_select,
    user_select,
    user_text,
)
from handlers.blockkit import text_input as _text_input
from storage.models import NETWORKS
from storage.models.accounts import MAILBOX_CREATORS

Errors = dict[str, tuple[str, dict[str, object]]]
V = I.A_VALUE
NETWORK_LABELS = {"x": "X (Twitter)", "google-business": "Google Business Profile", "linkedin": "LinkedIn",
                  "tiktok": "TikTok", "youtube": "YouTube"}
# Service field names → the block that shows their inline error.
FIELD_BLOCKS = {"brand": I.B_BRAND, "network": I.B_NETWORK, "handle": I.B_HANDLE, "profile_url": I.B_URL,
                "login_email": I.B_LOGIN_EMAIL, "custodian_id": I.B_CUSTODIAN, "password": I.B_PASSWORD,
                "password_mode": I.B_PASSWORD_MODE, "recovery_codes": I.B_RECOVERY_CODES,
                "mailbox_password": I.B_MAILBOX_PASSWORD, "mailbox_created_by": I.B_MAILBOX_CREATOR}
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,30}$")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}", re.ASCII)  # what a users_select sends back
# Each text input's longest value: its `max_length` in the modal, and the server's check.
MAX_LENGTH: dict[str, int] = {
    I.B_BRAND: FIELD_MAX["brand"], I.B_HANDLE: FIELD_MAX["handle"], I.B_URL: FIELD_MAX["profile_url"],
    I.B_LOGIN_EMAIL: FIELD_MAX["login_email"], I.B_RECOVERY_EMAIL: FIELD_MAX["recovery_email"],
    I.B_RECOVERY_PHONE: FIELD_MAX["recovery_phone"], I.B_PASSWORD: PASSWORD_MAX,
    I.B_RECOVERY_CODES: RECOVERY_CODES_MAX, I.B_NOTES: FIELD_MAX["notes"], I.B_MAILBOX_PASSWORD: PASSWORD_MAX,
    I.B_MAILBOX_RECOVERY_EMAIL: FIELD_MAX["mailbox_recovery_email"],
    I.B_MAILBOX_RECOVERY_PHONE: FIELD_MAX["mailbox_recovery_phone"],
}
_METADATA_KEY = "account_id"


def ref_metadata(account_id: int) -> str:
    """What a modal remembers between opening and submission (private_metadata)."""
    return json.dumps({_METADATA_KEY: account_id})


def read_ref(private_metadata: str) -> int | None:
    """The account id a submission names, or None for anything but a valid id: the metadata
    comes back from the client and may have been edited (huge numbers, floats, strings)."""
    try:
        data = json.loads(private_metadata or "{}")
    except (ValueError, RecursionError):  # not JSON, an integer beyond int()'s digit limit, too deep
        return None
    return parse_id(data.get(_METADATA_KEY)) if isinstance(data, dict) else None


def to_blocks(exc: ValidationFailed, tr: Translator) -> ValidationFailed:
    """Service errors name fields; the modal needs block ids (and readable character kinds)."""
    out: Errors = {}
    for name, (key, params) in exc.errors.items():
        if key == "accounts.pw.network_rule":
            kinds = str(params.get("missing", "")).split(",")
            params = {**params, "missing": ", ".join(tr(f"accounts.kind.{k}") for k in kinds if k)}
        out[FIELD_BLOCKS.get(name, name)] = (key, params)
    return ValidationFailed(out)


def _text(block: str, label: str, *, initial: str | None = None, optional: bool = False, hint: str | None = None,
          multiline: bool = False) -> Block:
    el = _text_input(V, initial=initial, multiline=multiline, max_length=MAX_LENGTH[block])
    return input_block(block, label, el, optional=optional, hint=hint)


def _mode_select(tr: Translator, *, with_none: bool) -> Block:
    modes = (("none", "type", "generate") if with_none else ("type", "generate"))
    opts = [option(tr(f"accounts.mode.{m}"), m) for m in modes]
    return input_block(I.B_PASSWORD_MODE, tr("accounts.field.password_mode"),
                       static_select(V, opts, initial=modes[0]))


def account_modal(tr: Translator, custodian: str, account: AccountView | None = None) -> Block:
    """The add modal, or (with `account`) the edit modal filled with its record."""
    a = account
    nets = [option(NETWORK_LABELS.get(n, n.capitalize()) if n != "other" else tr("accounts.twofa.other"), n)
            for n in NETWORKS]
    twofa = [option(tr("accounts.twofa.none"), "none"), *(option(tr(f"accounts.twofa.{m}"), m) for m in TWOFA_METHODS)]
    current_2fa = (a.twofa_method or "other") if a and a.twofa_enabled else "none"
    blocks = [
        _text(I.B_BRAND, tr("accounts.field.brand"), initial=a.brand if a else None),
        input_block(I.B_NETWORK, tr("accounts.field.network"),
                    static_select(V, nets, initial=a.network if a else None)),
        _text(I.B_HANDLE, tr("accounts.field.handle"), initial=a.handle if a else None),
        _text(I.B_URL, tr("accounts.field.url"), initial=a.profile_url if a else None, optional=True),
        _text(I.B_LOGIN_EMAIL, tr("accounts.field.login_email"), initial=a.login_email if a else None,
              hint=tr("accounts.hint.login_email")),
        input_block(I.B_CUSTODIAN, tr("accounts.field.custodian"),
                    user_select(V, initial=a.custodian_id if a else custodian)),
        input_block(I.B_TWOFA, tr("accounts.field.twofa"), static_select(V, twofa, initial=current_2fa)),
        _text(I.B_RECOVERY_EMAIL, tr("accounts.field.recovery_email"), initial=a.recovery_email if a else None,
              optional=True),
        _text(I.B_RECOVERY_PHONE, tr("accounts.field.recovery_phone"), initial=a.recovery_phone if a else None,
              optional=True),
    ]
    if a is None:
        blocks += [_mode_select(tr, with_none=True),
                   _text(I.B_PASSWORD, tr("accounts.field.password"), optional=True,
                         hint=tr("accounts.hint.password"))]
    blocks.append(_text(I.B_RECOVERY_CODES, tr("accounts.field.recovery_codes"), optional=True, multiline=True,
                        hint=tr("accounts.hint.recovery_codes_edit") if a else None))
    # The login mailbox, after the network's own credentials (the fields before keep their
    # places: the console's `set <number>` and docs/demo.txt count on them).
    blocks += _mailbox_blocks(tr, a)
    blocks.append(_text(I.B_NOTES, tr("accounts.field.notes"), initial=a.notes if a else None, optional=True,
                        multiline=True))
    title = "accounts.modal.edit_title" if a else "accounts.modal.add_title"
    return modal(tr(title), I.EDIT_VIEW if a else I.ADD_VIEW, blocks, submit=tr("accounts.modal.save"),
                 close=tr("accounts.modal.cancel"), private_metadata=ref_metadata(a.id) if a else "")


def _mailbox_blocks(tr: Translator, a: AccountView | None) -> list[Block]:
    # A new account starts at "unknown": "IT" by default would claim the recommended setup for a
    # mailbox nobody asked about.
    blocks = [input_block(I.B_MAILBOX_CREATOR, tr("accounts.field.mailbox_created_by"),
                          static_select(V, [option(tr(f"accounts.creator.{c}"), c) for c in MAILBOX_CREATORS],
                                        initial=a.mailbox_created_by if a else "unknown"),
                          hint=tr("accounts.hint.mailbox_created_by"))]
    if a is None:  # later, `/accounts rotate <handle> mailbox` records or changes it
        blocks.append(_text(I.B_MAILBOX_PASSWORD, tr("accounts.field.mailbox_password"), optional=True,
                            hint=tr("accounts.hint.mailbox_password")))
    return [
        *blocks,
        _text(I.B_MAILBOX_RECOVERY_EMAIL, tr("accounts.field.mailbox_recovery_email"),
              initial=a.mailbox_recovery_email if a else None, optional=True),
        _text(I.B_MAILBOX_RECOVERY_PHONE, tr("accounts.field.mailbox_recovery_phone"),
              initial=a.mailbox_recovery_phone if a else None, optional=True),
    ]


def _raw(values: dict[str, dict[str, Any]], block: str) -> str:
    return str(input_value(values, block) or "")


def _over_limit(values: dict[str, dict[str, Any]], blocks: tuple[str, ...]) -> Errors:
    """The text inputs longer than their limit. Slack holds its client to `max_length`; a forged
    submission is not held to anything, so the limit is checked here, before any value is read."""
    return {block: ("accounts.error.too_long", {"max": MAX_LENGTH[block]}) for block in blocks
            if len(_raw(values, block)) > MAX_LENGTH[block]}


def _email(text: str, block: str, errors: Errors) -> str:
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        errors[block] = ("accounts.error.bad_email", {"text": text[:100]})
        return text


def _url(text: str, errors: Errors) -> str:
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or any(c.isspace() for c in text):
        errors[I.B_URL] = ("accounts.error.bad_url", {})
    return text


_ACCOUNT_TEXTS = (I.B_BRAND, I.B_HANDLE, I.B_URL, I.B_LOGIN_EMAIL, I.B_RECOVERY_EMAIL, I.B_RECOVERY_PHONE,
                  I.B_PASSWORD, I.B_RECOVERY_CODES, I.B_NOTES, I.B_MAILBOX_PASSWORD, I.B_MAILBOX_RECOVERY_EMAIL,
                  I.B_MAILBOX_RECOVERY_PHONE)
_TWOFA_CHOICES = ("none", *TWOFA_METHODS)


def parse_account_view(values: dict[str, dict[str, Any]]) -> tuple[AccountInput, SecretInput]:
    """Read the add/edit modal; every problem at once, inline (nothing is written on error).

    A value over its limit gets that error alone and is read as empty, so no other check runs
    on it; a choice the form never offered (a forged select) is refused like a wrong one."""
    errors = _over_limit(values, _ACCOUNT_TEXTS)

    def text(block: str) -> str:
        return "" if block in errors else _raw(values, block).strip()

    def refuse(block: str, key: str, **params: object) -> None:
        errors.setdefault(block, (key, params))

    brand = text(I.B_BRAND)
    if not brand:
        refuse(I.B_BRAND, "accounts.error.required")
    network = parse_network(_str(values, I.B_NETWORK))
    if network is None:
        refuse(I.B_NETWORK, "accounts.error.bad_network")
    handle = normalize_handle(text(I.B_HANDLE))
    if not handle:
        refuse(I.B_HANDLE, "accounts.error.required")
    elif network is not None and not handle_is_valid(network, handle):
        if network in ("instagram", "x", "tiktok", "threads", "pinterest"):
            refuse(I.B_HANDLE, "accounts.error.bad_handle", network=network)
        else:
            refuse(I.B_HANDLE, "accounts.error.bad_name")
    url = text(I.B_URL)
    if url:
        url = _url(url, errors)
    login = text(I.B_LOGIN_EMAIL)
    if login:
        login = _email(login, I.B_LOGIN_EMAIL, errors)
    else:
        refuse(I.B_LOGIN_EMAIL, "accounts.error.required")
    custodian = _raw(values, I.B_CUSTODIAN).strip()
    if not custodian:
        refuse(I.B_CUSTODIAN, "accounts.error.required")
    elif not _USER_ID.fullmatch(custodian):  # not a user id at all; whether it may be custodian is a rule
        refuse(I.B_CUSTODIAN, "accounts.error.custodian_role")
    recovery_email = text(I.B_RECOVERY_EMAIL)
    if recovery_email:
        recovery_email = _email(recovery_email, I.B_RECOVERY_EMAIL, errors)
    phone = text(I.B_RECOVERY_PHONE)
    if phone and not _phone_ok(phone):
        refuse(I.B_RECOVERY_PHONE, "accounts.error.bad_phone")
    creator = _str(values, I.B_MAILBOX_CREATOR)
    if not creator:
        refuse(I.B_MAILBOX_CREATOR, "accounts.error.required")
    elif creator not in MAILBOX_CREATORS:  # a forged option
        refuse(I.B_MAILBOX_CREATOR, "accounts.error.bad_choice")
    mailbox_email = text(I.B_MAILBOX_RECOVERY_EMAIL)
    if mailbox_email:
        mailbox_email = _email(mailbox_email, I.B_MAILBOX_RECOVERY_EMAIL, errors)
    mailbox_phone = text(I.B_MAILBOX_RECOVERY_PHONE)
    if mailbox_phone and not _phone_ok(mailbox_phone):
        refuse(I.B_MAILBOX_RECOVERY_PHONE, "accounts.error.bad_phone")
    # As typed (spaces may be part of it), and never echoed back in an error.
    mailbox_password = "" if I.B_MAILBOX_PASSWORD in errors else _raw(values, I.B_MAILBOX_PASSWORD)
    twofa = _str(values, I.B_TWOFA) or "none"
    if twofa not in _TWOFA_CHOICES:
        refuse(I.B_TWOFA, "accounts.error.bad_choice")
    mode = _str(values, I.B_PASSWORD_MODE) or "none"
    password = "" if I.B_PASSWORD in errors else _raw(values, I.B_PASSWORD)  # as typed: spaces may be part of it
    if mode == "type" and not password:
        refuse(I.B_PASSWORD, "accounts.error.password_required")
    if errors:
        raise ValidationFailed(errors)
    assert network is not None
    data = AccountInput(
        brand=brand, network=network, handle=handle, login_email=login, custodian_id=custodian,
        profile_url=url or None, twofa_enabled=twofa != "none", twofa_method=None if twofa == "none" else twofa,
        recovery_email=recovery_email or None, recovery_phone=phone or None, notes=text(I.B_NOTES) or None,
        mailbox_created_by=creator, mailbox_recovery_email=mailbox_email or None,
        mailbox_recovery_phone=mailbox_phone or None,
    )
    secret = SecretInput(mode=mode if mode in ("type", "generate") else "none",  # type: ignore[arg-type]
                         password=password or None, recovery_codes=text(I.B_RECOVERY_CODES) or None,
                         mailbox_password=mailbox_password or None)
    return data, secret


def _phone_ok(phone: str) -> bool:
    return bool(_PHONE.match(phone)) and sum(c.isdigit() for c in phone) >= 6


def _str(values: dict[str, dict[str, Any]], block: str) -> str:
    """A select's value: checked against the options by whoever reads it (never stored as is)."""
    return _raw(values, block).strip()


def rotate_modal(tr: Translator, target: RotationTarget) -> Block:
    """The network's password (a task's button, `/accounts rotate`), or with `target.secret` the
    login mailbox's (`/accounts rotate <handle> mailbox`): the same form, its own callback."""
    if target.secret == MAILBOX:
        intro = tr("accounts.rotate.mailbox_intro", network=target.network, handle=user_text(target.handle),
                   email=user_text(target.login_email or ""))
    else:
        intro = tr("accounts.rotate.intro", network=target.network, handle=user_text(target.handle))
    blocks: list[Block] = [section(intro)]
    if target.owed:
        blocks.append(context(tr("accounts.rotate.owed", reason=tr(f"accounts.reason.{target.owed}"))))
    blocks += [
        _mode_select(tr, with_none=False),
        _text(I.B_PASSWORD, tr("accounts.field.password"), optional=True, hint=tr("accounts.hint.password")),
    ]
    mailbox = target.secret == MAILBOX
    return modal(tr("accounts.modal.rotate_mailbox_title" if mailbox else "accounts.modal.rotate_title"),
                 I.ROTATE_MAILBOX_VIEW if mailbox else I.ROTATE_VIEW, blocks, submit=tr("accounts.modal.record"),
                 close=tr("accounts.modal.cancel"), private_metadata=ref_metadata(target.account_id))


def parse_rotate_view(values: dict[str, dict[str, Any]]) -> SecretInput:
    if errors := _over_limit(values, (I.B_PASSWORD,)):
        raise ValidationFailed(errors)
    mode = _str(values, I.B_PASSWORD_MODE)
    password = _raw(values, I.B_PASSWORD)
    if mode not in ("type", "generate"):
        raise ValidationFailed({I.B_PASSWORD_MODE: ("accounts.error.mode_required", {})})
    if mode == "type" and not password:
        raise ValidationFailed({I.B_PASSWORD: ("accounts.error.password_required", {})})
    return SecretInput(mode="generate" if mode == "generate" else "type", password=password or None)
